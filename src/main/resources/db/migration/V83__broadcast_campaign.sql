-- Campaigns: a template sent to a snapshot of the subscribers (broadcast_subscription) of an audience.
-- The runner moves the state; officials' acts (schedule, pause, resume, cancel) write it too.
CREATE TABLE broadcast_campaign (
  id             BIGSERIAL PRIMARY KEY,
  tenant         VARCHAR(64)  NOT NULL,
  created_by     VARCHAR(64)  NOT NULL,
  template_name  VARCHAR(512) NOT NULL,
  category       VARCHAR(16)  NOT NULL,          -- MARKETING or UTILITY, as Meta has the template
  languages      JSONB        NOT NULL,          -- ["en", "hi"]: the conversation languages sent, each a template variant
  variants       JSONB        NOT NULL,          -- {"en": "en_IN", "hi": "hi"}: the template's language code per language
  parameters     JSONB        NOT NULL,          -- [{"value": "..."} | {"field": "ulb_name"}], in the body's order
  header_kind    VARCHAR(16),                    -- image or document, else null
  header_link    VARCHAR(2048),
  audience       JSONB        NOT NULL,          -- {"channels", "ulbs", "wards", "topics", "languages"}
  scheduled_at   TIMESTAMPTZ,
  state          VARCHAR(16)  NOT NULL CHECK (state IN ('draft', 'scheduled', 'running', 'paused', 'held', 'cancelled', 'finished')),
  held_reason    VARCHAR(1024),                  -- why a held campaign waits (the daily limit, a paused template)
  audience_size  INTEGER,                        -- the snapshot's size, once taken
  created_at     TIMESTAMPTZ  NOT NULL,
  started_at     TIMESTAMPTZ,
  finished_at    TIMESTAMPTZ,
  updated_at     TIMESTAMPTZ  NOT NULL
);

CREATE INDEX broadcast_campaign_active_idx ON broadcast_campaign (state) WHERE state IN ('scheduled', 'running', 'held');

-- The audience as it was when the campaign started: one row per citizen (the outbox key
-- campaign/<id>/<citizen> allows one message per citizen), taken once by INSERT ... SELECT.
CREATE TABLE broadcast_campaign_recipient (
  campaign_id  BIGINT       NOT NULL REFERENCES broadcast_campaign (id),
  citizen_id   VARCHAR(255) NOT NULL,
  channel_id   VARCHAR(64)  NOT NULL,
  topic        VARCHAR(64)  NOT NULL,
  language     VARCHAR(8)   NOT NULL,
  ulb          VARCHAR(64),
  ward         INTEGER,
  state        VARCHAR(16)  NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'queued', 'not-subscribed', 'refused')),
  attempts     INTEGER      NOT NULL DEFAULT 0,
  queued_at    TIMESTAMPTZ,                    -- the runner's clock: the portfolio's rolling day counts these
  last_error   VARCHAR(1024),
  updated_at   TIMESTAMPTZ  NOT NULL,
  PRIMARY KEY (campaign_id, citizen_id)
);

CREATE INDEX broadcast_campaign_recipient_pending_idx ON broadcast_campaign_recipient (campaign_id, channel_id, citizen_id)
  WHERE state = 'pending';
CREATE INDEX broadcast_campaign_recipient_queued_idx ON broadcast_campaign_recipient (queued_at, channel_id)
  WHERE state = 'queued';
CREATE INDEX broadcast_campaign_recipient_citizen_idx ON broadcast_campaign_recipient (citizen_id);

-- The runner's backpressure counts a channel's campaign messages still waiting in the outbox.
CREATE INDEX outbound_message_campaign_backlog_idx ON outbound_message (phone_number_id) WHERE state = 'pending' AND lane = 2;
