package chat

import (
	"fmt"
	"strings"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/importer"
)

// keptShown is how many clients the undo report names that it left.
const keptShown = 10

// importUndo asks first, then undoes a finished import and reports what it
// removed, restored and kept.
func (r *req) importUndo(a callback.ImportUndo) error {
	l := r.l
	if !a.Sure {
		imp, err := r.a.imports.Get(r.ctx, r.me.Actor(), a.Import)
		if text, ok := importRefusal(l, err); ok {
			return r.notice(text)
		}
		if err != nil {
			return r.fail("get import", err)
		}
		if imp.Status != importer.Done {
			return r.showImport(imp, 0, 0)
		}
		kb := telegram.NewKeyboard().Row(l.T("↩️ 确认撤销", "↩️ Yes, undo it"), callback.ImportUndo{Import: imp.ID, Sure: true}.Data(),
			l.T("« 不撤销", "« Keep it"), callback.ImportShow{Import: imp.ID}.Data())
		_, err = r.show(l.F("确定撤销导入「%s」吗？\n\n将删除本次新建、之后没有人修改过的客户（连同导入的联系人、合作记录和拜访），并恢复被本次导入覆盖的字段。之后被修改过的客户会保留，并告诉您原因。",
			"Undo the import of %s?\n\nThe clients it created that nobody has changed since are removed (with the contacts, deals and visits it added), and the fields it overwrote are restored. Clients changed since are kept, and you are told why.",
			esc(imp.FileName)), kb)
		return err
	}
	rep, err := r.a.imports.Undo(r.ctx, r.me.Actor(), a.Import)
	if text, ok := importRefusal(l, err); ok {
		return r.notice(text)
	}
	if err != nil {
		return r.fail("undo import", err)
	}
	_, err = r.show(undoText(l, rep), telegram.NewKeyboard())
	return err
}

// undoText is the undo report.
func undoText(l i18n.Lang, rep importer.UndoReport) string {
	var b strings.Builder
	b.WriteString(l.T("↩️ <b>已撤销导入</b>\n", "↩️ <b>Import undone</b>\n"))
	fmt.Fprintf(&b, l.T("删除客户 %s · 恢复客户资料 %s\n删除联系人 %s · 合作记录 %s · 拜访记录 %s\n",
		"Removed %s clients · restored %s clients' fields\nRemoved %s contacts · %s deals · %s visits\n"),
		thousands(rep.Removed), thousands(rep.Restored), thousands(rep.Contacts), thousands(rep.Deals), thousands(rep.Visits))
	if rep.Payments > 0 {
		fmt.Fprintf(&b, l.T("删除回款 %s 笔\n", "Removed %s payments\n"), thousands(rep.Payments))
	}
	if len(rep.Kept) > 0 {
		fmt.Fprintf(&b, l.T("\n<b>保留了 %s 个客户</b>（导入后有改动）：\n", "\n<b>Kept %s clients</b> (changed since the import):\n"), thousands(len(rep.Kept)))
		for i, k := range rep.Kept {
			if i == keptShown {
				b.WriteString("…\n")
				break
			}
			fmt.Fprintf(&b, "• %s — %s\n", esc(clip(k.Name, 40)), esc(clip(k.Why, 120)))
		}
	}
	return b.String()
}
