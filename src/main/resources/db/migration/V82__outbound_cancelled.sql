-- A campaign message still pending when its citizen unsubscribes is cancelled, never sent (issue 12).
ALTER TABLE outbound_message DROP CONSTRAINT outbound_message_state_check;
ALTER TABLE outbound_message ADD CONSTRAINT outbound_message_state_check
  CHECK (state IN ('pending', 'accepted', 'failed', 'expired', 'cancelled'));
