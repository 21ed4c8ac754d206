-- The outbox: every reply or broadcast message on its way to the Cloud API. The outbox projection
-- inserts rows in the same transaction as its offset; the sender of the row's partition sends them.
CREATE TABLE outbound_message (
  id              BIGSERIAL PRIMARY KEY,          -- outbox order: one citizen's messages leave by id
  message_key     VARCHAR(512) NOT NULL,          -- globally unique and stable: replays insert nothing
  partition_no    SMALLINT NOT NULL,              -- the outbox worker (tag) that owns the row
  ordering_key    VARCHAR(255) NOT NULL,          -- the citizen: one message at a time per key
  phone_number_id VARCHAR(64) NOT NULL,           -- the channel it is sent from
  recipient       VARCHAR(255) NOT NULL,
  body            BYTEA NOT NULL,                 -- the Cloud API request, exactly as sent
  state           VARCHAR(16) NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'accepted', 'failed', 'expired')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  accepted_at     TIMESTAMPTZ,
  wamid           VARCHAR(255),
  error_code      INTEGER,
  last_error      VARCHAR(1024),
  CONSTRAINT outbound_message_key_unique UNIQUE (message_key)
);

-- Only pending rows are ever searched by the sender; finished rows drop out of both indexes.
CREATE INDEX outbound_message_due_idx ON outbound_message (partition_no, next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX outbound_message_head_idx ON outbound_message (ordering_key, id) WHERE state = 'pending';
CREATE INDEX outbound_message_wamid_idx ON outbound_message (wamid) WHERE wamid IS NOT NULL;
