package chat

import (
	"fmt"
	"strings"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/importer"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// colsPerPage is how many columns one page of the mapping screen lists, so
// its text and buttons stay within one message.
const colsPerPage = 24

// showImport shows an import as it stands: the mapping while it can still
// change (sheet sh, page of its columns), else its progress or its end.
func (r *req) showImport(imp importer.Import, sh, page int) error {
	l := r.l
	var text string
	var kb *telegram.Keyboard
	switch imp.Status {
	case importer.Mapping, importer.Checked:
		text, kb = mappingScreen(l, imp, sh, page)
	case importer.Committing:
		text = progressText(l, imp, 0)
	case importer.Done, importer.Failed:
		text, kb = finishedScreen(l, imp)
	case importer.Undone:
		text = l.F("↩️ 导入「%s」已撤销。", "↩️ The import of %s was undone.", esc(imp.FileName))
	default:
		text = l.F("导入「%s」已取消，台账没有改动。", "The import of %s was cancelled; the ledger was not changed.", esc(imp.FileName))
	}
	if kb == nil {
		kb = telegram.NewKeyboard()
	}
	_, err := r.show(text, kb)
	return err
}

// mappingScreen lists the file's sheets and how the columns of sheet sh
// (page page) map, the rules that read enumerations and owners, and the
// buttons to change any of it or to run the check.
func mappingScreen(l i18n.Lang, imp importer.Import, sh, page int) (string, *telegram.Keyboard) {
	sh = min(max(sh, 0), max(len(imp.Sheets)-1, 0))
	var b strings.Builder
	format := strings.ToUpper(string(imp.Format))
	if imp.Encoding != "" && imp.Format == sheet.CSV {
		format += " · " + strings.ToUpper(imp.Encoding)
	}
	fmt.Fprintf(&b, l.T("📥 <b>导入：%s</b>（%s）\n\n", "📥 <b>Import: %s</b> (%s)\n\n"), esc(imp.FileName), format)
	kb := telegram.NewKeyboard()
	var tabs []string
	for i, p := range imp.Sheets {
		mark := "  "
		if i == sh {
			mark = "▸ "
		}
		use := l.T("✅ 导入", "✅ imported")
		if !p.Use {
			use = l.T("⛔ 不导入", "⛔ left out")
		}
		fmt.Fprintf(&b, "%s%d. %s · %s %s\n", mark, i+1, esc(clip(p.Name, 30)), sheet.SheetName(p.Kind, l), use)
		if len(imp.Sheets) > 1 && i <= callback.MaxImportSheet {
			label := fmt.Sprintf("%d %s", i+1, clip(p.Name, 12))
			if i == sh {
				label = "• " + label
			}
			tabs = append(tabs, label, callback.ImportShow{Import: imp.ID, Sheet: i}.Data())
		}
	}
	kb.Grid(3, tabs...)
	if len(imp.Sheets) == 0 {
		return b.String(), kb.Row(l.T("✖ 取消导入", "✖ Cancel import"), callback.ImportCancel{Import: imp.ID}.Data())
	}
	p := imp.Sheets[sh]
	pages := max((len(p.Headers)+colsPerPage-1)/colsPerPage, 1)
	page = min(max(page, 0), pages-1, callback.MaxImportPage)
	fmt.Fprintf(&b, l.T("\n<b>「%s」的列</b>（%s）", "\n<b>Columns of “%s”</b> (%s)"), esc(clip(p.Name, 30)), sheet.SheetName(p.Kind, l))
	if pages > 1 {
		fmt.Fprintf(&b, l.T(" 第 %d/%d 页", " page %d/%d"), page+1, pages)
	}
	b.WriteString("\n")
	var cells []string
	for i := page * colsPerPage; i < min((page+1)*colsPerPage, len(p.Headers)); i++ {
		c := columnOf(p, i)
		fmt.Fprintf(&b, "%s %s → %s\n", colLetter(i), esc(clip(p.Headers[i], 30)), columnTarget(l, c))
		cells = append(cells, clip(colLetter(i)+" "+p.Headers[i]+" → "+columnTarget(l, c), 32),
			callback.ImportPickColumn{Import: imp.ID, Sheet: sh, Col: i, Slot: c.Slot}.Data())
	}
	b.WriteString(rulesText(l, p))
	b.WriteString(l.T("\n点按一列可以修改它的对应字段；确认无误后点「试运行」（不会改动台账）。",
		"\nTap a column to change what it maps to; then tap “Dry run” (it changes nothing)."))
	kinds := make([]string, 0, 2*len(sheet.Kinds))
	for _, k := range sheet.Kinds {
		label := sheet.SheetName(k, l)
		if k == p.Kind {
			label = "✓ " + label
		}
		kinds = append(kinds, label, callback.ImportSetKind{Import: imp.ID, Sheet: sh, Kind: string(k)}.Data())
	}
	kb.Row(kinds...)
	kb.Grid(2, cells...)
	var nav []string
	if page > 0 {
		nav = append(nav, l.T("‹ 上一页", "‹ Previous"), callback.ImportShow{Import: imp.ID, Sheet: sh, Page: page - 1}.Data())
	}
	if page+1 < pages {
		nav = append(nav, l.T("下一页 ›", "Next ›"), callback.ImportShow{Import: imp.ID, Sheet: sh, Page: page + 1}.Data())
	}
	kb.Row(nav...)
	if p.Use {
		kb.Row(l.T("⛔ 不导入这个工作表", "⛔ Leave this sheet out"), callback.ImportUseSheet{Import: imp.ID, Sheet: sh}.Data())
	} else if len(p.Headers) > 0 {
		kb.Row(l.T("✅ 导入这个工作表", "✅ Import this sheet"), callback.ImportUseSheet{Import: imp.ID, Sheet: sh, Use: true}.Data())
	}
	if imp.Status == importer.Checked {
		kb.Row(l.T("« 返回试运行结果", "« Back to the dry run"), callback.ImportReport{Import: imp.ID, Dup: string(dupOf(imp))}.Data())
	}
	kb.Row(l.T("🧪 试运行", "🧪 Dry run"), callback.ImportDryRun{Import: imp.ID, Owners: string(ownersOf(imp))}.Data(),
		l.T("✖ 取消导入", "✖ Cancel import"), callback.ImportCancel{Import: imp.ID}.Data())
	return b.String(), kb
}

// rulesText shows how the sheet's enumerations and owners are read.
func rulesText(l i18n.Lang, p importer.SheetPlan) string {
	var b strings.Builder
	seen := map[sheet.Field]bool{}
	for i, c := range p.Columns {
		f := c.Field
		if seen[f] {
			continue
		}
		seen[f] = true
		if u := amountUnit(p, i); f.IsAmount() && u != 1 {
			fmt.Fprintf(&b, l.T("• %s：表头「%s」的单位，无单位的数字乘以 %s（12 记为 %s 元）。\n",
				"• %s: the unit of the header “%s”; a number without a unit is multiplied by %s (12 is %s yuan).\n"),
				sheet.Label(f, l), esc(clip(p.Headers[i], 30)), thousands(int(u)), thousands(int(12*u)))
		}
		if rule := sheet.EnumRule(f, l); rule != "" {
			fmt.Fprintf(&b, "• %s：%s\n", sheet.Label(f, l), esc(rule))
		}
		if f == sheet.DealPaid {
			fmt.Fprintf(&b, l.T("• %s：到该日为止收到的总额，记为一笔回款；0 表示尚未回款。没有回款日期时，按回款到期日记（未到期则按今天），没有到期日按成交日期记。\n",
				"• %s: everything received so far, recorded as one payment; 0 means nothing yet. Without a payment date it is dated on the due date (today if that is still ahead), else on the deal date.\n"), sheet.Label(f, l))
		}
		if f == sheet.Owner || f == sheet.VisitAuthor {
			fmt.Fprintf(&b, l.T("• %s：按团队成员姓名匹配；找不到的姓名，试运行后可选择记为错误或归导入人。\n",
				"• %s: matched to the team's members by name; for names not found you choose after the dry run: a row error, or the importer.\n"), sheet.Label(f, l))
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return l.T("\n<b>取值规则</b>\n", "\n<b>How values are read</b>\n") + b.String()
}

// amountUnit is the magnitude the header of column i gives its amounts.
func amountUnit(p importer.SheetPlan, i int) int64 {
	if i < len(p.Headers) {
		return sheet.AmountUnit(p.Headers[i])
	}
	return 1
}

// columnOf is the mapping of column i (Columns may be shorter than Headers).
func columnOf(p importer.SheetPlan, i int) sheet.Column {
	if i < len(p.Columns) {
		return p.Columns[i]
	}
	return sheet.Column{}
}

// ownersOf is the import's unknown-owner choice, "error" until one is made.
func ownersOf(imp importer.Import) importer.OwnerPolicy {
	if imp.Owners == importer.OwnersImporter {
		return importer.OwnersImporter
	}
	return importer.OwnersError
}

// dupOf is the import's duplicate choice, "skip" until one is made.
func dupOf(imp importer.Import) importer.DupPolicy {
	if imp.Dup.Valid() {
		return imp.Dup
	}
	return importer.DupSkip
}

// pickScreen lists the fields column col of sheet sh may map to, contact
// fields for contact slot.
func pickScreen(l i18n.Lang, imp importer.Import, sh, col, slot int) (string, *telegram.Keyboard) {
	p := imp.Sheets[sh]
	cur := columnOf(p, col)
	var b strings.Builder
	fmt.Fprintf(&b, l.T("📥 <b>%s</b> · 列 %s「%s」\n现在：%s\n\n这一列是什么？",
		"📥 <b>%s</b> · column %s “%s”\nNow: %s\n\nWhat does this column hold?"),
		esc(clip(p.Name, 30)), colLetter(col), esc(clip(p.Headers[col], 40)), columnTarget(l, cur))
	kb := telegram.NewKeyboard()
	var cells []string
	hasContact := false
	for _, f := range sheet.Fields(p.Kind) {
		c := sheet.Column{Field: f}
		if f.IsContact() {
			c.Slot, hasContact = slot, true
		}
		label := columnTarget(l, c)
		if c == cur {
			label = "✓ " + label
		}
		cells = append(cells, label, callback.ImportSetColumn{Import: imp.ID, Sheet: sh, Col: col, Field: string(f), Slot: c.Slot}.Data())
	}
	kb.Grid(2, cells...)
	if hasContact && p.Kind == sheet.Clients {
		b.WriteString(l.T("\n（同一行有多位联系人时，先选是第几位联系人。）", "\n(With several contacts in a row, first choose which contact.)"))
		var slots []string
		for s := 0; s < 3; s++ {
			label := l.F("联系人 %d", "Contact %d", s+1)
			if s == slot {
				label = "✓ " + label
			}
			slots = append(slots, label, callback.ImportPickColumn{Import: imp.ID, Sheet: sh, Col: col, Slot: s}.Data())
		}
		kb.Row(slots...)
	}
	kb.Row(l.T("🚫 忽略这一列", "🚫 Ignore this column"), callback.ImportSetColumn{Import: imp.ID, Sheet: sh, Col: col, Field: callback.ImportIgnore}.Data(),
		l.T("« 返回", "« Back"), callback.ImportShow{Import: imp.ID, Sheet: sh, Page: col / colsPerPage}.Data())
	return b.String(), kb
}
