// Package export writes the part of the ledger an actor may see as one XLSX
// workbook: clients (with their primary contact, owner, churn risk),
// contacts, deals (with their receivables: the amount invoiced, the due
// date, what was paid in all and on which day last), and the visits and
// feedback of a period, a sheet each.
//
// The clients, contacts, deals and visits sheets carry the import
// template's headers (sheet.TemplateHeaders) in the template's order, with
// 客户编号 first, so that a file exported and sent back is mapped without
// help and every row is recognised as the client it came from. Columns the
// importer does not read (churn risk, created) follow the template's.
//
// Rows are read in one read-only, repeatable-read transaction, so the
// sheets agree with each other, and each sheet's rows are streamed from
// PostgreSQL in a server-side cursor, a page at a time, into the streaming
// sheet.Writer: memory does not grow with the ledger.
package export
