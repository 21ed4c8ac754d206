-- Rows keep what to send, not the finished request: the sender builds the request at send time,
-- free-form inside the citizen's 24-hour window, the template outside it. Rows written before
-- this migration keep their request in body and are sent as they are.
ALTER TABLE outbound_message ADD COLUMN intent JSONB;
ALTER TABLE outbound_message ALTER COLUMN body DROP NOT NULL;
-- 0 reply, 1 notification, 2 campaign: between citizens competing for a channel, lower first.
ALTER TABLE outbound_message ADD COLUMN lane SMALLINT NOT NULL DEFAULT 0 CHECK (lane BETWEEN 0 AND 2);
ALTER TABLE outbound_message ADD CONSTRAINT outbound_message_has_request CHECK (intent IS NOT NULL OR body IS NOT NULL);

-- Due heads are read by lane first.
DROP INDEX outbound_message_due_idx;
CREATE INDEX outbound_message_due_idx ON outbound_message (partition_no, lane, next_attempt_at, id) WHERE state = 'pending';

-- The citizen's last message on each channel, kept by the outbox projection (it sees every citizen
-- event): the start of the 24-hour window in which free-form messages may be sent.
CREATE TABLE outbound_service_window (
  phone_number_id VARCHAR(64) NOT NULL,
  recipient       VARCHAR(255) NOT NULL,
  last_inbound_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (phone_number_id, recipient)
);
