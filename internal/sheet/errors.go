package sheet

import "errors"

// The errors a user can cause with the file itself. Each is a sentinel, so
// the chat can turn it into a clear sentence in the user's language; the
// wrapped error (if any) only helps the log.
var (
	// ErrXLS is a workbook in a format other than XLSX (an Excel 97-2003
	// .xls or WPS .et, both OLE2 compound files; an .xlsb; an .ods), which
	// the ledger does not read: the user saves it as .xlsx.
	ErrXLS = errors.New("sheet: an .xls workbook (Excel 97-2003); save it as .xlsx")
	// ErrNotSpreadsheet is a file that is neither XLSX nor text CSV: a PDF,
	// an image, an archive, binary data.
	ErrNotSpreadsheet = errors.New("sheet: not a spreadsheet")
	// ErrEmpty is a file with no bytes, or whose sheets hold no data row
	// (nothing, or a header alone).
	ErrEmpty = errors.New("sheet: empty")
	// ErrNoHeader is a file whose sheets start with data, not a header (the
	// first row holds only numbers, amounts or dates).
	ErrNoHeader = errors.New("sheet: no header row")
	// ErrTooManyColumns is a row wider than MaxColumns.
	ErrTooManyColumns = errors.New("sheet: too many columns")
	// ErrTooManyRows is a sheet longer than MaxRows.
	ErrTooManyRows = errors.New("sheet: too many rows")
	// ErrTooLarge is a file bigger than MaxFileSize, or an XLSX whose parts
	// unpack to more than a ledger could hold (a zip bomb).
	ErrTooLarge = errors.New("sheet: file too large")
	// ErrEncrypted is a password-protected workbook.
	ErrEncrypted = errors.New("sheet: workbook is encrypted")
	// ErrValue is wrapped by every cell parser's error: the cell's value
	// cannot be read as the field's type.
	ErrValue = errors.New("sheet: bad value")
)
