package importer

import (
	"strconv"
	"strings"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// parser turns the rows of one import's sheets into import_rows records.
type parser struct {
	staff    map[string]int64 // staffKey(name or username) -> id, the team's active members
	today    time.Time        // the team's today at 00:00 UTC: a payment is not received after it
	owners   OwnerPolicy
	unknown  map[string]bool // owner and author names not found
	unknownN []string
}

// record is one import_rows row before the database classifies it.
type record struct {
	data   rowData
	fields map[string]string
	errs   []rowError
	refID  int64
	phones []string
}

func (r *record) fail(col int, value, zh, en string) {
	r.errs = append(r.errs, rowError{Col: col, Value: value, ZH: zh, EN: en})
}

func (r *record) failW(col int, value string, w msg) { r.fail(col, value, w.zh, w.en) }

// parse reads one data row of a sheet mapped by plan.
func (p *parser) parse(plan SheetPlan, row sheet.Row) record {
	r := record{fields: map[string]string{}}
	contacts := map[int]*contactData{}
	contactCol := map[int]int{} // slot -> a column of it, for errors
	slot := func(n, col int) *contactData {
		if contacts[n] == nil {
			contacts[n] = &contactData{}
			contactCol[n] = col
		}
		return contacts[n]
	}
	nameCol := -1
	var deal dealData
	rc := newReceivable()
	var vis visitData
	dealDate, visitDate, amountCol := -1, -1, -1
	for i, col := range plan.Columns {
		c := row.Cell(i)
		v := c.Text
		switch col.Field {
		case "":
		case sheet.ClientID:
			if v != "" {
				id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(v), "#"), 10, 64)
				if err != nil || id <= 0 {
					r.fail(i, v, "客户编号应为数字", "the client number must be a number")
				} else {
					r.refID = id
				}
			}
		case sheet.ClientName:
			nameCol = i
			if v != "" {
				name, err := client.CheckName(v)
				if err != nil {
					r.failW(i, v, textWhy(err, client.MaxName))
				}
				r.data.Name = name
			}
		case sheet.Industry, sheet.Region, sheet.Address, sheet.Source, sheet.Needs, sheet.Credit:
			key := textKey(col.Field)
			t, err := client.CheckField(key, v)
			if err != nil {
				r.failW(i, v, textWhy(err, maxOf(key)))
			} else if t != "" {
				r.fields[key] = t
			}
		case sheet.Size, sheet.Tier, sheet.Stage:
			if v == "" {
				continue
			}
			e, err := parseEnum(col.Field, v)
			if err != nil {
				r.failW(i, v, enumWhy(col.Field))
			} else {
				r.fields[strings.TrimPrefix(string(col.Field), "client.")] = e
			}
		case sheet.Owner:
			if v == "" {
				continue
			}
			if id, ok := p.person(v); ok {
				r.fields["owner_id"] = strconv.FormatInt(id, 10)
			} else if p.owners != OwnersImporter {
				r.fail(i, v, "负责人不是本团队的在职成员", "the owner is no active member of the team")
			}
		case sheet.LastContact, sheet.NextReview:
			if v == "" {
				continue
			}
			d, err := sheet.ParseDate(c)
			if err != nil {
				r.failW(i, v, dateWhy())
				continue
			}
			key := "last_contact_at"
			if col.Field == sheet.NextReview {
				key = "next_review_on"
			}
			r.fields[key] = d.Format(time.DateOnly)
		case sheet.ContactName, sheet.ContactPosition, sheet.ContactPhone, sheet.ContactEmail, sheet.ContactBirthday:
			if v == "" {
				continue
			}
			p.contactField(&r, slot(col.Slot, i), col.Field, i, c)
		case sheet.DealDate, sheet.VisitDate:
			if v == "" {
				continue
			}
			d, err := sheet.ParseDate(c)
			if err != nil {
				r.failW(i, v, dateWhy())
				continue
			}
			if col.Field == sheet.DealDate {
				deal.On, dealDate = d.Format(time.DateOnly), i
			} else {
				vis.On, visitDate = d.Format(time.DateOnly), i
			}
		case sheet.DealAmount:
			amountCol = i
			if v == "" {
				continue
			}
			amount, err := sheet.ParseAmountIn(v, amountUnit(plan, i))
			if err == nil {
				amount, err = client.ParseAmount(amount)
			}
			if err != nil {
				r.fail(i, v, "金额无法识别（应大于 0，如 12500 或 1.2万）", "not an amount (more than 0, such as 12500 or 1.2万)")
			}
			deal.Amount = amount
		case sheet.DealInvoiced, sheet.DealDueOn, sheet.DealPaid, sheet.DealPaidOn:
			rc.read(&r, plan, i, col.Field, c)
		case sheet.DealDescription:
			t, err := client.CheckDealText(v)
			if err != nil {
				r.failW(i, v, textWhy(err, client.MaxDealText))
			}
			deal.Description = t
		case sheet.VisitKind:
			if v == "" {
				continue
			}
			k, err := sheet.ParseVisitKind(v)
			if err != nil {
				r.failW(i, v, enumWhy(col.Field))
			}
			vis.Kind = k
		case sheet.VisitNotes:
			t, err := client.CleanText(v, true)
			if err == nil && len([]rune(t)) > visit.MaxNotes {
				err = client.ErrTooLong
			}
			if err != nil {
				r.failW(i, v, textWhy(err, visit.MaxNotes))
			}
			vis.Notes = t
		case sheet.VisitAuthor:
			if v == "" {
				continue
			}
			if id, ok := p.person(v); ok {
				vis.AuthorID = id
			} else if p.owners != OwnersImporter {
				r.fail(i, v, "拜访人不是本团队的在职成员", "the visitor is no active member of the team")
			}
		}
	}
	p.finish(&r, plan.Kind, nameCol, contacts, contactCol)
	switch plan.Kind {
	case sheet.Deals:
		if deal.On == "" {
			r.fail(dealDate, "", "缺少成交日期", "the deal date is missing")
		}
		if deal.Amount == "" && (amountCol < 0 || !hasErrAt(r.errs, amountCol)) {
			r.fail(amountCol, "", "缺少金额", "the amount is missing")
		}
		rc.settle(&r, &deal, p.today)
		r.data.Deal = &deal
	case sheet.Visits:
		if vis.On == "" {
			r.fail(visitDate, "", "缺少拜访日期", "the visit date is missing")
		}
		if vis.Kind == "" {
			vis.Kind = string(visit.Other)
		}
		r.data.Visit = &vis
	}
	return r
}

// finish checks what a row needs as a whole: a client name (or number),
// contacts with names, and the phones the duplicate check compares.
func (p *parser) finish(r *record, kind sheet.Kind, nameCol int, contacts map[int]*contactData, contactCol map[int]int) {
	if r.data.Name == "" && (kind == sheet.Clients || r.refID == 0) && !hasErrAt(r.errs, nameCol) {
		r.fail(nameCol, "", "缺少客户名称", "the client name is missing")
	}
	for n := 0; n <= 9; n++ {
		c := contacts[n]
		if c == nil {
			continue
		}
		if c.Name == "" {
			if *c == (contactData{}) {
				continue
			}
			r.fail(contactCol[n], "", "联系人缺少姓名", "the contact has no name")
			continue
		}
		r.data.Contacts = append(r.data.Contacts, *c)
		if d := digits(c.Phone); len(d) >= 7 {
			r.phones = append(r.phones, tail(d))
		}
	}
	if kind == sheet.Contacts && len(r.data.Contacts) == 0 && len(r.errs) == 0 {
		r.fail(-1, "", "缺少联系人姓名", "the contact's name is missing")
	}
}

// contactField reads one contact cell into c.
func (p *parser) contactField(r *record, c *contactData, f sheet.Field, col int, cell sheet.Cell) {
	v := cell.Text
	var err error
	switch f {
	case sheet.ContactName:
		if c.Name, err = client.CheckContactName(v); err != nil {
			r.failW(col, v, textWhy(err, client.MaxContact))
		}
	case sheet.ContactPosition:
		if c.Position, err = client.CheckPosition(v); err != nil {
			r.failW(col, v, textWhy(err, client.MaxContact))
		}
	case sheet.ContactPhone:
		phone, err := sheet.ParsePhone(v)
		if err == nil {
			phone, err = client.CheckPhone(phone)
		}
		if err != nil {
			r.fail(col, v, "电话号码无法识别（5 到 20 位数字）", "not a phone number (5 to 20 digits)")
		}
		c.Phone = phone
	case sheet.ContactEmail:
		if c.Email, err = client.CheckEmail(v); err != nil {
			r.fail(col, v, "邮箱格式不对（如 name@example.com）", "not an email address (such as name@example.com)")
		}
	case sheet.ContactBirthday:
		d, err := sheet.ParseDate(cell)
		if err != nil {
			r.failW(col, v, dateWhy())
			return
		}
		c.Birthday = d.Format(time.DateOnly)
	}
}

// person finds an active team member by name or username.
func (p *parser) person(name string) (int64, bool) {
	k := staffKey(strings.TrimPrefix(strings.TrimSpace(name), "@"))
	if id, ok := p.staff[k]; ok {
		return id, true
	}
	if !p.unknown[k] {
		p.unknown[k] = true
		if len(p.unknownN) < 20 {
			p.unknownN = append(p.unknownN, strings.TrimSpace(name))
		}
	}
	return 0, false
}

func hasErrAt(errs []rowError, col int) bool {
	for _, e := range errs {
		if e.Col == col {
			return true
		}
	}
	return false
}

func parseEnum(f sheet.Field, v string) (string, error) {
	switch f {
	case sheet.Size:
		return sheet.ParseSize(v)
	case sheet.Tier:
		return sheet.ParseTier(v)
	}
	return sheet.ParseStage(v)
}

// textKey is the clients column of a text field.
func textKey(f sheet.Field) string {
	if f == sheet.Credit {
		return "risk_note"
	}
	return strings.TrimPrefix(string(f), "client.")
}

func maxOf(key string) int {
	switch key {
	case "industry":
		return client.MaxIndustry
	case "region":
		return client.MaxRegion
	case "address":
		return client.MaxAddress
	case "source":
		return client.MaxSource
	}
	return client.MaxLongText
}

// digits returns the ASCII digits of s; tail its last 11, the part of a
// phone number the ledger compares (as client.Duplicates does).
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func tail(d string) string {
	if len(d) > 11 {
		return d[len(d)-11:]
	}
	return d
}

// amountUnit is the magnitude the header of column i of plan gives its
// amounts (sheet.AmountUnit): 10000 under 金额（万元）.
func amountUnit(plan SheetPlan, i int) int64 {
	if i < len(plan.Headers) {
		return sheet.AmountUnit(plan.Headers[i])
	}
	return 1
}
