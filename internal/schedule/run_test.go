package schedule

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestPanickingJobIsRecoveredLoggedAndRetried(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var calls atomic.Int32
	s := b.scheduler(t, b.pool, Job{Name: "churn", Spec: "0 8 * * *", Run: func(context.Context, time.Time) (int, error) {
		if calls.Add(1) == 1 {
			panic("boom")
		}
		return 2, nil
	}})
	err := s.CatchUp(b.ctx)
	if err == nil || !strings.Contains(err.Error(), "panic: boom") {
		t.Fatalf("CatchUp err = %v, want the panic as an error", err)
	}
	logs := b.logs.String()
	if !strings.Contains(logs, `msg="job panicked" job=churn period=2027-02-06T08:00 panic=boom`) || !strings.Contains(logs, "stack=") {
		t.Fatalf("panic not logged with its stack:\n%s", logs)
	}
	st, _ := s.List(b.ctx)
	if st[0].LastError != "panicked" || st[0].LastFinished == nil {
		t.Fatalf("status after panic %+v", st[0])
	}
	if err := s.CatchUp(b.ctx); err != nil {
		t.Fatal(err)
	}
	st, _ = s.List(b.ctx)
	if calls.Load() != 2 || st[0].LastError != "" || st[0].LastEnqueued != 2 || st[0].Attempts != 2 {
		t.Fatalf("after retry: %d calls, status %+v", calls.Load(), st[0])
	}
}

func TestFailingJobIsRecordedThenRetriedForTheSamePeriod(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var fail atomic.Bool
	fail.Store(true)
	s := b.scheduler(t, b.pool, Job{Name: "reminders", Spec: "0 9 * * *", Run: func(_ context.Context, at time.Time) (int, error) {
		b.record("reminders", at)
		if fail.Load() {
			return 0, errors.New("database on fire")
		}
		return 5, nil
	}})
	if err := s.CatchUp(b.ctx); err == nil || !strings.Contains(err.Error(), "database on fire") {
		t.Fatalf("CatchUp err = %v", err)
	}
	var errText string
	if err := b.pool.QueryRow(b.ctx, `SELECT error FROM job_runs WHERE job = 'reminders' AND period = '2027-02-06T09:00'`).
		Scan(&errText); err != nil || errText != "internal error" {
		t.Fatalf("recorded error %q (%v); want the short cause, the log has the rest", errText, err)
	}
	if !strings.Contains(b.logs.String(), `msg="job failed" job=reminders period=2027-02-06T09:00 error="database on fire"`) {
		t.Fatalf("failure not logged:\n%s", b.logs.String())
	}
	fail.Store(false)
	b.setNow(b.now().Add(time.Hour)) // the next start, same day
	if err := s.CatchUp(b.ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.CatchUp(b.ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := b.ran("reminders"), []string{"2027-02-06 09:00 Sat", "2027-02-06 09:00 Sat"}; !slices.Equal(got, want) {
		t.Fatalf("ran %v, want a failure and one retry", got)
	}
	st, _ := s.List(b.ctx)
	if st[0].LastError != "" || st[0].LastEnqueued != 5 || st[0].Attempts != 2 {
		t.Fatalf("status %+v", st[0])
	}
}

func TestRunNowForcesARunAndRecordsIt(t *testing.T) {
	t.Parallel()
	b := setup(t)
	s := b.scheduler(t, b.pool, b.job("greetings", "0 9 * * *", 4))
	if err := s.CatchUp(b.ctx); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2027, 2, 6, 9, 0, 0, 0, time.UTC) // read in the zone: 17:00 in Shanghai
	n, err := s.RunNow(b.ctx, "greetings", at)
	if err != nil || n != 4 {
		t.Fatalf("RunNow = %d, %v", n, err)
	}
	if got, want := b.ran("greetings"), []string{"2027-02-06 09:00 Sat", "2027-02-06 17:00 Sat"}; !slices.Equal(got, want) {
		t.Fatalf("ran %v, want %v", got, want)
	}
	if _, err := s.RunNow(b.ctx, "nope", at); !errors.Is(err, ErrUnknownJob) {
		t.Fatalf("unknown job: %v", err)
	}
	st, _ := s.List(b.ctx)
	if st[0].LastPeriod != "2027-02-06T17:00" || st[0].LastEnqueued != 4 {
		t.Fatalf("status %+v", st[0])
	}
}

func TestJobLockedElsewhereIsSkipped(t *testing.T) {
	t.Parallel()
	b := setup(t)
	s := b.scheduler(t, b.pool, b.job("digest", "0 9 * * 6", 1))
	conn, err := b.replica(t).Acquire(b.ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(b.ctx, `SELECT pg_advisory_lock($1::int, hashtext(current_schema() || '/digest'))`, lockClass); err != nil {
		t.Fatal(err)
	}
	if err := s.CatchUp(b.ctx); err != nil {
		t.Fatalf("a busy job is not an error for catch-up: %v", err)
	}
	if _, err := s.RunNow(b.ctx, "digest", b.now()); !errors.Is(err, ErrBusy) {
		t.Fatalf("RunNow while locked: %v, want ErrBusy", err)
	}
	if got := b.ran("digest"); len(got) != 0 {
		t.Fatalf("ran while locked elsewhere: %v", got)
	}
	if _, err := conn.Exec(b.ctx, `SELECT pg_advisory_unlock($1::int, hashtext(current_schema() || '/digest'))`, lockClass); err != nil {
		t.Fatal(err)
	}
	if err := s.CatchUp(b.ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := b.ran("digest"), []string{"2027-02-06 09:00 Sat"}; !slices.Equal(got, want) {
		t.Fatalf("ran %v, want %v", got, want)
	}
}

func TestNewNamesTheJobWithABadSpec(t *testing.T) {
	t.Parallel()
	run := func(context.Context, time.Time) (int, error) { return 0, nil }
	cases := []struct {
		jobs []Job
		want string
	}{
		{[]Job{{Name: "churn", Spec: "0 8 * *", Run: run}}, `job "churn": spec "0 8 * *"`},
		{[]Job{{Name: "digest", Spec: "@every 1h", Run: run}}, `job "digest"`},
		{[]Job{{Name: "greetings", Spec: "CRON_TZ=UTC 0 9 * * *", Run: run}}, `job "greetings"`},
		{[]Job{{Name: "x", Spec: "0 0 30 2 *", Run: run}}, `job "x": spec "0 0 30 2 *" never fires`},
		{[]Job{{Name: "y", Spec: "0 9 * * *"}}, `job "y": no Run`},
		{[]Job{{Name: "z", Spec: "0 9 * * *", Run: run}, {Name: "z", Spec: "0 9 * * *", Run: run}}, `job "z": listed twice`},
	}
	for _, tc := range cases {
		_, err := New(nil, shanghai, nil, nil, tc.jobs...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) err = %v, want it to contain %q", tc.jobs[0].Spec, err, tc.want)
		}
	}
}

func TestListShowsLastAndNextRuns(t *testing.T) {
	t.Parallel()
	b := setup(t) // Saturday 2027-02-06 11:00
	s := b.scheduler(t, b.pool, b.job("greetings", "0 9 * * *", 7), b.job("reminders", "0 9 * * 1-5", 1),
		b.job("digest", "0 9 * * 1", 1))
	if _, err := s.RunNow(b.ctx, "greetings", time.Date(2027, 2, 6, 9, 0, 0, 0, shanghai)); err != nil {
		t.Fatal(err)
	}
	st, err := s.List(b.ctx)
	if err != nil || len(st) != 3 {
		t.Fatalf("List = %+v, %v", st, err)
	}
	g := st[0]
	if g.Name != "greetings" || g.Spec != "0 9 * * *" || g.LastPeriod != "2027-02-06T09:00" || g.LastEnqueued != 7 ||
		g.LastError != "" || g.LastFinished == nil || !g.LastFinished.Equal(b.now()) || g.Attempts != 1 {
		t.Errorf("greetings %+v", g)
	}
	wantNext := map[string]string{
		"greetings": "2027-02-07 09:00 Sun +0800",
		"reminders": "2027-02-08 09:00 Mon +0800",
		"digest":    "2027-02-08 09:00 Mon +0800",
	}
	for _, x := range st {
		if got := x.Next.Format("2006-01-02 15:04 Mon -0700"); got != wantNext[x.Name] {
			t.Errorf("%s next %s, want %s", x.Name, got, wantNext[x.Name])
		}
	}
	if st[1].LastPeriod != "" || st[1].LastFinished != nil {
		t.Errorf("never-run job %+v", st[1])
	}
}

func TestScheduledOnIsTheFirstInstantOfTheDay(t *testing.T) {
	t.Parallel()
	run := func(context.Context, time.Time) (int, error) { return 0, nil }
	s, err := New(nil, shanghai, nil, nil, Job{Name: "greetings", Spec: "0 9 * * *", Run: run},
		Job{Name: "reminders", Spec: "30 9 * * 1-5", Run: run})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2027, 2, 6, 0, 0, 0, 0, time.UTC) // a Saturday, as a date
	cases := map[string]string{"greetings": "2027-02-06 09:00", "reminders": "2027-02-06 00:00"}
	for name, want := range cases {
		at, err := s.ScheduledOn(name, day)
		if err != nil || at.Format("2006-01-02 15:04") != want || at.Location() != shanghai {
			t.Errorf("ScheduledOn(%s) = %v, %v; want %s in the zone", name, at, err, want)
		}
	}
	if _, err := s.ScheduledOn("nope", day); !errors.Is(err, ErrUnknownJob) {
		t.Errorf("unknown: %v", err)
	}
}

func TestStartRetriesAFailedRunAtTheNextSweepNotTomorrow(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var fail atomic.Bool
	fail.Store(true)
	s := b.scheduler(t, b.pool, Job{Name: "greetings", Spec: "0 9 * * *", Run: func(_ context.Context, at time.Time) (int, error) {
		b.record("greetings", at)
		if fail.Load() {
			fail.Store(false) // the database is back for the next try
			return 0, errors.New("database down at nine")
		}
		return 3, nil
	}})
	s.Sweep = 50 * time.Millisecond
	ctx, cancel := context.WithCancel(b.ctx)
	s.Start(ctx)
	defer func() { cancel(); s.Wait() }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := s.List(b.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st[0].LastFinished != nil && st[0].LastError == "" {
			if st[0].LastEnqueued != 3 || st[0].Attempts != 2 || st[0].LastPeriod != "2027-02-06T09:00" {
				t.Fatalf("status %+v, want today's period done on the second attempt", st[0])
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("failed run not retried by the sweep: %+v", st[0])
		}
		time.Sleep(20 * time.Millisecond)
	}
	// More sweeps run nothing more: wait for two to finish first.
	swept := strings.Count(b.logs.String(), `msg="sweep done"`)
	for strings.Count(b.logs.String(), `msg="sweep done"`) < swept+2 {
		if time.Now().After(deadline) {
			t.Fatal("the sweep stopped")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got := b.ran("greetings"); len(got) != 2 {
		t.Fatalf("ran %v, want the failure and one retry", got)
	}
}
