package report

import (
	"bytes"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// percentFormat is how a rate shows: 0.875 as 87.5%.
const percentFormat = "0.0%"

// percentRange is a column of rates: its sheet, its 1-based index and its
// data rows (under the header).
type percentRange struct {
	sheet string
	col   int
	rows  int
}

// formatPercent writes the workbook data to out with the rates' cells
// shown as percentages. sheet.Writer has number, integer, date and text
// columns but no percentage, so the workbook is opened again here and the
// format set on those columns. A report's workbook has a row per person, a
// few hundred at most, so reading it back costs little; once sheet.Writer
// has a percentage column type, this pass goes away.
func formatPercent(out io.Writer, data []byte, ranges []percentRange) error {
	if len(ranges) == 0 {
		_, err := out.Write(data)
		return err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("reopen for percentages: %w", err)
	}
	defer func() { _ = f.Close() }()
	code := percentFormat
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil {
		return fmt.Errorf("percentage style: %w", err)
	}
	for _, r := range ranges {
		top, err := excelize.CoordinatesToCellName(r.col, 2)
		if err != nil {
			return fmt.Errorf("percentage column: %w", err)
		}
		bottom, err := excelize.CoordinatesToCellName(r.col, r.rows+1)
		if err != nil {
			return fmt.Errorf("percentage column: %w", err)
		}
		if err := f.SetCellStyle(r.sheet, top, bottom, style); err != nil {
			return fmt.Errorf("percentage column of %s: %w", r.sheet, err)
		}
	}
	if err := f.Write(out); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}
