package export

import (
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/churn"
	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// clientRow is one row of the clients sheet: the client with its owner,
// its primary contact (else its first) and its open churn episode.
type clientRow struct {
	l                                                        i18n.Lang
	ID                                                       int64
	Team, Name, Industry, Size, Tier, Stage, Region, Address string
	Source, Owner, Needs, RiskNote                           string
	ContactName, ContactPosition, ContactPhone, ContactEmail string
	ContactBirthday, LastContact, NextReview                 *time.Time
	AtRisk                                                   bool
	Reasons                                                  []churn.Reason
	Created                                                  time.Time
}

// clientsSQL reads the clients of a scope's condition (%s), in id order.
const clientsSQL = `SELECT c.id, t.name, c.name, c.industry, coalesce(c.size, ''), c.tier, c.stage, c.region, c.address,
	c.source, coalesce(o.name, ''), c.needs, c.risk_note,
	coalesce(p.name, ''), coalesce(p.position, ''), coalesce(p.phone, ''), coalesce(p.email, ''), p.birthday,
	c.last_contact_at, c.next_review_on, e.id IS NOT NULL, coalesce(e.reasons, '[]'), c.created_at
FROM clients c
JOIN teams t ON t.id = c.team_id
LEFT JOIN staff o ON o.id = c.owner_id
LEFT JOIN LATERAL (SELECT name, position, phone, email, birthday FROM contacts
	WHERE client_id = c.id ORDER BY is_primary DESC, id LIMIT 1) p ON true
LEFT JOIN churn_episodes e ON e.client_id = c.id AND e.ended_on IS NULL
WHERE %s
ORDER BY c.id`

// scan reads a row of clientsSQL; the timestamps become days in loc.
func (r *clientRow) scan(rows pgx.Rows, loc *time.Location) error {
	r.Reasons = r.Reasons[:0]
	err := rows.Scan(&r.ID, &r.Team, &r.Name, &r.Industry, &r.Size, &r.Tier, &r.Stage, &r.Region, &r.Address,
		&r.Source, &r.Owner, &r.Needs, &r.RiskNote,
		&r.ContactName, &r.ContactPosition, &r.ContactPhone, &r.ContactEmail, &r.ContactBirthday,
		&r.LastContact, &r.NextReview, &r.AtRisk, &r.Reasons, &r.Created)
	r.LastContact, r.Created = day(r.LastContact, loc), dates.Today(r.Created, loc)
	return err
}

// clientCells writes the template's client fields.
var clientCells = map[sheet.Field]cell[clientRow]{
	sheet.ClientID:        {typ: sheet.Int, width: 10, value: func(r *clientRow) any { return r.ID }},
	sheet.ClientName:      text(28, func(r *clientRow) string { return r.Name }),
	sheet.Industry:        text(14, func(r *clientRow) string { return r.Industry }),
	sheet.Size:            text(10, func(r *clientRow) string { return label(r.l, i18n.Size, r.Size) }),
	sheet.Tier:            text(10, func(r *clientRow) string { return label(r.l, i18n.Tier, r.Tier) }),
	sheet.Stage:           text(10, func(r *clientRow) string { return label(r.l, i18n.Stage, r.Stage) }),
	sheet.Region:          text(12, func(r *clientRow) string { return r.Region }),
	sheet.Address:         text(30, func(r *clientRow) string { return r.Address }),
	sheet.Source:          text(12, func(r *clientRow) string { return r.Source }),
	sheet.Owner:           text(10, func(r *clientRow) string { return r.Owner }),
	sheet.ContactName:     text(10, func(r *clientRow) string { return r.ContactName }),
	sheet.ContactPosition: text(10, func(r *clientRow) string { return r.ContactPosition }),
	sheet.ContactPhone:    text(15, func(r *clientRow) string { return r.ContactPhone }),
	sheet.ContactEmail:    text(22, func(r *clientRow) string { return r.ContactEmail }),
	sheet.ContactBirthday: date(func(r *clientRow) *time.Time { return r.ContactBirthday }),
	sheet.Needs:           text(30, func(r *clientRow) string { return r.Needs }),
	// 信用/风险: what the ledger keeps as the client's risk note.
	sheet.Credit:      text(24, func(r *clientRow) string { return r.RiskNote }),
	sheet.LastContact: date(func(r *clientRow) *time.Time { return r.LastContact }),
	sheet.NextReview:  date(func(r *clientRow) *time.Time { return r.NextReview }),
}

// clientExtras follow the template's columns: what the ledger knows and an
// import does not set.
func clientExtras(allTeams bool) []extra[clientRow] {
	xs := []extra[clientRow]{
		{i18n.Text{ZH: "流失风险", EN: "Churn risk"}, text(8, func(r *clientRow) string { return yesNo(r.l, r.AtRisk) })},
		{i18n.Text{ZH: "风险原因", EN: "Risk reasons"}, text(36, func(r *clientRow) string { return reasons(r.l, r.Reasons) })},
		{i18n.Text{ZH: "创建日期", EN: "Created"}, date(func(r *clientRow) *time.Time { return &r.Created })},
	}
	if allTeams {
		xs = append(xs, extra[clientRow]{i18n.Text{ZH: "团队", EN: "Team"}, text(12, func(r *clientRow) string { return r.Team })})
	}
	return xs
}

// reasons explains an open churn episode in one line.
func reasons(l i18n.Lang, rs []churn.Reason) string {
	parts := make([]string, 0, len(rs))
	for _, r := range rs {
		parts = append(parts, r.Text(string(l)))
	}
	return strings.Join(parts, l.T("；", "; "))
}

// yesNo is 是 or 否.
func yesNo(l i18n.Lang, b bool) string {
	if b {
		return l.T("是", "yes")
	}
	return l.T("否", "no")
}

// label names an enumeration value in l; "" stays empty.
func label(l i18n.Lang, e i18n.Enum, v string) string {
	if v == "" {
		return ""
	}
	return l.Label(e, v)
}

// day is a timestamp's calendar day in loc, nil for nil.
func day(t *time.Time, loc *time.Location) *time.Time {
	if t == nil {
		return nil
	}
	d := dates.Today(*t, loc)
	return &d
}
