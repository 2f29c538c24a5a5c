package chat

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/importer"
)

// problemsShown is how many row errors the report lists; the error file
// holds them all.
const problemsShown = 5

// importDryRun checks the whole file against the ledger, changing nothing,
// and shows the report; with row errors, the error file follows.
func (r *req) importDryRun(a callback.ImportDryRun) error {
	// A stale or forged button changes nothing, not even the message.
	_, err := r.a.imports.Get(r.ctx, r.me.Actor(), a.Import)
	if text, ok := importRefusal(r.l, err); ok {
		return r.notice(text)
	}
	if err != nil {
		return r.fail("get import", err)
	}
	if _, err := r.show(r.l.T("⏳ 正在试运行，请稍候…", "⏳ Running the dry run, one moment…"), telegram.NewKeyboard()); err != nil {
		return err
	}
	imp, err := r.a.imports.DryRun(r.ctx, r.me.Actor(), a.Import, importer.OwnerPolicy(a.Owners))
	if text, ok := importRefusal(r.l, err); ok {
		if err := r.say(text); err != nil {
			return err
		}
		return r.reshowImport(a.Import)
	}
	if err != nil {
		return r.fail("import dry run", err)
	}
	text, kb := reportScreen(r.l, imp, dupOf(imp))
	if _, err := r.show(text, kb); err != nil {
		return err
	}
	if imp.Report.Errors == 0 {
		return nil
	}
	name, data, err := r.a.imports.ErrorFile(r.ctx, r.me.Actor(), imp.ID)
	if err != nil {
		return r.fail("import error file", err)
	}
	return r.sendFile(name, data, r.l.T("📄 错误明细：原始行加上「错误」列。改正后重新发送文件即可。",
		"📄 The rows with errors, with an Error column saying why. Fix them and send the file again."))
}

// sendFile sends a file the import made. Telegram refusing it is logged
// and the user told; an outage is returned, for the update to be retried.
func (r *req) sendFile(name string, data []byte, caption string) error {
	_, err := r.a.out.sendDocument(r.ctx, r.ev.ChatID, name, bytes.NewReader(data), caption)
	if err == nil || telegram.Transient(err) {
		return err
	}
	r.a.log.Warn("import file not sent", slog.String("file", name), slog.Any("error", err))
	return r.say(r.l.T("抱歉，Telegram 没有接受这个文件。", "Sorry, Telegram did not accept that file."))
}

// reshowImport shows the import again after a refused action, or says
// that it is gone.
func (r *req) reshowImport(id int64) error {
	imp, err := r.a.imports.Get(r.ctx, r.me.Actor(), id)
	if text, ok := importRefusal(r.l, err); ok {
		return r.notice(text)
	}
	if err != nil {
		return r.fail("get import", err)
	}
	return r.showImport(imp, 0, 0)
}

// importReport shows the dry run's report again, with dup chosen.
func (r *req) importReport(a callback.ImportReport) error {
	imp, err := r.a.imports.Get(r.ctx, r.me.Actor(), a.Import)
	if text, ok := importRefusal(r.l, err); ok {
		return r.notice(text)
	}
	if err != nil {
		return r.fail("get import", err)
	}
	if imp.Status != importer.Checked {
		return r.showImport(imp, 0, 0)
	}
	text, kb := reportScreen(r.l, imp, importer.DupPolicy(a.Dup))
	_, err = r.show(text, kb)
	return err
}

// dupChoices are the duplicate choices with their buttons and meanings.
var dupChoices = []struct {
	dup           importer.DupPolicy
	label, detail i18n.Text
}{
	{importer.DupSkip, i18n.Text{ZH: "跳过", EN: "Skip"},
		i18n.Text{ZH: "已有客户及该行的联系人保持不变（联系人、合作记录、拜访工作表中的新记录仍会添加）", EN: "existing clients and that row's contacts stay as they are (new rows of the contacts, deals and visits sheets are still added)"}},
	{importer.DupFill, i18n.Text{ZH: "补全空字段", EN: "Fill empty fields"},
		i18n.Text{ZH: "只填写已有客户的空白字段", EN: "only the existing client's empty fields are filled"}},
	{importer.DupOverwrite, i18n.Text{ZH: "覆盖", EN: "Overwrite"},
		i18n.Text{ZH: "用文件中的非空值替换已有客户的资料", EN: "the file's non-empty values replace the existing client's"}},
	{importer.DupCreate, i18n.Text{ZH: "仍然新建", EN: "Create anyway"},
		i18n.Text{ZH: "即使重复也新建客户", EN: "a new client is created even so"}},
}

// reportScreen is the dry run's result: what the import would do, its
// duplicates and row errors, and the choices before the confirm.
func reportScreen(l i18n.Lang, imp importer.Import, dup importer.DupPolicy) (string, *telegram.Keyboard) {
	rep := imp.Report
	var b strings.Builder
	fmt.Fprintf(&b, l.T("🧪 <b>试运行结果：%s</b>\n台账尚未改动。\n\n", "🧪 <b>Dry run of %s</b>\nNothing has been changed yet.\n\n"), esc(imp.FileName))
	fmt.Fprintf(&b, l.T("共 %s 行：\n• 新建客户 %s\n• 更新已有客户 %s\n• 跳过 %s\n• 有错误 %s（不会导入）\n",
		"%s rows:\n• %s create a client\n• %s update an existing client\n• %s skipped\n• %s with errors (left out)\n"),
		thousands(rep.Rows), thousands(rep.Create), thousands(rep.Update), thousands(rep.Skip), thousands(rep.Errors))
	fmt.Fprintf(&b, l.T("将添加：联系人 %s · 合作记录 %s · 拜访记录 %s\n", "To add: %s contacts · %s deals · %s visits\n"),
		thousands(rep.Contacts), thousands(rep.Deals), thousands(rep.Visits))
	if rep.Receivables+rep.Payments > 0 {
		fmt.Fprintf(&b, l.T("其中合作记录：带回款到期日的应收 %s 笔 · 带已回款的 %s 笔（各记一笔回款）\n",
			"Of those deals: %s with a due date (a receivable) · %s with an amount paid (recorded as one payment each)\n"),
			thousands(rep.Receivables), thousands(rep.Payments))
	}
	if rep.Update > 0 {
		fmt.Fprintf(&b, l.T("已有客户中，选「补全空字段」会改动 %s 个，选「覆盖」会改动 %s 个；其余与台账一致，不会改动。\n",
			"Of the existing clients, “fill empty fields” would change %s and “overwrite” %s; the rest already match the ledger and stay as they are.\n"),
			thousands(rep.UpdateFill), thousands(rep.UpdateOverwrite))
	}
	if rep.DupLedger+rep.DupSimilar+rep.DupFile+rep.Merged > 0 {
		b.WriteString(l.T("\n<b>重复</b>\n", "\n<b>Duplicates</b>\n"))
		if rep.DupLedger > 0 {
			fmt.Fprintf(&b, l.T("• 与台账中已有客户相同 %s 行（客户编号 %s · 名称 %s · 电话 %s）\n",
				"• %s rows match an existing client (by client ID %s · name %s · phone %s)\n"),
				thousands(rep.DupLedger), thousands(rep.ByID), thousands(rep.ByName), thousands(rep.ByPhone))
		}
		if rep.DupFile > 0 {
			fmt.Fprintf(&b, l.T("• 文件内重复 %s 行（与前面某行是同一客户，但内容不同）\n", "• %s rows repeat an earlier row's client with other values\n"), thousands(rep.DupFile))
		}
		if rep.Merged > 0 {
			fmt.Fprintf(&b, l.T("• %s 行是同一客户的更多联系人，已合并\n", "• %s rows add contacts to an earlier row's client and were merged\n"), thousands(rep.Merged))
		}
		if rep.DupSimilar > 0 {
			fmt.Fprintf(&b, l.T("• 与已有客户名称相似 %s 行（仍会新建，请留意）：", "• %s rows have a name like an existing client's (still created; take a look):"), thousands(rep.DupSimilar))
			for i, s := range rep.Similar {
				if i == 3 {
					b.WriteString(" …")
					break
				}
				fmt.Fprintf(&b, " %s ≈ %s;", esc(clip(s.Name, 20)), esc(clip(s.Client, 20)))
			}
			b.WriteString("\n")
		}
	}
	if len(rep.UnknownOwners) > 0 {
		rule := l.T("记为行错误", "row errors")
		if ownersOf(imp) == importer.OwnersImporter {
			rule = l.T("归导入人（您）", "owned by you, the importer")
		}
		names := make([]string, 0, len(rep.UnknownOwners))
		for _, n := range rep.UnknownOwners {
			names = append(names, esc(clip(n, 20)))
		}
		fmt.Fprintf(&b, l.T("\n<b>团队中找不到的负责人</b>（%s）：%s\n", "\n<b>Owners not in the team</b> (%s): %s\n"), rule, strings.Join(names, l.T("、", ", ")))
	}
	if rep.Errors > 0 {
		fmt.Fprintf(&b, l.T("\n<b>错误</b>（前 %d 条，共 %s 行）\n", "\n<b>Errors</b> (the first %d, of %s rows)\n"), min(problemsShown, len(rep.Problems)), thousands(rep.Errors))
		for i, p := range rep.Problems {
			if i == problemsShown {
				break
			}
			b.WriteString(problemLine(l, p))
		}
		b.WriteString(l.T("完整的错误明细见随后发送的文件。\n", "The file that follows lists every error.\n"))
	}
	kb := telegram.NewKeyboard()
	if rep.Update > 0 || rep.DupLedger > 0 {
		b.WriteString(l.T("\n<b>与已有客户重复的行怎么处理？</b>\n", "\n<b>What should rows matching an existing client do?</b>\n"))
		var cells []string
		for _, c := range dupChoices {
			label := c.label.In(l)
			if c.dup == dup {
				label = "✓ " + label
				fmt.Fprintf(&b, "<b>%s</b>：%s\n", c.label.In(l), c.detail.In(l))
			}
			cells = append(cells, label, callback.ImportReport{Import: imp.ID, Dup: string(c.dup)}.Data())
		}
		kb.Grid(2, cells...)
	}
	if len(rep.UnknownOwners) > 0 {
		if ownersOf(imp) == importer.OwnersImporter {
			kb.Row(l.T("👤 找不到的负责人改为记为错误", "👤 Make unknown owners row errors"), callback.ImportDryRun{Import: imp.ID, Owners: string(importer.OwnersError)}.Data())
		} else {
			kb.Row(l.T("👤 找不到的负责人改为归我", "👤 Make me the owner of those"), callback.ImportDryRun{Import: imp.ID, Owners: string(importer.OwnersImporter)}.Data())
		}
	}
	kb.Row(l.T("✏️ 修改列的对应", "✏️ Change the mapping"), callback.ImportShow{Import: imp.ID}.Data())
	kb.Row(l.T("✅ 确认导入", "✅ Confirm import"), callback.ImportConfirm{Import: imp.ID, Dup: string(dup)}.Data(),
		l.T("✖ 取消", "✖ Cancel"), callback.ImportCancel{Import: imp.ID}.Data())
	return b.String(), kb
}

// problemLine is one row error: "• 客户 第 5 行 · 电话「12345」：why".
func problemLine(l i18n.Lang, p importer.Problem) string {
	where := l.F("%s 第 %d 行", "%s row %d", esc(clip(p.Sheet, 20)), p.Row)
	if p.Column != "" {
		where += " · " + esc(clip(p.Column, 20))
		if p.Value != "" {
			where += l.F("「%s」", " “%s”", esc(clip(p.Value, 30)))
		}
	}
	return l.F("• %s：%s\n", "• %s: %s\n", where, esc(clip(p.Why, 120)))
}

// importConfirm starts the commit: the report loses its buttons (it stays
// as the record of what was checked), a progress message follows, and the
// runner takes the import up in the background.
func (r *req) importConfirm(a callback.ImportConfirm) error {
	imp, err := r.a.imports.Confirm(r.ctx, r.me.Actor(), a.Import, importer.DupPolicy(a.Dup))
	if text, ok := importRefusal(r.l, err); ok {
		return r.notice(text)
	}
	if err != nil {
		return r.fail("confirm import", err)
	}
	if r.ev.MsgID != 0 {
		if err := r.a.out.dropButtons(r.ctx, r.ev.ChatID, r.ev.MsgID); err != nil {
			return err
		}
	}
	id, err := r.a.out.send(r.ctx, r.ev.ChatID, progressText(r.l, imp, 0), nil)
	if err != nil {
		return err
	}
	if err := r.a.imports.SetProgressMessage(r.ctx, imp.ID, id); err != nil {
		return r.fail("store import progress message", err)
	}
	r.a.runner.kick()
	return nil
}

// importCancel drops an import that was not confirmed.
func (r *req) importCancel(a callback.ImportCancel) error {
	err := r.a.imports.Cancel(r.ctx, r.me.Actor(), a.Import)
	if errors.Is(err, importer.ErrState) {
		return r.reshowImport(a.Import)
	}
	if text, ok := importRefusal(r.l, err); ok {
		return r.notice(text)
	}
	if err != nil {
		return r.fail("cancel import", err)
	}
	_, err = r.show(r.l.T("已取消导入，台账没有任何改动。", "Import cancelled; nothing in the ledger was changed."), telegram.NewKeyboard())
	return err
}

// dropButtons removes a message's inline keyboard, keeping its text.
func (s *sender) dropButtons(ctx context.Context, chatID, msgID int64) error {
	_, err := s.tg.EditMessageReplyMarkup(ctx, &tgbot.EditMessageReplyMarkupParams{ChatID: chatID, MessageID: int(msgID),
		ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}})
	return s.classify("editMessageReplyMarkup", err)
}
