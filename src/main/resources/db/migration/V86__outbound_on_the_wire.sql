-- A campaign message is marked on the wire before its request goes to the Cloud API, and not due again
-- for the doubt window: a sender that takes over after a crash waits that long for a status webhook
-- carrying the row's biz_opaque_callback_data before it sends the message again (issue 12).
ALTER TABLE outbound_message ADD COLUMN on_the_wire_since TIMESTAMPTZ;
