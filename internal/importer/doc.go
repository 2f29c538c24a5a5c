// Package importer brings a team's spreadsheet ledger into the bot: it keeps
// the uploaded file in PostgreSQL, guesses each sheet's column mapping, runs
// a dry run that parses and classifies every row (create, update, duplicate,
// error) with set-based SQL, replays the commit on them to count what would
// really change (forecast.go), writes the error file, and commits the rows in
// the background in resumable batches, each row applied exactly once, every
// change audited as the importer's in the import's name. An import can be
// undone as far as nobody has built on it since.
//
// All state lives in the imports and import_rows tables, so any replica can
// resume an import another one started. The package knows nothing of
// Telegram; bot/chat drives it.
package importer
