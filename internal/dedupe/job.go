package dedupe

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// manager is a recipient of the monthly list.
type manager struct {
	ID     int64  `db:"id"`
	TeamID int64  `db:"team_id"`
	ChatID int64  `db:"chat_id"`
	Lang   string `db:"lang"`
}

// Run is the "duplicates" job for the month of at (in the Finder's zone):
// for every team with an active manager, the first PageSize likely
// duplicate pairs, one message to each of its active managers with a merge
// button per pair and a button to the whole list. A team without
// duplicates gets no message, nor does one without managers (its admins
// see the list with /duplicates). The key duplicates:<month>:team:<t>:
// staff:<s> makes a second run in the month send nothing. It returns how
// many messages it newly enqueued.
func (f *Finder) Run(ctx context.Context, at time.Time) (int, error) {
	rows, err := f.db.Query(ctx, `SELECT id, team_id, chat_id, lang FROM staff
		WHERE role = 'manager' AND active AND team_id IS NOT NULL ORDER BY team_id, id`)
	if err != nil {
		return 0, fmt.Errorf("duplicates: managers: %w", err)
	}
	managers, err := pgx.CollectRows(rows, pgx.RowToStructByName[manager])
	if err != nil {
		return 0, fmt.Errorf("duplicates: managers: %w", err)
	}
	month := at.In(f.loc).Format("2006-01")
	total, teams := 0, 0
	var pairs []Pair
	for i, m := range managers {
		if i == 0 || managers[i-1].TeamID != m.TeamID {
			// One search per team, however many managers it has.
			if pairs, err = teamPairs(ctx, f.db, m.TeamID, PageSize+1, 0); err != nil {
				return total, fmt.Errorf("duplicates: %w", err)
			}
			if len(pairs) > 0 {
				teams++
			}
		}
		if len(pairs) == 0 {
			continue
		}
		n, err := outbox.Enqueue(ctx, f.db, message(i18n.Parse(m.Lang), month, m, pairs))
		if err != nil {
			return total, fmt.Errorf("duplicates: enqueue for staff %d: %w", m.ID, err)
		}
		total += n
	}
	if f.log != nil {
		f.log.Info("duplicate sweep", slog.String("month", month), slog.Int("teams_with_duplicates", teams), slog.Int("enqueued", total))
	}
	return total, nil
}

// message is the monthly list for one manager: at most PageSize pairs of
// pairs (which holds one more when the list goes on).
func message(l i18n.Lang, month string, m manager, pairs []Pair) outbox.Message {
	shown := pairs[:min(len(pairs), PageSize)]
	var b strings.Builder
	b.WriteString(l.T("🧹 <b>可能重复的客户</b>\n本月检查发现以下客户可能是同一家公司，请核对后合并：\n\n",
		"🧹 <b>Likely duplicate clients</b>\nThis month's check found clients that may be one company; please check and merge them:\n\n"))
	var buttons [][]outbox.Button
	for i, p := range shown {
		b.WriteString(Line(l, i+1, p) + "\n")
		buttons = append(buttons, []outbox.Button{
			{Text: l.F("🔀 合并 %d", "🔀 Merge %d", i+1), Data: callback.MergePair{Survivor: p.A.ID, Other: p.B.ID}.Data()},
			{Text: l.F("不是重复 %d", "Not duplicates %d", i+1), Data: callback.NotDuplicate{A: p.A.ID, B: p.B.ID}.Data()},
		})
	}
	if len(pairs) > len(shown) {
		b.WriteString(l.T("\n…还有更多。", "\n…and more."))
	}
	buttons = append(buttons, []outbox.Button{{Text: l.T("📋 查看全部", "📋 See the whole list"),
		Data: callback.Duplicates{Team: m.TeamID}.Data()}})
	return outbox.Message{Key: fmt.Sprintf("duplicates:%s:team:%d:staff:%d", month, m.TeamID, m.ID),
		ChatID: m.ChatID, StaffID: m.ID, Kind: "duplicates", Text: b.String(), Buttons: buttons}
}
