-- Attachments citizens sent (photos, voice notes, videos, documents): one row per media id of a
-- channel, written by the media projection in the same transaction as its offset, then downloaded.
-- The bytes live on disk, content-addressed by sha256; two rows with the same sha256 share one file.
CREATE TABLE media_file (
  channel_id      VARCHAR(64) NOT NULL,            -- the business phone number id it came to
  media_id        VARCHAR(128) NOT NULL,           -- Meta's id, valid for downloads for 7 days
  citizen_id      VARCHAR(255) NOT NULL,           -- the citizen's wa_id: forgetting them deletes the row
  kind            VARCHAR(16) NOT NULL CHECK (kind IN ('image', 'audio', 'video', 'document', 'sticker')),
  claimed_mime    VARCHAR(255),                    -- what the webhook said; never trusted for serving
  mime_type       VARCHAR(255),                    -- what the bytes are (sniffed), once stored
  sha256          CHAR(64),                        -- hex, once stored
  size_bytes      BIGINT,
  state           VARCHAR(8) NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'stored', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  received_at     TIMESTAMPTZ NOT NULL,            -- the citizen's event: Meta's 7 days count from here
  next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(), -- for a pending row being fetched: when another node may take it
  last_error      VARCHAR(1024),
  stored_at       TIMESTAMPTZ,
  PRIMARY KEY (channel_id, media_id)
);

CREATE INDEX media_file_due_idx ON media_file (next_attempt_at) WHERE state = 'pending';
CREATE INDEX media_file_citizen_idx ON media_file (citizen_id);
CREATE INDEX media_file_sha256_idx ON media_file (sha256) WHERE sha256 IS NOT NULL;
CREATE INDEX media_file_media_id_idx ON media_file (media_id);

-- Files whose last row was deleted (a citizen forgotten): the fetchers delete each file unless a row
-- references its sha256 again, under the same per-sha256 lock as storing, so no file a row needs goes.
CREATE TABLE media_unreferenced (
  sha256 CHAR(64) PRIMARY KEY,
  since  TIMESTAMPTZ NOT NULL DEFAULT now()
);
