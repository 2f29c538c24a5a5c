// Package report builds the 考核 (performance review) of a sales team: per
// salesperson, for a period of days in the team's zone, the figures a
// manager is judged on and judges the team on, with team totals and the
// change against the previous period. It renders the report as a text for a
// phone (Telegram HTML) and as an XLSX workbook, and its monthly job sends
// each manager last month's report on the 1st.
//
// # Who is in the report
//
// The active salespeople of the team, and its active managers who own a live
// client or logged a visit in the period or the one before (a manager who
// sells is judged like a salesperson; one who only manages is left out).
// People who left (inactive) are not listed: deactivation hands their
// clients and promises to someone who is. Team totals add up the rows shown,
// so the table and its total agree; clients with no owner are in no row.
//
// # The figures
//
// A period is days From to To (both included) in the team's zone; instants
// (visited_at, created_at, resolved_at, satisfaction.at) count from From's
// 00:00 to the 00:00 after To, dates (follow_up_on, deal_on, paid_on) by
// day. Ownership is today's: clients are credited to their owner now, so a
// client handed over mid-period brings its history to the new owner.
//
//   - Visits by kind: visits the person made (visits.author_id) in the period.
//   - Owned: the person's live (not archived) clients now. Visited: how many of
//     them had a visit in the period, by anyone (coverage is about the client
//     being seen, whoever went). Coverage = Visited / Owned.
//   - New clients: live clients owned now that were created in the period.
//   - Follow-ups on time: the follow-ups the person answers for
//     (coalesce(visits.follow_up_by, author_id)) whose follow_up_on falls in
//     the period. The visits table has no time of completion, so it is read
//     from the audit trail: the one entry (visit, follow_up_done) written when
//     it was marked done, or, when a later visit answered it (the entry names
//     it as answered_by), the earlier of that entry and the answering visit's
//     visited_at, so a visit made on the due day and logged the next morning
//     is on time. A follow-up is on time when it was done before the end of
//     its due day (00:00 after it, in the zone). It is judged once it was done
//     or its due day is over at the report's as-of instant: one due later in
//     a month still running is not counted yet. One still open on an archived
//     client is not judged (nobody is reminded of it), and one marked done
//     with no audit entry (written outside the bot) cannot be judged and is
//     left out. Rate = on time / judged.
//   - Feedback handled: feedback assigned to the person and resolved in the
//     period; the median time from its creation to its resolution, in hours.
//     Overdue: feedback assigned to the person, on a live client, open at the
//     report's as-of instant with its due day before that day (as the
//     reminders and the digest mark it).
//   - Average satisfaction: the readings (table satisfaction: visits',
//     resolved feedback's and the contacts' own survey answers) taken in the
//     period on the clients the person owns. By owner, not by who recorded
//     it: a survey answer has no recorder, and the relationship is the
//     owner's to answer for.
//   - Clients lost and churn rate: a client's stage at an instant is read from
//     the audit trail of its stage changes (every writer of clients.stage
//     audits {"stage": {"from", "to"}}; a merge audits the survivor's under
//     "fields"): the "from" of its first change at or after the instant, or
//     its stage now when it has not changed since. Owned at start: live clients
//     owned now that existed and were not churned at the period's start. Lost:
//     those of them churned at the period's end (a client won back before
//     the end is not lost). Churn rate = lost / owned at start. Churn episodes
//     (churn_episodes) are risk, not loss, and are not counted.
//   - Deal amount: deals with deal_on in the period on the person's clients,
//     whatever the client's archive state; payments collected: deal_payments
//     with paid_on in the period on those deals.
//
// Activity (visits, follow-ups, feedback resolved, satisfaction, deals,
// payments) counts whatever became of the client later (archived clients
// included; merged ones moved their records to the survivor); stocks (owned,
// new, overdue, churn) count live clients only.
//
// # As of
//
// The figures that are states rather than events (overdue feedback,
// follow-ups not yet judged, the stage at the end) are read at the report's
// as-of instant: the period's end, or now for a period not over. So last
// month's report reads the same on the 1st and a week later (but for records
// logged late), and its previous period is read at its own end.
//
// # The previous period
//
// Each figure is compared with the previous period (Previous): the same
// number of whole calendar months just before when the period is whole
// months (a month, a quarter), otherwise the same number of days just
// before. Owned is today's for both.
//
// # Reading it
//
// A report is read in one read-only snapshot, every figure of both periods
// in one batch of queries, each a pass over the period's rows (migration
// 0016 indexes them) grouped by person. Build checks the actor's rights
// (internal/access): managers their own team, admins any team or every
// team, salespeople none.
//
// # The monthly job
//
// Job.Run (the "report" job, on the 1st) reads last month's report of every
// team at once and enqueues each active manager their team's, as text, in
// their language, keyed on the month so that a rerun or a catch-up sends
// nothing twice. Job.Chart is where a chart is plugged in; without it only
// the text goes.
package report
