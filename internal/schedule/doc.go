// Package schedule runs the bot's periodic jobs (greetings, reminders, churn,
// escalation, digest) on cron specs in the team's time zone.
//
// Every run belongs to a period, the scheduled instant written in the zone
// ("2027-02-06T09:00"), and is recorded in the table job_runs. A period runs
// until it completes once: replicas take a PostgreSQL advisory lock per job
// so only one runs it at a time, a finished period is never run again by a
// tick or a catch-up, and a failed one is retried at the next tick or start.
// After downtime only the most recent missed period runs, and only while it
// is still the same day (the same week for weekly jobs, the same month for
// monthly ones): a greeting meant
// for 09:00 still goes out when the bot starts at 11:00, but yesterday's
// does not go out today.
//
// Jobs only enqueue messages (internal/outbox) under deterministic keys, so a
// run repeated by an operator enqueues nothing twice.
package schedule
