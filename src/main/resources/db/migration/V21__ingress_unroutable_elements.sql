-- One row per webhook request now: the body once, and what of it was set aside and why (a JSON
-- document kept as text, since jsonb refuses the \u0000 escape a hostile element may hold).
ALTER TABLE unroutable_webhook ADD COLUMN elements TEXT;
COMMENT ON COLUMN unroutable_webhook.phone_number_id IS 'the first unknown phone_number_id of the body, if any';
COMMENT ON COLUMN unroutable_webhook.reason IS 'counts by reason, at most 200 characters; elements has the list';
