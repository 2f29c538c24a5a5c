package sheet

// Limits on what Open and Rows accept.
const (
	// MaxFileSize is the Bot API's download limit for a bot: a bigger file
	// never reaches us.
	MaxFileSize = 20 << 20
	// MaxRows is the most rows a sheet may have: twice the 100,000 a large
	// team's ledger holds, and still within the memory a replica is given.
	MaxRows = 200_000
	// MaxColumns is the widest row accepted: a ledger has a few dozen
	// columns, so a wider sheet is not a ledger.
	MaxColumns = 100
)

// Format is the kind of file a Book was read from.
type Format string

// The formats Open reads.
const (
	XLSX Format = "xlsx"
	CSV  Format = "csv"
)

// Row is one row of a sheet.
type Row struct {
	Num   int    // 1-based row number in the sheet, as Excel shows it
	Cells []Cell // trailing empty cells trimmed
}

// Cell is one cell's value.
type Cell struct {
	Text    string // as the user sees it (formatted), trimmed; NUL and invalid UTF-8 removed
	Raw     string // the stored value (an Excel serial number for a date cell)
	Date    bool   // the cell's number format is a date format
	Formula bool   // the cell holds a formula (Text/Raw are its cached result, "" if none)
}

// Blank reports whether every cell of the row is empty.
func (r Row) Blank() bool {
	for _, c := range r.Cells {
		if c.Text != "" {
			return false
		}
	}
	return true
}

// Cell returns the i-th cell, or an empty cell past the row's end (the
// trailing empty cells are trimmed).
func (r Row) Cell(i int) Cell {
	if i < 0 || i >= len(r.Cells) {
		return Cell{}
	}
	return r.Cells[i]
}
