package churn

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// recipient is a staff member a message goes to.
type recipient struct {
	StaffID int64
	ChatID  int64
	Lang    string
	Name    string
}

// recipients are the people alerts go to: each team's active managers, and
// the active admins for a team without one.
type recipients struct {
	managers map[int64][]recipient // team -> managers
	admins   []recipient
}

// of returns who is alerted about a client of team.
func (r recipients) of(team int64) []recipient {
	if m := r.managers[team]; len(m) > 0 {
		return m
	}
	return r.admins
}

// loadRecipients reads the active managers and admins once per scan; they
// are a handful per team, whatever the number of clients.
func (s *Scanner) loadRecipients(ctx context.Context) (recipients, error) {
	rows, err := s.db.Query(ctx, `SELECT id, chat_id, lang, name, role, coalesce(team_id, 0)
		FROM staff WHERE active AND role IN ('manager', 'admin') ORDER BY id`)
	if err != nil {
		return recipients{}, fmt.Errorf("read managers: %w", err)
	}
	out := recipients{managers: map[int64][]recipient{}}
	var p recipient
	var role string
	var team int64
	_, err = pgx.ForEachRow(rows, []any{&p.StaffID, &p.ChatID, &p.Lang, &p.Name, &role, &team}, func() error {
		if role == "admin" {
			out.admins = append(out.admins, p)
		} else {
			out.managers[team] = append(out.managers[team], p)
		}
		return nil
	})
	if err != nil {
		return recipients{}, fmt.Errorf("read managers: %w", err)
	}
	return out, nil
}
