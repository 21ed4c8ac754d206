-- The consents a queued message depends on (a campaign message: its topic, and whether a STOP ends it),
-- so that withdrawing one topic cancels only its messages. NULL: a row from before, cancelled by any withdrawal.
ALTER TABLE outbound_message ADD COLUMN consents varchar[];
