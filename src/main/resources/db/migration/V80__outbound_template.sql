-- The message templates of each channel's WhatsApp Business Account as Meta has them: read from
-- GET /{waba-id}/message_templates (at start and on demand) and kept current by the template webhooks.
-- updated_at is when Meta's state was observed (the list's read time, the webhook's entry time): a
-- write with an older time changes nothing, so a late webhook never moves a template back.
CREATE TABLE outbound_template (
  waba_id          VARCHAR(32)  NOT NULL,
  name             VARCHAR(512) NOT NULL,
  language         VARCHAR(16)  NOT NULL,          -- Meta's code with _ (en_US), as MessageTemplate.languageKey writes it
  category         VARCHAR(32),                    -- MARKETING, UTILITY, AUTHENTICATION
  status           VARCHAR(32)  NOT NULL,          -- APPROVED, PENDING, REJECTED, PAUSED, DISABLED ...
  quality          VARCHAR(16),                    -- GREEN, YELLOW, RED, UNKNOWN
  body_parameters  INTEGER      NOT NULL,
  header_format    VARCHAR(16),                    -- TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION
  body_text        TEXT,
  reason           VARCHAR(512),                   -- why it is not approved (or was flagged), else null
  updated_at       TIMESTAMPTZ  NOT NULL,
  PRIMARY KEY (waba_id, name, language)
);
