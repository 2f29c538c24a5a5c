// Package reminder enqueues the bot's nudges about work that is due: client
// reviews and visit follow-ups (the "reminders" job) and overdue feedback
// (the "escalation" job). It only writes outbox rows, under keys that make a
// repeated run add nothing; the sender delivers them.
package reminder
