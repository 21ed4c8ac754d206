-- The furthest status Meta has reported for each message we sent. Keyed by wamid alone: a status
-- webhook can arrive before the sender has stored the wamid on its outbound_message row.
CREATE TABLE outbound_delivery_status (
  wamid       VARCHAR(255) PRIMARY KEY,
  status      VARCHAR(16) NOT NULL,
  status_rank SMALLINT NOT NULL,                  -- DeliveryStatus.rank(): a status never moves backwards
  status_at   TIMESTAMPTZ NOT NULL,               -- Meta's timestamp of that status
  recipient   VARCHAR(255),
  error_code  INTEGER,                            -- only for failed
  error_title VARCHAR(1024),
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
