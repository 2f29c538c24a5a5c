package schedule

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/robfig/cron/v3"
)

func TestCatchUpAtElevenRunsTodaysNineOClockOnce(t *testing.T) {
	t.Parallel()
	b := setup(t) // 2027-02-06 11:00, a Saturday
	s := b.scheduler(t, b.pool, b.job("greetings", "0 9 * * *", 3))
	if err := s.CatchUp(b.ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.CatchUp(b.ctx); err != nil {
		t.Fatal(err)
	}
	// A restart: a new scheduler on the same database.
	if err := b.scheduler(t, b.pool, b.job("greetings", "0 9 * * *", 3)).CatchUp(b.ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := b.ran("greetings"), []string{"2027-02-06 09:00 Sat"}; !slices.Equal(got, want) {
		t.Fatalf("greetings ran as of %v, want %v", got, want)
	}
	if n := b.runs(t, "greetings"); n != 1 {
		t.Fatalf("%d job_runs rows, want 1", n)
	}
}

func TestCatchUpBeforeTheFireTimeRunsNothing(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.setNow(time.Date(2027, 2, 6, 8, 59, 59, 0, shanghai))
	s := b.scheduler(t, b.pool, b.job("greetings", "0 9 * * *", 1))
	if err := s.CatchUp(b.ctx); err != nil {
		t.Fatal(err)
	}
	if got := b.ran("greetings"); len(got) != 0 {
		t.Fatalf("yesterday's period ran today: %v", got)
	}
	b.setNow(time.Date(2027, 2, 6, 9, 0, 0, 0, shanghai))
	if err := s.CatchUp(b.ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := b.ran("greetings"), []string{"2027-02-06 09:00 Sat"}; !slices.Equal(got, want) {
		t.Fatalf("ran %v, want %v", got, want)
	}
}

func TestAfterTwoDaysDownOnlyTodaysPeriodRuns(t *testing.T) {
	t.Parallel()
	b := setup(t)
	jobs := []Job{b.job("greetings", "0 9 * * *", 1), b.job("escalation", "0 * * * *", 1)}
	b.setNow(time.Date(2027, 2, 4, 9, 30, 0, 0, shanghai))
	if err := b.scheduler(t, b.pool, jobs...).CatchUp(b.ctx); err != nil {
		t.Fatal(err)
	}
	// Down from Feb 4 09:30 to Feb 6 14:20.
	b.setNow(time.Date(2027, 2, 6, 14, 20, 0, 0, shanghai))
	if err := b.scheduler(t, b.pool, jobs...).CatchUp(b.ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := b.ran("greetings"), []string{"2027-02-04 09:00 Thu", "2027-02-06 09:00 Sat"}; !slices.Equal(got, want) {
		t.Errorf("greetings ran %v, want %v", got, want)
	}
	if got, want := b.ran("escalation"), []string{"2027-02-04 09:00 Thu", "2027-02-06 14:00 Sat"}; !slices.Equal(got, want) {
		t.Errorf("escalation ran %v, want %v (the latest hour only)", got, want)
	}
}

func TestWorkdayJobDoesNotCatchUpFridayOnSaturday(t *testing.T) {
	t.Parallel()
	b := setup(t) // Saturday 11:00
	if err := b.scheduler(t, b.pool, b.job("reminders", "0 9 * * 1-5", 1)).CatchUp(b.ctx); err != nil {
		t.Fatal(err)
	}
	if got := b.ran("reminders"); len(got) != 0 {
		t.Fatalf("Friday's reminders ran on Saturday: %v", got)
	}
}

func TestWeeklyJobCatchesUpWithinTheWeekOnly(t *testing.T) {
	t.Parallel()
	b := setup(t)
	jobs := []Job{b.job("digest", "0 9 * * 1", 1)}
	b.setNow(time.Date(2027, 2, 3, 16, 0, 0, 0, shanghai)) // Wednesday
	if err := b.scheduler(t, b.pool, jobs...).CatchUp(b.ctx); err != nil {
		t.Fatal(err)
	}
	b.setNow(time.Date(2027, 2, 7, 23, 59, 0, 0, shanghai)) // Sunday, same week
	if err := b.scheduler(t, b.pool, jobs...).CatchUp(b.ctx); err != nil {
		t.Fatal(err)
	}
	b.setNow(time.Date(2027, 2, 8, 8, 0, 0, 0, shanghai)) // next Monday, before 09:00
	if err := b.scheduler(t, b.pool, jobs...).CatchUp(b.ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := b.ran("digest"), []string{"2027-02-01 09:00 Mon"}; !slices.Equal(got, want) {
		t.Fatalf("digest ran %v, want %v", got, want)
	}
}

// A job for the 1st (the monthly report) that fired on a Sunday while the
// bot was down runs when it starts on Monday, and not again that month.
func TestMonthlyJobCatchesUpWithinTheMonthOnly(t *testing.T) {
	t.Parallel()
	b := setup(t)
	jobs := []Job{b.job("report", "0 9 1 * *", 1)}
	for _, now := range []time.Time{
		time.Date(2027, 8, 2, 10, 0, 0, 0, shanghai),   // Monday Aug 2; the 1st was a Sunday
		time.Date(2027, 8, 31, 23, 0, 0, 0, shanghai),  // later that month
		time.Date(2027, 9, 1, 8, 59, 0, 0, shanghai),   // before September's
		time.Date(2027, 10, 20, 12, 0, 0, 0, shanghai), // October, after a September missed entirely
	} {
		b.setNow(now)
		if err := b.scheduler(t, b.pool, jobs...).CatchUp(b.ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := b.ran("report"), []string{"2027-08-01 09:00 Sun", "2027-10-01 09:00 Fri"}; !slices.Equal(got, want) {
		t.Fatalf("report ran %v, want %v", got, want)
	}
}

func TestWindowOfJudgesHowOftenAJobFires(t *testing.T) {
	t.Parallel()
	for spec, want := range map[string]window{
		"0 9 * * *": daily, "0 * * * *": daily, "0 9 * * 1-5": daily,
		"0 9 * * 1": weekly, "30 8 * * 5": weekly,
		"0 9 1 * *": monthly, "0 9 15 1,4,7,10 *": monthly,
		"0 9 1,15 * *": weekly, // twice a month: 13 to 16 days apart
	} {
		sched, err := parser.Parse(spec)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := windowOf(sched.(*cron.SpecSchedule), shanghai); !ok || got != want {
			t.Errorf("%s: window %d (%v), want %d", spec, got, ok, want)
		}
	}
}

func TestMidnightIsReadInTheTeamsZone(t *testing.T) {
	t.Parallel()
	b := setup(t)
	// 00:30 on Feb 6 in Shanghai is still Feb 5 in UTC.
	b.setNow(time.Date(2027, 2, 6, 0, 30, 0, 0, shanghai))
	s := b.scheduler(t, b.pool, b.job("churn", "0 0 * * *", 1), b.job("greetings", "0 9 * * *", 1))
	if err := s.CatchUp(b.ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := b.ran("churn"), []string{"2027-02-06 00:00 Sat"}; !slices.Equal(got, want) {
		t.Errorf("churn ran %v, want %v", got, want)
	}
	if got := b.ran("greetings"); len(got) != 0 {
		t.Errorf("greetings of Feb 5 ran after midnight: %v", got)
	}
	var p string
	if err := b.pool.QueryRow(b.ctx, `SELECT period FROM job_runs WHERE job = 'churn'`).Scan(&p); err != nil || p != "2027-02-06T00:00" {
		t.Errorf("period %q (%v), want 2027-02-06T00:00", p, err)
	}
	b.mu.Lock()
	at := b.calls["churn"][0]
	b.mu.Unlock()
	if at.Location() != shanghai {
		t.Errorf("at is in %v, want the team's zone", at.Location())
	}
}

func TestTwoReplicasCatchingUpTogetherRunEachPeriodOnce(t *testing.T) {
	t.Parallel()
	b := setup(t)
	slow := func(name string) Job {
		return Job{Name: name, Spec: "0 9 * * *", Run: func(_ context.Context, at time.Time) (int, error) {
			b.record(name, at)
			time.Sleep(20 * time.Millisecond) // widen the overlap
			return 1, nil
		}}
	}
	pools := [2]*pgxpool.Pool{b.pool, b.replica(t)}
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for i := range 6 {
		s := b.scheduler(t, pools[i%2], slow("greetings"), slow("reminders"))
		wg.Go(func() { errs <- s.CatchUp(b.ctx) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"greetings", "reminders"} {
		if got, want := b.ran(name), []string{"2027-02-06 09:00 Sat"}; !slices.Equal(got, want) {
			t.Errorf("%s ran %v, want %v", name, got, want)
		}
	}
}

func TestStartCatchesUpAndStopsWithTheContext(t *testing.T) {
	t.Parallel()
	b := setup(t)
	done := make(chan struct{})
	s := b.scheduler(t, b.pool, Job{Name: "greetings", Spec: "0 9 * * *", Run: func(_ context.Context, at time.Time) (int, error) {
		b.record("greetings", at)
		close(done)
		return 0, nil
	}})
	ctx, cancel := context.WithCancel(b.ctx)
	s.Start(ctx)
	<-done
	cancel()
	s.Wait()
	if got, want := b.ran("greetings"), []string{"2027-02-06 09:00 Sat"}; !slices.Equal(got, want) {
		t.Fatalf("ran %v, want %v", got, want)
	}
}

func TestJobsRunOnAPoolOfOneConnection(t *testing.T) {
	t.Parallel()
	b := setup(t)
	cfg := b.pool.Config()
	cfg.MaxConns = 1
	small, err := pgxpool.NewWithConfig(b.ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer small.Close()
	query := func(name string) Job {
		return Job{Name: name, Spec: "0 9 * * *", Run: func(ctx context.Context, at time.Time) (int, error) {
			b.record(name, at)
			var one int
			return one, small.QueryRow(ctx, `SELECT count(*) FROM job_runs WHERE job = $1`, name).Scan(&one)
		}}
	}
	// The job lock must not take the pool's only connection from the job.
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := b.scheduler(t, small, query("greetings"), query("reminders")).CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	st, err := b.scheduler(t, small, query("greetings"), query("reminders")).List(ctx)
	if err != nil || st[0].LastEnqueued != 1 || st[1].LastEnqueued != 1 {
		t.Fatalf("List = %+v, %v", st, err)
	}
}
