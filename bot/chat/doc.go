// Package chat is the conversation: it converts each update into an Event
// once, routes it to a command, a button or the step of a multi-step flow,
// and renders screens in Chinese or English. Everything it decides about the
// ledger it asks of the domain packages, which check every access again;
// what it sends on its own goes through the outbox, not through here.
package chat
