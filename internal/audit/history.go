package audit

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// ErrNotFound is returned for the trail of a client that does not exist or
// that the actor may not see: the two are not told apart.
var ErrNotFound = errors.New("audit: not found")

// Row is a Querier that also reads single rows.
type Row interface {
	Querier
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Item is an entry of a trail with the names its reader needs: who made it
// and the client it concerns (0 and "" when it concerns none, or one since
// deleted).
type Item struct {
	Entry
	ActorName  string `db:"actor_name"`
	ClientID   int64  `db:"client_id"`
	ClientName string `db:"client_name"`
}

const entryColumns = `a.id, coalesce(a.actor_id, 0) AS actor_id, a.entity, a.entity_id, a.action, a.changes, a.at`

// ByEntity returns one page of the entries of one entity, newest first.
func ByEntity(ctx context.Context, db Querier, entity string, id int64, offset, limit int) ([]Entry, error) {
	rows, err := db.Query(ctx, `SELECT `+entryColumns+` FROM audit_log a WHERE a.entity = $1 AND a.entity_id = $2
		ORDER BY a.at DESC, a.id DESC OFFSET $3 LIMIT $4`, entity, id, offset, limit)
	if err != nil {
		return nil, fmt.Errorf("audit: by entity: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Entry])
	if err != nil {
		return nil, fmt.Errorf("audit: by entity: %w", err)
	}
	return out, nil
}

// CountByEntity returns how many entries one entity has.
func CountByEntity(ctx context.Context, db Row, entity string, id int64) (int, error) {
	var n int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE entity = $1 AND entity_id = $2`, entity, id).Scan(&n); err != nil {
		return 0, fmt.Errorf("audit: count by entity: %w", err)
	}
	return n, nil
}

// ByActor returns one page of what one person changed, newest first.
func ByActor(ctx context.Context, db Querier, actorID int64, offset, limit int) ([]Entry, error) {
	rows, err := db.Query(ctx, `SELECT `+entryColumns+` FROM audit_log a WHERE a.actor_id = $1
		ORDER BY a.at DESC, a.id DESC OFFSET $2 LIMIT $3`, actorID, offset, limit)
	if err != nil {
		return nil, fmt.Errorf("audit: by actor: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Entry])
	if err != nil {
		return nil, fmt.Errorf("audit: by actor: %w", err)
	}
	return out, nil
}

// clientTrail is a client's entries: its own, and those of its contacts,
// deals and other records that carry its id in their changes (a removed
// contact's included), each once; $1 is the id, $2 the same as text.
const clientTrail = `WITH t AS (
	SELECT * FROM audit_log WHERE entity = 'client' AND entity_id = $1
	UNION ALL
	SELECT * FROM audit_log WHERE changes ? 'client_id' AND changes ->> 'client_id' = $2 AND entity <> 'client'
)`

// ClientTrail returns one page of a client's change history, newest first,
// and how many entries it has in all. Whoever may see the client may see its
// history; for anyone else the client is ErrNotFound.
func ClientTrail(ctx context.Context, db Row, actor access.Actor, clientID int64, offset, limit int) ([]Item, int, error) {
	var name string
	err := db.QueryRow(ctx, `SELECT name FROM clients WHERE id = $1 AND ($2::boolean OR team_id = $3)`,
		clientID, actor.SeesAll(), actor.TeamID).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, 0, fmt.Errorf("audit: client trail: %w", ErrNotFound)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("audit: client trail: %w", err)
	}
	key := strconv.FormatInt(clientID, 10) // the form client_id takes in changes ->> 'client_id'
	var total int
	if err := db.QueryRow(ctx, clientTrail+` SELECT count(*) FROM t`, clientID, key).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("audit: client trail: %w", err)
	}
	rows, err := db.Query(ctx, clientTrail+` SELECT `+entryColumns+`, coalesce(s.name, '') AS actor_name,
		$1::bigint AS client_id, $3::text AS client_name
		FROM t a LEFT JOIN staff s ON s.id = a.actor_id
		ORDER BY a.at DESC, a.id DESC OFFSET $4 LIMIT $5`, clientID, key, name, offset, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("audit: client trail: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Item])
	if err != nil {
		return nil, 0, fmt.Errorf("audit: client trail: %w", err)
	}
	return out, total, nil
}

// ActorTrail returns one page of what one person changed across the
// ledger, newest first, each entry with the client it concerns, and how
// many entries there are in all. Admins only (access.ErrForbidden).
func ActorTrail(ctx context.Context, db Row, actor access.Actor, staffID int64, offset, limit int) ([]Item, int, error) {
	if !actor.SeesAll() {
		return nil, 0, fmt.Errorf("audit: actor trail: %w", access.ErrForbidden)
	}
	var total int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE actor_id = $1`, staffID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("audit: actor trail: %w", err)
	}
	rows, err := db.Query(ctx, `SELECT `+entryColumns+`, coalesce(s.name, '') AS actor_name,
		coalesce(cl.id, 0) AS client_id, coalesce(cl.name, '') AS client_name
		FROM audit_log a LEFT JOIN staff s ON s.id = a.actor_id
		LEFT JOIN clients cl ON cl.id = CASE
			WHEN a.entity = 'client' THEN a.entity_id
			WHEN a.changes ->> 'client_id' ~ '^[0-9]{1,18}$' THEN (a.changes ->> 'client_id')::bigint
			WHEN a.entity = 'visit' THEN (SELECT v.client_id FROM visits v WHERE v.id = a.entity_id)
			WHEN a.entity = 'feedback' THEN (SELECT f.client_id FROM feedback f WHERE f.id = a.entity_id)
			WHEN a.entity = 'contact' THEN (SELECT c.client_id FROM contacts c WHERE c.id = a.entity_id)
		END
		WHERE a.actor_id = $1
		ORDER BY a.at DESC, a.id DESC OFFSET $2 LIMIT $3`, staffID, offset, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("audit: actor trail: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Item])
	if err != nil {
		return nil, 0, fmt.Errorf("audit: actor trail: %w", err)
	}
	return out, total, nil
}
