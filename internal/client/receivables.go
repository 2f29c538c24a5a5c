package client

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// Receivable is what a client owes on one deal (应收账款): the amount
// invoiced (开票金额; the deal's amount unless set otherwise), the payments
// received against it (回款) and what is left, due on DueOn. A deal whose
// DueOn is nil tracks no receivable: nothing on it is ever overdue.
type Receivable struct {
	DealID      int64     `db:"deal_id"`
	ClientID    int64     `db:"client_id"`
	ClientName  string    `db:"client_name"`
	TeamID      int64     `db:"team_id"`
	OwnerID     int64     `db:"owner_id"` // the client's owner, 0 for none: who may record payments
	DealOn      time.Time `db:"deal_on"`
	Description string    `db:"description"`
	Amount      string    `db:"amount"`   // the deal's amount, decimal text with two places
	Invoiced    *string   `db:"invoiced"` // the amount invoiced; nil: the deal's amount
	Billed      string    `db:"billed"`   // what is owed in all: Invoiced, else Amount
	Paid        string    `db:"paid"`     // the sum of the payments
	Outstanding string    `db:"outstanding"`
	// OutstandingCents is Outstanding in fen, for the credit rule.
	OutstandingCents int64      `db:"outstanding_cents"`
	DueOn            *time.Time `db:"due_on"` // a day, 00:00 UTC
	// DaysOverdue counts the days since DueOn in the team's zone while
	// something is outstanding; 0 when nothing is overdue.
	DaysOverdue int `db:"days_overdue"`
}

// Payment is one payment received against a deal.
type Payment struct {
	ID        int64     `db:"id"`
	DealID    int64     `db:"deal_id"`
	Amount    string    `db:"amount"`  // decimal text with two places
	PaidOn    time.Time `db:"paid_on"` // a day, 00:00 UTC
	CreatedBy int64     `db:"created_by"`
	CreatedAt time.Time `db:"created_at"`
}

// receivableSelect reads Receivable rows as of today ($1, a date); callers
// add WHERE on d, c and p (the deal's paid sum) from $2. What is owed is
// coalesce(invoiced, amount) less the payments, as the schema's comment
// says; it is overdue when due before today and more than zero.
const receivableSelect = `SELECT d.id AS deal_id, d.client_id, c.name AS client_name, c.team_id,
	coalesce(c.owner_id, 0) AS owner_id, d.deal_on, d.description, d.amount::text AS amount, d.invoiced::text AS invoiced,
	coalesce(d.invoiced, d.amount)::text AS billed, coalesce(p.paid, 0)::text AS paid,
	(coalesce(d.invoiced, d.amount) - coalesce(p.paid, 0))::text AS outstanding,
	((coalesce(d.invoiced, d.amount) - coalesce(p.paid, 0)) * 100)::bigint AS outstanding_cents,
	d.due_on,
	CASE WHEN d.due_on < $1::date AND coalesce(d.invoiced, d.amount) > coalesce(p.paid, 0)
		THEN $1::date - d.due_on ELSE 0 END AS days_overdue
FROM deals d JOIN clients c ON c.id = d.client_id
LEFT JOIN LATERAL (SELECT sum(amount) AS paid FROM deal_payments WHERE deal_id = d.id) p ON true`

// MaxOpenReceivables bounds the open receivables a card reads: a client
// with more has its oldest dues shown and counted.
const MaxOpenReceivables = 50

// QueueReceivables adds to b the read of a client's open receivables (a
// due date, something outstanding), the earliest due first, for the card's
// single round trip; for a client the actor may not see, out stays empty.
func (s *Store) QueueReceivables(b *pgx.Batch, actor access.Actor, clientID int64, out *[]Receivable) {
	b.Queue(receivableSelect+` WHERE d.client_id = $2 AND ($3::bigint = 0 OR c.team_id = $3)
		AND d.due_on IS NOT NULL AND coalesce(d.invoiced, d.amount) > coalesce(p.paid, 0)
		ORDER BY d.due_on, d.id LIMIT $4`, s.today(), clientID, scopeOf(actor), MaxOpenReceivables).Query(func(rows pgx.Rows) error {
		got, err := pgx.CollectRows(rows, pgx.RowToStructByName[Receivable])
		*out = got
		return err
	})
}

// Receivables returns a client's deals as receivables, at most limit
// (clamped to 1..50): those with something outstanding first, the earliest
// due first, then the newest deals. ErrNotFound when the actor may not see
// the client.
func (s *Store) Receivables(ctx context.Context, actor access.Actor, clientID int64, limit int) ([]Receivable, error) {
	if _, err := loadClient(ctx, s.db, scopeOf(actor), clientID, false); err != nil {
		return nil, fmt.Errorf("list receivables: %w", err)
	}
	rows, err := s.db.Query(ctx, receivableSelect+` WHERE d.client_id = $2
		ORDER BY coalesce(d.invoiced, d.amount) > coalesce(p.paid, 0) DESC, d.due_on NULLS LAST, d.deal_on DESC, d.id DESC
		LIMIT $3`, s.today(), clientID, min(max(limit, 1), 50))
	if err != nil {
		return nil, fmt.Errorf("list receivables: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Receivable])
	if err != nil {
		return nil, fmt.Errorf("list receivables: %w", err)
	}
	return out, nil
}

// Receivable returns one deal's receivable and its payments, the latest
// first; ErrNotFound when the deal is missing or on a client the actor may
// not see.
func (s *Store) Receivable(ctx context.Context, actor access.Actor, dealID int64) (Receivable, []Payment, error) {
	r, err := readReceivable(ctx, s.db, s.today(), scopeOf(actor), dealID)
	if err != nil {
		return Receivable{}, nil, fmt.Errorf("read receivable: %w", err)
	}
	rows, err := s.db.Query(ctx, `SELECT `+paymentColumns+` FROM deal_payments WHERE deal_id = $1
		ORDER BY paid_on DESC, id DESC LIMIT 20`, dealID)
	if err != nil {
		return Receivable{}, nil, fmt.Errorf("list payments: %w", err)
	}
	ps, err := pgx.CollectRows(rows, pgx.RowToStructByName[Payment])
	if err != nil {
		return Receivable{}, nil, fmt.Errorf("list payments: %w", err)
	}
	return r, ps, nil
}

const paymentColumns = `id, deal_id, amount::text AS amount, paid_on, coalesce(created_by, 0) AS created_by, created_at`

// readReceivable reads one deal's receivable if scope may see its client.
func readReceivable(ctx context.Context, q querier, today time.Time, scope, dealID int64) (Receivable, error) {
	rows, err := q.Query(ctx, receivableSelect+` WHERE d.id = $2 AND ($3::bigint = 0 OR c.team_id = $3)`, today, dealID, scope)
	if err != nil {
		return Receivable{}, err
	}
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Receivable])
	if errors.Is(err, pgx.ErrNoRows) {
		return Receivable{}, ErrNotFound
	}
	return r, err
}
