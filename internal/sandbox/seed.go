package sandbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/feedback"
	"github.com/ledgerbot/ledgerbot/internal/staff"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// Ledger sizes: the East team's share and the South team's, beside the
// showcase clients.
const (
	eastClients  = 240
	southClients = 60
)

// ErrNotEmpty is returned by Seed for a database that already has staff:
// the demo ledger goes only into a fresh one.
var ErrNotEmpty = errors.New("sandbox: the database already holds a ledger")

// Summary counts what Seed wrote.
type Summary struct {
	Clients, Contacts, Visits, Deals, Feedback int
}

// Seed writes the demo ledger into an empty, migrated database as it stands
// on the morning of start (read in loc): the People, who joined through
// invites, and some three hundred clients with their contacts, visits, deals,
// payments and feedback, through the same stores the bot uses, so the
// ledger obeys every rule and migration the bot does. It is deterministic:
// the same start gives the same ledger.
func Seed(ctx context.Context, pool *pgxpool.Pool, loc *time.Location, start time.Time) (Summary, error) {
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM staff`).Scan(&n); err != nil {
		return Summary{}, fmt.Errorf("seed: %w", err)
	}
	if n > 0 {
		return Summary{}, ErrNotEmpty
	}
	// Each of the few thousand small transactions need not wait for the
	// disk: a demo ledger lost to a crash is seeded again at the next start.
	cfg := pool.Config().Copy()
	cfg.ConnConfig.RuntimeParams["synchronous_commit"] = "off"
	fast, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return Summary{}, fmt.Errorf("seed: %w", err)
	}
	defer fast.Close()
	pool = fast
	y, m, d := start.In(loc).Date()
	s := &seeder{today: time.Date(y, m, d, 0, 0, 0, 0, loc), members: map[string]staff.Member{}}
	s.clock = s.today
	now := func() time.Time { return s.clock }
	s.staff = staff.NewStore(pool, now, 24*time.Hour)
	s.clients = client.NewStore(pool, now, loc)
	s.visits = visit.NewStore(pool, now, loc)
	s.feedback = feedback.NewStore(pool, now, loc)
	if err := s.people(ctx); err != nil {
		return Summary{}, fmt.Errorf("seed people: %w", err)
	}
	for _, p := range planLedger(seedRand(), s.today, eastClients, southClients) {
		if err := s.client(ctx, p); err != nil {
			return s.sum, fmt.Errorf("seed client %s: %w", p.draft.Name, err)
		}
	}
	return s.sum, nil
}

// seeder writes plans through the stores, on a clock it sets to each day.
type seeder struct {
	today    time.Time // 00:00 of the first day, in the zone
	clock    time.Time
	staff    *staff.Store
	clients  *client.Store
	visits   *visit.Store
	feedback *feedback.Store
	members  map[string]staff.Member // by Person.Name
	sum      Summary
}

// at sets the clock to ago days before the first day, at hour:minute.
func (s *seeder) at(ago, hour, minute int) {
	s.clock = s.today.AddDate(0, 0, -ago).Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute)
}

// people makes the teams and lets each person join through an invite of
// their role, as `ledgerbot invite` and /start do, two years ago.
func (s *seeder) people(ctx context.Context) error {
	s.at(730, 10, 0)
	for _, p := range People {
		var teamID int64
		if p.Team != "" {
			t, err := s.staff.EnsureTeam(ctx, p.Team)
			if err != nil {
				return err
			}
			teamID = t.ID
		}
		code, _, err := s.staff.CreateInvite(ctx, nil, p.Role, teamID)
		if err != nil {
			return err
		}
		m, err := s.staff.Redeem(ctx, code, staff.TelegramUser{ID: p.TelegramID, Name: p.Name, LanguageCode: p.Lang})
		if err != nil {
			return fmt.Errorf("%s: %w", p.Name, err)
		}
		s.members[p.Name] = m
	}
	return nil
}

// client writes one plan: the client, its contacts, visits, review, deals
// and feedback, each on its day.
func (s *seeder) client(ctx context.Context, p plan) error {
	m, ok := s.members[p.owner]
	if !ok {
		return fmt.Errorf("no person %q", p.owner)
	}
	actor := m.Actor()
	s.at(p.created, 9, 15)
	c, _, err := s.clients.Create(ctx, actor, p.draft, 0)
	if err != nil {
		return err
	}
	s.sum.Clients++
	s.sum.Contacts++
	for _, cd := range p.contacts {
		if _, _, err := s.clients.AddContact(ctx, actor, c.ID, cd, 0); err != nil {
			return err
		}
		s.sum.Contacts++
	}
	for i, v := range p.visits {
		s.at(v.ago, 10+i%6, 5*i)
		d := visit.Draft{ClientID: c.ID, Kind: v.kind, Notes: v.notes, Outcome: v.outcome}
		if v.followUp > 0 {
			day := time.Date(s.clock.Year(), s.clock.Month(), s.clock.Day()+v.followUp, 0, 0, 0, 0, time.UTC)
			d.FollowUpOn = &day
		}
		if _, _, err := s.visits.Log(ctx, actor, d, 0); err != nil {
			return err
		}
		s.sum.Visits++
	}
	if p.reviewed >= 0 {
		s.at(p.reviewed, 17, 30)
		if _, err := s.clients.MarkReviewed(ctx, actor, c.ID, 0); err != nil {
			return err
		}
	}
	if p.churned {
		s.at(150, 11, 0)
		if _, err := s.clients.Update(ctx, actor, c.ID, client.Patch{Field: "stage", Value: "churned"}); err != nil {
			return err
		}
	}
	if err := s.deals(ctx, actor, c.ID, p.deals); err != nil {
		return err
	}
	return s.feedbackOf(ctx, actor, c.ID, p.feedback)
}

func (s *seeder) deals(ctx context.Context, actor access.Actor, clientID int64, deals []plannedDeal) error {
	for _, d := range deals {
		s.at(d.ago, 14, 0)
		day := time.Date(s.clock.Year(), s.clock.Month(), s.clock.Day(), 0, 0, 0, 0, time.UTC)
		draft := client.DealDraft{DealOn: day, Amount: d.amount, Description: d.description}
		if d.termDays > 0 {
			due := day.AddDate(0, 0, d.termDays)
			draft.DueOn = &due
		}
		deal, _, err := s.clients.AddDeal(ctx, actor, clientID, draft, 0)
		if err != nil {
			return err
		}
		s.sum.Deals++
		if d.paidAgo >= 0 {
			s.at(d.paidAgo, 15, 0)
			paid := time.Date(s.clock.Year(), s.clock.Month(), s.clock.Day(), 0, 0, 0, 0, time.UTC)
			if _, _, err := s.clients.AddPayment(ctx, actor, deal.ID, client.PaymentDraft{Amount: deal.Amount, PaidOn: paid}, 0); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *seeder) feedbackOf(ctx context.Context, actor access.Actor, clientID int64, fbs []plannedFeedback) error {
	for _, f := range fbs {
		s.at(f.ago, 11, 30)
		fb, _, err := s.feedback.Create(ctx, actor, feedback.Draft{ClientID: clientID, Kind: f.kind, Severity: f.severity, Body: f.body}, 0)
		if err != nil {
			return err
		}
		s.sum.Feedback++
		if f.resolveAgo >= 0 {
			s.at(f.resolveAgo, 16, 0)
			if _, err := s.feedback.Resolve(ctx, actor, fb.ID, f.resolution, f.score); err != nil {
				return err
			}
		}
	}
	return nil
}
