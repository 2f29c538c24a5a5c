package export

import (
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// visitRow is one row of the visits sheet.
type visitRow struct {
	l                    i18n.Lang
	ClientID             int64
	Client, Kind, Author string
	Notes, Outcome       string
	At                   time.Time // the day, in the team's zone
}

// visitsSQL reads the visits of the period (visited_at in [$1, $2)) to the
// clients of a scope's condition (%s), oldest first.
const visitsSQL = `SELECT c.id, c.name, v.visited_at, v.kind, coalesce(a.name, ''), v.notes, v.outcome
FROM visits v JOIN clients c ON c.id = v.client_id LEFT JOIN staff a ON a.id = v.author_id
WHERE v.visited_at >= $1 AND v.visited_at < $2 AND %s
ORDER BY v.visited_at, v.id`

func (r *visitRow) scan(rows pgx.Rows, loc *time.Location) error {
	err := rows.Scan(&r.ClientID, &r.Client, &r.At, &r.Kind, &r.Author, &r.Notes, &r.Outcome)
	r.At = dates.Today(r.At, loc)
	return err
}

var visitCells = map[sheet.Field]cell[visitRow]{
	sheet.ClientID:    {typ: sheet.Int, width: 10, value: func(r *visitRow) any { return r.ClientID }},
	sheet.ClientName:  text(28, func(r *visitRow) string { return r.Client }),
	sheet.VisitDate:   date(func(r *visitRow) *time.Time { return &r.At }),
	sheet.VisitKind:   text(10, func(r *visitRow) string { return label(r.l, i18n.VisitKind, r.Kind) }),
	sheet.VisitNotes:  text(50, func(r *visitRow) string { return r.Notes }),
	sheet.VisitAuthor: text(10, func(r *visitRow) string { return r.Author }),
}

var visitExtras = []extra[visitRow]{
	{i18n.Text{ZH: "拜访结果", EN: "Outcome"}, text(30, func(r *visitRow) string { return r.Outcome })},
}

// feedbackRow is one row of the feedback sheet.
type feedbackRow struct {
	l                              i18n.Lang
	ClientID                       int64
	Client, Kind, Severity, Status string
	Assignee, Body, Resolution     string
	At, Due                        time.Time // days; At in the team's zone
}

// feedbackSQL reads the feedback recorded in the period (created_at in
// [$1, $2)) on the clients of a scope's condition (%s), oldest first.
const feedbackSQL = `SELECT c.id, c.name, f.created_at, f.kind, f.severity, f.status, coalesce(s.name, ''), f.due_on,
	f.body, f.resolution
FROM feedback f JOIN clients c ON c.id = f.client_id LEFT JOIN staff s ON s.id = f.assignee_id
WHERE f.created_at >= $1 AND f.created_at < $2 AND %s
ORDER BY f.created_at, f.id`

func (r *feedbackRow) scan(rows pgx.Rows, loc *time.Location) error {
	err := rows.Scan(&r.ClientID, &r.Client, &r.At, &r.Kind, &r.Severity, &r.Status, &r.Assignee, &r.Due,
		&r.Body, &r.Resolution)
	r.At = dates.Today(r.At, loc)
	return err
}

// feedbackColumns lay out the feedback sheet, which has no import template:
// the client's two columns as the other sheets name them, then the record.
func feedbackColumns(l i18n.Lang) layout[feedbackRow] {
	var lo layout[feedbackRow]
	lo.add(sheet.Label(sheet.ClientID, l), cell[feedbackRow]{typ: sheet.Int, width: 10, value: func(r *feedbackRow) any { return r.ClientID }})
	lo.add(sheet.Label(sheet.ClientName, l), text(28, func(r *feedbackRow) string { return r.Client }))
	for _, x := range []extra[feedbackRow]{
		{i18n.Text{ZH: "日期", EN: "Date"}, date(func(r *feedbackRow) *time.Time { return &r.At })},
		{i18n.Text{ZH: "类型", EN: "Kind"}, text(8, func(r *feedbackRow) string { return label(r.l, i18n.FeedbackKind, r.Kind) })},
		{i18n.Text{ZH: "严重程度", EN: "Severity"}, text(8, func(r *feedbackRow) string { return label(r.l, i18n.Severity, r.Severity) })},
		{i18n.Text{ZH: "状态", EN: "Status"}, text(8, func(r *feedbackRow) string { return label(r.l, i18n.FeedbackStatus, r.Status) })},
		{i18n.Text{ZH: "处理人", EN: "Assignee"}, text(10, func(r *feedbackRow) string { return r.Assignee })},
		{i18n.Text{ZH: "截止日期", EN: "Due"}, date(func(r *feedbackRow) *time.Time { return &r.Due })},
		{i18n.Text{ZH: "内容", EN: "Feedback"}, text(50, func(r *feedbackRow) string { return r.Body })},
		{i18n.Text{ZH: "处理结果", EN: "Resolution"}, text(30, func(r *feedbackRow) string { return r.Resolution })},
	} {
		lo.add(x.header.In(l), x.cell)
	}
	return lo
}
