package greeting

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// enqueueBatch bounds one Enqueue call, so a holiday for a large ledger is
// several statements of a sensible size, all in one transaction.
const enqueueBatch = 1000

// candidate is one contact of a greeted client, with who greets it.
type candidate struct {
	ContactID   int64  `db:"contact_id"`
	ContactName string `db:"contact_name"`
	Position    string `db:"position"`
	ChatID      int64  `db:"chat_id"` // 0: not subscribed from a chat
	Lang        string `db:"lang"`    // "" when the contact never said
	OptIn       bool   `db:"greeting_opt_in"`
	Birthday    bool   `db:"birthday"` // the contact's birthday is today
	ClientID    int64  `db:"client_id"`
	ClientName  string `db:"client_name"`
	TeamID      int64  `db:"team_id"`
	TeamName    string `db:"team_name"`
	OwnerID     int64  `db:"owner_id"` // 0: no active owner
	OwnerName   string `db:"owner_name"`
	OwnerChat   int64  `db:"owner_chat"`
	OwnerLang   string `db:"owner_lang"`
}

// recipient is a staff member who gets a list.
type recipient struct {
	ID     int64  `db:"id"`
	TeamID int64  `db:"team_id"`
	Name   string `db:"name"`
	ChatID int64  `db:"chat_id"`
	Lang   string `db:"lang"`
}

const candidateSelect = `SELECT ct.id AS contact_id, ct.name AS contact_name, ct.position,
	coalesce(ct.chat_id, 0) AS chat_id, coalesce(ct.lang, '') AS lang, ct.greeting_opt_in,
	coalesce(extract(month FROM ct.birthday) = $2
		AND (extract(day FROM ct.birthday) = $3 OR ($4 AND extract(day FROM ct.birthday) = 29)), false) AS birthday,
	c.id AS client_id, c.name AS client_name, c.team_id, t.name AS team_name,
	coalesce(o.id, 0) AS owner_id, coalesce(o.name, '') AS owner_name,
	coalesce(o.chat_id, 0) AS owner_chat, coalesce(o.lang, 'zh') AS owner_lang
	FROM contacts ct
	JOIN clients c ON c.id = ct.client_id
	JOIN teams t ON t.id = c.team_id
	LEFT JOIN staff o ON o.id = c.owner_id AND o.active
	WHERE c.tier = ANY($1) AND c.stage <> 'churned' AND c.archived_at IS NULL`

// birthdayFilter keeps only today's birthdays (02-29 ones on 02-28 in a
// common year, $4), through contacts_birthday_idx.
const birthdayFilter = ` AND extract(month FROM ct.birthday) = $2
	AND (extract(day FROM ct.birthday) = $3 OR ($4 AND extract(day FROM ct.birthday) = 29))`

const candidateOrder = ` ORDER BY c.name, c.id, ct.is_primary DESC, ct.id`

// WithLog gives the job a logger for its summary and for contacts nobody
// can greet; without one it logs nothing.
func (s *Store) WithLog(log *slog.Logger) *Store {
	s.log = log
	return s
}

// Run is the "greetings" job for the day of at in the store's zone: today's
// holidays (built-in and custom) and birthdays, for the contacts of clients
// in the greeted tiers that have not churned. It returns how many messages
// it newly enqueued; a second run for the same day enqueues none.
func (s *Store) Run(ctx context.Context, at time.Time) (int, error) {
	today := dates.Today(at, s.loc)
	occ, err := s.Occasions(ctx, today)
	if err != nil {
		return 0, fmt.Errorf("greetings: %w", err)
	}
	febLeapDay := today.Month() == time.February && today.Day() == 28 && !leap(today.Year())
	sql := candidateSelect
	if len(occ) == 0 {
		sql += birthdayFilter
	}
	rows, err := s.db.Query(ctx, sql+candidateOrder, s.tiers, int(today.Month()), today.Day(), febLeapDay)
	if err != nil {
		return 0, fmt.Errorf("greetings: contacts: %w", err)
	}
	cands, err := pgx.CollectRows(rows, pgx.RowToStructByName[candidate])
	if err != nil {
		return 0, fmt.Errorf("greetings: contacts: %w", err)
	}
	if len(cands) == 0 {
		return 0, nil
	}
	tpl, err := s.overrides(ctx)
	if err != nil {
		return 0, fmt.Errorf("greetings: templates: %w", err)
	}
	managers, err := s.managers(ctx, cands)
	if err != nil {
		return 0, fmt.Errorf("greetings: %w", err)
	}
	p := plan{day: today, occasions: occ, templates: tpl, managers: managers}
	msgs := p.messages(cands)
	if p.orphans > 0 && s.log != nil {
		s.log.Warn("greetings: contacts without an owner or a manager to greet them",
			slog.String("day", today.Format(time.DateOnly)), slog.Int("contacts", p.orphans))
	}
	n := 0
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		n = 0
		for i := 0; i < len(msgs); i += enqueueBatch {
			k, err := outbox.Enqueue(ctx, tx, msgs[i:min(i+enqueueBatch, len(msgs))]...)
			if err != nil {
				return err
			}
			n += k
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("greetings: enqueue: %w", err)
	}
	if s.log != nil {
		s.log.Info("greetings enqueued", slog.String("day", today.Format(time.DateOnly)),
			slog.Int("occasions", len(occ)), slog.Int("contacts", len(cands)), slog.Int("messages", len(msgs)), slog.Int("new", n))
	}
	return n, nil
}

// managers returns the active managers of the teams of ownerless clients.
func (s *Store) managers(ctx context.Context, cands []candidate) (map[int64][]recipient, error) {
	var teams []int64
	seen := map[int64]bool{}
	for _, c := range cands {
		if (c.OwnerID == 0 || c.OwnerChat == 0) && !seen[c.TeamID] {
			seen[c.TeamID] = true
			teams = append(teams, c.TeamID)
		}
	}
	out := map[int64][]recipient{}
	if len(teams) == 0 {
		return out, nil
	}
	rows, err := s.db.Query(ctx, `SELECT id, team_id, name, chat_id, lang FROM staff
		WHERE role = 'manager' AND active AND chat_id <> 0 AND team_id = ANY($1) ORDER BY id`, teams)
	if err != nil {
		return nil, fmt.Errorf("managers: %w", err)
	}
	ms, err := pgx.CollectRows(rows, pgx.RowToStructByName[recipient])
	if err != nil {
		return nil, fmt.Errorf("managers: %w", err)
	}
	for _, m := range ms {
		out[m.TeamID] = append(out[m.TeamID], m)
	}
	return out, nil
}
