-- The 考核 report (internal/report) reads a month, a quarter or a typed
-- range of every team at once: these let it read the period's rows instead
-- of looking up a million clients one by one, and read them from the index
-- alone (while the heap pages are all-visible, as after autovacuum).

-- A team's clients by owner, and which are live, from the index alone: a
-- team's clients lie all over the table, and each of the report's queries
-- starts from them. The same key as before, so every other use stays.
DROP INDEX clients_owner_idx;
CREATE INDEX clients_owner_idx ON clients (owner_id) INCLUDE (id, archived_at);

-- The visits of a period: coverage (which clients were seen) and the
-- visits by author and kind.
CREATE INDEX visits_visited_idx ON visits (visited_at) INCLUDE (client_id, author_id, kind);

-- The follow-ups due in a period, open or done, with whoever answers for
-- them (the older follow-up indexes hold only the open ones).
CREATE INDEX visits_follow_up_on_idx ON visits (follow_up_on)
    INCLUDE (id, author_id, follow_up_by, follow_up_done, client_id)
    WHERE follow_up_on IS NOT NULL;

-- When each follow-up was marked done (and by which visit, for one answered
-- by a later visit): the report judges whether it was on time.
CREATE INDEX audit_follow_up_done_idx ON audit_log (entity_id) INCLUDE (at, changes)
    WHERE entity = 'visit' AND action = 'follow_up_done';

-- Clients' stage changes since an instant: the stage each client had at a
-- period's start and end, for clients lost and the churn rate.
CREATE INDEX audit_stage_idx ON audit_log (at)
    WHERE entity = 'client' AND (changes ? 'stage' OR action = 'merge');
