package client

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// PaymentDraft is a payment received against a deal, as entered. Amount is
// decimal text (ParseAmount); PaidOn is the day it was received
// (CheckPaidOn).
type PaymentDraft struct {
	Amount string
	PaidOn time.Time
}

// CheckPaidOn is the rule on the day a payment was received: today or
// earlier, at most ten years ago. It returns the day at 00:00 UTC; a
// refusal wraps ErrInvalid.
func CheckPaidOn(paid, today time.Time) (time.Time, error) {
	paid, today = dateOf(paid), dateOf(today)
	if paid.After(today) {
		return time.Time{}, invalid("payment date %s is after today", paid.Format(time.DateOnly))
	}
	if paid.Before(today.AddDate(-maxTermYears, 0, 0)) {
		return time.Time{}, invalid("payment date %s is more than %d years ago", paid.Format(time.DateOnly), maxTermYears)
	}
	return paid, nil
}

// CheckPayment is the rule on a payment as typed, against a deal on which
// outstanding (decimal text) is still owed: an amount (ParseAmount) not
// above what is outstanding, since a payment larger than the invoice is a
// typing mistake far more often than an overpayment. It returns the amount
// with two decimals; a refusal wraps ErrInvalid.
func CheckPayment(s, outstanding string) (string, error) {
	v, err := ParseAmount(s)
	if err != nil {
		return "", err
	}
	if cmpDecimal(v, outstanding) > 0 {
		return "", invalid("payment %s is more than the %s outstanding", v, outstanding)
	}
	return v, nil
}

// AddPayment records a payment against a deal of a client the actor may
// edit (as SetTerms: ErrNotFound, access.ErrForbidden). The amount must
// pass CheckPayment against what is outstanding on the deal, read under
// the deal's lock (else ErrInvalid). It is audited on the deal. A repeat with the same non-zero originUpdate
// returns the payment recorded the first time, with created false.
func (s *Store) AddPayment(ctx context.Context, actor access.Actor, dealID int64, d PaymentDraft, originUpdate int64) (Payment, bool, error) {
	var out Payment
	var created bool
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if originUpdate != 0 {
			p, err := paymentByOrigin(ctx, tx, originUpdate)
			if err == nil {
				out = p
				return nil
			}
			if !errors.Is(err, ErrNotFound) {
				return err
			}
		}
		if _, err := ParseAmount(d.Amount); err != nil {
			return err
		}
		paidOn, err := CheckPaidOn(d.PaidOn, s.today())
		if err != nil {
			return err
		}
		cur, err := s.editableDeal(ctx, tx, actor, dealID)
		if err != nil {
			return err
		}
		amount, err := CheckPayment(d.Amount, cur.Outstanding)
		if err != nil {
			return err
		}
		now := s.now()
		rows, err := tx.Query(ctx, `INSERT INTO deal_payments (deal_id, amount, paid_on, created_by, created_at, origin_update)
			VALUES ($1, $2::numeric, $3, $4, $5, $6) ON CONFLICT (origin_update) DO NOTHING
			RETURNING `+paymentColumns, dealID, amount, paidOn, actor.StaffID, now, origin(originUpdate))
		if err != nil {
			return fmt.Errorf("insert payment: %w", err)
		}
		out, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Payment])
		if errors.Is(err, pgx.ErrNoRows) { // the same update ran concurrently and committed first
			out, err = paymentByOrigin(ctx, tx, originUpdate)
			return err
		}
		if err != nil {
			return fmt.Errorf("insert payment: %w", err)
		}
		created = true
		return audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "deal", EntityID: dealID, Action: "payment",
			At: now, Changes: map[string]any{"payment_id": out.ID, "amount": amount, "paid_on": paidOn.Format(time.DateOnly)}})
	})
	if err != nil {
		return Payment{}, false, fmt.Errorf("add payment: %w", err)
	}
	return out, created, nil
}

// paymentByOrigin finds the payment recorded by an update; ErrNotFound if
// none.
func paymentByOrigin(ctx context.Context, tx pgx.Tx, originUpdate int64) (Payment, error) {
	rows, err := tx.Query(ctx, `SELECT `+paymentColumns+` FROM deal_payments WHERE origin_update = $1`, originUpdate)
	if err != nil {
		return Payment{}, fmt.Errorf("find payment by update: %w", err)
	}
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Payment])
	if errors.Is(err, pgx.ErrNoRows) {
		return Payment{}, ErrNotFound
	}
	return p, err
}
