-- The retention job blanks the text, buttons and picture of sent messages
-- after OUTBOX_RETENTION, keeping the row and its dedup key so nothing is
-- ever sent twice; pruned_at says when.
ALTER TABLE outbox ADD COLUMN pruned_at timestamptz;
ALTER TABLE outbox DROP CONSTRAINT outbox_check1;
ALTER TABLE outbox ADD CONSTRAINT outbox_payload_check CHECK (text <> '' OR photo IS NOT NULL OR pruned_at IS NOT NULL);
-- Finding what to prune without reading every sent row.
CREATE INDEX outbox_unpruned_idx ON outbox (sent_at) WHERE status = 'sent' AND pruned_at IS NULL;
CREATE INDEX updates_processed_idx ON updates (processed_at) WHERE processed_at IS NOT NULL;
