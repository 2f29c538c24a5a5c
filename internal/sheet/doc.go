// Package sheet reads and writes the spreadsheets a team keeps its ledger
// in: XLSX from Excel and WPS and CSV in the encodings Chinese Excel saves,
// streamed row by row so memory does not grow with the file. It also knows
// the ledger's columns: Guess maps a sheet's headers (Chinese or English,
// with the usual synonyms) to fields, the Parse functions read a cell as a
// date, an amount, a phone or an enumeration value, and Writer produces the
// export's XLSX with real dates and numbers.
//
// Reading: Open sniffs the bytes, not the name, and refuses what it cannot
// read with a sentinel error the chat turns into a sentence (ErrXLS,
// ErrNotSpreadsheet, ErrEmpty, ErrNoHeader, ErrTooManyColumns,
// ErrTooManyRows, ErrTooLarge, ErrEncrypted). XLSX worksheets are decoded
// from the zip with encoding/xml rather than excelize's reader, which
// drops each cell's number format and formula (see workbook).
//
// Parsing: every Parse function refuses an empty value with an error
// wrapping ErrValue, like any other bad value; a caller with an optional
// column checks Cell.Text == "" first. The parsers end in the ledger's own
// checkers (client.ParseAmount, client.CheckPhone), so whatever they accept
// the ledger stores.
//
// The package knows nothing of the database or of Telegram: the importer
// and the exporter build on it.
package sheet
