// Package greeting keeps the team in its clients' minds on the days that
// matter (亲情化管理): the built-in holidays of internal/holiday, custom dates
// admins add, and contacts' birthdays.
//
// The daily "greetings" job (Store.Run) only enqueues into internal/outbox.
// A contact who subscribed through their own invite link gets the greeting
// directly, in their language; for every other contact the client's owner
// (or, without one, the team's managers) gets one list a day with a
// ready-to-forward text per contact. Dedup keys name the day and the
// recipient, so a rerun of the same day enqueues nothing new.
//
// Texts come from templates: defaults built in here, overridden per
// occasion and language by admins, with the placeholders {contact},
// {client}, {holiday} and {sender}.
package greeting
