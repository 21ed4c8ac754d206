-- A notification whose template Meta refused (132000, 132001, 132015 ...), or that has none, outside
-- the citizen's 24-hour window is not lost: it stays pending, not due (next_attempt_at = infinity),
-- from this time on, until the citizen's next message on the channel makes it due; then it goes
-- free-form. last_error says why it waits. The column stays set once sent: it waited from then.
ALTER TABLE outbound_message ADD COLUMN awaiting_window_since TIMESTAMPTZ;

-- A citizen's message looks up what waits for them; only waiting rows are in this index.
CREATE INDEX outbound_message_awaiting_window_idx ON outbound_message (phone_number_id, recipient)
  WHERE awaiting_window_since IS NOT NULL AND state = 'pending';
