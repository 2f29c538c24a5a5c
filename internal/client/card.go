package client

import (
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// QueueCard adds to b the reads of a client card's own part: the client and
// its contacts, both limited to what actor may see. The card is shown on
// almost every tap, so the bot sends these with the visit and feedback reads
// in one round trip (pgx.Batch) instead of one query after another. After
// the batch ran, found reports whether the client exists and is visible.
// A merged client's id reads its survivor (c.ID differs from id then): the
// caller shows the survivor's card instead.
func (s *Store) QueueCard(b *pgx.Batch, actor access.Actor, id int64, c *Client, contacts *[]Contact, found *bool) {
	scope := scopeOf(actor)
	b.Queue(clientSelect+` WHERE c.id = `+followID+` AND ($2::bigint = 0 OR c.team_id = $2)`, id, scope).Query(func(rows pgx.Rows) error {
		got, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Client])
		if errors.Is(err, pgx.ErrNoRows) {
			*found = false
			return nil
		}
		*c, *found = got, err == nil
		return err
	})
	b.Queue(`SELECT `+contactColumns+` FROM contacts
		WHERE client_id = $1 AND EXISTS (SELECT 1 FROM clients c WHERE c.id = $1 AND ($2::bigint = 0 OR c.team_id = $2))
		ORDER BY is_primary DESC, id`, id, scope).Query(func(rows pgx.Rows) error {
		got, err := pgx.CollectRows(rows, pgx.RowToStructByName[Contact])
		*contacts = got
		return err
	})
}
