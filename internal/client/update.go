package client

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// Update changes one field of a client the actor may edit (access.CanEdit):
// ErrNotFound if they may not see it, access.ErrForbidden if they may see
// but not change it, ErrInvalid for a bad field or value. Only managers and
// admins hand a client to another owner. The change is audited with its old
// and new value, and a new name is reindexed for search in the same
// transaction. Setting a field to its current value changes nothing.
func (s *Store) Update(ctx context.Context, actor access.Actor, id int64, p Patch) (Client, error) {
	var out Client
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		c, err := editable(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		ch, err := patchChange(ctx, tx, actor, c, p)
		if err != nil {
			return err
		}
		if fmt.Sprint(ch.from) == fmt.Sprint(ch.to) {
			out = c
			return nil
		}
		now := s.now()
		// ch.column comes from patchChange's fixed list, never from the caller.
		if _, err := tx.Exec(ctx, `UPDATE clients SET `+ch.column+` = $2, updated_at = $3 WHERE id = $1`,
			id, ch.value, now); err != nil {
			return fmt.Errorf("update %s: %w", ch.column, err)
		}
		if err := audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "client", EntityID: id,
			Action: "update", At: now, Changes: map[string]any{ch.column: audit.Change{From: ch.from, To: ch.to}}}); err != nil {
			return err
		}
		if ch.column == "name" {
			if err := reindex(ctx, tx, id); err != nil {
				return err
			}
		}
		out, err = loadClient(ctx, tx, 0, id, false)
		return err
	})
	if err != nil {
		return Client{}, fmt.Errorf("update client: %w", err)
	}
	return out, nil
}

// change is one validated patch: the column, the value to store, and the
// old and new values for the audit trail.
type change struct {
	column   string
	value    any
	from, to any
}

// patchChange validates p against client c.
func patchChange(ctx context.Context, tx pgx.Tx, actor access.Actor, c Client, p Patch) (change, error) {
	field := strings.ToLower(strings.TrimSpace(p.Field))
	current := map[string]string{
		"name": c.Name, "industry": c.Industry, "region": c.Region, "address": c.Address,
		"source": c.Source, "needs": c.Needs, "risk_note": c.RiskNote,
	}
	if cur, ok := current[field]; ok {
		v, err := CheckField(field, p.Value)
		return change{field, v, cur, v}, err
	}
	switch field {
	case "size":
		v, err := checkEnum(field, p.Value, "", Sizes)
		var stored *string
		if v != "" {
			stored = &v
		}
		return change{field, stored, c.Size, v}, err
	case "tier", "stage":
		allowed, cur := Tiers, c.Tier
		if field == "stage" {
			allowed, cur = Stages, c.Stage
		}
		v, err := checkEnum(field, p.Value, "", allowed)
		if err == nil && v == "" {
			err = invalid("%s must be %s", field, orList(allowed))
		}
		return change{field, v, cur, v}, err
	case "owner_id":
		if actor.Role == access.Sales {
			return change{}, access.ErrForbidden
		}
		owner, err := strconv.ParseInt(strings.TrimSpace(p.Value), 10, 64)
		if err != nil || owner <= 0 {
			return change{}, invalid("owner_id must be a staff id")
		}
		if err := checkOwner(ctx, tx, c.TeamID, owner); err != nil {
			return change{}, err
		}
		return change{field, owner, c.OwnerID, owner}, nil
	case "next_review_on":
		return dateChange("next_review_on", c.NextReviewOn, p.Value, "2026-03-31")
	}
	return change{}, invalid("unknown field %q", p.Field)
}

// dateChange is the change of a date field from cur to value (YYYY-MM-DD,
// or empty to clear it); example shows the form in the refusal.
func dateChange(field string, cur *time.Time, value, example string) (change, error) {
	from := ""
	if cur != nil {
		from = cur.Format(time.DateOnly)
	}
	value = strings.TrimSpace(value)
	if value == "" {
		return change{field, nil, from, ""}, nil
	}
	d, err := time.Parse(time.DateOnly, value)
	if err != nil {
		return change{}, invalid("%s must be a date like %s", field, example)
	}
	return change{field, d, from, value}, nil
}
