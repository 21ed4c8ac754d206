-- The journal check of loadtest/run.sh: psql -f loadtest/journal-check.sql < deliveries.tsv
-- deliveries.tsv: one line per delivery Gatling made (wa_id, wamid, HTTP status; 0 = no answer), in
-- each citizen's sending order. A citizen's events are "Citizen|<wa_id>" in event_journal; their CBOR
-- holds a message's wamid as its bytes, and the load's wamids are 56 base64 characters after "wamid.".
-- Prints name=value lines: every acknowledged message journalled once, each citizen's in the order sent.
CREATE TEMP TABLE delivery (wa_id text, wamid text, status int, line bigserial);
\copy delivery (wa_id, wamid, status) FROM pstdin
CREATE TEMP TABLE message AS
  SELECT wa_id, wamid, min(line) AS first_line, bool_or(status = 200) AS acknowledged FROM delivery GROUP BY wa_id, wamid;
CREATE INDEX ON message (wamid);
CREATE INDEX ON message (wa_id, wamid);
CREATE TEMP TABLE found AS
  SELECT m.wa_id, m.wamid, m.first_line, m.acknowledged, j.sequence_number
  FROM event_journal j
  CROSS JOIN LATERAL (SELECT DISTINCT x[1] AS wamid
    FROM regexp_matches(encode(j.event_payload, 'escape'), 'wamid\.[A-Za-z0-9+/=]{56}', 'g') AS x) w
  JOIN message m ON m.wamid = w.wamid AND j.persistence_id = 'Citizen|' || m.wa_id
  WHERE j.persistence_id LIKE 'Citizen|%' AND NOT j.deleted;
SELECT 'messages=' || count(*) FROM message;
SELECT 'acknowledged=' || count(*) FROM message WHERE acknowledged;
SELECT 'acknowledged_not_journalled=' || count(*) FROM message m
  WHERE acknowledged AND NOT EXISTS (SELECT 1 FROM found f WHERE f.wa_id = m.wa_id AND f.wamid = m.wamid);
SELECT 'journalled_twice=' || count(*) FROM (SELECT 1 FROM found GROUP BY wa_id, wamid HAVING count(*) > 1) t;
SELECT 'unacknowledged_journalled=' || count(*) FROM message m
  WHERE NOT acknowledged AND EXISTS (SELECT 1 FROM found f WHERE f.wa_id = m.wa_id AND f.wamid = m.wamid);
SELECT 'citizens=' || count(DISTINCT wa_id) FROM message;
SELECT 'citizens_out_of_order=' || count(DISTINCT wa_id) FROM (
  SELECT wa_id, row_number() OVER (PARTITION BY wa_id ORDER BY sequence_number) AS in_journal,
    row_number() OVER (PARTITION BY wa_id ORDER BY first_line) AS as_sent FROM found) r
  WHERE in_journal <> as_sent;
