package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// loadClients reads and locks the team's clients among ids, with what the
// batch compares new rows with: contacts, deals and visits (their days in
// loc, the team's zone).
func loadClients(ctx context.Context, tx pgx.Tx, team int64, ids []int64, loc *time.Location) (map[int64]*clientState, error) {
	out := map[int64]*clientState{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := tx.Query(ctx, `SELECT id, name, industry, coalesce(size, ''), tier, stage, region, address, source,
			needs, risk_note, coalesce(owner_id, 0), last_contact_at, next_review_on
		FROM clients WHERE id = ANY($1) AND team_id = $2 AND archived_at IS NULL ORDER BY id FOR UPDATE`, ids, team)
	if err != nil {
		return nil, fmt.Errorf("load clients: %w", err)
	}
	var id, owner int64
	var v [11]string
	var last, review *time.Time
	_, err = pgx.ForEachRow(rows, []any{&id, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9],
		&owner, &last, &review}, func() error {
		st := &clientState{id: id, team: team, deals: map[string]bool{}, visits: map[string]bool{}, vals: map[string]string{
			"name": v[0], "industry": v[1], "size": v[2], "tier": v[3], "stage": v[4], "region": v[5],
			"address": v[6], "source": v[7], "needs": v[8], "risk_note": v[9],
			"last_contact_at": instantText(last), "next_review_on": dateText(review)}}
		if owner != 0 {
			st.vals["owner_id"] = strconv.FormatInt(owner, 10)
		} else {
			st.vals["owner_id"] = ""
		}
		out[id] = st
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load clients: %w", err)
	}
	b := &pgx.Batch{}
	b.Queue(`SELECT client_id, name, phone_digits, is_primary FROM contacts WHERE client_id = ANY($1)`, ids).Query(
		func(rows pgx.Rows) error {
			var cid int64
			var name, phone string
			var primary bool
			_, err := pgx.ForEachRow(rows, []any{&cid, &name, &phone, &primary}, func() error {
				if st := out[cid]; st != nil {
					st.contacts = append(st.contacts, contactKey{staffKey(name), tail(phone)})
					st.hasPrimary = st.hasPrimary || primary
				}
				return nil
			})
			return err
		})
	b.Queue(`SELECT client_id, deal_on, amount::text, description FROM deals WHERE client_id = ANY($1)`, ids).Query(
		func(rows pgx.Rows) error {
			var cid int64
			var on time.Time
			var d dealData
			_, err := pgx.ForEachRow(rows, []any{&cid, &on, &d.Amount, &d.Description}, func() error {
				if st := out[cid]; st != nil {
					d.On = on.Format(time.DateOnly)
					st.deals[dealKey(d)] = true
				}
				return nil
			})
			return err
		})
	b.Queue(`SELECT client_id, visited_at, kind, notes FROM visits WHERE client_id = ANY($1)`, ids).Query(
		func(rows pgx.Rows) error {
			var cid int64
			var at time.Time
			var kind, notes string
			_, err := pgx.ForEachRow(rows, []any{&cid, &at, &kind, &notes}, func() error {
				if st := out[cid]; st != nil {
					st.visits[visitKey(at.In(loc).Format(time.DateOnly), kind, notes)] = true
				}
				return nil
			})
			return err
		})
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("load clients: %w", err)
	}
	return out, nil
}

// nextIDs allocates n ids of a table's serial column.
func nextIDs(ctx context.Context, tx pgx.Tx, table string, n int) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, n)
	if err != nil {
		return nil, fmt.Errorf("allocate %s ids: %w", table, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("allocate %s ids: %w", table, err)
	}
	return ids, nil
}

// write stores a batch's outcomes: new clients (with their name keys),
// changed clients, contacts, deals, visits, the audit trail, and each row
// marked applied with what it did. The clients whose search keys must be
// rebuilt are left in b.reindex, for the run's indexer.
func (b *batch) write(ctx context.Context, tx pgx.Tx) error {
	var fresh []*clientState
	var contacts []*newContact
	var deals []*newDeal
	var visits []*newVisit
	seen := map[*clientState]bool{}
	for _, o := range b.outs {
		if st := o.client; st != nil && st.isNew && !seen[st] {
			seen[st] = true
			fresh = append(fresh, st)
		}
		contacts = append(contacts, o.contacts...)
		if o.deal != nil {
			deals = append(deals, o.deal)
		}
		if o.visit != nil {
			visits = append(visits, o.visit)
		}
	}
	if err := b.allocate(ctx, tx, fresh, contacts, deals, visits); err != nil {
		return err
	}
	now := b.s.now()
	w := &writer{b: b, now: now}
	w.clients(fresh)
	w.changed()
	w.contacts(contacts)
	w.deals(deals)
	w.payments(deals)
	w.visits(visits)
	w.audits()
	started := time.Now()
	if err := w.send(ctx, tx); err != nil {
		return err
	}
	for _, st := range append(fresh, mapValues(b.existing)...) {
		if st.reindex {
			b.reindex = append(b.reindex, st.id)
		}
	}
	b.s.log.Debug("import batch written", slog.Int64("import_id", b.imp.ID), slog.Int("rows", len(b.outs)),
		slog.Int64("write_ms", time.Since(started).Milliseconds()))
	return b.markApplied(ctx, tx, now)
}

func mapValues(m map[int64]*clientState) []*clientState {
	out := make([]*clientState, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// allocate gives the batch's new records their ids.
func (b *batch) allocate(ctx context.Context, tx pgx.Tx, fresh []*clientState, cs []*newContact, ds []*newDeal, vs []*newVisit) error {
	ids, err := nextIDs(ctx, tx, "clients", len(fresh))
	if err != nil {
		return err
	}
	for i, st := range fresh {
		st.id = ids[i]
	}
	if ids, err = nextIDs(ctx, tx, "contacts", len(cs)); err != nil {
		return err
	}
	for i, c := range cs {
		c.id = ids[i]
	}
	if ids, err = nextIDs(ctx, tx, "deals", len(ds)); err != nil {
		return err
	}
	for i, d := range ds {
		d.id = ids[i]
	}
	var paid []*newDeal
	for _, d := range ds {
		if d.data.Paid != "" {
			paid = append(paid, d)
		}
	}
	if ids, err = nextIDs(ctx, tx, "deal_payments", len(paid)); err != nil {
		return err
	}
	for i, d := range paid {
		d.payment = ids[i]
	}
	if ids, err = nextIDs(ctx, tx, "visits", len(vs)); err != nil {
		return err
	}
	for i, v := range vs {
		v.id = ids[i]
	}
	return nil
}

// markApplied records each row's outcome in its import_rows row.
func (b *batch) markApplied(ctx context.Context, tx pgx.Tx, now time.Time) error {
	seqs := make([]int32, len(b.outs))
	clients := make([]*int64, len(b.outs))
	results := make([]string, len(b.outs))
	for i, o := range b.outs {
		seqs[i] = int32(o.row.Seq) //nolint:gosec // G115: seq counts rows, at most a few hundred thousand
		res := map[string]any{"did": o.did}
		if o.why != "" {
			res["why"] = o.why
		}
		if o.client != nil {
			id := o.client.id
			clients[i] = &id
			res["client"] = id
		}
		if o.old != nil {
			res["old"], res["new"] = o.old, o.new
		}
		if len(o.contacts) > 0 {
			ids := make([]int64, len(o.contacts))
			for j, c := range o.contacts {
				ids[j] = c.id
			}
			res["contacts"] = ids
		}
		if o.deal != nil {
			res["deal"] = o.deal.id
			if o.deal.payment != 0 {
				res["payment"] = o.deal.payment
			}
		}
		if o.visit != nil {
			res["visit"] = o.visit.id
		}
		body, err := json.Marshal(res)
		if err != nil {
			return err
		}
		results[i] = string(body)
	}
	_, err := tx.Exec(ctx, `UPDATE import_rows r SET applied_at = $2, client_id = x.c, result = x.res
		FROM unnest($3::int[], $4::bigint[], $5::jsonb[]) AS x (seq, c, res)
		WHERE r.import_id = $1 AND r.seq = x.seq`, b.imp.ID, now, seqs, clients, results)
	if err != nil {
		return fmt.Errorf("mark rows applied: %w", err)
	}
	return nil
}
