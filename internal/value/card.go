package value

import (
	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// valueSQL reads client $1's value unless it is archived, for anyone ($2)
// or within team $3; the caller checks the actor's rights on the row.
const valueSQL = `SELECT v.client_id, c.team_id, v.abc, v.r, v.f, v.m, v.amount_12m::text AS amount_12m,
	v.deals_12m, v.last_deal_on, r.computed_on, v.changed_on
	FROM client_values v JOIN clients c ON c.id = v.client_id JOIN value_runs r ON r.team_id = v.team_id
	WHERE v.client_id = $1 AND c.archived_at IS NULL AND ($2::boolean OR c.team_id = $3)`

// QueueValue queues the read of a client's value, as Value reads it, into
// the card's batch: the card is read in one round trip. *found stays false
// when the actor may not see the client, when the client is archived and
// when it has no value yet (created since the last run).
func (s *Store) QueueValue(b *pgx.Batch, actor access.Actor, clientID int64, out *Value, found *bool) {
	b.Queue(valueSQL, clientID, actor.SeesAll(), actor.TeamID).Query(func(rows pgx.Rows) error {
		got, err := pgx.CollectRows(rows, pgx.RowToStructByName[Value])
		if err == nil && len(got) == 1 && actor.CanSee(got[0].TeamID) {
			*out, *found = got[0], true
		}
		return err
	})
}
