// Package value is client value (客户价值): every night, each team's live
// clients are classed ABC and scored RFM on their deals, and the clients
// whose value disagrees with their tier are listed for the team's managers,
// who change the tier or keep it.
//
// Each team is its own ledger: classes and scores compare a client with the
// other live clients of its team only. Archived and merged clients are left
// out. The computation is as of a day ("today", the run's instant in the
// team's zone): the 12 months are the 12 whole months before today, deals
// dated today or later do not count yet.
//
// ABC, by the amount of the client's deals in the 12 months, largest first:
// a client is A while the revenue of the clients before it is under 80% of
// the team's, B while it is under 95%, C otherwise. So the client that
// crosses 80% is A (A is the fewest clients that make up at least 80%), a
// client that ends exactly at 80% is A and the next one B. Clients with
// equal amounts are one group: they all take the class of the group's
// first position (the revenue of the larger clients only), so two clients
// that bought the same never fall into different classes. Clients without
// deals, and every client of a team without revenue, are C.
//
// RFM, each 1 (worst) to 5 (best), by quintiles among the team's buyers,
// the clients with at least one deal in the 12 months: recency is the day
// of the last deal (later is better; deals rather than contacts, because
// value is about buying and the churn scan already watches contact),
// frequency the number of deals, monetary their amount. A buyer's score is
// 1 + ⌊5·q⌋, where q is its mid-rank position (below + equal/2) / buyers:
// below counts the buyers with a worse value, equal those with the same one
// (itself included). Without ties the buyers split into five equal
// quintiles; tied buyers share one score, that of the middle of their
// group; a team with one buyer, or buyers all alike, scores them 3. Clients
// that are not buyers score 1 on all three.
//
// The tier suggestions (Rules): a normal client in class A (raise to key);
// a strategic or key client with no deal in the 12 months, and existing
// for all of them (a newer client is there for its potential), one tier
// down; a strategic client in class C although it buys (key). Each carries
// its evidence; a promotion also carries the client's credit standing
// (package credit, from its receivables past due, read with the list),
// which the manager weighs before raising the tier. A suggestion is open
// while its rule holds; a decision (Decide) is kept on it, so a kept
// suggestion does not come back while the rule keeps holding: only after a
// night on which it did not (the class, the tier or the deals changed) can
// the same rule open a new one.
//
// The work is set-based SQL (Run): the deals are aggregated per client in
// one pass into a temporary table, then whole teams, about DefaultChunk
// clients at a time, are classed and scored with window functions
// partitioned by team and written in one transaction per chunk. Only rows
// whose figures changed are written, so a night after the first writes a
// few thousand rows of a million. Nothing but the teams' sizes is read into
// Go, so its memory does not grow with the clients.
package value
