// Package telegram is the plumbing the bot's rooms share to talk to the Bot
// API through go-telegram/bot: the client with its transport, text split to
// Telegram's limits, inline keyboards, and what Telegram's errors mean (a
// short cause to store, whether trying again may help).
package telegram
