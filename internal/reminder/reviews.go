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
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// claimReviewsSQL picks the review reminders of one run and records them in
// review_reminders: clients due ($1 = today) and not churned; to the owner,
// or to every active manager of the team when the client has no active
// owner; not yet reminded of this due date; at most $2 per recipient and
// day, counting what the day's earlier runs sent, strategic clients and the
// longest overdue first. It returns what the messages need.
const claimReviewsSQL = `WITH due AS (
	SELECT c.id, c.team_id, c.owner_id, c.tier, c.next_review_on
	FROM clients c
	WHERE c.next_review_on <= $1::date AND c.stage <> 'churned' AND c.archived_at IS NULL
), rcpt AS (
	SELECT d.id AS client_id, d.next_review_on AS due_on, o.id AS staff_id, d.tier
	FROM due d JOIN staff o ON o.id = d.owner_id AND o.active
	UNION ALL
	SELECT d.id, d.next_review_on, m.id, d.tier
	FROM due d JOIN staff m ON m.team_id = d.team_id AND m.role = 'manager' AND m.active
	WHERE NOT EXISTS (SELECT 1 FROM staff o WHERE o.id = d.owner_id AND o.active)
), fresh AS (
	SELECT r.*, row_number() OVER (PARTITION BY r.staff_id
		ORDER BY array_position(ARRAY['strategic', 'key', 'normal'], r.tier), r.due_on, r.client_id) AS rn
	FROM rcpt r
	WHERE NOT EXISTS (SELECT 1 FROM review_reminders x
		WHERE x.client_id = r.client_id AND x.due_on = r.due_on AND x.staff_id = r.staff_id)
), earlier AS (
	SELECT staff_id, count(*) AS n FROM review_reminders WHERE reminded_on = $1::date GROUP BY staff_id
), ins AS (
	INSERT INTO review_reminders (client_id, due_on, staff_id, reminded_on)
	SELECT f.client_id, f.due_on, f.staff_id, $1::date
	FROM fresh f LEFT JOIN earlier e ON e.staff_id = f.staff_id
	WHERE f.rn <= $2::int - coalesce(e.n, 0)
	ON CONFLICT DO NOTHING
	RETURNING client_id, due_on, staff_id
)
SELECT ins.client_id, ins.due_on, c.name AS client_name, c.tier, c.last_contact_at,
	c.owner_id IS DISTINCT FROM ins.staff_id AS no_owner,
	s.id AS staff_id, s.chat_id, s.lang
FROM ins JOIN clients c ON c.id = ins.client_id JOIN staff s ON s.id = ins.staff_id
ORDER BY s.id, array_position(ARRAY['strategic', 'key', 'normal'], c.tier), ins.due_on, ins.client_id`

// dueReview is one review reminder to send.
type dueReview struct {
	ClientID      int64      `db:"client_id"`
	DueOn         time.Time  `db:"due_on"`
	ClientName    string     `db:"client_name"`
	Tier          string     `db:"tier"`
	LastContactAt *time.Time `db:"last_contact_at"`
	NoOwner       bool       `db:"no_owner"` // sent to a manager: the client has no active owner
	StaffID       int64      `db:"staff_id"`
	ChatID        int64      `db:"chat_id"`
	Lang          string     `db:"lang"`
}

// Reviews reminds owners of the clients whose review is due (next_review_on
// on or before at's day in the team's zone, stage not churned), one message
// per client with buttons to open the card, mark it reviewed or snooze it.
// A client without an active owner goes to each active manager of its team.
// Each person gets at most ReviewsPerRecipient per day; the rest follow on
// later days. Keys are "review:<due date>:client:<id>" (with ":staff:<id>"
// for a manager), so marking reviewed or snoozing, which moves the date,
// makes room for a new reminder when the new date comes.
func (r *Reminder) Reviews(ctx context.Context, at time.Time) (int, error) {
	today := r.today(at)
	var n int
	err := postgres.InTx(ctx, r.db, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, claimReviewsSQL, today, ReviewsPerRecipient)
		if err != nil {
			return err
		}
		due, err := pgx.CollectRows(rows, pgx.RowToStructByName[dueReview])
		if err != nil {
			return err
		}
		msgs := make([]outbox.Message, 0, len(due))
		for _, d := range due {
			msgs = append(msgs, r.reviewMessage(d, today))
		}
		n, err = enqueue(ctx, tx, msgs)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("review reminders: %w", err)
	}
	return n, nil
}

// reviewMessage is the reminder of one due review.
func (r *Reminder) reviewMessage(d dueReview, today time.Time) outbox.Message {
	l := i18n.Parse(d.Lang)
	var b strings.Builder
	b.WriteString(l.T("📋 <b>客户复核提醒</b>\n", "📋 <b>Client review due</b>\n"))
	fmt.Fprintf(&b, "🏢 <b>%s</b> · %s\n", esc(d.ClientName), l.Label(i18n.Tier, d.Tier))
	fmt.Fprintf(&b, "%s%s%s\n", l.T("复核日期：", "Review due: "), dayText(l, d.DueOn, today), lateText(l, d.DueOn, today))
	b.WriteString(l.T("最近联系：", "Last contact: "))
	if d.LastContactAt == nil {
		b.WriteString(l.T("暂无记录\n", "none recorded\n"))
	} else {
		last := dates.Day(d.LastContactAt.In(r.loc))
		days := int(today.Sub(last).Hours() / 24)
		fmt.Fprintf(&b, "%s%s\n", dayText(l, last, today), l.F("（%d 天前）", " (%d days ago)", days))
	}
	fmt.Fprintf(&b, "%s\n", l.F("复核周期：每 %d 天", "Review cadence: every %d days", r.cadence[d.Tier]))
	if d.NoOwner {
		b.WriteString(l.T("⚠️ 该客户暂无在职负责人，请安排跟进。\n", "⚠️ This client has no active owner: please assign one.\n"))
	}
	key := fmt.Sprintf("review:%s:client:%d", d.DueOn.Format(time.DateOnly), d.ClientID)
	if d.NoOwner {
		key += fmt.Sprintf(":staff:%d", d.StaffID)
	}
	return outbox.Message{
		Key: key, ChatID: d.ChatID, StaffID: d.StaffID, Kind: "review",
		Text: strings.TrimRight(b.String(), "\n"),
		Buttons: [][]outbox.Button{
			{cardButton(l, d.ClientID)},
			{
				{Text: l.T("✓ 已复核", "✓ Reviewed"), Data: callback.Reviewed{Client: d.ClientID}.Data()},
				{Text: l.F("推迟 %d 天", "Snooze %d days", r.SnoozeDays), Data: callback.SnoozeReview{Client: d.ClientID}.Data()},
			},
		},
	}
}
