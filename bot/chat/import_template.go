package chat

import (
	"bytes"
	"fmt"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// sendTemplate sends the import template: a sheet per kind, headers in the
// member's language, one example row each, the member as owner and visitor
// so that the example imports as it is.
func (r *req) sendTemplate() error {
	data, err := importTemplate(r.l, r.me.Name, r.a.now().In(r.a.loc))
	if err != nil {
		return r.fail("import template", err)
	}
	return r.sendFile(r.l.T("客户台账导入模板.xlsx", "ledger-import-template.xlsx"), data,
		r.l.T("📄 导入模板：每个工作表一行示例。填好后把文件发给我。", "📄 The import template, with one example row per sheet. Fill it in and send it back to me."))
}

// importTemplate writes the template workbook in l, with owner as the
// example's owner and visitor, dated around today.
func importTemplate(l i18n.Lang, owner string, today time.Time) ([]byte, error) {
	w := sheet.NewWriter()
	for _, k := range sheet.Kinds {
		fields := sheet.Fields(k)
		headers := sheet.TemplateHeaders(k, l)
		cols := make([]sheet.Col, len(fields))
		row := make([]any, len(fields))
		for i, f := range fields {
			cols[i] = sheet.Col{Header: headers[i], Type: templateType(f), Width: 16}
			row[i] = templateExample(l, f, owner, today)
		}
		if err := w.Sheet(sheet.SheetName(k, l), cols); err != nil {
			return nil, fmt.Errorf("template sheet %s: %w", k, err)
		}
		if err := w.Row(row...); err != nil {
			return nil, fmt.Errorf("template row %s: %w", k, err)
		}
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("write template: %w", err)
	}
	return buf.Bytes(), nil
}

// templateType is how the template stores a field's example.
func templateType(f sheet.Field) sheet.ColType {
	switch f {
	case sheet.LastContact, sheet.NextReview, sheet.ContactBirthday, sheet.DealDate, sheet.VisitDate,
		sheet.DealDueOn, sheet.DealPaidOn:
		return sheet.Date
	case sheet.DealAmount, sheet.DealInvoiced, sheet.DealPaid:
		return sheet.Number
	}
	return sheet.Text
}

// templateExample is the example value of a field; nil leaves it empty
// (a new client has no 客户编号).
func templateExample(l i18n.Lang, f sheet.Field, owner string, today time.Time) any {
	day := func(offset int) time.Time {
		y, m, d := today.AddDate(0, 0, offset).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	switch f {
	case sheet.ClientName:
		return l.T("华东精密机械有限公司", "Eastern Precision Machinery Co., Ltd.")
	case sheet.Industry:
		return l.T("制造业", "Manufacturing")
	case sheet.Size:
		return l.Label(i18n.Size, "medium")
	case sheet.Tier:
		return l.Label(i18n.Tier, "key")
	case sheet.Stage:
		return l.Label(i18n.Stage, "active")
	case sheet.Region:
		return l.T("上海", "Shanghai")
	case sheet.Address:
		return l.T("上海市浦东新区张江路 88 号", "88 Zhangjiang Rd, Pudong, Shanghai")
	case sheet.Source:
		return l.T("展会", "Trade fair")
	case sheet.Owner, sheet.VisitAuthor:
		return owner
	case sheet.Needs:
		return l.T("年底前采购一批数控机床", "Buying CNC machines before the year ends")
	case sheet.Credit:
		return l.T("良好", "Good")
	case sheet.LastContact:
		return day(-7)
	case sheet.NextReview:
		return day(30)
	case sheet.ContactName:
		return l.T("张伟", "Zhang Wei")
	case sheet.ContactPosition:
		return l.T("采购经理", "Purchasing manager")
	case sheet.ContactPhone:
		return "13800138000"
	case sheet.ContactEmail:
		return "zhang.wei@example.com"
	case sheet.ContactBirthday:
		return time.Date(1985, 5, 12, 0, 0, 0, 0, time.UTC)
	case sheet.DealDate:
		return day(-30)
	case sheet.DealAmount:
		return "128000.00"
	case sheet.DealDescription:
		return l.T("数控机床 2 台", "2 CNC machines")
	case sheet.DealInvoiced:
		return "128000.00"
	case sheet.DealDueOn:
		return day(30) // 60 days' credit from the deal
	case sheet.DealPaid:
		return "38400.00" // a 30% down payment
	case sheet.DealPaidOn:
		return day(-28)
	case sheet.VisitDate:
		return day(-7)
	case sheet.VisitKind:
		return l.Label(i18n.VisitKind, "onsite")
	case sheet.VisitNotes:
		return l.T("介绍新机型，客户有兴趣，下周报价", "Presented the new model; interested; quote next week")
	}
	return nil
}
