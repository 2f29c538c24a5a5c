package report

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// teamRow is a team reported on.
type teamRow struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

// readTeams returns team teamID, or every team (teamID 0) by name.
func readTeams(ctx context.Context, tx pgx.Tx, teamID int64) ([]teamRow, error) {
	rows, err := tx.Query(ctx, `SELECT id, name FROM teams WHERE $1 = 0 OR id = $1
		ORDER BY name COLLATE "C", id`, teamID)
	if err != nil {
		return nil, fmt.Errorf("teams: %w", err)
	}
	teams, err := pgx.CollectRows(rows, pgx.RowToStructByName[teamRow])
	if err != nil {
		return nil, fmt.Errorf("teams: %w", err)
	}
	return teams, nil
}

// personRow is someone in the report.
type personRow struct {
	StaffID int64       `db:"staff_id"`
	Name    string      `db:"name"`
	Role    access.Role `db:"role"`
	TeamID  int64       `db:"team_id"`
}

// peopleSQL lists the active salespeople of the teams ($1), and the active
// managers who own a live client or logged a visit in either period
// ([$2, $3)): salespeople first, each group by name.
const peopleSQL = `SELECT s.id AS staff_id, s.name, s.role, s.team_id
FROM staff s
WHERE s.active AND s.team_id = ANY($1) AND (s.role = 'sales' OR (s.role = 'manager' AND (
	EXISTS (SELECT 1 FROM clients c WHERE c.owner_id = s.id AND c.archived_at IS NULL)
	OR EXISTS (SELECT 1 FROM visits v WHERE v.author_id = s.id AND v.visited_at >= $2 AND v.visited_at < $3))))
ORDER BY s.team_id, s.role <> 'sales', s.name COLLATE "C", s.id`

// readPeople returns the people of the teams who are in the report.
func readPeople(ctx context.Context, tx pgx.Tx, teams []teamRow, w window) ([]personRow, error) {
	ids := make([]int64, len(teams))
	for i, t := range teams {
		ids[i] = t.ID
	}
	rows, err := tx.Query(ctx, peopleSQL, ids, w.prevStart, w.end)
	if err != nil {
		return nil, fmt.Errorf("people: %w", err)
	}
	people, err := pgx.CollectRows(rows, pgx.RowToStructByName[personRow])
	if err != nil {
		return nil, fmt.Errorf("people: %w", err)
	}
	return people, nil
}
