// Package health answers whether a ledgerbot process is alive and whether
// it is ready to do its work: /healthz says the process serves HTTP at all;
// /readyz checks, each within a short timeout, that PostgreSQL and Redis
// answer, that the database carries every migration this binary embeds,
// and that the intake is not stuck with updates waiting. An orchestrator
// restarts a process that is not alive and sends no traffic to one that is
// not ready; `ledgerbot healthcheck` asks the same questions from inside a
// container that has no shell.
package health
