package churn

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ledgerbot/ledgerbot/internal/audit"
)

// writeStages writes the chunk's stage changes back to the clients, with an
// audit entry each, and returns the clients changed. A client whose stage or
// last contact changed since the chunk was read is left alone: a visit
// logged meanwhile made it active again.
func writeStages(ctx context.Context, tx pgx.Tx, w window, cs []candidate, vs []assessed) (map[int64]bool, error) {
	var ids []int64
	var from, to []string
	var contacts []*time.Time
	for i, v := range vs {
		if v.stage != "" {
			ids = append(ids, cs[i].ID)
			from = append(from, cs[i].Stage)
			to = append(to, v.stage)
			contacts = append(contacts, cs[i].LastContact)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := tx.Query(ctx, `UPDATE clients c SET stage = u.stage, updated_at = greatest(c.updated_at, $5)
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[]) AS u(id, old, stage, contact)
		WHERE c.id = u.id AND c.stage = u.old AND c.last_contact_at IS NOT DISTINCT FROM u.contact
		RETURNING c.id`, ids, from, to, contacts, w.at)
	if err != nil {
		return nil, fmt.Errorf("write stages: %w", err)
	}
	done, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("write stages: %w", err)
	}
	moved := make(map[int64]bool, len(done))
	for _, id := range done {
		moved[id] = true
	}
	// One round trip for every audit entry of the chunk.
	b := &pgx.Batch{}
	for i, id := range ids {
		if !moved[id] {
			continue
		}
		if err := audit.Write(ctx, batchExec{b}, audit.Entry{Entity: "client", EntityID: id, Action: "update", At: w.at,
			Changes: map[string]any{"stage": audit.Change{From: from[i], To: to[i]}, "reason": "churn_scan"}}); err != nil {
			return nil, err
		}
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("audit stage changes: %w", err)
	}
	return moved, nil
}

// batchExec queues statements into a batch, so that audit.Write can be used
// for many entries at the cost of one round trip.
type batchExec struct{ b *pgx.Batch }

func (x batchExec) Exec(_ context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	x.b.Queue(sql, args...)
	return pgconn.CommandTag{}, nil
}

// episodePlan is what one chunk does to episodes.
type episodePlan struct {
	endIDs     []int64
	endReasons []string
	extIDs     []int64
	extReasons []string // JSON arrays of one reason
	opens      []int    // indexes into the chunk
}

func (p *episodePlan) end(id int64, reason string) {
	p.endIDs = append(p.endIDs, id)
	p.endReasons = append(p.endReasons, reason)
}

// extend records a stage change on an open episode, so that its reasons
// tell the whole story without a second alert.
func (p *episodePlan) extend(id int64, r Reason) {
	body, _ := json.Marshal([]Reason{r}) // a Reason always encodes
	p.extIDs = append(p.extIDs, id)
	p.extReasons = append(p.extReasons, string(body))
}

func (p *episodePlan) open(i int) { p.opens = append(p.opens, i) }

func (p *episodePlan) writeEnds(ctx context.Context, tx pgx.Tx, w window) (int, error) {
	if len(p.endIDs) == 0 {
		return 0, nil
	}
	tag, err := tx.Exec(ctx, `UPDATE churn_episodes e SET ended_on = $3, end_reason = u.reason
		FROM unnest($1::bigint[], $2::text[]) AS u(id, reason)
		WHERE e.id = u.id AND e.ended_on IS NULL`, p.endIDs, p.endReasons, w.today)
	if err != nil {
		return 0, fmt.Errorf("end episodes: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

func (p *episodePlan) writeExtensions(ctx context.Context, tx pgx.Tx) error {
	if len(p.extIDs) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE churn_episodes e SET reasons = e.reasons || u.r::jsonb
		FROM unnest($1::bigint[], $2::text[]) AS u(id, r)
		WHERE e.id = u.id AND e.ended_on IS NULL`, p.extIDs, p.extReasons); err != nil {
		return fmt.Errorf("extend episodes: %w", err)
	}
	return nil
}

// writeOpens inserts the new episodes and returns them. A client contacted
// since the chunk was read gets none, and neither does one whose episode a
// concurrent scan opened first (the unique index on open episodes).
func (p *episodePlan) writeOpens(ctx context.Context, tx pgx.Tx, w window, cs []candidate, vs []assessed) ([]Episode, error) {
	if len(p.opens) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(p.opens))
	reasons := make([]string, len(p.opens))
	contacts := make([]*time.Time, len(p.opens))
	byClient := make(map[int64]int, len(p.opens))
	for k, i := range p.opens {
		body, err := json.Marshal(vs[i].reasons)
		if err != nil {
			return nil, fmt.Errorf("encode reasons: %w", err)
		}
		ids[k], reasons[k], contacts[k] = cs[i].ID, string(body), cs[i].LastContact
		byClient[cs[i].ID] = i
	}
	rows, err := tx.Query(ctx, `INSERT INTO churn_episodes (client_id, team_id, started_on, reasons, created_at, contact_at)
		SELECT u.client_id, c.team_id, $4, u.reasons::jsonb, $5, u.contact
		FROM unnest($1::bigint[], $2::text[], $3::timestamptz[]) AS u(client_id, reasons, contact)
		JOIN clients c ON c.id = u.client_id AND c.last_contact_at IS NOT DISTINCT FROM u.contact
		ORDER BY u.client_id
		ON CONFLICT (client_id) WHERE ended_on IS NULL DO NOTHING
		RETURNING id, client_id, team_id`, ids, reasons, contacts, w.today, w.at)
	if err != nil {
		return nil, fmt.Errorf("open episodes: %w", err)
	}
	var out []Episode
	var id, client, team int64
	_, err = pgx.ForEachRow(rows, []any{&id, &client, &team}, func() error {
		i := byClient[client]
		c, v := cs[i], vs[i]
		stage := c.Stage
		if v.stage != "" {
			stage = v.stage
		}
		out = append(out, Episode{ID: id, ClientID: client, ClientName: c.Name, OwnerName: c.OwnerName,
			Tier: c.Tier, Stage: stage, TeamID: team, StartedOn: w.today, Reasons: v.reasons,
			CreatedAt: w.at, ContactAt: c.LastContact})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("open episodes: %w", err)
	}
	return out, nil
}
