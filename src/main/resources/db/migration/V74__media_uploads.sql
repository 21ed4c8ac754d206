-- Officials' uploads (a photo of the work done) live in media_file beside the citizens' media: same
-- content-addressed files, same Media.open. An upload belongs to no channel ('' in channel_id, since the
-- key needs a value) and to no citizen, so forgetting a citizen never deletes it; its file stays while
-- any row references its sha256.
ALTER TABLE media_file ALTER COLUMN citizen_id DROP NOT NULL;
ALTER TABLE media_file ADD COLUMN source VARCHAR(8) NOT NULL DEFAULT 'citizen' CHECK (source IN ('citizen', 'upload'));
ALTER TABLE media_file ADD COLUMN uploaded_by VARCHAR(255);
ALTER TABLE media_file ADD CONSTRAINT media_file_owner_chk
  CHECK ((source = 'citizen' AND citizen_id IS NOT NULL) OR (source = 'upload' AND citizen_id IS NULL AND uploaded_by IS NOT NULL));

-- The outbox's Meta media ids (outbound's table): a stored file uploaded once per channel with
-- POST /{phone-number-id}/media is sent again by that id while Meta keeps it (30 days from the upload).
CREATE TABLE outbound_media_upload (
  phone_number_id VARCHAR(64) NOT NULL,
  sha256          CHAR(64) NOT NULL,
  meta_media_id   VARCHAR(128) NOT NULL,
  uploaded_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (phone_number_id, sha256)
);
