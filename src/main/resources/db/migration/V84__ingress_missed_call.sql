-- Missed calls heard from the telephony provider, by its call id: the same call posted again (a
-- provider's retry) is answered 200 and not handed on twice. Only ids and times; the caller's number
-- stays with the citizen's entity.
CREATE TABLE ingress_missed_call (
  call_id     VARCHAR(128) PRIMARY KEY,
  channel_id  VARCHAR(64)  NOT NULL,           -- the called channel's phone number id
  heard_at    TIMESTAMPTZ  NOT NULL
);

CREATE INDEX ingress_missed_call_heard_idx ON ingress_missed_call (heard_at);
