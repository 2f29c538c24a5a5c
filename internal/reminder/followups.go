package reminder

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// followUpsSQL lists the open follow-ups due today ($1) or overdue by at
// most $2 days, of active authors (or whom a hand-over gave them to).
const followUpsSQL = `SELECT v.id AS visit_id, v.client_id, c.name AS client_name, v.kind, v.visited_at,
	v.notes, v.follow_up_on, s.id AS staff_id, s.chat_id, s.lang
FROM visits v JOIN clients c ON c.id = v.client_id JOIN staff s ON s.id = coalesce(v.follow_up_by, v.author_id) AND s.active
WHERE v.follow_up_on BETWEEN $1::date - $2::int AND $1::date AND NOT v.follow_up_done AND c.archived_at IS NULL
ORDER BY s.id, v.follow_up_on, v.id`

// dueFollowUp is one open follow-up to remind of.
type dueFollowUp struct {
	VisitID    int64     `db:"visit_id"`
	ClientID   int64     `db:"client_id"`
	ClientName string    `db:"client_name"`
	Kind       string    `db:"kind"`
	VisitedAt  time.Time `db:"visited_at"`
	Notes      string    `db:"notes"`
	FollowUpOn time.Time `db:"follow_up_on"`
	StaffID    int64     `db:"staff_id"`
	ChatID     int64     `db:"chat_id"`
	Lang       string    `db:"lang"`
}

// FollowUps reminds each visit's author of the follow-up promised for at's
// day ("followup:<visit>:due") and, once more, of one still open after its
// day ("followup:<visit>:overdue") — for follow-ups at most FollowUpLookback
// days overdue, so a backlog from before this job existed stays quiet.
// Authors who left (inactive) get nothing. Buttons open the card and mark
// the follow-up done.
func (r *Reminder) FollowUps(ctx context.Context, at time.Time) (int, error) {
	today := r.today(at)
	rows, err := r.db.Query(ctx, followUpsSQL, today, FollowUpLookback)
	if err != nil {
		return 0, fmt.Errorf("follow-up reminders: %w", err)
	}
	due, err := pgx.CollectRows(rows, pgx.RowToStructByName[dueFollowUp])
	if err != nil {
		return 0, fmt.Errorf("follow-up reminders: %w", err)
	}
	msgs := make([]outbox.Message, 0, len(due))
	for _, f := range due {
		msgs = append(msgs, r.followUpMessage(f, today))
	}
	n, err := enqueue(ctx, r.db, msgs)
	if err != nil {
		return n, fmt.Errorf("follow-up reminders: %w", err)
	}
	return n, nil
}

// followUpMessage is the reminder of one follow-up, due or overdue.
func (r *Reminder) followUpMessage(f dueFollowUp, today time.Time) outbox.Message {
	l := i18n.Parse(f.Lang)
	overdue := f.FollowUpOn.Before(today)
	var b strings.Builder
	if overdue {
		b.WriteString(l.T("⏰ <b>跟进已逾期</b>\n", "⏰ <b>Follow-up overdue</b>\n"))
	} else {
		b.WriteString(l.T("📌 <b>今日跟进</b>\n", "📌 <b>Follow-up due today</b>\n"))
	}
	fmt.Fprintf(&b, "🏢 <b>%s</b>\n", esc(f.ClientName))
	if overdue {
		fmt.Fprintf(&b, "%s%s%s\n", l.T("跟进日期：", "Follow-up date: "), dayText(l, f.FollowUpOn, today), lateText(l, f.FollowUpOn, today))
	}
	fmt.Fprintf(&b, "%s%s · %s\n", l.T("拜访：", "Visit: "), dayText(l, dates.Day(f.VisitedAt.In(r.loc)), today), l.Label(i18n.VisitKind, f.Kind))
	if notes := strings.TrimSpace(f.Notes); notes != "" {
		fmt.Fprintf(&b, "%s%s\n", l.T("记录：", "Notes: "), esc(clip(notes, 300)))
	}
	state := "due"
	if overdue {
		state = "overdue"
	}
	return outbox.Message{
		Key:    fmt.Sprintf("followup:%d:%s", f.VisitID, state),
		ChatID: f.ChatID, StaffID: f.StaffID, Kind: "followup",
		Text: strings.TrimRight(b.String(), "\n"),
		Buttons: [][]outbox.Button{{
			cardButton(l, f.ClientID),
			{Text: l.T("✓ 已跟进", "✓ Done"), Data: callback.FollowUpDone{Visit: f.VisitID}.Data()},
		}},
	}
}
