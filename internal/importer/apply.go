package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/client"
)

// pendingRows reads the next rows to apply after row after, in seq order.
// Rows are applied in seq order, so a run passes the last row it applied:
// the index scan then starts there rather than stepping over the entries
// of every row applied so far, which stay in the pending index until a
// vacuum. The limit is written into the statement: with a parameter, a
// cached generic plan would guess at how many rows it keeps.
func pendingRows(ctx context.Context, tx pgx.Tx, id int64, after, limit int) ([]pendingRow, error) {
	rows, err := tx.Query(ctx, `SELECT seq, kind, action, data, fields, coalesce(match_id, 0), coalesce(first_seq, 0)
		FROM import_rows WHERE import_id = $1 AND seq > $2 AND applied_at IS NULL AND action IN `+applied+`
		ORDER BY seq LIMIT `+strconv.Itoa(limit), id, after)
	if err != nil {
		return nil, fmt.Errorf("read rows: %w", err)
	}
	var out []pendingRow
	var r pendingRow
	var data, fields []byte
	_, err = pgx.ForEachRow(rows, []any{&r.Seq, &r.Kind, &r.Action, &data, &fields, &r.MatchID, &r.FirstSeq}, func() error {
		r.Data, r.Fields = rowData{}, map[string]string{}
		if err := json.Unmarshal(data, &r.Data); err != nil {
			return err
		}
		if err := json.Unmarshal(fields, &r.Fields); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read rows: %w", err)
	}
	return out, nil
}

// applyRows applies a batch in one go. When the ledger refuses it (a value
// a constraint rejects), the rows are applied one by one, each under a
// savepoint, and a row that still fails is marked failed with the reason:
// one bad row does not stop the import. It returns the clients whose
// search keys are to be rebuilt, and adds to tally how many rows had each
// outcome (created, updated, added, skipped, failed).
func (s *Store) applyRows(ctx context.Context, tx pgx.Tx, imp *Import, rows []pendingRow, tally map[string]int) ([]int64, error) {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return nil, err
	}
	reindex, err := s.applyBatch(ctx, sp, imp, rows, tally)
	if err == nil {
		return reindex, sp.Commit(ctx)
	}
	clear(tally)
	_ = sp.Rollback(ctx)
	if ctx.Err() != nil {
		return nil, err
	}
	reindex = nil
	s.log.Warn("import batch refused, applying row by row", slog.Int64("import_id", imp.ID), slog.Any("error", err))
	for _, r := range rows {
		sp, err := tx.Begin(ctx)
		if err != nil {
			return nil, err
		}
		ids, err := s.applyBatch(ctx, sp, imp, []pendingRow{r}, tally)
		if err == nil {
			if err := sp.Commit(ctx); err != nil {
				return nil, err
			}
			reindex = append(reindex, ids...)
			continue
		}
		_ = sp.Rollback(ctx)
		if ctx.Err() != nil {
			return nil, err
		}
		res, _ := json.Marshal(map[string]any{"did": "failed", "why": err.Error()})
		if _, err := tx.Exec(ctx, `UPDATE import_rows SET applied_at = $3, result = $4 WHERE import_id = $1 AND seq = $2`,
			imp.ID, r.Seq, s.now(), res); err != nil {
			return nil, fmt.Errorf("mark row failed: %w", err)
		}
		tally["failed"]++
	}
	return reindex, nil
}

// batch is one batch being applied.
type batch struct {
	s        *Store
	imp      *Import
	loc      *time.Location
	today    time.Time
	existing map[int64]*clientState // loaded from the ledger, locked
	bySeq    map[int]*outcome       // this batch's rows
	earlier  map[int]earlierRow     // rows of earlier batches that rows here follow
	outs     []*outcome
	reindex  []int64 // clients whose name or contacts the batch changed
}

type earlierRow struct {
	client int64
	did    string
}

// applyBatch applies rows inside tx (a savepoint of the batch's
// transaction) and returns the clients whose search keys are to be rebuilt;
// once the rows are written, it adds their outcomes to tally.
func (s *Store) applyBatch(ctx context.Context, tx pgx.Tx, imp *Import, rows []pendingRow, tally map[string]int) ([]int64, error) {
	b := &batch{s: s, imp: imp, loc: s.clients.Location(), today: s.clients.Today(),
		bySeq: map[int]*outcome{}, earlier: map[int]earlierRow{}}
	if err := b.load(ctx, tx, rows); err != nil {
		return nil, err
	}
	for _, r := range rows {
		o := &outcome{row: r}
		b.apply(o)
		b.bySeq[r.Seq] = o
		b.outs = append(b.outs, o)
	}
	if err := b.write(ctx, tx); err != nil {
		return nil, err
	}
	for _, o := range b.outs {
		tally[o.did]++
	}
	return b.reindex, nil
}

// load reads what the rows refer to: earlier rows' clients and the
// existing clients (locked), their contacts, deals and visits.
func (b *batch) load(ctx context.Context, tx pgx.Tx, rows []pendingRow) error {
	inBatch := map[int]bool{}
	var firsts []int
	ids := map[int64]bool{}
	for _, r := range rows {
		inBatch[r.Seq] = true
		if r.FirstSeq != 0 && !inBatch[r.FirstSeq] {
			firsts = append(firsts, r.FirstSeq)
		}
		if r.MatchID != 0 {
			ids[r.MatchID] = true
		}
	}
	if len(firsts) > 0 {
		q, err := tx.Query(ctx, `SELECT seq, coalesce(client_id, 0), coalesce(result ->> 'did', '') FROM import_rows
			WHERE import_id = $1 AND seq = ANY($2)`, b.imp.ID, firsts)
		if err != nil {
			return fmt.Errorf("read earlier rows: %w", err)
		}
		var seq int
		var e earlierRow
		if _, err := pgx.ForEachRow(q, []any{&seq, &e.client, &e.did}, func() error {
			b.earlier[seq] = e
			if e.client != 0 {
				ids[e.client] = true
			}
			return nil
		}); err != nil {
			return fmt.Errorf("read earlier rows: %w", err)
		}
	}
	list := make([]int64, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	var err error
	b.existing, err = loadClients(ctx, tx, b.imp.TeamID, list, b.loc)
	return err
}

// apply decides one row's outcome and changes the clients' states.
func (b *batch) apply(o *outcome) {
	r := o.row
	policy := b.imp.Dup
	switch r.Action {
	case "create":
		b.create(o)
	case "update":
		st := b.existing[r.MatchID]
		switch {
		case st == nil:
			o.did, o.why = "failed", "client no longer exists"
		case policy == DupCreate:
			b.create(o)
		case policy == DupSkip:
			o.client, o.did = st, "skipped"
		default:
			b.update(o, st, policy)
		}
	case "merge", "dup_file":
		st, skipped := b.firstClient(r.FirstSeq)
		switch {
		case st == nil:
			o.did, o.why = "failed", "the row it repeats was not imported"
		case r.Action == "dup_file" && policy == DupCreate:
			b.create(o)
		case skipped || r.Action == "dup_file" && policy == DupSkip:
			o.client, o.did = st, "skipped"
		case r.Action == "merge":
			o.client = st
			b.addContacts(o, st, r.Data.Contacts)
			o.did = "added"
		default:
			b.update(o, st, policy)
		}
	default: // contact, deal, visit
		st := b.existing[r.MatchID]
		if r.MatchID == 0 {
			st, _ = b.firstClient(r.FirstSeq)
		}
		if st == nil {
			o.did, o.why = "failed", "its client was not imported"
			return
		}
		o.client, o.did = st, "added"
		switch r.Action {
		case "contact":
			b.addContacts(o, st, r.Data.Contacts)
		case "deal":
			b.addDeal(o, st, r.Data.Deal)
		case "visit":
			b.addVisit(o, st, r.Data.Visit)
		}
	}
	if o.did == "added" && len(o.contacts) == 0 && o.deal == nil && o.visit == nil {
		o.did = "skipped" // everything it holds is in the ledger already
	}
}

// firstClient is the client an earlier row of the import ended on, and
// whether that row was skipped (a ledger client left alone).
func (b *batch) firstClient(seq int) (*clientState, bool) {
	if o, ok := b.bySeq[seq]; ok {
		return o.client, o.did == "skipped"
	}
	e, ok := b.earlier[seq]
	if !ok || e.client == 0 {
		return nil, false
	}
	return b.existing[e.client], e.did == "skipped"
}

// create makes a new client from a clients row.
func (b *batch) create(o *outcome) {
	r := o.row
	st := &clientState{isNew: true, team: b.imp.TeamID, vals: map[string]string{"name": r.Data.Name},
		reindex: true, deals: map[string]bool{}, visits: map[string]bool{}}
	for _, col := range clientColumns {
		st.vals[col] = r.Fields[col]
	}
	if st.vals["tier"] == "" {
		st.vals["tier"] = "normal"
	}
	if st.vals["stage"] == "" {
		st.vals["stage"] = "potential"
	}
	if st.vals["owner_id"] == "" {
		st.vals["owner_id"] = strconv.FormatInt(b.imp.ActorID, 10)
	}
	if st.vals["next_review_on"] == "" {
		st.vals["next_review_on"] = b.today.AddDate(0, 0, client.ReviewCadence(st.vals["tier"])).Format(time.DateOnly)
	}
	o.client, o.did = st, "created"
	b.addContacts(o, st, r.Data.Contacts)
}

// update changes an existing (or earlier created) client by the policy:
// fill its empty fields, or overwrite them with the row's non-empty values.
func (b *batch) update(o *outcome, st *clientState, policy DupPolicy) {
	r := o.row
	o.client = st
	if policy == DupOverwrite && r.Data.Name != "" {
		o.set(st, "name", r.Data.Name)
	}
	for _, col := range clientColumns {
		v := r.Fields[col]
		if v == "" || policy == DupFill && st.vals[col] != "" || sameAsFile(col, st.vals[col], v, b.loc) {
			continue
		}
		o.set(st, col, v)
	}
	b.addContacts(o, st, r.Data.Contacts)
	if o.new != nil || st.isNew && len(o.contacts) > 0 {
		o.did = "updated"
	} else if len(o.contacts) > 0 {
		o.did = "added"
	} else {
		o.did = "skipped"
	}
}

// addContacts adds the contacts the client does not have yet; the first
// contact of a client without a primary one becomes primary.
func (b *batch) addContacts(o *outcome, st *clientState, cs []contactData) {
	for _, c := range cs {
		if st.hasContact(c) {
			continue
		}
		nc := &newContact{client: st, data: c, primary: !st.hasPrimary}
		st.hasPrimary = true
		st.contacts = append(st.contacts, contactKey{staffKey(c.Name), tail(digits(c.Phone))})
		st.reindex = true
		o.contacts = append(o.contacts, nc)
	}
}

// addDeal records a deal unless the client has the same one (date, amount,
// description); a potential client becomes new, as client.AddDeal does.
func (b *batch) addDeal(o *outcome, st *clientState, d *dealData) {
	if d == nil || st.deals[dealKey(*d)] {
		return
	}
	st.deals[dealKey(*d)] = true
	o.deal = &newDeal{client: st, data: *d}
	if st.vals["stage"] == "potential" {
		o.set(st, "stage", "new")
	}
}

// addVisit records a past visit unless the client has the same one (the
// same day in the team's zone, kind and notes: see visitKey), at the start
// of its day in the team's zone; the client's last contact moves
// forward to it. The stage is left as the file or the ledger has it: an
// old visit does not make a churned client active.
func (b *batch) addVisit(o *outcome, st *clientState, v *visitData) {
	if v == nil {
		return
	}
	day, err := time.ParseInLocation(time.DateOnly, v.On, b.loc)
	if err != nil {
		return
	}
	key := visitKey(v.On, v.Kind, v.Notes)
	if st.visits[key] {
		return
	}
	st.visits[key] = true
	author := v.AuthorID
	if author == 0 {
		author = b.imp.ActorID
	}
	o.visit = &newVisit{client: st, data: *v, at: day, author: author}
	if laterInstant(v.On, st.vals["last_contact_at"], b.loc) {
		o.set(st, "last_contact_at", day.UTC().Format(time.RFC3339Nano))
	}
}
