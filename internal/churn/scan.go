package churn

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// scanStats counts what a scan did, for its log line.
type scanStats struct {
	clients, moved, opened, ended, enqueued int
}

func (a *scanStats) add(b scanStats) {
	a.clients += b.clients
	a.moved += b.moved
	a.opened += b.opened
	a.ended += b.ended
	a.enqueued += b.enqueued
}

// Run is the "churn" job: it assesses every client as of at (today is at's
// day in the team's zone), writes stage changes back, ends the episodes of
// clients no longer at risk or contacted again, opens episodes for clients
// newly at risk and enqueues one alert per manager of the client's team
// (admins when the team has none); normal-tier clients past MaxNormalAlerts
// in one scan are named in one summary instead. It returns the messages newly enqueued;
// running it again for the same day enqueues nothing new.
//
// Clients are streamed in id order, a chunk (DefaultChunk) at a time, each read
// with one query and written in one transaction, so memory stays flat
// however many clients there are and a failure loses at most one chunk's
// work (the next run redoes it).
func (s *Scanner) Run(ctx context.Context, at time.Time) (int, error) {
	began := time.Now()
	w := newWindow(at, s.loc)
	rcpt, err := s.loadRecipients(ctx)
	if err != nil {
		return 0, fmt.Errorf("churn scan: %w", err)
	}
	var st scanStats
	quota := newAlertQuota(MaxNormalAlerts)
	for last := int64(0); ; {
		got, next, err := s.scanChunk(ctx, w, last, rcpt, quota)
		if err != nil {
			return st.enqueued, fmt.Errorf("churn scan: %w", err)
		}
		st.add(got)
		if got.clients < s.chunk {
			break
		}
		last = next
	}
	// The summaries go out after the chunks: a crash in between loses only
	// them, and the episodes they name are open and on /risk and the digest.
	n, err := outbox.Enqueue(ctx, s.db, quota.summaries(w.today)...)
	if err != nil {
		return st.enqueued, fmt.Errorf("churn scan: enqueue summaries: %w", err)
	}
	st.enqueued += n
	s.log.Info("churn scan done", slog.String("today", w.today.Format(time.DateOnly)),
		slog.Int("clients", st.clients), slog.Int("stage_changes", st.moved), slog.Int("episodes_opened", st.opened),
		slog.Int("episodes_ended", st.ended), slog.Int("enqueued", st.enqueued), slog.Duration("elapsed", time.Since(began)))
	return st.enqueued, nil
}

// assessed is one client's verdict.
type assessed struct {
	signals Signals
	reasons []Reason
	stage   string // new stage, "" if it stays
}

// scanChunk reads the clients after id last and applies their verdicts, in
// one transaction. It returns what it did and the last id read.
func (s *Scanner) scanChunk(ctx context.Context, w window, last int64, rcpt recipients, quota *alertQuota) (scanStats, int64, error) {
	var st scanStats
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		// The chunk query's cost estimate is far above its real cost (the
		// planner cannot see the chunk's id range), and JIT compiling it
		// would take longer than running it. It is planned for each chunk's
		// own values: the generic plan PostgreSQL switches a prepared
		// statement to after five runs read every receivable's payments by
		// nested loop, 0.8 s a chunk instead of 0.2 s at a million clients.
		if _, err := tx.Exec(ctx, `SET LOCAL jit = off; SET LOCAL plan_cache_mode = force_custom_plan`); err != nil {
			return err
		}
		cs, err := s.readChunk(ctx, tx, w, last)
		if err != nil || len(cs) == 0 {
			return err
		}
		last = cs[len(cs)-1].ID
		st, err = s.writeChunk(ctx, tx, w, cs, rcpt, quota)
		if err != nil {
			return fmt.Errorf("write clients %d..%d: %w", cs[0].ID, last, err)
		}
		return nil
	})
	if err != nil {
		return scanStats{}, 0, err
	}
	return st, last, nil
}

// writeChunk applies one chunk's verdicts.
func (s *Scanner) writeChunk(ctx context.Context, tx pgx.Tx, w window, cs []candidate, rcpt recipients, quota *alertQuota) (scanStats, error) {
	verdicts := make([]assessed, len(cs))
	for i, c := range cs {
		verdicts[i].signals = c.signals(w.today, s.loc, s.t.Credit)
		verdicts[i].reasons, verdicts[i].stage = Assess(verdicts[i].signals, s.t)
	}
	st := scanStats{clients: len(cs)}
	moved, err := writeStages(ctx, tx, w, cs, verdicts)
	if err != nil {
		return st, err
	}
	st.moved = len(moved)
	p := plan(cs, verdicts, moved)
	if st.ended, err = p.writeEnds(ctx, tx, w); err != nil {
		return st, err
	}
	if err := p.writeExtensions(ctx, tx); err != nil {
		return st, err
	}
	opened, err := p.writeOpens(ctx, tx, w, cs, verdicts)
	if err != nil {
		return st, err
	}
	st.opened = len(opened)
	var msgs []outbox.Message
	for _, e := range opened {
		for _, to := range rcpt.of(e.TeamID) {
			if quota.take(e, to) {
				msgs = append(msgs, alertMessage(e, to))
			}
		}
	}
	if st.enqueued, err = outbox.Enqueue(ctx, tx, msgs...); err != nil {
		return st, fmt.Errorf("enqueue alerts: %w", err)
	}
	return st, nil
}

// plan decides what happens to each client's episode: an open one ends when
// contact resumed or the risk no longer holds, records a stage change
// otherwise; a
// client without one (or whose episode just ended) at risk opens one.
// Contact does not end an episode about overdue payments while they are
// still overdue: calling the client to chase the money is no reason to
// alert the managers again the next morning.
// Clients whose stage write was refused (moved under us) are left for the
// next scan.
func plan(cs []candidate, verdicts []assessed, moved map[int64]bool) episodePlan {
	var p episodePlan
	for i, c := range cs {
		v := verdicts[i]
		if v.stage != "" && !moved[c.ID] {
			continue
		}
		open := c.EpisodeID != 0
		if open {
			switch {
			case c.contactResumed() && !(c.EpisodeOwes && owes(v.reasons)):
				p.end(c.EpisodeID, EndContactResumed)
				open = false
			case !holds(v.signals, v.reasons, v.stage):
				p.end(c.EpisodeID, EndNoRisk)
				open = false
			case v.stage != "":
				p.extend(c.EpisodeID, v.reasons[len(v.reasons)-1])
			}
		}
		if !open && opens(v.signals, v.reasons) {
			p.open(i)
		}
	}
	return p
}
