package chat

import (
	"errors"
	"log/slog"
	"path"
	"strings"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// canImport reports whether the member may bring a file into the ledger:
// a manager into their team, an admin into any.
func (r *req) canImport() bool {
	return r.me.Role == access.Admin || r.me.Role == access.Manager && r.me.TeamID != 0
}

// importHelp answers /import: what to send, the limits, and the template,
// with a way back to an unfinished import.
func (r *req) importHelp() error {
	if !r.canImport() {
		return r.say(onlyManagersImport(r.l))
	}
	l := r.l
	var b strings.Builder
	b.WriteString(l.T("📥 <b>导入客户台账</b>\n\n", "📥 <b>Import a client ledger</b>\n\n"))
	b.WriteString(l.T("把 Excel/WPS 工作簿（.xlsx）或 CSV 文件作为<b>文件</b>发给我即可。\n\n",
		"Send me an Excel/WPS workbook (.xlsx) or a CSV file <b>as a file</b>.\n\n"))
	b.WriteString(l.T("• 第一行是表头：客户名称、行业、规模、客户等级、阶段、地区、地址、来源、负责人、联系人、职务、电话、邮箱、生日、备注、信用、最近联系、下次复核……中英文列名和常见同义词都能识别，识别结果可以逐列修改。\n",
		"• The first row names the columns: Client name, Industry, Size, Tier, Stage, Region, Address, Source, Owner, Contact, Position, Phone, Email, Birthday, Notes, Credit, Last contact, Next review … Chinese and English names and their usual synonyms are recognised, and you can change each column's mapping.\n"))
	b.WriteString(l.T("• 一行一个客户；同一客户的多个联系人可以写成多行（客户名称相同），或写成额外的列（联系人2、电话2）。\n",
		"• One row per client; a client's further contacts as more rows with the same client name, or as extra columns (Contact 2, Phone 2).\n"))
	b.WriteString(l.T("• 合作记录（客户、日期、金额、说明，以及开票金额、回款到期日、已回款、回款日期）和拜访记录（客户、日期、方式、纪要）可以放在同一工作簿的其他工作表中，也可以单独发送。\n",
		"• Deals (client, date, amount, description, and the amount invoiced, due date, amount paid and payment date) and visits (client, date, kind, notes) may be further sheets of the workbook, or files of their own.\n"))
	b.WriteString(l.T("• CSV：UTF-8（有无 BOM 均可）或 GBK/GB18030（中文 Excel 默认），逗号、分号或制表符分隔。旧版 .xls 请先另存为 .xlsx。\n",
		"• CSV: UTF-8 (with or without BOM) or GBK/GB18030 (as Chinese Excel saves it), separated by commas, semicolons or tabs. Save an old .xls as .xlsx first.\n"))
	b.WriteString(l.F("• 限制：文件最大 %d MB，每个工作表最多 %s 行、%d 列。\n\n",
		"• Limits: up to %d MB a file, %s rows and %d columns a sheet.\n\n", sheet.MaxFileSize>>20, thousands(sheet.MaxRows), sheet.MaxColumns))
	b.WriteString(l.T("导入前总会先试运行：显示将新建、更新、跳过多少客户，重复和错误明细，确认后才写入台账，并且可以撤销。下面是模板文件。",
		"A dry run always comes first: how many clients will be created, updated or skipped, duplicates and errors; nothing is written until you confirm, and an import can be undone. The template follows."))
	var kb *telegram.Keyboard
	if imp, ok, err := r.a.imports.Latest(r.ctx, r.me.Actor()); err != nil {
		return r.fail("latest import", err)
	} else if ok {
		kb = telegram.NewKeyboard().Row(l.F("📂 继续未完成的导入：%s", "📂 Go on with %s", clip(imp.FileName, 30)),
			callback.ImportShow{Import: imp.ID}.Data())
	}
	if _, err := r.show(b.String(), kb); err != nil {
		return err
	}
	return r.sendTemplate()
}

// importDocument takes a file a member sent. What can be told from
// Telegram's description (size, an .xls name, not a spreadsheet at all) is
// answered without downloading; admins first choose the team.
func (r *req) importDocument(d Document) error {
	if !r.canImport() {
		return r.say(onlyManagersImport(r.l))
	}
	if text, ok := refuseDocument(r, d); !ok {
		return r.say(text)
	}
	if r.me.Role == access.Admin {
		return r.askImportTeam(d)
	}
	return r.beginImport(d, 0)
}

// refuseDocument checks what Telegram says of a file before it is fetched.
func refuseDocument(r *req, d Document) (string, bool) {
	if d.Size > sheet.MaxFileSize {
		return tooBigText(r.l), false
	}
	ext := strings.ToLower(path.Ext(d.FileName))
	switch {
	case ext == ".xls" || ext == ".et" || d.MIME == "application/vnd.ms-excel" && ext != ".csv":
		return xlsText(r.l), false
	case ext == ".xlsx" || ext == ".xlsm" || ext == ".csv" || ext == ".txt" || ext == ".tsv":
		return "", true
	case ext == "" && (d.MIME == "" || strings.Contains(d.MIME, "spreadsheet") || strings.HasPrefix(d.MIME, "text/") ||
		d.MIME == "application/octet-stream" || d.MIME == "application/zip"):
		return "", true // no name to go by: the content decides
	}
	return r.l.T("这个文件不是可以导入的表格。", "That file is not a spreadsheet I can import.") + " " + whatToSend(r.l), false
}

// beginImport downloads the file and stores it as a new import into team
// (0: the member's own), then shows how its columns map. It is keyed on the
// update, so an update run again after a crash finds the same import.
func (r *req) beginImport(d Document, team int64) error {
	data, _, err := telegram.Download(r.ctx, r.a.tg, d.FileID, sheet.MaxFileSize)
	switch {
	case errors.Is(err, telegram.ErrFileTooBig):
		return r.say(tooBigText(r.l))
	case err != nil && telegram.Transient(err):
		return r.fail("download import file", err) // retried by the intake
	case err != nil:
		r.a.log.Info("import file not downloaded", slog.Int64("staff_id", r.me.ID), slog.Any("error", err))
		return r.say(r.l.T("无法从 Telegram 下载这个文件，请重新发送。", "I could not download that file from Telegram; please send it again."))
	}
	name := d.FileName
	if name == "" {
		name = r.l.T("未命名文件", "unnamed file")
	}
	imp, err := r.a.imports.Begin(r.ctx, r.me.Actor(), team, r.ev.ChatID, name, data, r.key())
	if text, ok := importRefusal(r.l, err); ok {
		return r.say(text)
	}
	if err != nil {
		return r.fail("begin import", err)
	}
	return r.showImport(imp, 0, 0)
}
