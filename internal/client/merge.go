package client

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// Merge folds others (one or two clients) into survivor, in one
// transaction: the survivor takes, per field, the value of the client
// choices names (MergeFields; a field left out takes MergePlan's default,
// the newest non-empty value), the latest last contact and the earliest
// next review; every contact, deal, visit, feedback, review reminder and
// churn episode of the others moves to it (see moveRecords); the others
// become tombstones (merged_into the survivor, archived, out of search),
// so their ids open the survivor; the survivor is reindexed under its own
// and the merged names. Audited on the survivor ("merge") and on each
// tombstone ("merged").
//
// Managers of the clients' team and admins only (CanTidy); all clients in
// one team (ErrDifferentTeams), none archived (ErrArchived). A repeat with
// the same non-zero originUpdate, or a merge whose others are all already
// merged into the survivor, changes nothing and returns the survivor.
//
// The audit trail is not rewritten: the tombstones' entries stay theirs,
// true to the record they were written about, and the survivor's history
// takes them in through merged_into (MergedIDs). Rows moved from one client
// to another in the trail would misstate where a change was made.
func (s *Store) Merge(ctx context.Context, actor access.Actor, survivor int64, others []int64, choices map[string]int64, originUpdate int64) (Client, error) {
	for f := range choices {
		if !slices.Contains(MergeFields, f) {
			return Client{}, fmt.Errorf("merge clients: %w", invalid("unknown merge field %q", f))
		}
	}
	var out Client
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		done, err := mergedBefore(ctx, tx, survivor, others, originUpdate)
		if err != nil || done {
			if err == nil {
				out, err = loadFollowing(ctx, tx, scopeOf(actor), survivor)
			}
			return err
		}
		p, err := planIn(ctx, tx, actor, survivor, others, true)
		if err != nil {
			return err
		}
		for f, id := range choices {
			if !slices.ContainsFunc(p.Clients, func(c Client) bool { return c.ID == id }) {
				return invalid("merge field %s names client %d, not one of the merged", f, id)
			}
		}
		if err := s.apply(ctx, tx, actor, p, choices, originUpdate); err != nil {
			return err
		}
		out, err = loadClient(ctx, tx, 0, survivor, false)
		return err
	})
	if err != nil {
		return Client{}, fmt.Errorf("merge clients: %w", err)
	}
	return out, nil
}

// mergedBefore reports whether this merge was done already: by the same
// update, or (pressed again from another message) with every other client
// already a tombstone of survivor.
func mergedBefore(ctx context.Context, tx pgx.Tx, survivor int64, others []int64, originUpdate int64) (bool, error) {
	if originUpdate != 0 {
		var id int64
		err := tx.QueryRow(ctx, `SELECT survivor_id FROM client_merges WHERE origin_update = $1`, originUpdate).Scan(&id)
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return false, fmt.Errorf("find merge of update %d: %w", originUpdate, err)
		}
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM clients WHERE id = ANY($1) AND merged_into = $2`,
		others, survivor).Scan(&n); err != nil {
		return false, fmt.Errorf("find merged clients: %w", err)
	}
	return len(others) > 0 && n == len(others), nil
}

// apply writes a checked merge.
func (s *Store) apply(ctx context.Context, tx pgx.Tx, actor access.Actor, p MergePlan, choices map[string]int64, originUpdate int64) error {
	now := s.now()
	sv := p.Clients[0]
	others := make([]int64, 0, len(p.Clients)-1)
	for _, c := range p.Clients[1:] {
		others = append(others, c.ID)
	}
	pick := func(f string) Client { return p.Clients[p.source(f, choices)] }
	var size *string
	if v := pick("size").Size; v != "" {
		size = &v
	}
	var owner *int64
	if v := pick("owner_id").OwnerID; v != 0 {
		owner = &v
	}
	if _, err := tx.Exec(ctx, `UPDATE clients c SET name = $2, industry = $3, size = $4, tier = $5, stage = $6,
			region = $7, address = $8, source = $9, owner_id = $10, needs = $11, risk_note = $12, updated_at = $13,
			last_contact_at = (SELECT max(last_contact_at) FROM clients WHERE id = ANY($14)),
			next_review_on = (SELECT min(next_review_on) FROM clients WHERE id = ANY($14))
		WHERE c.id = $1`,
		sv.ID, pick("name").Name, pick("industry").Industry, size, pick("tier").Tier, pick("stage").Stage,
		pick("region").Region, pick("address").Address, pick("source").Source, owner, pick("needs").Needs,
		pick("risk_note").RiskNote, now, append([]int64{sv.ID}, others...)); err != nil {
		return fmt.Errorf("update survivor: %w", err)
	}
	moved, err := moveRecords(ctx, tx, sv.ID, others, s.today())
	if err != nil {
		return err
	}
	if err := choosePrimary(ctx, tx, sv.ID, p.Primary[p.source("primary_contact", choices)], now); err != nil {
		return err
	}
	if err := entomb(ctx, tx, actor, sv.ID, others, now); err != nil {
		return err
	}
	for _, id := range append(others, sv.ID) { // the tombstones leave search, then the survivor takes their names
		if err := reindex(ctx, tx, id); err != nil {
			return err
		}
	}
	return recordMerge(ctx, tx, actor, p, choices, moved, now, originUpdate)
}

// choosePrimary makes the chosen primary contact (now the survivor's) its
// only primary one; with none chosen (the chosen client had none), the
// survivor keeps its own.
func choosePrimary(ctx context.Context, tx pgx.Tx, survivor int64, chosen *Contact, now time.Time) error {
	if chosen == nil {
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE contacts SET is_primary = false, updated_at = $2
		WHERE client_id = $1 AND is_primary AND id <> $3`, survivor, now, chosen.ID); err != nil {
		return fmt.Errorf("choose primary contact: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE contacts SET is_primary = true WHERE id = $1`, chosen.ID); err != nil {
		return fmt.Errorf("choose primary contact: %w", err)
	}
	return nil
}

// recordMerge writes the merge row and the audit entries.
func recordMerge(ctx context.Context, tx pgx.Tx, actor access.Actor, p MergePlan, choices map[string]int64, moved map[string]int64, now time.Time, originUpdate int64) error {
	sv := p.Clients[0]
	others := make([]int64, 0, len(p.Clients)-1)
	fields := map[string]any{}
	for _, f := range MergeFields {
		if i := p.source(f, choices); i != 0 && fieldKey(p.Clients[i], p.Primary[i], f) != fieldKey(sv, p.Primary[0], f) {
			fields[f] = map[string]any{"from": p.Value(f, 0), "to": p.Value(f, i), "source": p.Clients[i].ID}
		}
	}
	for _, c := range p.Clients[1:] {
		others = append(others, c.ID)
	}
	chosen := map[string]int64{} // the merge row keeps the choices made, never NULL
	for f, id := range choices {
		chosen[f] = id
	}
	if _, err := tx.Exec(ctx, `INSERT INTO client_merges (survivor_id, merged_ids, actor_id, choices, at, origin_update)
		VALUES ($1, $2, $3, $4, $5, $6)`, sv.ID, others, staffRef(actor.StaffID), chosen, now, origin(originUpdate)); err != nil {
		return fmt.Errorf("record merge: %w", err)
	}
	if err := audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "client", EntityID: sv.ID, Action: "merge",
		At: now, Changes: map[string]any{"merged": others, "fields": fields, "moved": moved}}); err != nil {
		return err
	}
	for _, c := range p.Clients[1:] {
		if err := audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "client", EntityID: c.ID, Action: "merged",
			At: now, Changes: map[string]any{"into": sv.ID, "name": c.Name}}); err != nil {
			return err
		}
	}
	return nil
}

// staffRef is a staff id as a nullable reference: NULL for 0 (the system).
func staffRef(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
