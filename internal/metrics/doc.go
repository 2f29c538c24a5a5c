// Package metrics holds ledgerbot's Prometheus metrics: the counters and
// histograms the intake, the sender, the scheduler, the search and the
// importer feed as they work, and the gauges read from PostgreSQL when
// Prometheus scrapes (the intake's backlog, the outbox, the jobs' periods).
//
// Each Metrics registers on a registry of its own (NewRegistry), never on
// the global default: a test builds its own and sees only its own numbers,
// and a process exports exactly what it registered. The packages it
// measures do not import it: each declares the small observer interface it
// calls, and *Metrics satisfies them all; cmd/ledgerbot wires it in.
//
// No label carries a chat, user or client id: labels are a short, fixed
// set of kinds, results and job names, so the number of series stays
// small however many people use the bot.
package metrics
