package chat

import (
	"fmt"

	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/importer"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// importButton routes the buttons of an import's screens. Each names the
// import, which the importer loads and checks the presser's rights on, so a
// forged or stale button can do no more than the presser could.
func (r *req) importButton(a callback.Action) error {
	switch a := a.(type) {
	case callback.ImportShow:
		return r.importShow(a.Import, a.Sheet, a.Page)
	case callback.ImportPickColumn:
		return r.importPick(a)
	case callback.ImportSetColumn:
		field := sheet.Field(a.Field)
		if a.Field == callback.ImportIgnore {
			field = ""
		}
		return r.importChange(a.Import, a.Sheet, a.Col/colsPerPage, func() (importer.Import, error) {
			return r.a.imports.SetColumn(r.ctx, r.me.Actor(), a.Import, a.Sheet, a.Col, sheet.Column{Field: field, Slot: a.Slot})
		})
	case callback.ImportUseSheet:
		return r.importChange(a.Import, a.Sheet, 0, func() (importer.Import, error) {
			return r.a.imports.UseSheet(r.ctx, r.me.Actor(), a.Import, a.Sheet, a.Use)
		})
	case callback.ImportSetKind:
		return r.importChange(a.Import, a.Sheet, 0, func() (importer.Import, error) {
			return r.a.imports.SetKind(r.ctx, r.me.Actor(), a.Import, a.Sheet, sheet.Kind(a.Kind))
		})
	case callback.ImportDryRun:
		return r.importDryRun(a)
	case callback.ImportReport:
		return r.importReport(a)
	case callback.ImportConfirm:
		return r.importConfirm(a)
	case callback.ImportCancel:
		return r.importCancel(a)
	case callback.ImportUndo:
		return r.importUndo(a)
	}
	return r.invalidButton()
}

// importShow shows the import at sheet sh, page page.
func (r *req) importShow(id int64, sh, page int) error {
	imp, err := r.a.imports.Get(r.ctx, r.me.Actor(), id)
	if text, ok := importRefusal(r.l, err); ok {
		return r.notice(text)
	}
	if err != nil {
		return r.fail("get import", err)
	}
	return r.showImport(imp, sh, page)
}

// importPick lists the fields a column may map to.
func (r *req) importPick(a callback.ImportPickColumn) error {
	imp, err := r.a.imports.Get(r.ctx, r.me.Actor(), a.Import)
	if text, ok := importRefusal(r.l, err); ok {
		return r.notice(text)
	}
	if err != nil {
		return r.fail("get import", err)
	}
	if imp.Status != importer.Mapping && imp.Status != importer.Checked {
		return r.showImport(imp, 0, 0)
	}
	if a.Sheet >= len(imp.Sheets) || a.Col >= len(imp.Sheets[a.Sheet].Headers) {
		return r.invalidButton()
	}
	text, kb := pickScreen(r.l, imp, a.Sheet, a.Col, a.Slot)
	_, err = r.show(text, kb)
	return err
}

// importChange applies a change of the mapping and shows the mapping at
// sheet sh, page page; a refused change says why and shows the import as
// it stands.
func (r *req) importChange(id int64, sh, page int, change func() (importer.Import, error)) error {
	imp, err := change()
	if text, ok := importRefusal(r.l, err); ok {
		if err := r.notice(text); err != nil {
			return err
		}
		// The press is answered; show the import as it stands, if it is
		// still there for this user (a refusal again is already said).
		imp, err = r.a.imports.Get(r.ctx, r.me.Actor(), id)
		if _, refused := importRefusal(r.l, err); refused {
			return nil
		}
		if err != nil {
			return fmt.Errorf("get import: %w", err)
		}
		return r.showImport(imp, 0, 0)
	}
	if err != nil {
		return r.fail("change import", err)
	}
	return r.showImport(imp, sh, page)
}
