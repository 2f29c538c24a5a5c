// Package i18n is the one place that knows the bot's two languages: how a
// Telegram language code maps to one of them, how a text written as a
// Chinese/English pair is picked, and what each value of the ledger's
// enumerations is called in each language.
//
// Texts stay written as a pair at the place they are used (l.T("客户",
// "client")), so no text can exist in one language only; enumeration labels
// live in one table here, so that a tier or a status reads the same on a
// card, in a reminder and in a churn alert. The package imports nothing of
// the ledger, so every package that talks to people can use it.
package i18n
