-- Keeping the ledger clean: archiving a client instead of deleting it, and
-- merging duplicates into one survivor that keeps every record.

-- An archived client is hidden from search, lists and every job, and kept:
-- managers and admins open it by id and restore it. A merged client is a
-- tombstone: archived, pointing at the client it was merged into, so old
-- buttons and links open the survivor; its name stays, as the survivor's
-- second name for search. Merges repoint older tombstones at the new
-- survivor, so merged_into is always one hop from a live client.
ALTER TABLE clients
    ADD COLUMN archived_at timestamptz,
    ADD COLUMN archived_by bigint REFERENCES staff (id),
    ADD COLUMN merged_into bigint REFERENCES clients (id),
    ADD COLUMN merged_at   timestamptz,
    ADD CONSTRAINT clients_tombstone_check CHECK (
        merged_into IS NULL OR (merged_into <> id AND merged_at IS NOT NULL AND archived_at IS NOT NULL));
-- A survivor's tombstones: its search names, its card's redirects.
CREATE INDEX clients_merged_into_idx ON clients (merged_into) WHERE merged_into IS NOT NULL;

-- One row per merge: what was merged into what, with the field choices; a
-- reprocessed update finds its merge by origin_update.
CREATE TABLE client_merges (
    id            bigserial PRIMARY KEY,
    survivor_id   bigint NOT NULL REFERENCES clients (id),
    merged_ids    bigint[] NOT NULL CHECK (cardinality(merged_ids) BETWEEN 1 AND 2),
    actor_id      bigint REFERENCES staff (id),
    choices       jsonb NOT NULL DEFAULT '{}',
    at            timestamptz NOT NULL,
    origin_update bigint UNIQUE
);
CREATE INDEX client_merges_survivor_idx ON client_merges (survivor_id);

-- Pairs a manager said are not the same company: the duplicate sweep does
-- not list them again. The smaller id first, so a pair has one row.
CREATE TABLE duplicate_dismissals (
    client_a     bigint NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    client_b     bigint NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    dismissed_by bigint REFERENCES staff (id),
    dismissed_at timestamptz NOT NULL,
    PRIMARY KEY (client_a, client_b),
    CHECK (client_a < client_b)
);

-- An open churn episode ends when its client is archived, or when a merge
-- leaves the survivor with more than one open episode.
ALTER TABLE churn_episodes DROP CONSTRAINT churn_episodes_end_reason_check;
ALTER TABLE churn_episodes ADD CONSTRAINT churn_episodes_end_reason_check
    CHECK (end_reason IN ('contact_resumed', 'no_risk', 'merged', 'archived'));

-- A record added to a tombstone (a flow begun before the merge and saved
-- after it, an old button) lands on the survivor instead of disappearing
-- with the tombstone.
CREATE FUNCTION follow_merged_client() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.client_id := coalesce((SELECT merged_into FROM clients WHERE id = NEW.client_id), NEW.client_id);
    RETURN NEW;
END
$$;
CREATE TRIGGER contacts_follow_merged BEFORE INSERT ON contacts FOR EACH ROW EXECUTE FUNCTION follow_merged_client();
CREATE TRIGGER deals_follow_merged BEFORE INSERT ON deals FOR EACH ROW EXECUTE FUNCTION follow_merged_client();
CREATE TRIGGER visits_follow_merged BEFORE INSERT ON visits FOR EACH ROW EXECUTE FUNCTION follow_merged_client();
CREATE TRIGGER feedback_follow_merged BEFORE INSERT ON feedback FOR EACH ROW EXECUTE FUNCTION follow_merged_client();
