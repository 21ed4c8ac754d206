-- The officials' queue pages through a tenant's cases in deadline or filing order, and each open
-- queue polls every second for the cases changed since its last look: with these, a queue of
-- 10,000+ cases reads one page and one small range instead of sorting the whole tenant.
CREATE INDEX grievance_case_tenant_due_idx ON grievance_case (tenant, due_at, number);
CREATE INDEX grievance_case_tenant_filed_idx ON grievance_case (tenant, filed_at, number);
CREATE INDEX grievance_case_tenant_updated_idx ON grievance_case (tenant, updated_at, number);
