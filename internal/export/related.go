package export

import (
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// contactRow is one row of the contacts sheet.
type contactRow struct {
	l                             i18n.Lang
	ClientID                      int64
	Client, Name, Position, Phone string
	Email                         string
	Birthday                      *time.Time
	Primary                       bool
}

// contactsSQL reads the contacts of the clients of a scope's condition
// (%s), by client, the primary contact first.
const contactsSQL = `SELECT c.id, c.name, ct.name, ct.position, ct.phone, ct.email, ct.birthday, ct.is_primary
FROM contacts ct JOIN clients c ON c.id = ct.client_id
WHERE %s
ORDER BY c.id, ct.is_primary DESC, ct.id`

func (r *contactRow) scan(rows pgx.Rows, _ *time.Location) error {
	return rows.Scan(&r.ClientID, &r.Client, &r.Name, &r.Position, &r.Phone, &r.Email, &r.Birthday, &r.Primary)
}

var contactCells = map[sheet.Field]cell[contactRow]{
	sheet.ClientID:        {typ: sheet.Int, width: 10, value: func(r *contactRow) any { return r.ClientID }},
	sheet.ClientName:      text(28, func(r *contactRow) string { return r.Client }),
	sheet.ContactName:     text(10, func(r *contactRow) string { return r.Name }),
	sheet.ContactPosition: text(10, func(r *contactRow) string { return r.Position }),
	sheet.ContactPhone:    text(15, func(r *contactRow) string { return r.Phone }),
	sheet.ContactEmail:    text(22, func(r *contactRow) string { return r.Email }),
	sheet.ContactBirthday: date(func(r *contactRow) *time.Time { return r.Birthday }),
}

var contactExtras = []extra[contactRow]{
	{i18n.Text{ZH: "主要联系人", EN: "Primary"}, text(8, func(r *contactRow) string { return yesNo(r.l, r.Primary) })},
}

// dealRow is one row of the deals sheet, with its receivable: the amount
// invoiced (nil: the deal's amount, left empty as the import reads it),
// the due date, the payments' sum and the day of the latest.
type dealRow struct {
	ClientID            int64
	Client              string
	On                  time.Time
	Amount, Description string // Amount: decimal text, two places
	Invoiced, Paid      *string
	DueOn, PaidOn       *time.Time
}

// dealsSQL reads every deal of the clients of a scope's condition (%s), by
// client and date: deals are the cooperation history, not a period's. The
// payments of a deal are summed by its index (deal_payments_deal_idx).
const dealsSQL = `SELECT c.id, c.name, d.deal_on, d.amount::text, d.description, d.invoiced::text, d.due_on,
	p.paid::text, p.paid_on
FROM deals d JOIN clients c ON c.id = d.client_id
LEFT JOIN LATERAL (SELECT sum(amount) AS paid, max(paid_on) AS paid_on FROM deal_payments WHERE deal_id = d.id) p ON true
WHERE %s
ORDER BY c.id, d.deal_on, d.id`

func (r *dealRow) scan(rows pgx.Rows, _ *time.Location) error {
	return rows.Scan(&r.ClientID, &r.Client, &r.On, &r.Amount, &r.Description, &r.Invoiced, &r.DueOn, &r.Paid, &r.PaidOn)
}

var dealCells = map[sheet.Field]cell[dealRow]{
	sheet.ClientID:        {typ: sheet.Int, width: 10, value: func(r *dealRow) any { return r.ClientID }},
	sheet.ClientName:      text(28, func(r *dealRow) string { return r.Client }),
	sheet.DealDate:        date(func(r *dealRow) *time.Time { return &r.On }),
	sheet.DealAmount:      {typ: sheet.Number, width: 14, value: func(r *dealRow) any { return r.Amount }},
	sheet.DealDescription: text(40, func(r *dealRow) string { return r.Description }),
	sheet.DealInvoiced:    {typ: sheet.Number, width: 14, value: func(r *dealRow) any { return r.Invoiced }},
	sheet.DealDueOn:       date(func(r *dealRow) *time.Time { return r.DueOn }),
	// All that was received, under one 已回款 with the latest payment's
	// day: the ledger's own shape. A re-import recognises the deal and
	// adds nothing; into an empty ledger it becomes one payment of the sum.
	sheet.DealPaid:   {typ: sheet.Number, width: 14, value: func(r *dealRow) any { return r.Paid }},
	sheet.DealPaidOn: date(func(r *dealRow) *time.Time { return r.PaidOn }),
}
