// Package handover moves clients from one owner to another (交接): one
// client, all clients of a person, or all clients of a person who leaves,
// whose deactivation and hand-over are one transaction.
//
// What goes with a client, decided once here:
//   - its open feedback assigned to the old owner, or to anyone who can no
//     longer handle it (inactive, or outside the client's new team), goes to
//     the new owner;
//   - its open follow-ups the old owner answered for (or nobody able can)
//     are handed to the new owner through visits.follow_up_by: who made the
//     visit stays true, who must follow it up changes;
//   - the review date stays on the client and so follows it; the old
//     owner's review_reminders rows move to the new owner, because the
//     hand-over notice itself tells them of the due review (the reminder's
//     outbox key is per client and date, so it would not be sent twice);
//   - an open churn episode's win-back assignment held by the old owner
//     moves to the new owner.
//
// An admin may hand a client to a member of another team: the client's
// team_id moves, and with it its search terms' and churn episodes' team_id.
// Managers hand over within their own team; salespeople never.
//
// Each hand-over is one transaction, audited per client (action "handover",
// owner_id from → to) and per moved record, and the new owner is told what
// they received through the outbox in the same transaction.
package handover
