// Package intake makes Telegram updates durable and runs each chat's updates
// exactly once and in update_id order, whichever replica or webhook
// connection received them.
//
// The protocol, in PostgreSQL:
//   - Record writes an update to the updates table (deduplicated by
//     update_id) and notifies every replica; only then is the update
//     acknowledged to Telegram (the poller's next offset moves past it, or
//     the webhook answers 200).
//   - A replica that has a free worker claims chats with pending updates in
//     chat_claims, with a lease it renews while it lives. One chat is held by
//     one replica at a time; a replica that dies stops renewing, and another
//     takes the chat over when the lease runs out.
//   - The holder runs the chat's pending updates in update_id order, marks
//     each processed (only while it still holds the claim) before the next,
//     and releases the claim when none is left.
//   - A handler error is retried: a transient one (PostgreSQL, Redis or
//     Telegram unreachable) with backoff for up to Config.RetryFor, any other
//     a few times. Then the update is given up for good: it is marked
//     processed and abandoned in the same transaction that queues the user's
//     notice, so an update the user was told had failed is never applied
//     later. An update cut short by a crash or a shutdown stays pending and
//     runs again; the user was told nothing about it.
//
// In webhook mode Telegram may deliver one chat's updates on several
// connections at once. Telegram numbers updates as it makes them, so while an
// id just below a fresh update is missing, an earlier update of the same chat
// may still be in flight: the fresh one waits for it, up to Config.Settle
// after it was recorded, so they run in order.
package intake
