// Package telegramtest is a fake Telegram Bot API server for end-to-end
// tests: the only test double the project allows, so it speaks the real wire
// format (multipart/form-data, urlencoded or JSON requests to
// /bot<token>/<method>, {"ok":...} envelopes, long-polled getUpdates with
// Telegram's offset semantics) and rejects what the real API rejects
// (over-long texts, bad callback data, unparsable HTML, edits that change
// nothing).
//
// A test queues updates as a user would cause them (SendText, PressButton,
// ...), lets the bot run, then inspects what the bot did: the recorded calls
// (Calls, WaitFor) and the resulting chat (Messages, LastMessage).
//
// The same emulation runs outside tests (Listen): `ledgerbot sandbox` runs the
// whole bot against it, and its web chat shows each chat as its user sees it
// (Transcript, Commands, Answers, File) and waits for changes (WaitChat). So
// what a visitor tries in the sandbox is what the tests exercise.
package telegramtest
