package visit

import (
	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// QueueCard adds to b the visit part of a client card: the n newest visits
// and the earliest open follow-up, both limited to clients actor may see.
// The caller checks that the client itself is visible (see
// client.Store.QueueCard); for an invisible client both come back empty.
func (s *Store) QueueCard(b *pgx.Batch, actor access.Actor, clientID int64, n int, recent *[]Visit, next **FollowUp) {
	b.Queue(selectVisit+` WHERE v.client_id = $1 AND ($2::boolean OR c.team_id = $3)
		ORDER BY v.visited_at DESC, v.id DESC LIMIT $4`, clientID, actor.SeesAll(), actor.TeamID, n).Query(func(rows pgx.Rows) error {
		got, err := collectVisits(rows)
		*recent = got
		return err
	})
	b.Queue(selectFollowUp+` AND v.client_id = $2 AND ($3::boolean OR c.team_id = $4)
		ORDER BY v.follow_up_on, v.id LIMIT 1`, s.today(), clientID, actor.SeesAll(), actor.TeamID).Query(func(rows pgx.Rows) error {
		got, err := pgx.CollectRows(rows, pgx.RowToAddrOfStructByName[FollowUp])
		if err == nil && len(got) > 0 {
			*next = got[0]
		}
		return err
	})
}
