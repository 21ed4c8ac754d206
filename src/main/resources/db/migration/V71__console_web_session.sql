-- The web console's sessions. The table is the truth, so every node sees a login, a logout and an
-- expiry at once. It keeps a SHA-256 of the cookie's session id, never the id: a read of the table
-- does not let anyone sign in.
CREATE TABLE web_session (
  id_hash      BYTEA        PRIMARY KEY,
  username     VARCHAR(64)  NOT NULL REFERENCES official_account (username),
  csrf_token   TEXT         NOT NULL,
  language     VARCHAR(8)   NOT NULL,
  created_at   TIMESTAMPTZ  NOT NULL,
  last_seen_at TIMESTAMPTZ  NOT NULL,
  -- the absolute end (created_at + the lifetime); idleness is checked against last_seen_at
  expires_at   TIMESTAMPTZ  NOT NULL
);

CREATE INDEX web_session_username ON web_session (username);
CREATE INDEX web_session_expires ON web_session (expires_at);
