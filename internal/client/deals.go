package client

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"golang.org/x/text/unicode/norm"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

const dealColumns = `id, client_id, deal_on, amount::text AS amount, description,
	coalesce(created_by, 0) AS created_by, created_at`

// Deals returns a page of a client's deals, newest first, and how many there
// are in all; ErrNotFound when the actor may not see the client.
func (s *Store) Deals(ctx context.Context, actor access.Actor, clientID int64, limit, offset int) ([]Deal, int, error) {
	if _, err := loadClient(ctx, s.db, scopeOf(actor), clientID, false); err != nil {
		return nil, 0, fmt.Errorf("list deals: %w", err)
	}
	limit = min(max(limit, 1), 100)
	offset = max(offset, 0)
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM deals WHERE client_id = $1`, clientID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count deals: %w", err)
	}
	rows, err := s.db.Query(ctx, `SELECT `+dealColumns+` FROM deals WHERE client_id = $1
		ORDER BY deal_on DESC, id DESC LIMIT $2 OFFSET $3`, clientID, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list deals: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Deal])
	if err != nil {
		return nil, 0, fmt.Errorf("list deals: %w", err)
	}
	return out, total, nil
}

// AddDeal records a deal with a client the actor may edit (access.CanEdit).
// A potential client becomes new: the deal makes it a customer. A repeat
// with the same non-zero originUpdate returns the deal recorded the first
// time, with created false.
func (s *Store) AddDeal(ctx context.Context, actor access.Actor, clientID int64, d DealDraft, originUpdate int64) (Deal, bool, error) {
	if d.DealOn.IsZero() {
		return Deal{}, false, invalid("deal date is required")
	}
	amount, err := ParseAmount(d.Amount)
	if err != nil {
		return Deal{}, false, err
	}
	desc, err := CheckDealText(d.Description)
	if err != nil {
		return Deal{}, false, err
	}
	var due *time.Time
	if d.DueOn != nil {
		day, err := CheckDueOn(*d.DueOn, d.DealOn)
		if err != nil {
			return Deal{}, false, err
		}
		due = &day
	}
	d.DueOn = due
	var out Deal
	var created bool
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		c, err := editable(ctx, tx, actor, clientID)
		if err != nil {
			return err
		}
		now := s.now()
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO deals (client_id, deal_on, amount, description, created_by, created_at, origin_update, due_on)
			VALUES ($1, $2, $3::numeric, $4, $5, $6, $7, $8) ON CONFLICT (origin_update) DO NOTHING RETURNING id`,
			clientID, dateOf(d.DealOn), amount, desc, actor.StaffID, now, origin(originUpdate), due).Scan(&id)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			err = tx.QueryRow(ctx, `SELECT id FROM deals WHERE origin_update = $1`, originUpdate).Scan(&id)
		case err == nil:
			created = true
			err = afterDeal(ctx, tx, actor, c, id, amount, d, now)
		}
		if err != nil {
			return fmt.Errorf("insert deal: %w", err)
		}
		rows, err := tx.Query(ctx, `SELECT `+dealColumns+` FROM deals WHERE id = $1`, id)
		if err != nil {
			return fmt.Errorf("read deal: %w", err)
		}
		out, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Deal])
		return err
	})
	if err != nil {
		return Deal{}, false, fmt.Errorf("add deal: %w", err)
	}
	return out, created, nil
}

// afterDeal writes the deal's audit entry and moves a potential client to new.
func afterDeal(ctx context.Context, tx pgx.Tx, actor access.Actor, c Client, id int64, amount string, d DealDraft, now time.Time) error {
	changes := map[string]any{"client_id": c.ID, "amount": amount, "deal_on": dateOf(d.DealOn).Format(time.DateOnly)}
	if d.DueOn != nil {
		changes["due_on"] = d.DueOn.Format(time.DateOnly)
	}
	if err := audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "deal", EntityID: id, Action: "create",
		At: now, Changes: changes}); err != nil {
		return err
	}
	stage := c.Stage
	if stage == "potential" {
		stage = "new"
	}
	if _, err := tx.Exec(ctx, `UPDATE clients SET stage = $2, updated_at = $3 WHERE id = $1`, c.ID, stage, now); err != nil {
		return fmt.Errorf("update client stage: %w", err)
	}
	if stage == c.Stage {
		return nil
	}
	return audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "client", EntityID: c.ID, Action: "update",
		At: now, Changes: map[string]any{"stage": audit.Change{From: c.Stage, To: stage}}})
}

// ParseAmount reads a deal amount typed by a person ("12500", "12,500.5",
// "￥3000") and returns it with two decimals ("12500.50"). It must be more
// than zero, at most 1e12 and have at most two decimal places.
func ParseAmount(s string) (string, error) {
	s = norm.NFKC.String(strings.TrimSpace(s))
	s = strings.TrimSuffix(strings.TrimLeft(s, "¥￥"), "元")
	s = strings.NewReplacer(",", "", " ", "", "_", "").Replace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || strings.Trim(whole+frac, "0123456789") != "" {
		return "", invalid("amount must be a number such as 12500 or 12500.50")
	}
	if len(frac) > 2 {
		return "", invalid("amount may have at most two decimal places")
	}
	if len(whole) > 20 {
		return "", invalid("amount must be at most 1000000000000")
	}
	r, ok := new(big.Rat).SetString("0" + whole + "." + frac + "0")
	if !ok {
		return "", invalid("amount must be a number such as 12500 or 12500.50")
	}
	switch {
	case r.Sign() <= 0:
		return "", invalid("amount must be more than zero")
	case r.Cmp(big.NewRat(1_000_000_000_000, 1)) > 0:
		return "", invalid("amount must be at most 1000000000000")
	}
	return r.FloatString(2), nil
}
