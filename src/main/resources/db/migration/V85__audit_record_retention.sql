-- The officials' audit log keeps its own retention (console.AuditRetention): still append-only for
-- every statement, except the retention sweep's DELETE of records older than the cutoff it declares
-- in its own transaction (SET LOCAL chaupal.audit_cutoff). The database itself refuses a cutoff less
-- than 180 days ago, the least CERT-In's directions require, whatever the configuration says.
CREATE OR REPLACE FUNCTION audit_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cutoff timestamptz := nullif(current_setting('chaupal.audit_cutoff', true), '')::timestamptz;
BEGIN
  IF TG_OP = 'DELETE' AND cutoff IS NOT NULL AND cutoff <= now() - interval '180 days' THEN
    IF OLD.at < cutoff THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_record is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- The sweep finds the old records by time.
CREATE INDEX audit_record_at ON audit_record (at);
