// Package outbox holds the messages the bot sends on its own initiative
// (greetings, reminders, alerts, digests, notices) until Telegram confirmed
// them.
//
// Producers call Enqueue inside the transaction of the change that causes the
// messages, with a deterministic dedup key under a unique index: a message is
// enqueued once however often a job runs and however many replicas run it,
// and it exists exactly when the change committed. The sender (bot.Pusher)
// claims due rows with FOR UPDATE SKIP LOCKED under a lease, sends them and
// marks each row right after Telegram answered, so a sender killed mid-batch
// loses nothing and resends at most the message that was in flight. Each
// outcome is recorded under the claim that took the row (Lease): a sender
// that stalled past its lease, while another sender claimed the row again,
// changes nothing when it comes back. A failure is stored as a Cause, short
// enough to show an admin; the sender's log keeps the error itself.
//
// A chat has at most one message in flight and its messages go out in the
// order they were enqueued. Times that decide when a row may go (not_before,
// leases, pauses) come from the database clock, which every replica shares,
// never from the business clock that jobs are given.
package outbox
