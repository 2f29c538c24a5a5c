// Package sandbox is what `ledgerbot sandbox` adds around the real bot so that
// anyone can try it without a Telegram token: a demo ledger seeded through
// the domain's own stores (Seed), a business clock that can be moved forward
// (Clock), and a web chat (Web) in which a visitor talks to the bot as one of
// the seeded people, through the same Bot API emulation the end-to-end tests
// use (internal/telegramtest).
//
// Nothing here is used by `serve`: the sandbox runs the bot as serve builds
// it, in a database and under a Redis prefix of its own.
package sandbox
