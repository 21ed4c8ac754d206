-- Webhook changes that no channel could take, kept whole for the operator (see UnroutableWebhooks).
CREATE TABLE unroutable_webhook (
  id BIGSERIAL PRIMARY KEY,
  received_at TIMESTAMPTZ NOT NULL,
  phone_number_id VARCHAR(64),
  reason VARCHAR(200) NOT NULL,
  body BYTEA NOT NULL
);
CREATE INDEX unroutable_webhook_received_idx ON unroutable_webhook (received_at);
