package chat

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/importer"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// thousands writes n with thousands separators: 12,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// durationText is a short time left: "44 秒", "3 分 20 秒", "1 小时 5 分".
func durationText(l i18n.Lang, d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	switch {
	case s < 60:
		return l.F("%d 秒", "%d s", s)
	case s < 3600:
		return l.F("%d 分 %d 秒", "%d min %d s", s/60, s%60)
	}
	return l.F("%d 小时 %d 分", "%d h %d min", s/3600, s%3600/60)
}

// summaryText is what a finished import did.
func summaryText(l i18n.Lang, imp importer.Import) string {
	s := imp.Summary
	var b strings.Builder
	b.WriteString(l.F("✅ <b>导入完成</b>：%s\n", "✅ <b>Import done</b>: %s\n", esc(imp.FileName)))
	b.WriteString(l.F("客户：新建 %s · 更新 %s · 跳过 %s\n", "Clients: %s created · %s updated · %s skipped\n",
		thousands(s.Created), thousands(s.Updated), thousands(s.Skipped)))
	b.WriteString(l.F("新增联系人 %s · 交易 %s · 拜访 %s\n", "Added %s contacts · %s deals · %s visits\n",
		thousands(s.Contacts), thousands(s.Deals), thousands(s.Visits)))
	if s.Payments > 0 {
		b.WriteString(l.F("记入回款 %s 笔\n", "Recorded %s payments\n", thousands(s.Payments)))
	}
	if s.Failed > 0 {
		b.WriteString(l.F("⚠️ %s 行未能写入台账（数据不符合要求）。\n", "⚠️ %s rows could not be written (the ledger refused a value).\n", thousands(s.Failed)))
	}
	b.WriteString(l.T("发送客户名称即可查找导入的客户。如有问题，可以撤销本次导入。",
		"Send a client's name to find the imported clients. If something is wrong, you can undo this import."))
	return b.String()
}

// xlsText is the answer to an .xls workbook: how to save it as .xlsx.
func xlsText(l i18n.Lang) string {
	return l.T("这是旧版 Excel 格式（.xls），无法直接导入。请在 Excel 或 WPS 中打开它，选择 文件 → 另存为 → Excel 工作簿 (*.xlsx)，然后把新文件发给我。",
		"That is an old Excel workbook (.xls), which cannot be imported as it is. Open it in Excel or WPS, choose File → Save As → Excel Workbook (*.xlsx), and send me the new file.")
}

// whatToSend is the line that says which files the import takes.
func whatToSend(l i18n.Lang) string {
	return l.F("请发送 .xlsx（Excel/WPS 工作簿）或 .csv 文件，最大 %d MB，每个工作表最多 %s 行。发送 /import 查看说明和模板。",
		"Please send an .xlsx (Excel/WPS workbook) or a .csv file, up to %d MB, with up to %s rows per sheet. Send /import for the details and a template.",
		sheet.MaxFileSize>>20, thousands(sheet.MaxRows))
}

// onlyManagersImport is the answer to a salesperson's file or /import.
func onlyManagersImport(l i18n.Lang) string {
	return l.T("只有经理和管理员可以导入客户台账。如需导入，请把文件发给您的经理。",
		"Only managers and admins can import a ledger. Please send the file to your manager.")
}

// importRefusal is the sentence for an error of the file or of an import
// action the user can cause; ok is false for other errors (failures to
// retry or report).
func importRefusal(l i18n.Lang, err error) (text string, ok bool) {
	switch {
	case errors.Is(err, sheet.ErrXLS):
		return xlsText(l), true
	case errors.Is(err, sheet.ErrNotSpreadsheet):
		return l.T("这个文件不是电子表格，无法读取。", "That file is not a spreadsheet I can read.") + " " + whatToSend(l), true
	case errors.Is(err, sheet.ErrEmpty):
		return l.T("这个文件是空的，没有任何数据。", "That file is empty: there is no data in it.") + " " + whatToSend(l), true
	case errors.Is(err, sheet.ErrNoHeader):
		return l.T("没有找到表头：第一行（非空行）应是列名，例如 客户名称、联系人、电话。可以参考 /import 提供的模板。",
			"I found no header: the first non-blank row must name the columns, e.g. Client name, Contact, Phone. See the template /import offers."), true
	case errors.Is(err, sheet.ErrTooManyColumns):
		return l.F("列太多了：每个工作表最多 %d 列。请删掉不需要的列后再发送。",
			"Too many columns: a sheet may have up to %d. Please delete the columns you do not need and send it again.", sheet.MaxColumns), true
	case errors.Is(err, sheet.ErrTooManyRows):
		return l.F("行数太多了：每个工作表最多 %s 行。请拆分成几个文件分别导入。",
			"Too many rows: a sheet may have up to %s. Please split it into several files and import each.", thousands(sheet.MaxRows)), true
	case errors.Is(err, sheet.ErrTooLarge):
		return tooBigText(l), true
	case errors.Is(err, sheet.ErrEncrypted):
		return l.T("这个工作簿设置了密码，无法读取。请在 Excel/WPS 中取消密码保护后再发送。",
			"That workbook is password-protected, so I cannot read it. Remove the password in Excel/WPS and send it again."), true
	case errors.Is(err, access.ErrForbidden):
		return onlyManagersImport(l), true
	case errors.Is(err, importer.ErrNotFound):
		return l.T("找不到这个导入（可能不属于您）。", "That import does not exist (or is not yours)."), true
	case errors.Is(err, importer.ErrTeam):
		return l.T("这个团队不存在，请重新选择。", "That team does not exist; please choose again."), true
	case errors.Is(err, importer.ErrNothingToImport):
		return l.T("试运行没有发现可以导入的行，台账没有改动。请检查文件和列的对应关系。",
			"The dry run found no row to import; nothing was changed. Please check the file and how its columns map."), true
	case errors.Is(err, importer.ErrState):
		return l.T("这个导入已经进入下一步，这个按钮不再有作用。", "That import has moved on; this button does nothing now."), true
	case errors.Is(err, importer.ErrInvalid):
		return l.T("无效的选择，没有做任何修改。", "That choice is not valid; nothing was changed."), true
	}
	return "", false
}

// tooBigText is the answer to a file over the Bot API's download limit.
func tooBigText(l i18n.Lang) string {
	return l.F("文件太大了：机器人最多只能下载 %d MB 的文件。请删掉不需要的工作表或列，或拆分成几个文件后再发送；也可以另存为 .csv（通常小得多）。",
		"That file is too big: a bot can download files of up to %d MB. Delete the sheets or columns you do not need, or split it into several files; saving it as .csv also makes it much smaller.",
		sheet.MaxFileSize>>20)
}

// colLetter is a column's name as Excel shows it: A, B ... Z, AA ...
func colLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// columnTarget is what a column maps to, in words: "联系人电话 #2", "忽略".
func columnTarget(l i18n.Lang, c sheet.Column) string {
	if c.Field == "" {
		return l.T("忽略", "ignored")
	}
	label := sheet.Label(c.Field, l)
	if c.Field.IsContact() && c.Slot > 0 {
		label += fmt.Sprintf(" #%d", c.Slot+1)
	}
	return label
}
