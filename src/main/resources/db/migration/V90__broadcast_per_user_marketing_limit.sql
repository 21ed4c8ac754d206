-- Campaigns wait 24 h before sending marketing to a citizen Meta refused with 131049 (its per-user
-- marketing limit; an immediate resend fails again): the runner looks up these few failures per recipient.
CREATE INDEX outbound_delivery_status_marketing_limit_idx ON outbound_delivery_status (recipient, status_at)
  WHERE error_code = 131049;
