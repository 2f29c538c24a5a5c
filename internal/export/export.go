package export

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// Store exports the ledger.
type Store struct {
	db  *pgxpool.Pool
	loc *time.Location
}

// New returns a Store reading db; loc is the teams' time zone, in which
// timestamps (a visit's, a client's last contact) become days and a
// period's days begin.
func New(db *pgxpool.Pool, loc *time.Location) *Store {
	return &Store{db: db, loc: loc}
}

// Summary counts the rows of each sheet.
type Summary struct {
	Clients, Contacts, Deals, Visits, Feedback int
}

// Rows is the number of rows of every sheet together.
func (s Summary) Rows() int { return s.Clients + s.Contacts + s.Deals + s.Visits + s.Feedback }

// The sheets' names.
var (
	clientsSheet  = i18n.Text{ZH: "客户", EN: "Clients"}
	contactsSheet = i18n.Text{ZH: "联系人", EN: "Contacts"}
	dealsSheet    = i18n.Text{ZH: "合作记录", EN: "Deals"}
	visitsSheet   = i18n.Text{ZH: "拜访", EN: "Visits"}
	feedbackSheet = i18n.Text{ZH: "反馈", EN: "Feedback"}
)

// Export writes to w one XLSX workbook of what f selects and the actor may
// see, and returns how many rows each sheet got. progress, if not nil, is
// called as rows are written with the rows done and the rows in all
// (counted first), every thousand rows or so and once at the end, on the
// calling goroutine. A filter beyond the actor's rights is
// access.ErrForbidden; one naming nothing the actor may export (a team or
// owner that does not exist or is not theirs to see, an unknown tier or
// stage) is ErrInvalid.
func (s *Store) Export(ctx context.Context, actor access.Actor, f Filter, w io.Writer, progress func(done, total int)) (Summary, error) {
	tx, err := s.db.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return Summary{}, fmt.Errorf("export: begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	sc, err := resolve(ctx, tx, actor, f)
	if err != nil {
		return Summary{}, err
	}
	total, err := s.count(ctx, tx, sc, f.Period)
	if err != nil {
		return Summary{}, err
	}
	p := &tracker{report: progress, total: total.Rows()}
	book := sheet.NewWriter()
	sum, err := s.write(ctx, tx, book, sc, f, p)
	if err != nil {
		return Summary{}, err
	}
	// The rows are all read: let the connection go before the workbook,
	// which may take a while, is put together.
	if err := tx.Commit(ctx); err != nil {
		return Summary{}, fmt.Errorf("export: end read: %w", err)
	}
	if _, err := book.WriteTo(w); err != nil {
		return Summary{}, fmt.Errorf("export: write workbook: %w", err)
	}
	p.done = p.total
	p.flush()
	return sum, nil
}

// write writes the five sheets into book.
func (s *Store) write(ctx context.Context, tx pgx.Tx, book *sheet.Writer, sc scope, f Filter, p *tracker) (Summary, error) {
	l := f.Lang
	var sum Summary
	clients, err := templateLayout(sheet.Clients, l, clientCells, clientExtras(sc.team == 0))
	if err != nil {
		return Summary{}, err
	}
	cond, args := sc.where(nil)
	cr := &clientRow{l: l}
	if sum.Clients, err = writeSheet(ctx, tx, book, clientsSheet.In(l), clients, cr, func(rows pgx.Rows) error { return cr.scan(rows, s.loc) },
		"export_clients", fmt.Sprintf(clientsSQL, cond), args, p); err != nil {
		return Summary{}, err
	}
	contacts, err := templateLayout(sheet.Contacts, l, contactCells, contactExtras)
	if err != nil {
		return Summary{}, err
	}
	ct := &contactRow{l: l}
	if sum.Contacts, err = writeSheet(ctx, tx, book, contactsSheet.In(l), contacts, ct, func(rows pgx.Rows) error { return ct.scan(rows, s.loc) },
		"export_contacts", fmt.Sprintf(contactsSQL, cond), args, p); err != nil {
		return Summary{}, err
	}
	deals, err := templateLayout(sheet.Deals, l, dealCells, nil)
	if err != nil {
		return Summary{}, err
	}
	d := &dealRow{}
	if sum.Deals, err = writeSheet(ctx, tx, book, dealsSheet.In(l), deals, d, func(rows pgx.Rows) error { return d.scan(rows, s.loc) },
		"export_deals", fmt.Sprintf(dealsSQL, cond), args, p); err != nil {
		return Summary{}, err
	}
	start, end := f.Period.bounds(s.loc)
	if f.Period.IsZero() {
		end = start // no visits, no feedback
	}
	pcond, pargs := sc.where([]any{start, end})
	visits, err := templateLayout(sheet.Visits, l, visitCells, visitExtras)
	if err != nil {
		return Summary{}, err
	}
	v := &visitRow{l: l}
	if sum.Visits, err = writeSheet(ctx, tx, book, visitsSheet.In(l), visits, v, func(rows pgx.Rows) error { return v.scan(rows, s.loc) },
		"export_visits", fmt.Sprintf(visitsSQL, pcond), pargs, p); err != nil {
		return Summary{}, err
	}
	fb := &feedbackRow{l: l}
	if sum.Feedback, err = writeSheet(ctx, tx, book, feedbackSheet.In(l), feedbackColumns(l), fb, func(rows pgx.Rows) error { return fb.scan(rows, s.loc) },
		"export_feedback", fmt.Sprintf(feedbackSQL, pcond), pargs, p); err != nil {
		return Summary{}, err
	}
	return sum, nil
}

// writeSheet starts a sheet laid out as lo and writes into it every row of
// query, which scan reads into row; it returns how many rows it wrote.
func writeSheet[R any](ctx context.Context, tx pgx.Tx, book *sheet.Writer, name string, lo layout[R], row *R,
	scan func(pgx.Rows) error, cursor, query string, args []any, p *tracker) (int, error) {
	if err := book.Sheet(name, lo.cols); err != nil {
		return 0, fmt.Errorf("export: sheet %s: %w", cursor, err)
	}
	n := 0
	buf := make([]any, 0, len(lo.cols))
	err := stream(ctx, tx, cursor, query, args, func(rows pgx.Rows) error {
		if err := scan(rows); err != nil {
			return fmt.Errorf("export: read %s: %w", cursor, err)
		}
		buf = lo.values(buf, row)
		if err := book.Row(buf...); err != nil {
			return fmt.Errorf("export: write %s: %w", cursor, err)
		}
		n++
		p.add()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	return n, nil
}

// count counts the rows each sheet will get, for progress.
func (s *Store) count(ctx context.Context, tx pgx.Tx, sc scope, period Period) (Summary, error) {
	start, end := period.bounds(s.loc)
	if period.IsZero() {
		end = start
	}
	cond, args := sc.where([]any{start, end})
	var sum Summary
	err := tx.QueryRow(ctx, fmt.Sprintf(`WITH c AS MATERIALIZED (SELECT c.id FROM clients c WHERE %s)
SELECT (SELECT count(*) FROM c),
	(SELECT count(*) FROM contacts x JOIN c ON c.id = x.client_id),
	(SELECT count(*) FROM deals x JOIN c ON c.id = x.client_id),
	(SELECT count(*) FROM visits x JOIN c ON c.id = x.client_id WHERE x.visited_at >= $1 AND x.visited_at < $2),
	(SELECT count(*) FROM feedback x JOIN c ON c.id = x.client_id WHERE x.created_at >= $1 AND x.created_at < $2)`, cond),
		args...).Scan(&sum.Clients, &sum.Contacts, &sum.Deals, &sum.Visits, &sum.Feedback)
	if err != nil {
		return Summary{}, fmt.Errorf("export: count: %w", err)
	}
	return sum, nil
}

// Check reports whether the actor may export what f selects, with the
// errors Export would return, without exporting anything: the chat asks
// before it queues an export.
func (s *Store) Check(ctx context.Context, actor access.Actor, f Filter) error {
	tx, err := s.db.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return fmt.Errorf("export: begin: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	_, err = resolve(ctx, tx, actor, f)
	return err
}
