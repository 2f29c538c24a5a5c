package client

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// Terms are a deal's receivable terms as entered.
type Terms struct {
	// Invoiced is the amount invoiced as typed (ParseAmount); "" means the
	// deal's amount.
	Invoiced string
	// DueOn is the payment due date (CheckDueOn); nil tracks no receivable.
	DueOn *time.Time
}

// maxTermYears bounds how far after the deal a payment may fall due, and
// how long ago a payment may have been received.
const maxTermYears = 10

// CheckDueOn is the rule on a payment due date, for a deal made on dealOn:
// not before the deal, at most ten years after it. It returns the day at
// 00:00 UTC; a refusal wraps ErrInvalid.
func CheckDueOn(due, dealOn time.Time) (time.Time, error) {
	due, dealOn = dateOf(due), dateOf(dealOn)
	if due.Before(dealOn) {
		return time.Time{}, invalid("due date %s is before the deal's date %s", due.Format(time.DateOnly), dealOn.Format(time.DateOnly))
	}
	if due.After(dealOn.AddDate(maxTermYears, 0, 0)) {
		return time.Time{}, invalid("due date %s is more than %d years after the deal", due.Format(time.DateOnly), maxTermYears)
	}
	return due, nil
}

// CheckInvoiced is the rule on an amount invoiced as typed, on a deal on
// which paid (decimal text) was already received: an amount (ParseAmount)
// not below what was paid. It returns the amount with two decimals; a
// refusal wraps ErrInvalid.
func CheckInvoiced(s, paid string) (string, error) {
	v, err := ParseAmount(s)
	if err != nil {
		return "", err
	}
	if cmpDecimal(v, paid) < 0 {
		return "", invalid("amount invoiced %s is below the %s already paid", v, paid)
	}
	return v, nil
}

// cmpDecimal compares two decimal texts as written by PostgreSQL or
// ParseAmount; text that is no number counts as zero.
func cmpDecimal(a, b string) int {
	x, _ := new(big.Rat).SetString(a)
	y, _ := new(big.Rat).SetString(b)
	if x == nil {
		x = new(big.Rat)
	}
	if y == nil {
		y = new(big.Rat)
	}
	return x.Cmp(y)
}

// SetTerms sets a deal's amount invoiced and payment due date, on a client
// the actor may edit (access.CanEdit: a salesperson their own clients, a
// manager the team's, an admin any); ErrNotFound for a deal the actor may
// not see, access.ErrForbidden for one they may see but not change. The
// amount invoiced may not be below what was already paid (ErrInvalid).
// Setting the same terms again changes nothing, so a retried update needs
// no key; a change is audited on the deal.
func (s *Store) SetTerms(ctx context.Context, actor access.Actor, dealID int64, t Terms) (Receivable, error) {
	if t.Invoiced != "" {
		if _, err := ParseAmount(t.Invoiced); err != nil {
			return Receivable{}, fmt.Errorf("set deal terms: %w", err)
		}
	}
	var out Receivable
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		cur, err := s.editableDeal(ctx, tx, actor, dealID)
		if err != nil {
			return err
		}
		var due *time.Time
		if t.DueOn != nil {
			d, err := CheckDueOn(*t.DueOn, cur.DealOn)
			if err != nil {
				return err
			}
			due = &d
		}
		var invoiced *string
		billed := cur.Amount
		if t.Invoiced != "" {
			billed = t.Invoiced
		}
		v, err := CheckInvoiced(billed, cur.Paid)
		if err != nil {
			return err
		}
		if t.Invoiced != "" {
			invoiced = &v
		}
		if _, err := tx.Exec(ctx, `UPDATE deals SET invoiced = $2::numeric, due_on = $3 WHERE id = $1`, dealID, invoiced, due); err != nil {
			return fmt.Errorf("update deal: %w", err)
		}
		if out, err = readReceivable(ctx, tx, s.today(), 0, dealID); err != nil {
			return err
		}
		changes := audit.Diff(termsOf(cur), termsOf(out))
		if len(changes) == 0 {
			return nil
		}
		return audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "deal", EntityID: dealID, Action: "terms",
			At: s.now(), Changes: changes})
	})
	if err != nil {
		return Receivable{}, fmt.Errorf("set deal terms: %w", err)
	}
	return out, nil
}

// termsOf is the audited form of a receivable's terms.
func termsOf(r Receivable) map[string]any {
	m := map[string]any{"invoiced": nil, "due_on": nil}
	if r.Invoiced != nil {
		m["invoiced"] = *r.Invoiced
	}
	if r.DueOn != nil {
		m["due_on"] = r.DueOn.Format(time.DateOnly)
	}
	return m
}

// editableDeal reads, inside tx, a deal of a client the actor may change,
// with the client's row locked (as every change to a client is made) and
// the deal's, so that concurrent payments see each other's sums.
func (s *Store) editableDeal(ctx context.Context, tx pgx.Tx, actor access.Actor, dealID int64) (Receivable, error) {
	var clientID int64
	err := tx.QueryRow(ctx, `SELECT client_id FROM deals WHERE id = $1`, dealID).Scan(&clientID)
	if errors.Is(err, pgx.ErrNoRows) {
		return Receivable{}, ErrNotFound
	}
	if err != nil {
		return Receivable{}, fmt.Errorf("read deal: %w", err)
	}
	if _, err := editable(ctx, tx, actor, clientID); err != nil {
		return Receivable{}, err
	}
	if _, err := tx.Exec(ctx, `SELECT 1 FROM deals WHERE id = $1 FOR UPDATE`, dealID); err != nil {
		return Receivable{}, fmt.Errorf("lock deal: %w", err)
	}
	return readReceivable(ctx, tx, s.today(), 0, dealID)
}
