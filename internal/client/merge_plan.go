package client

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// Errors of PlanMerge and Merge.
var (
	// ErrDifferentTeams: the clients belong to different teams. A merge
	// moves visits, feedback and episodes that the other team's managers
	// answer for, and the survivor has one team; even an admin first hands
	// a client over to the other team, then merges, so that each step is
	// seen and audited for what it is.
	ErrDifferentTeams = errors.New("clients of different teams cannot be merged")
	// ErrArchived: one of the clients is archived; restore it first.
	ErrArchived = errors.New("archived clients cannot be merged")
)

// MaxMerged is how many clients one merge folds into the survivor: two or
// three clients at once, as a person compares them side by side.
const MaxMerged = 2

// MergeFields are the fields a merge picks a surviving value for, in the
// order the comparison shows them. primary_contact is which client's
// primary contact stays the survivor's primary one (every contact moves).
var MergeFields = []string{"name", "industry", "size", "tier", "stage", "region", "address", "source",
	"owner_id", "needs", "risk_note", "primary_contact"}

// MergePlan is what a merge would do, for the side-by-side comparison.
type MergePlan struct {
	// Clients are the survivor, then the clients merged into it.
	Clients []Client
	// Primary holds each client's primary contact (nil when none), in the
	// order of Clients.
	Primary []*Contact
	// Differ lists the MergeFields whose values are not all equal.
	Differ []string
	// Defaults names, for every field, the client whose value survives
	// unless chosen otherwise: the most recently updated client whose
	// value is not empty (the survivor when all are empty).
	Defaults map[string]int64
	// Moving counts the records that move to the survivor: contacts,
	// deals, visits, feedback.
	Moving map[string]int
}

// Value is client i's value of field as shown: text, the enumeration's
// code (size, tier, stage), the owner's name, the primary contact's name
// and phone; "" when empty.
func (p MergePlan) Value(field string, i int) string {
	return fieldText(p.Clients[i], p.Primary[i], field)
}

func fieldText(c Client, primary *Contact, field string) string {
	switch field {
	case "name":
		return c.Name
	case "industry":
		return c.Industry
	case "size":
		return c.Size
	case "tier":
		return c.Tier
	case "stage":
		return c.Stage
	case "region":
		return c.Region
	case "address":
		return c.Address
	case "source":
		return c.Source
	case "owner_id":
		return c.OwnerName
	case "needs":
		return c.Needs
	case "risk_note":
		return c.RiskNote
	case "primary_contact":
		if primary == nil {
			return ""
		}
		if primary.Phone == "" {
			return primary.Name
		}
		return primary.Name + " " + primary.Phone
	}
	return ""
}

// fieldKey is what makes two clients' values of field equal: the owner by
// id, not by name.
func fieldKey(c Client, primary *Contact, field string) string {
	if field == "owner_id" {
		return fmt.Sprint(c.OwnerID)
	}
	return fieldText(c, primary, field)
}

// PlanMerge checks that actor may merge others into survivor, as Merge
// does, and returns the comparison: each client's values, the differing
// fields, the defaults and what moves.
func (s *Store) PlanMerge(ctx context.Context, actor access.Actor, survivor int64, others []int64) (MergePlan, error) {
	var p MergePlan
	err := pgx.BeginTxFunc(ctx, s.db, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var err error
		p, err = planIn(ctx, tx, actor, survivor, others, false)
		return err
	})
	if err != nil {
		return MergePlan{}, fmt.Errorf("plan merge: %w", err)
	}
	return p, nil
}

// planIn loads and checks the clients of a merge in tx (locked for a
// merge), and computes the plan.
func planIn(ctx context.Context, tx pgx.Tx, actor access.Actor, survivor int64, others []int64, lock bool) (MergePlan, error) {
	if len(others) == 0 || len(others) > MaxMerged || slices.Contains(others, survivor) || hasRepeat(others) {
		return MergePlan{}, invalid("a merge takes 1 to %d other clients, each once", MaxMerged)
	}
	ids := append([]int64{survivor}, others...)
	if lock {
		// In id order, so two merges of overlapping clients cannot deadlock.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM clients WHERE id = ANY($1) ORDER BY id FOR UPDATE`, ids); err != nil {
			return MergePlan{}, fmt.Errorf("lock clients: %w", err)
		}
	}
	p := MergePlan{Defaults: map[string]int64{}, Moving: map[string]int{}}
	for _, id := range ids {
		c, err := tidyLoad(ctx, tx, actor, id, false) // locked above for a merge
		if err != nil {
			return MergePlan{}, err
		}
		if c.ArchivedAt != nil {
			return MergePlan{}, ErrArchived
		}
		if len(p.Clients) > 0 && c.TeamID != p.Clients[0].TeamID {
			return MergePlan{}, ErrDifferentTeams
		}
		p.Clients = append(p.Clients, c)
	}
	rows, err := tx.Query(ctx, `SELECT `+contactColumns+` FROM contacts WHERE client_id = ANY($1) AND is_primary`, ids)
	if err != nil {
		return MergePlan{}, fmt.Errorf("primary contacts: %w", err)
	}
	primaries, err := pgx.CollectRows(rows, pgx.RowToStructByName[Contact])
	if err != nil {
		return MergePlan{}, fmt.Errorf("primary contacts: %w", err)
	}
	p.Primary = make([]*Contact, len(ids))
	for i := range primaries {
		p.Primary[slices.Index(ids, primaries[i].ClientID)] = &primaries[i]
	}
	var n [4]int
	if err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM contacts WHERE client_id = ANY($1)),
		(SELECT count(*) FROM deals WHERE client_id = ANY($1)), (SELECT count(*) FROM visits WHERE client_id = ANY($1)),
		(SELECT count(*) FROM feedback WHERE client_id = ANY($1))`, others).Scan(&n[0], &n[1], &n[2], &n[3]); err != nil {
		return MergePlan{}, fmt.Errorf("count records: %w", err)
	}
	p.Moving["contacts"], p.Moving["deals"], p.Moving["visits"], p.Moving["feedback"] = n[0], n[1], n[2], n[3]
	p.fillDefaults()
	return p, nil
}

// fillDefaults computes Differ and Defaults: per field, the newest non-empty
// value (by updated_at, the survivor first among equals).
func (p *MergePlan) fillDefaults() {
	order := make([]int, len(p.Clients))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return p.Clients[order[a]].UpdatedAt.After(p.Clients[order[b]].UpdatedAt)
	})
	for _, f := range MergeFields {
		p.Defaults[f] = p.Clients[0].ID
		for _, i := range order {
			if p.Value(f, i) != "" {
				p.Defaults[f] = p.Clients[i].ID
				break
			}
		}
		for i := 1; i < len(p.Clients); i++ {
			if fieldKey(p.Clients[i], p.Primary[i], f) != fieldKey(p.Clients[0], p.Primary[0], f) {
				p.Differ = append(p.Differ, f)
				break
			}
		}
	}
}

// source returns the index in p.Clients of the client whose value of field
// survives: choices[field] when it names one of the clients, else the default.
func (p MergePlan) source(field string, choices map[string]int64) int {
	want := p.Defaults[field]
	if id, ok := choices[field]; ok {
		want = id
	}
	for i, c := range p.Clients {
		if c.ID == want {
			return i
		}
	}
	return 0
}

func hasRepeat(ids []int64) bool {
	seen := map[int64]bool{}
	for _, id := range ids {
		if seen[id] {
			return true
		}
		seen[id] = true
	}
	return false
}
