-- The officials' API: accounts that log in, and the audit log of everything they did or were refused.

CREATE TABLE official_account (
  username        VARCHAR(64)  PRIMARY KEY,
  -- argon2id in the PHC string format ($argon2id$v=19$m=...,t=...,p=...$salt$hash)
  password_hash   TEXT         NOT NULL,
  tenant          VARCHAR(64)  NOT NULL,
  role            VARCHAR(32)  NOT NULL CHECK (role IN ('state-admin', 'ulb-admin', 'department-officer', 'observer')),
  -- empty arrays: all of the tenant's (Official.Scope)
  scope_ulbs        TEXT[]     NOT NULL DEFAULT '{}',
  scope_departments TEXT[]     NOT NULL DEFAULT '{}',
  scope_wards       INTEGER[]  NOT NULL DEFAULT '{}',
  -- the directory's Official this account is, when it is one (cases are assigned to official ids)
  official_id     VARCHAR(128),
  disabled        BOOLEAN      NOT NULL DEFAULT FALSE,
  failed_attempts INTEGER      NOT NULL DEFAULT 0,
  locked_until    TIMESTAMPTZ,
  -- tokens issued before this are refused: a password reset ends the sessions opened with the old one
  password_set_at TIMESTAMPTZ  NOT NULL,
  created_at      TIMESTAMPTZ  NOT NULL,
  updated_at      TIMESTAMPTZ  NOT NULL
);

CREATE TABLE audit_record (
  id          BIGSERIAL    PRIMARY KEY,
  at          TIMESTAMPTZ  NOT NULL,
  -- the offset the official's tenant lives in when it happened, e.g. +05:30
  at_offset   TEXT         NOT NULL,
  actor       VARCHAR(64)  NOT NULL,
  action      VARCHAR(64)  NOT NULL,
  case_number VARCHAR(16),
  ulb         VARCHAR(64),
  outcome     VARCHAR(32)  NOT NULL,
  detail      TEXT
);

CREATE INDEX audit_record_case ON audit_record (case_number, at) WHERE case_number IS NOT NULL;
CREATE INDEX audit_record_actor ON audit_record (actor, at);

-- The audit log is append-only: no statement, the API's or anyone's through this database user, edits or removes a record.
CREATE FUNCTION audit_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_record is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_record_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_record
  FOR EACH ROW EXECUTE FUNCTION audit_record_append_only();
CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
  FOR EACH STATEMENT EXECUTE FUNCTION audit_record_append_only();
