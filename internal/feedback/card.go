package feedback

import (
	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// QueueOpen adds to b the read of a client's unresolved feedback, overdue
// first, limited to clients actor may see, for the client card's single
// round trip. The caller checks that the client itself is visible.
func (s *Store) QueueOpen(b *pgx.Batch, actor access.Actor, clientID int64, out *[]Feedback) {
	today := s.today()
	b.Queue(selectFeedback+` WHERE f.client_id = $1 AND f.status <> 'resolved'
		AND ($3::boolean OR c.team_id = $4)`+unresolvedOrder, clientID, today, actor.SeesAll(), actor.TeamID).Query(func(rows pgx.Rows) error {
		got, err := pgx.CollectRows(rows, pgx.RowToStructByName[Feedback])
		for i := range got {
			s.mark(&got[i], today)
		}
		*out = got
		return err
	})
}
