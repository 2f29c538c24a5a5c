// Package digest builds the weekly digest each manager receives on Monday
// morning: visits per salesperson, new clients, feedback opened, resolved and
// overdue, the clients at risk of churn, and a PNG bar chart of the visits.
//
// Like every scheduled job it only enqueues: the text and the chart become
// two outbox rows per manager with dedup keys derived from the week, so a
// rerun for the same week (a retry, a catch-up, a second replica) adds
// nothing.
package digest
