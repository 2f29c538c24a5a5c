-- Hand-over (交接) and change history.

-- Who answers for a visit's open follow-up when it is no longer its author:
-- a hand-over gives the promise to the client's new owner without rewriting
-- who made the visit. NULL means the author, as before.
ALTER TABLE visits ADD COLUMN follow_up_by bigint REFERENCES staff (id);
-- A person's open follow-ups (/today, the reminders) by whoever answers for them.
CREATE INDEX visits_follow_up_by_idx ON visits ((coalesce(follow_up_by, author_id)), follow_up_on)
    WHERE follow_up_on IS NOT NULL AND NOT follow_up_done;

-- A client's change history includes the entries of its contacts and deals,
-- which carry the client's id in their changes (a removed contact's too).
CREATE INDEX audit_client_idx ON audit_log ((changes ->> 'client_id'), at DESC, id DESC)
    WHERE changes ? 'client_id';
-- One person's recent changes, for admins.
CREATE INDEX audit_actor_idx ON audit_log (actor_id, at DESC, id DESC) WHERE actor_id IS NOT NULL;
