-- Projections read their events by tag and ordering (platform.TaggedEventsDao). Without this index
-- PostgreSQL either scans every journal row of the range for each tag (the plugin's own query, eight
-- times over for eight outbox tags) or, while the tables are young and not yet analyzed, every row
-- of the tag: a fresh deployment hit by a campaign slowed down by a query that grew with the journal.
CREATE INDEX IF NOT EXISTS event_tag_tag_event_idx ON event_tag (tag, event_id);
