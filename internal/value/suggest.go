package value

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/credit"
)

// PageSize is how many suggestions one page of the review list holds.
const PageSize = 8

// Decision is what a manager answers to a suggestion.
type Decision string

// The decisions.
const (
	// Change sets the client's tier to the suggested one.
	Change Decision = "change"
	// Keep leaves the tier: the suggestion is not listed again while its
	// rule keeps holding.
	Keep Decision = "keep"
)

// Suggestion is one client whose value disagrees with its tier, with the
// evidence of the last run that saw it.
type Suggestion struct {
	ID         int64      `db:"id"`
	ClientID   int64      `db:"client_id"`
	ClientName string     `db:"client_name"`
	OwnerName  string     `db:"owner_name"` // "" when the client has no owner
	TeamID     int64      `db:"team_id"`    // the client's team now
	Rule       string     `db:"rule"`       // NormalInA, StrategicNoDeal, StrategicInC, KeyNoDeal
	FromTier   string     `db:"from_tier"`
	ToTier     string     `db:"to_tier"`
	Tier       string     `db:"tier"`     // the client's tier now
	Archived   bool       `db:"archived"` // the client was archived or merged since
	ABC        string     `db:"abc"`
	R          int        `db:"r"`
	F          int        `db:"f"`
	M          int        `db:"m"`
	Amount12m  string     `db:"amount_12m"` // decimal text, two places
	Deals12m   int        `db:"deals_12m"`
	LastDealOn *time.Time `db:"last_deal_on"` // a date; nil: never
	// Credit is the client's credit standing now, for a promotion (the
	// zero Assessment for a demotion): tiers follow credit standing too.
	Credit      credit.Assessment `db:"-"`
	OpenedOn    time.Time         `db:"opened_on"`
	ClosedOn    *time.Time        `db:"closed_on"` // set once the rule stopped holding
	Decision    Decision          `db:"decision"`  // "" until decided
	DecidedBy   int64             `db:"decided_by"`
	DecidedName string            `db:"decided_name"`
	DecidedAt   *time.Time        `db:"decided_at"`
}

// Open reports whether the suggestion is still to be decided: its rule held
// at the last run, nobody decided it, and the client's tier is still the
// one it disagrees with.
func (s Suggestion) Open() bool {
	return s.ClosedOn == nil && s.Decision == "" && s.Tier == s.FromTier && !s.Archived
}

// Page is one page of a team's review list.
type Page struct {
	Items []Suggestion
	Total int  // open suggestions of the team, on every page
	More  bool // a later page has more
}

// suggestionSelect reads Suggestion rows (all but Credit); callers add
// WHERE on t, the suggestion, and c, its client.
const suggestionSelect = `SELECT t.id, t.client_id, c.name AS client_name, coalesce(o.name, '') AS owner_name,
	c.team_id, t.rule, t.from_tier, t.to_tier, c.tier, c.archived_at IS NOT NULL AS archived,
	t.abc, t.r, t.f, t.m, t.amount_12m::text AS amount_12m, t.deals_12m, t.last_deal_on, t.opened_on, t.closed_on,
	coalesce(t.decision, '') AS decision, coalesce(t.decided_by, 0) AS decided_by,
	coalesce(d.name, '') AS decided_name, t.decided_at
	FROM tier_suggestions t JOIN clients c ON c.id = t.client_id
	LEFT JOIN staff o ON o.id = c.owner_id LEFT JOIN staff d ON d.id = t.decided_by`

// openFilter keeps the suggestions a manager still has to decide: a client
// whose tier or team changed, or that was archived, since the last run
// drops out at once, not the next night.
const openFilter = ` t.closed_on IS NULL AND t.decision IS NULL AND c.tier = t.from_tier AND c.team_id = t.team_id
	AND c.archived_at IS NULL`

// List returns one page (from 0) of the team's open suggestions, the
// largest 12-month revenue first, with their total. The team's managers and
// admins only; anyone else gets access.ErrForbidden.
func (s *Store) List(ctx context.Context, actor access.Actor, teamID int64, page int) (Page, error) {
	if canReview(actor, teamID) != nil {
		return Page{}, fmt.Errorf("list tier suggestions: %w", access.ErrForbidden)
	}
	page = max(page, 0)
	var out Page
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM tier_suggestions t JOIN clients c ON c.id = t.client_id
		WHERE t.team_id = $1 AND`+openFilter, teamID).Scan(&out.Total); err != nil {
		return Page{}, fmt.Errorf("count tier suggestions: %w", err)
	}
	rows, err := s.db.Query(ctx, suggestionSelect+` WHERE t.team_id = $1 AND`+openFilter+`
		ORDER BY t.amount_12m DESC, t.id LIMIT $2 OFFSET $3`, teamID, PageSize+1, page*PageSize)
	if err != nil {
		return Page{}, fmt.Errorf("list tier suggestions: %w", err)
	}
	items, err := pgx.CollectRows(rows, pgx.RowToStructByName[Suggestion])
	if err != nil {
		return Page{}, fmt.Errorf("list tier suggestions: %w", err)
	}
	out.More = len(items) > PageSize
	out.Items = items[:min(len(items), PageSize)]
	if err := s.assessCredit(ctx, actor, out.Items); err != nil {
		return Page{}, fmt.Errorf("list tier suggestions: %w", err)
	}
	return out, nil
}

// assessCredit fills the credit standing of the promotions among ss, from
// the clients' open receivables as the card reads them (one round trip for
// the page) and the credit rule's thresholds.
func (s *Store) assessCredit(ctx context.Context, actor access.Actor, ss []Suggestion) error {
	b := &pgx.Batch{}
	open := make([][]client.Receivable, len(ss))
	for i, sg := range ss {
		if tierRank(sg.ToTier) > tierRank(sg.FromTier) {
			s.clients.QueueReceivables(b, actor, sg.ClientID, &open[i])
		}
	}
	if b.Len() == 0 {
		return nil
	}
	if err := s.db.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("read receivables: %w", err)
	}
	for i := range ss {
		sg := &ss[i]
		if tierRank(sg.ToTier) <= tierRank(sg.FromTier) {
			continue
		}
		items := make([]credit.Overdue, 0, len(open[i]))
		for _, r := range open[i] {
			items = append(items, credit.Overdue{Cents: r.OutstandingCents, Days: r.DaysOverdue})
		}
		sg.Credit = s.credit.Assess(items)
	}
	return nil
}

// Get returns one suggestion, open or not, for the team's managers and
// admins: ErrNotFound if the actor may not see its team,
// access.ErrForbidden for the team's salespeople.
func (s *Store) Get(ctx context.Context, actor access.Actor, id int64) (Suggestion, error) {
	sg, err := loadSuggestion(ctx, s.db, actor, id, false)
	if err != nil {
		return Suggestion{}, fmt.Errorf("get tier suggestion: %w", err)
	}
	one := []Suggestion{sg}
	if err := s.assessCredit(ctx, actor, one); err != nil {
		return Suggestion{}, fmt.Errorf("get tier suggestion: %w", err)
	}
	return one[0], nil
}

// querier is a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// loadSuggestion reads suggestion id for actor; lock takes a row lock on it
// for a decision in the same transaction.
func loadSuggestion(ctx context.Context, q querier, actor access.Actor, id int64, lock bool) (Suggestion, error) {
	sql := suggestionSelect + ` WHERE t.id = $1`
	if lock {
		sql += ` FOR UPDATE OF t`
	}
	rows, err := q.Query(ctx, sql, id)
	if err != nil {
		return Suggestion{}, fmt.Errorf("load suggestion %d: %w", id, err)
	}
	sg, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Suggestion])
	if errors.Is(err, pgx.ErrNoRows) {
		return Suggestion{}, ErrNotFound
	}
	if err != nil {
		return Suggestion{}, fmt.Errorf("load suggestion %d: %w", id, err)
	}
	if err := canReview(actor, sg.TeamID); err != nil {
		return Suggestion{}, err
	}
	return sg, nil
}
