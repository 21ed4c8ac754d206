-- The case read model: fed by the case projection from the Case entities' events (exactly once:
-- rows and offset commit together), read by the officials' API and the deadline watch.

-- Case numbers are leased to nodes in blocks, so two nodes never hand out the same one.
CREATE TABLE case_number_block (
  prefix        CHAR(3)  NOT NULL,
  year          SMALLINT NOT NULL CHECK (year BETWEEN 0 AND 99),
  next_sequence INTEGER  NOT NULL CHECK (next_sequence >= 1),
  PRIMARY KEY (prefix, year)
);

CREATE TABLE grievance_case (
  number          VARCHAR(16)  PRIMARY KEY,
  tenant          VARCHAR(64)  NOT NULL,
  ulb             VARCHAR(64),
  department      VARCHAR(64)  NOT NULL,
  category        VARCHAR(64)  NOT NULL,
  sub_type        VARCHAR(128),
  kind            VARCHAR(32)  NOT NULL,
  status          VARCHAR(32)  NOT NULL,
  assignee        VARCHAR(128),
  level           SMALLINT     NOT NULL DEFAULT 0,
  ward            INTEGER,
  description     TEXT,
  address         TEXT,
  landmark        TEXT,
  latitude        DOUBLE PRECISION,
  longitude       DOUBLE PRECISION,
  rating          SMALLINT,
  citizen_id      VARCHAR(255) NOT NULL,
  channel_id      VARCHAR(64)  NOT NULL,
  language        VARCHAR(8)   NOT NULL,
  filed_at        TIMESTAMPTZ  NOT NULL,
  due_at          TIMESTAMPTZ  NOT NULL,
  updated_at      TIMESTAMPTZ  NOT NULL,
  last_sequence   BIGINT       NOT NULL
);
CREATE INDEX grievance_case_scope_idx ON grievance_case (tenant, ulb, department, status);
CREATE INDEX grievance_case_due_idx ON grievance_case (due_at) WHERE status IN ('registered', 'assigned', 'in-progress');
CREATE INDEX grievance_case_citizen_idx ON grievance_case (citizen_id);

-- Every transition: who (an official's id, "citizen" or "system"), when, what, why.
CREATE TABLE grievance_case_history (
  number     VARCHAR(16)  NOT NULL REFERENCES grievance_case (number) ON DELETE CASCADE,
  sequence   BIGINT       NOT NULL,
  at         TIMESTAMPTZ  NOT NULL,
  by_whom    VARCHAR(128) NOT NULL,
  step       VARCHAR(32)  NOT NULL,
  status     VARCHAR(32)  NOT NULL,
  note       TEXT,
  assignee   VARCHAR(128),
  PRIMARY KEY (number, sequence)
);

CREATE TABLE grievance_case_attachment (
  number     VARCHAR(16)  NOT NULL REFERENCES grievance_case (number) ON DELETE CASCADE,
  id         VARCHAR(32)  NOT NULL,
  kind       VARCHAR(16)  NOT NULL,
  media_id   VARCHAR(128) NOT NULL,
  mime_type  VARCHAR(128),
  added_by   VARCHAR(128) NOT NULL,
  added_at   TIMESTAMPTZ  NOT NULL,
  PRIMARY KEY (number, id)
);

-- What passed between the citizen and the bot about the case: in (the citizen's words), out (what they were told).
CREATE TABLE grievance_case_message (
  number     VARCHAR(16)  NOT NULL REFERENCES grievance_case (number) ON DELETE CASCADE,
  sequence   BIGINT       NOT NULL,
  at         TIMESTAMPTZ  NOT NULL,
  direction  VARCHAR(3)   NOT NULL CHECK (direction IN ('in', 'out')),
  text       TEXT         NOT NULL,
  PRIMARY KEY (number, sequence, direction)
);
