-- Consents: who agreed to which topic on which channel, when, how; and when and why it ended. Fed by
-- the consent projection from the citizens' events (in the same transaction as its offset); campaign
-- audiences are read from here. A row is never deleted while the citizen is kept: an ended consent
-- stays as the record that it was withdrawn (the DPDP Act's withdrawal), until retention forgets the citizen.
CREATE TABLE broadcast_subscription (
  channel_id     VARCHAR(64)  NOT NULL,          -- the business phone number id
  citizen_id     VARCHAR(255) NOT NULL,          -- the citizen's wa_id
  topic          VARCHAR(64)  NOT NULL,          -- the tenant's topic id
  tenant         VARCHAR(64)  NOT NULL,
  language       VARCHAR(8),                     -- the template variant to send
  ulb            VARCHAR(64),
  ward           INTEGER,
  subscribed_at  TIMESTAMPTZ  NOT NULL,          -- the latest consent
  source         VARCHAR(16)  NOT NULL CHECK (source IN ('chat', 'missed-call', 'web-form')),
  ended_at       TIMESTAMPTZ,                    -- null while the consent holds
  end_reason     VARCHAR(32),                    -- stop-word, withdrawn, user-preferences, meta-131050
  last_request   VARCHAR(512) NOT NULL,          -- the citizen event that last changed the row: a replay changes nothing
  PRIMARY KEY (channel_id, citizen_id, topic)
);

CREATE INDEX broadcast_subscription_audience_idx ON broadcast_subscription (tenant, topic, channel_id) WHERE ended_at IS NULL;
CREATE INDEX broadcast_subscription_citizen_idx ON broadcast_subscription (citizen_id);
