package schedule

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

// shanghai is the team's zone in the tests; fixed so no tzdata is needed.
var shanghai = time.FixedZone("CST", 8*3600)

// bundle is one test's world: a migrated schema, a clock the test moves, a
// log it reads, and the instants each job was run as of.
type bundle struct {
	ctx   context.Context
	pool  *pgxpool.Pool
	clock atomic.Int64 // unix nanoseconds
	logs  syncBuffer
	log   *slog.Logger

	mu    sync.Mutex
	calls map[string][]time.Time
}

func setup(t *testing.T) *bundle {
	t.Helper()
	b := &bundle{ctx: context.Background(), pool: pgtest.New(t), calls: map[string][]time.Time{}}
	b.log = slog.New(slog.NewTextHandler(&b.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	b.setNow(time.Date(2027, 2, 6, 11, 0, 0, 0, shanghai))
	return b
}

func (b *bundle) setNow(t time.Time) { b.clock.Store(t.UnixNano()) }
func (b *bundle) now() time.Time     { return time.Unix(0, b.clock.Load()) }

// job is a job that records each run and enqueues n.
func (b *bundle) job(name, spec string, n int) Job {
	return Job{Name: name, Spec: spec, Run: func(_ context.Context, at time.Time) (int, error) {
		b.record(name, at)
		return n, nil
	}}
}

func (b *bundle) record(name string, at time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls[name] = append(b.calls[name], at)
}

// ran returns the instants name was run as of, formatted in Shanghai.
func (b *bundle) ran(name string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, at := range b.calls[name] {
		out = append(out, at.In(shanghai).Format("2006-01-02 15:04 Mon"))
	}
	return out
}

// scheduler makes a Scheduler on pool with the bundle's clock and log.
func (b *bundle) scheduler(t *testing.T, pool *pgxpool.Pool, jobs ...Job) *Scheduler {
	t.Helper()
	s, err := New(pool, shanghai, b.now, b.log, jobs...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// replica opens a second pool on the same schema, as another replica would.
func (b *bundle) replica(t *testing.T) *pgxpool.Pool {
	t.Helper()
	p, err := pgxpool.NewWithConfig(b.ctx, b.pool.Config())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

// runs counts job_runs rows of a job.
func (b *bundle) runs(t *testing.T, job string) int {
	t.Helper()
	var n int
	if err := b.pool.QueryRow(b.ctx, `SELECT count(*) FROM job_runs WHERE job = $1`, job).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// syncBuffer is a bytes.Buffer safe for the scheduler's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}
