package reminder

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// overdueFeedbackSQL lists the unresolved feedback due before today ($1).
const overdueFeedbackSQL = `SELECT f.id, f.client_id, c.name AS client_name, c.team_id, f.kind, f.severity,
	f.status, f.body, f.due_on, a.id AS assignee_id, a.name AS assignee_name, a.active AS assignee_active,
	a.chat_id AS assignee_chat, a.lang AS assignee_lang
FROM feedback f JOIN clients c ON c.id = f.client_id JOIN staff a ON a.id = f.assignee_id
WHERE f.status <> 'resolved' AND f.due_on < $1::date AND c.archived_at IS NULL
ORDER BY f.due_on, f.id`

// overdueFeedback is one unresolved feedback past its due day.
type overdueFeedback struct {
	ID             int64     `db:"id"`
	ClientID       int64     `db:"client_id"`
	ClientName     string    `db:"client_name"`
	TeamID         int64     `db:"team_id"`
	Kind           string    `db:"kind"`
	Severity       string    `db:"severity"`
	Status         string    `db:"status"`
	Body           string    `db:"body"`
	DueOn          time.Time `db:"due_on"`
	AssigneeID     int64     `db:"assignee_id"`
	AssigneeName   string    `db:"assignee_name"`
	AssigneeActive bool      `db:"assignee_active"`
	AssigneeChat   int64     `db:"assignee_chat"`
	AssigneeLang   string    `db:"assignee_lang"`
}

// manager is a recipient of escalations.
type manager struct {
	ID     int64  `db:"id"`
	TeamID int64  `db:"team_id"`
	ChatID int64  `db:"chat_id"`
	Lang   string `db:"lang"`
}

// Escalate is the hourly "escalation" job. Unresolved feedback whose due day
// is before at's day goes to its assignee once ("feedback:<id>:overdue";
// not to an assignee who left). Once it has been overdue for escalateAfter,
// counted from the end of the due day in the team's zone, each active
// manager of the client's team hears of it once
// ("feedback:<id>:escalated:staff:<manager>"), except a manager who is the
// assignee and so was told already.
func (r *Reminder) Escalate(ctx context.Context, at time.Time) (int, error) {
	today := r.today(at)
	rows, err := r.db.Query(ctx, overdueFeedbackSQL, today)
	if err != nil {
		return 0, fmt.Errorf("escalate feedback: %w", err)
	}
	overdue, err := pgx.CollectRows(rows, pgx.RowToStructByName[overdueFeedback])
	if err != nil {
		return 0, fmt.Errorf("escalate feedback: %w", err)
	}
	var teams []int64
	seen := map[int64]bool{}
	for _, f := range overdue {
		if !seen[f.TeamID] && r.escalated(f, at) {
			seen[f.TeamID] = true
			teams = append(teams, f.TeamID)
		}
	}
	managers, err := r.managers(ctx, teams)
	if err != nil {
		return 0, fmt.Errorf("escalate feedback: %w", err)
	}
	var msgs []outbox.Message
	for _, f := range overdue {
		if f.AssigneeActive {
			l := i18n.Parse(f.AssigneeLang)
			msgs = append(msgs, outbox.Message{
				Key: fmt.Sprintf("feedback:%d:overdue", f.ID), ChatID: f.AssigneeChat, StaffID: f.AssigneeID,
				Kind: "feedback", Text: feedbackText(l, f, today, false), Buttons: viewButton(l, f.ID),
			})
		}
		if !r.escalated(f, at) {
			continue
		}
		for _, m := range managers[f.TeamID] {
			if m.ID == f.AssigneeID && f.AssigneeActive {
				continue
			}
			l := i18n.Parse(m.Lang)
			msgs = append(msgs, outbox.Message{
				Key: fmt.Sprintf("feedback:%d:escalated:staff:%d", f.ID, m.ID), ChatID: m.ChatID, StaffID: m.ID,
				Kind: "escalation", Text: feedbackText(l, f, today, true), Buttons: viewButton(l, f.ID),
			})
		}
	}
	n, err := enqueue(ctx, r.db, msgs)
	if err != nil {
		return n, fmt.Errorf("escalate feedback: %w", err)
	}
	return n, nil
}

// escalated reports whether f has been overdue long enough at at for the
// managers: its due day ended (midnight in the zone) escalateAfter ago.
func (r *Reminder) escalated(f overdueFeedback, at time.Time) bool {
	y, m, d := f.DueOn.Date()
	end := time.Date(y, m, d+1, 0, 0, 0, 0, r.loc)
	return !at.Before(end.Add(r.escalateAfter))
}

// managers returns the active managers of the teams, by team.
func (r *Reminder) managers(ctx context.Context, teams []int64) (map[int64][]manager, error) {
	out := map[int64][]manager{}
	if len(teams) == 0 {
		return out, nil
	}
	rows, err := r.db.Query(ctx, `SELECT id, team_id, chat_id, lang FROM staff
		WHERE role = 'manager' AND active AND team_id = ANY($1) ORDER BY id`, teams)
	if err != nil {
		return nil, err
	}
	ms, err := pgx.CollectRows(rows, pgx.RowToStructByName[manager])
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		out[m.TeamID] = append(out[m.TeamID], m)
	}
	return out, nil
}

// feedbackText tells of one overdue feedback: to the assignee, or escalated
// to a manager with the assignee's name.
func feedbackText(l i18n.Lang, f overdueFeedback, today time.Time, escalated bool) string {
	var b strings.Builder
	if escalated {
		fmt.Fprintf(&b, "%s #%d\n", l.T("🚨 <b>反馈逾期未处理，已升级</b>", "🚨 <b>Overdue feedback escalated</b>"), f.ID)
	} else {
		fmt.Fprintf(&b, "%s #%d\n", l.T("⚠️ <b>反馈已超过处理时限</b>", "⚠️ <b>Feedback past its deadline</b>"), f.ID)
	}
	fmt.Fprintf(&b, "🏢 <b>%s</b> · %s · %s\n", esc(f.ClientName), l.Label(i18n.FeedbackKind, f.Kind), l.F("%s优先级", "%s severity", l.Label(i18n.Severity, f.Severity)))
	if escalated {
		fmt.Fprintf(&b, "%s%s\n", l.T("责任人：", "Assignee: "), esc(f.AssigneeName))
	}
	fmt.Fprintf(&b, "%s%s%s\n", l.T("处理时限：", "Due: "), dayText(l, f.DueOn, today), lateText(l, f.DueOn, today))
	fmt.Fprintf(&b, "%s%s\n", l.T("状态：", "Status: "), l.Label(i18n.FeedbackStatus, f.Status))
	fmt.Fprintf(&b, "%s", esc(clip(strings.TrimSpace(f.Body), 300)))
	return b.String()
}

// viewButton opens the feedback.
func viewButton(l i18n.Lang, feedbackID int64) [][]outbox.Button {
	return [][]outbox.Button{{{Text: l.T("查看", "View"), Data: callback.ViewFeedback{Feedback: feedbackID}.Data()}}}
}
