package callback

import (
	"errors"
	"fmt"
	"strings"
)

// The actions of an import's screens. Each names the import (a row in
// PostgreSQL that holds the file, its mapping and its report), so a button
// works on any replica and after a restart, and the importer checks the
// presser's rights again.
const (
	importShowAction    = "im" // ImportShow
	importPickAction    = "ic" // ImportPickColumn
	importSetAction     = "is" // ImportSetColumn
	importUseAction     = "iu" // ImportUseSheet
	importKindAction    = "ik" // ImportSetKind
	importDryRunAction  = "ir" // ImportDryRun
	importReportAction  = "ip" // ImportReport
	importConfirmAction = "iy" // ImportConfirm
	importCancelAction  = "ix" // ImportCancel
	importUndoAction    = "iz" // ImportUndo
)

// Bounds of an import button's positions: a workbook's sheets, a sheet's
// columns (sheet.MaxColumns is 100), the contact a column belongs to, and
// pages of a sheet's columns.
const (
	MaxImportSheet = 99
	MaxImportCol   = 999
	MaxImportSlot  = 9
	MaxImportPage  = 99
	// MaxImportField is the longest field name ImportSetColumn carries.
	MaxImportField = 24
)

// ImportIgnore is the field of ImportSetColumn that leaves a column out.
const ImportIgnore = "-"

// The kinds of sheet ImportSetKind sets, as sheet.Kind spells them.
var importKinds = []string{"clients", "contacts", "deals", "visits"}

// The unknown-owner choices of ImportDryRun, as importer.OwnerPolicy spells
// them.
var importOwners = []string{"error", "importer"}

// The duplicate choices of ImportReport and ImportConfirm, as
// importer.DupPolicy spells them.
var importDups = []string{"skip", "fill", "overwrite", "create"}

// ImportShow shows an import as it stands: its mapping (at sheet Sheet,
// page Page of the columns), its dry run's report, its progress or its
// summary: "im:<import>:<sheet>:<page>".
type ImportShow struct {
	Import      int64
	Sheet, Page int
}

// ImportPickColumn lists the fields a column may be mapped to, contact
// fields for contact Slot (0 the first): "ic:<import>:<sheet>:<col>:<slot>".
type ImportPickColumn struct {
	Import           int64
	Sheet, Col, Slot int
}

// ImportSetColumn maps a column to Field (a sheet.Field, or ImportIgnore)
// for contact Slot: "is:<import>:<sheet>:<col>:<field>:<slot>".
type ImportSetColumn struct {
	Import     int64
	Sheet, Col int
	Field      string
	Slot       int
}

// ImportUseSheet puts a sheet in or leaves it out: "iu:<import>:<sheet>:<1|0>".
type ImportUseSheet struct {
	Import int64
	Sheet  int
	Use    bool
}

// ImportSetKind says what a sheet holds ("clients", "contacts", "deals" or
// "visits"): "ik:<import>:<sheet>:<kind>".
type ImportSetKind struct {
	Import int64
	Sheet  int
	Kind   string
}

// ImportDryRun checks the whole file without changing the ledger, with
// unknown owners as Owners says ("error" or "importer"):
// "ir:<import>:<owners>".
type ImportDryRun struct {
	Import int64
	Owners string
}

// ImportReport shows the dry run's report with Dup chosen for duplicates
// ("skip", "fill", "overwrite" or "create"): "ip:<import>:<dup>".
type ImportReport struct {
	Import int64
	Dup    string
}

// ImportConfirm starts the import with Dup for duplicates: "iy:<import>:<dup>".
type ImportConfirm struct {
	Import int64
	Dup    string
}

// ImportCancel drops an import that was not confirmed: "ix:<import>".
type ImportCancel struct{ Import int64 }

// ImportUndo asks to undo a finished import ("iz:<import>") and, Sure,
// undoes it ("iz:<import>:y").
type ImportUndo struct {
	Import int64
	Sure   bool
}

// Data implements Action.
func (a ImportShow) Data() string { return data(a) }

func (a ImportShow) check() error {
	return errors.Join(checkID("import", a.Import), checkPos("sheet", a.Sheet, MaxImportSheet), checkPage(a.Page, MaxImportPage))
}

func (a ImportShow) encode() string {
	return join(importShowAction, itoa(a.Import), itoa(int64(a.Sheet)), itoa(int64(a.Page)))
}

// Data implements Action.
func (a ImportPickColumn) Data() string { return data(a) }

func (a ImportPickColumn) check() error {
	return errors.Join(checkID("import", a.Import), checkPos("sheet", a.Sheet, MaxImportSheet),
		checkPos("column", a.Col, MaxImportCol), checkPos("slot", a.Slot, MaxImportSlot))
}

func (a ImportPickColumn) encode() string {
	return join(importPickAction, itoa(a.Import), itoa(int64(a.Sheet)), itoa(int64(a.Col)), itoa(int64(a.Slot)))
}

// Data implements Action.
func (a ImportSetColumn) Data() string { return data(a) }

func (a ImportSetColumn) check() error {
	var bad error
	if !validImportField(a.Field) {
		bad = fmt.Errorf("field %q is not %q or 1..%d of a-z, 0-9, '.' and '_'", a.Field, ImportIgnore, MaxImportField)
	}
	return errors.Join(checkID("import", a.Import), checkPos("sheet", a.Sheet, MaxImportSheet),
		checkPos("column", a.Col, MaxImportCol), checkPos("slot", a.Slot, MaxImportSlot), bad)
}

func (a ImportSetColumn) encode() string {
	return join(importSetAction, itoa(a.Import), itoa(int64(a.Sheet)), itoa(int64(a.Col)), a.Field, itoa(int64(a.Slot)))
}

// Data implements Action.
func (a ImportUseSheet) Data() string { return data(a) }

func (a ImportUseSheet) check() error {
	return errors.Join(checkID("import", a.Import), checkPos("sheet", a.Sheet, MaxImportSheet))
}

func (a ImportUseSheet) encode() string {
	use := "0"
	if a.Use {
		use = "1"
	}
	return join(importUseAction, itoa(a.Import), itoa(int64(a.Sheet)), use)
}

// Data implements Action.
func (a ImportSetKind) Data() string { return data(a) }

func (a ImportSetKind) check() error {
	return errors.Join(checkID("import", a.Import), checkPos("sheet", a.Sheet, MaxImportSheet), checkWord("kind", a.Kind, importKinds))
}

func (a ImportSetKind) encode() string {
	return join(importKindAction, itoa(a.Import), itoa(int64(a.Sheet)), a.Kind)
}

// Data implements Action.
func (a ImportDryRun) Data() string { return data(a) }

func (a ImportDryRun) check() error {
	return errors.Join(checkID("import", a.Import), checkWord("owner choice", a.Owners, importOwners))
}

func (a ImportDryRun) encode() string { return join(importDryRunAction, itoa(a.Import), a.Owners) }

// Data implements Action.
func (a ImportReport) Data() string { return data(a) }

func (a ImportReport) check() error {
	return errors.Join(checkID("import", a.Import), checkWord("duplicate choice", a.Dup, importDups))
}

func (a ImportReport) encode() string { return join(importReportAction, itoa(a.Import), a.Dup) }

// Data implements Action.
func (a ImportConfirm) Data() string { return data(a) }

func (a ImportConfirm) check() error {
	return errors.Join(checkID("import", a.Import), checkWord("duplicate choice", a.Dup, importDups))
}

func (a ImportConfirm) encode() string { return join(importConfirmAction, itoa(a.Import), a.Dup) }

// Data implements Action.
func (a ImportCancel) Data() string   { return data(a) }
func (a ImportCancel) check() error   { return checkID("import", a.Import) }
func (a ImportCancel) encode() string { return join(importCancelAction, itoa(a.Import)) }

// Data implements Action.
func (a ImportUndo) Data() string { return data(a) }
func (a ImportUndo) check() error { return checkID("import", a.Import) }

func (a ImportUndo) encode() string {
	if a.Sure {
		return join(importUndoAction, itoa(a.Import), "y")
	}
	return join(importUndoAction, itoa(a.Import))
}

// join is the wire form "<action>:<arg>:<arg>...".
func join(action string, args ...string) string {
	return action + ":" + strings.Join(args, ":")
}

// checkPos refuses a 0-based position outside 0..max.
func checkPos(what string, n, max int) error {
	if n < 0 || n > max {
		return fmt.Errorf("%s %d is outside 0..%d", what, n, max)
	}
	return nil
}

func checkWord(what, w string, allowed []string) error {
	for _, a := range allowed {
		if w == a {
			return nil
		}
	}
	return fmt.Errorf("%s %q is not one of %s", what, w, strings.Join(allowed, ", "))
}

func validImportField(s string) bool {
	if s == ImportIgnore {
		return true
	}
	if s == "" || len(s) > MaxImportField {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '.' && c != '_' {
			return false
		}
	}
	return true
}
