-- Scheduled jobs and reminders.

-- One row per run of a job's period (the scheduled instant written in the
-- team's zone, "2027-02-06T09:00"). A period is completed when it finished
-- without error; ticks and catch-up never run a completed period again, and
-- retry a failed or unfinished one.
CREATE TABLE job_runs (
    job         text NOT NULL,
    period      text NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    enqueued    integer NOT NULL DEFAULT 0,
    error       text,
    attempts    integer NOT NULL DEFAULT 1,
    PRIMARY KEY (job, period)
);
CREATE INDEX job_runs_recent_idx ON job_runs (job, started_at DESC);

-- Which review reminders went to whom, and on which day: at most a few per
-- person and day, the rest on later days, without reminding twice of the
-- same due date.
CREATE TABLE review_reminders (
    client_id   bigint NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    due_on      date NOT NULL,
    staff_id    bigint NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    reminded_on date NOT NULL,
    PRIMARY KEY (client_id, due_on, staff_id)
);
CREATE INDEX review_reminders_day_idx ON review_reminders (reminded_on, staff_id);

-- Reviews due, follow-ups due, across every team.
CREATE INDEX clients_review_due_idx ON clients (next_review_on) WHERE next_review_on IS NOT NULL;
CREATE INDEX visits_follow_up_due_idx ON visits (follow_up_on) WHERE follow_up_on IS NOT NULL AND NOT follow_up_done;
