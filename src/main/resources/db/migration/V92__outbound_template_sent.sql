-- When Meta accepted a row sent as its template (any lane: a case's news or a missed-call welcome
-- outside the window, a campaign message): the business-initiated sends that the portfolio's limit of
-- unique users in a rolling day counts (issue 12). NULL: sent free-form, not sent, or sent before V92.
ALTER TABLE outbound_message ADD COLUMN template_sent_at TIMESTAMPTZ;

-- The campaign runner counts the distinct recipients of the last 24 h on a portfolio's channels; only
-- template sends are in this index, and it holds every column the count reads (an index-only scan).
-- EXPLAIN on 400,000 rows, 80,000 of them templates, 2,880 of the last day (CampaignsTest checks the plan):
--   Index Only Scan using outbound_message_template_sent_idx, cost 0.42..2522, Index Cond: template_sent_at > ...
--   AND phone_number_id = ANY (...); without the index: Parallel Seq Scan on outbound_message, cost 0..10344.
CREATE INDEX outbound_message_template_sent_idx ON outbound_message (template_sent_at, phone_number_id, recipient)
  WHERE template_sent_at IS NOT NULL;
