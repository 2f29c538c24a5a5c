package report

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/export"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// Kind is the outbox kind of the monthly report's messages.
const Kind = "report"

// ChartFunc draws a report as a PNG for a reader of lang. It is the hook
// for the chart: the monthly job sends no chart until one is set.
type ChartFunc func(r Report, lang i18n.Lang) ([]byte, error)

// Job is the "report" job: on the 1st, each active manager gets their
// team's report for the month before.
type Job struct {
	store *Store
	log   *slog.Logger
	// Chart, when set, draws the report's chart, sent after the text as a
	// photo with Caption (key "report:<month>:team:<t>:staff:<s>:chart").
	// Nil sends the text only, as does ErrNothingToChart for a team with
	// nobody to draw. Set it before the job is scheduled.
	Chart ChartFunc
}

// NewJob returns the job reading through store; a nil log discards.
func NewJob(store *Store, log *slog.Logger) *Job {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Job{store: store, log: log}
}

// recipient is an active manager, who gets their team's report.
type recipient struct {
	ID     int64  `db:"id"`
	ChatID int64  `db:"chat_id"`
	Lang   string `db:"lang"`
	TeamID int64  `db:"team_id"`
}

// Run enqueues, for every active manager, their team's report of the month
// before the one holding at (in the zone): at is normally the 1st, and a
// catch-up later in the month still reports on the month before. The
// report is read as of the month's end, so a rerun writes the same figures,
// and read once for every team (one pass over the ledger, not one per
// team), then cut per team. Keys are report:<YYYY-MM>:team:<t>:staff:<s>
// (":2", ":3" ... for further messages of a long report, ":chart" for the
// chart), so a second run for the month enqueues nothing. A team whose
// messages fail does not stop the others; the failures are returned
// together. It returns how many messages were new.
func (j *Job) Run(ctx context.Context, at time.Time) (int, error) {
	p := export.LastMonth(dates.Today(at, j.store.loc))
	month := p.From.Format("2006-01")
	rows, err := j.store.db.Query(ctx, `SELECT id, chat_id, lang, team_id FROM staff
		WHERE role = 'manager' AND active AND team_id IS NOT NULL ORDER BY team_id, id`)
	if err != nil {
		return 0, fmt.Errorf("report job: managers: %w", err)
	}
	managers, err := pgx.CollectRows(rows, pgx.RowToStructByName[recipient])
	if err != nil {
		return 0, fmt.Errorf("report job: managers: %w", err)
	}
	if len(managers) == 0 {
		return 0, nil
	}
	all, err := j.store.build(ctx, 0, p, at, true)
	if err != nil {
		return 0, fmt.Errorf("report job: %w", err)
	}
	teams := make(map[int64]Team, len(all.Teams))
	for _, t := range all.Teams {
		teams[t.ID] = t
	}
	var (
		total, sent int
		errs        []error
	)
	for i := 0; i < len(managers) && ctx.Err() == nil; {
		k := i
		for k < len(managers) && managers[k].TeamID == managers[i].TeamID {
			k++
		}
		if t, ok := teams[managers[i].TeamID]; ok {
			n, err := j.team(ctx, all.team(t), month, managers[i:k])
			total += n
			sent++
			if err != nil {
				errs = append(errs, err)
			}
		}
		i = k
	}
	if err := ctx.Err(); err != nil {
		errs = append(errs, fmt.Errorf("report job: %w", err))
	}
	j.log.InfoContext(ctx, "monthly report enqueued", slog.String("month", month), slog.Int("teams", sent),
		slog.Int("enqueued", total), slog.Int("failed_teams", len(errs)))
	return total, errors.Join(errs...)
}

// team enqueues one team's report to its managers: the text in each
// manager's language, and the chart if there is a hook, drawn once per
// language.
func (j *Job) team(ctx context.Context, r Report, month string, managers []recipient) (int, error) {
	charts := map[i18n.Lang][]byte{}
	var msgs []outbox.Message
	for _, m := range managers {
		l := i18n.Parse(m.Lang)
		key := fmt.Sprintf("report:%s:team:%d:staff:%d", month, r.TeamID, m.ID)
		texts := Text(r, l)
		for i, text := range texts {
			k := key
			if i > 0 {
				k += ":" + strconv.Itoa(i+1)
			}
			msg := outbox.Message{Key: k, ChatID: m.ChatID, StaffID: m.ID, Kind: Kind, Text: text}
			if i == len(texts)-1 {
				msg.Buttons = [][]outbox.Button{{{Text: "📊 XLSX", Data: xlsxButton(r)}}}
			}
			msgs = append(msgs, msg)
		}
		if j.Chart == nil {
			continue
		}
		png, ok := charts[l]
		if !ok {
			var err error
			png, err = j.Chart(r, l)
			// A team with nobody to draw (its managers only manage) still
			// gets its text, which says so: failing here would hold back
			// the text too, and the run would be retried all month.
			if err != nil && !errors.Is(err, ErrNothingToChart) {
				return 0, fmt.Errorf("report job: chart of team %d: %w", r.TeamID, err)
			}
			charts[l] = png
		}
		if len(png) == 0 {
			continue
		}
		msgs = append(msgs, outbox.Message{Key: key + ":chart", ChatID: m.ChatID, StaffID: m.ID, Kind: Kind,
			Text: Caption(r, l), Photo: png})
	}
	n, err := outbox.Enqueue(ctx, j.store.db, msgs...)
	if err != nil {
		return 0, fmt.Errorf("report job: enqueue for team %d: %w", r.TeamID, err)
	}
	return n, nil
}

// xlsxButton is the data of the button under a report's last table that
// sends its workbook: the same as /report's, which builds the report again
// as the presser, so the button grants nothing by itself.
func xlsxButton(r Report) string {
	return callback.ReportFile{Team: r.TeamID, From: r.Period.From, To: r.Period.To}.Data()
}
