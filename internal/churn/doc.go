// Package churn is the early warning of client churn (流失预警).
//
// Every day the scan (Scanner.Run, the "churn" job) computes for each client a
// few explainable signals: days since the last contact against the tier's
// review cadence, visits and deals in the last 90 days against the 90 before,
// open complaints past their deadline, money owed past its due date (a credit
// standing of watch or at risk, by internal/credit's rule), and the lifecycle
// stage moving from active to sleeping or churned, which it writes back to
// the client. A client at risk opens an episode; the managers of the
// client's team are alerted once per episode, not once a day, with every
// reason and buttons to assign a win-back visit (挽回拜访) or acknowledge. The episode ends when contact
// resumes or no signal holds any more; contact does not end an episode about
// overdue payments while they are still overdue.
//
// Assess holds the rules and is pure; the scan streams clients in id order,
// so memory does not grow with the ledger.
package churn
