-- Churn risk episodes (流失预警). An episode opens the day the daily scan
-- finds a client at risk and stays open until contact resumes or no signal
-- holds any more; managers are alerted once per episode, not once a day.
-- reasons explain the risk (a later stage change is appended):
--   [{"code":"no_contact","days":61,"limit":60},
--    {"code":"activity_drop","recent":1,"before":6},
--    {"code":"overdue_complaints","count":2},
--    {"code":"stage","from":"active","to":"sleeping"}]
CREATE TABLE churn_episodes (
    id               bigserial PRIMARY KEY,
    client_id        bigint NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    team_id          bigint NOT NULL REFERENCES teams (id),
    started_on       date NOT NULL,
    ended_on         date,
    reasons          jsonb NOT NULL CHECK (jsonb_typeof(reasons) = 'array'),
    acknowledged_by  bigint REFERENCES staff (id),
    acknowledged_at  timestamptz,
    winback_staff_id bigint REFERENCES staff (id),
    winback_due_on   date,
    created_at       timestamptz NOT NULL,
    -- The client's last contact when the episode opened: contact has resumed
    -- once the client's last_contact_at moves past it.
    contact_at       timestamptz,
    -- Why the episode ended: contact resumed, or no signal holds any more.
    end_reason       text CHECK (end_reason IN ('contact_resumed', 'no_risk')),
    CHECK ((ended_on IS NULL) = (end_reason IS NULL))
);
-- At most one open episode per client: the alert's uniqueness rests on it.
CREATE UNIQUE INDEX churn_episodes_open_key ON churn_episodes (client_id) WHERE ended_on IS NULL;
-- A team's at-risk list (Open, the weekly digest).
CREATE INDEX churn_episodes_team_open_idx ON churn_episodes (team_id, started_on) WHERE ended_on IS NULL;
-- A client's history of episodes.
CREATE INDEX churn_episodes_client_idx ON churn_episodes (client_id, started_on DESC);

-- The scan counts each client's open complaints past due; the partial index
-- holds only the few unresolved complaints instead of all feedback.
CREATE INDEX feedback_open_complaints_idx ON feedback (client_id, due_on)
    WHERE kind = 'complaint' AND status <> 'resolved';
