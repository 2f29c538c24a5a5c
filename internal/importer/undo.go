package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// rowResult is what markApplied stored for a row.
type rowResult struct {
	Did      string            `json:"did"`
	Client   int64             `json:"client"`
	Old      map[string]string `json:"old"`
	New      map[string]string `json:"new"`
	Contacts []int64           `json:"contacts"`
	Deal     int64             `json:"deal"`
	Payment  int64             `json:"payment"`
	Visit    int64             `json:"visit"`
}

// fieldUndo is one field of an existing client as the import left it:
// the value before its first change and after its last.
type fieldUndo struct{ from, to string }

// Undo takes a done import back, in one transaction: it removes the
// clients the import created that nobody has built on since (no change
// after the import by anyone, no feedback, visits, deals or contacts but
// the import's), restores the fields it overwrote on existing clients where
// they still hold the import's value, and removes the contacts, deals and
// visits it added to existing clients. What it leaves is listed in Kept
// with the reason. Every change is audited as the actor's, in the import's
// name. The importer, a manager of the team or an admin may undo; undoing
// again returns the first report.
func (s *Store) Undo(ctx context.Context, actor access.Actor, id int64) (UndoReport, error) {
	var rep UndoReport
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		imp, err := load(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !canSee(actor, imp) {
			return ErrNotFound
		}
		if imp.Status == Undone {
			var body []byte
			if err := tx.QueryRow(ctx, `SELECT undo_report FROM imports WHERE id = $1`, id).Scan(&body); err != nil {
				return err
			}
			return json.Unmarshal(body, &rep)
		}
		if imp.Status != Done {
			return ErrState
		}
		u := &undoer{s: s, tx: tx, imp: imp, actor: actor, fields: map[int64]map[string]*fieldUndo{}}
		if err := u.read(ctx); err != nil {
			return err
		}
		if rep, err = u.run(ctx); err != nil {
			return err
		}
		body, err := json.Marshal(rep)
		if err != nil {
			return err
		}
		now := s.now()
		_, err = tx.Exec(ctx, `UPDATE imports SET status = 'undone', undo_report = $2, undone_at = $3, updated_at = $3
			WHERE id = $1`, id, body, now)
		return err
	})
	if err != nil {
		return UndoReport{}, fmt.Errorf("undo import: %w", err)
	}
	return rep, nil
}

type undoer struct {
	s       *Store
	tx      pgx.Tx
	imp     Import
	actor   access.Actor
	created []int64
	added   struct{ contacts, deals, visits, payments []int64 }
	fields  map[int64]map[string]*fieldUndo
}

// read folds the applied rows' results.
func (u *undoer) read(ctx context.Context) error {
	rows, err := u.tx.Query(ctx, `SELECT result FROM import_rows WHERE import_id = $1 AND applied_at IS NOT NULL
		ORDER BY seq`, u.imp.ID)
	if err != nil {
		return fmt.Errorf("read results: %w", err)
	}
	var body []byte
	_, err = pgx.ForEachRow(rows, []any{&body}, func() error {
		var r rowResult
		if err := json.Unmarshal(body, &r); err != nil {
			return err
		}
		if r.Did == "created" {
			u.created = append(u.created, r.Client)
		}
		u.added.contacts = append(u.added.contacts, r.Contacts...)
		if r.Deal != 0 {
			u.added.deals = append(u.added.deals, r.Deal)
		}
		if r.Visit != 0 {
			u.added.visits = append(u.added.visits, r.Visit)
		}
		if r.Payment != 0 {
			u.added.payments = append(u.added.payments, r.Payment)
		}
		for col, to := range r.New {
			f := u.fields[r.Client]
			if f == nil {
				f = map[string]*fieldUndo{}
				u.fields[r.Client] = f
			}
			if f[col] == nil {
				f[col] = &fieldUndo{from: r.Old[col]}
			}
			f[col].to = to
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read results: %w", err)
	}
	return nil
}

func (u *undoer) run(ctx context.Context) (UndoReport, error) {
	var rep UndoReport
	l := u.imp.Lang
	now := u.s.now()
	kept, err := u.keptCreated(ctx)
	if err != nil {
		return rep, err
	}
	var remove []int64
	for _, id := range u.created {
		if k, ok := kept[id]; ok {
			rep.Kept = append(rep.Kept, k)
			continue
		}
		remove = append(remove, id)
	}
	keptIDs := make([]int64, 0, len(kept))
	for id := range kept {
		keptIDs = append(keptIDs, id)
	}
	keptDeals, keptOwners, err := u.keptDeals(ctx, keptIDs)
	if err != nil {
		return rep, err
	}
	rep.Kept = append(rep.Kept, keptOwners...)
	if rep.Payments, err = u.removePayments(ctx, keptIDs, keptDeals); err != nil {
		return rep, err
	}
	entries := []audit.Entry{}
	for _, id := range remove {
		entries = append(entries, audit.Entry{ActorID: u.actor.StaffID, Entity: "client", EntityID: id,
			Action: "delete", At: now, Changes: map[string]any{"import": u.imp.ID, "undo": true}})
	}
	tag, err := u.tx.Exec(ctx, `DELETE FROM clients WHERE id = ANY($1) AND team_id = $2`, remove, u.imp.TeamID)
	if err != nil {
		return rep, fmt.Errorf("remove clients: %w", err)
	}
	rep.Removed = int(tag.RowsAffected())
	// What the import added to clients that stay (existing ones, and the
	// created ones kept whole are left alone; so are the deals kept).
	touched := map[int64]bool{}
	for _, t := range []struct {
		table, entity string
		ids, keep     []int64
		n             *int
	}{{"contacts", "contact", u.added.contacts, nil, &rep.Contacts}, {"deals", "deal", u.added.deals, keptDeals, &rep.Deals},
		{"visits", "visit", u.added.visits, nil, &rep.Visits}} {
		rows, err := u.tx.Query(ctx, `DELETE FROM `+t.table+` WHERE id = ANY($1) AND client_id <> ALL($2)
			AND id <> ALL($3) RETURNING id, client_id`, t.ids, keptIDs, orEmpty(t.keep))
		if err != nil {
			return rep, fmt.Errorf("remove %s: %w", t.table, err)
		}
		var id, cid int64
		if _, err := pgx.ForEachRow(rows, []any{&id, &cid}, func() error {
			*t.n++
			touched[cid] = true
			entries = append(entries, audit.Entry{ActorID: u.actor.StaffID, Entity: t.entity, EntityID: id,
				Action: "delete", At: now, Changes: map[string]any{"client_id": cid, "import": u.imp.ID, "undo": true}})
			return nil
		}); err != nil {
			return rep, fmt.Errorf("remove %s: %w", t.table, err)
		}
	}
	restored, keptFields, more, err := u.restore(ctx, now)
	if err != nil {
		return rep, err
	}
	rep.Restored = restored
	entries = append(entries, more...)
	for id, name := range keptFields {
		rep.Kept = append(rep.Kept, KeptClient{ClientID: id, Name: name,
			Why: l.T("导入后有人修改了部分字段，这些字段保留现值", "some fields were changed after the import and keep their current values")})
	}
	for id := range u.fields {
		touched[id] = true
	}
	for _, e := range entries {
		if err := audit.Write(ctx, u.tx, e); err != nil {
			return rep, err
		}
	}
	ids := make([]int64, 0, len(touched))
	for id := range touched {
		ids = append(ids, id)
	}
	if err := client.ReindexTx(ctx, u.tx, ids); err != nil {
		return rep, err
	}
	sort.Slice(rep.Kept, func(i, j int) bool { return rep.Kept[i].ClientID < rep.Kept[j].ClientID })
	return rep, nil
}

// keptCreated finds the created clients someone has built on since the
// import: changed after it (a later updated_at or an audit entry not of
// this import), or holding feedback, or visits, deals or contacts the
// import did not add.
func (u *undoer) keptCreated(ctx context.Context) (map[int64]KeptClient, error) {
	rows, err := u.tx.Query(ctx, `SELECT c.id, c.name,
			c.updated_at > $3 OR EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'client' AND a.entity_id = c.id
				AND (a.changes ->> 'import') IS DISTINCT FROM $2::text) AS changed
		FROM clients c WHERE c.id = ANY($1) AND (
			c.updated_at > $3
			OR EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'client' AND a.entity_id = c.id
				AND (a.changes ->> 'import') IS DISTINCT FROM $2::text)
			OR EXISTS (SELECT 1 FROM feedback f WHERE f.client_id = c.id)
			OR EXISTS (SELECT 1 FROM visits v WHERE v.client_id = c.id AND v.id <> ALL($4))
			OR EXISTS (SELECT 1 FROM deals d WHERE d.client_id = c.id AND d.id <> ALL($5))
			OR EXISTS (SELECT 1 FROM contacts k WHERE k.client_id = c.id AND k.id <> ALL($6))
			OR EXISTS (SELECT 1 FROM deals d WHERE d.client_id = c.id AND `+dealBuiltOn("$2", "$7")+`))`,
		u.created, fmt.Sprint(u.imp.ID), u.imp.FinishedAt, orEmpty(u.added.visits), orEmpty(u.added.deals),
		orEmpty(u.added.contacts), orEmpty(u.added.payments))
	if err != nil {
		return nil, fmt.Errorf("find changed clients: %w", err)
	}
	out := map[int64]KeptClient{}
	l := u.imp.Lang
	var k KeptClient
	var changed bool
	_, err = pgx.ForEachRow(rows, []any{&k.ClientID, &k.Name, &changed}, func() error {
		k.Why = l.T("导入后新增了拜访、反馈、成交、回款或联系人", "visits, feedback, deals, payments or contacts were added after the import")
		if changed {
			k.Why = l.T("导入后有人修改过这个客户", "someone changed the client after the import")
		}
		out[k.ClientID] = k
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find changed clients: %w", err)
	}
	return out, nil
}

// orEmpty turns nil into an empty array: "<> ALL(NULL)" is never true.
func orEmpty(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}
