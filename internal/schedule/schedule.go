package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/robfig/cron/v3"
)

// Job is one periodic piece of work and when it runs.
type Job struct {
	Name string // greetings, reminders, churn, escalation, digest
	Spec string // standard 5-field cron spec, read in the scheduler's time zone
	// Run does the work as of at, the scheduled instant (in the zone), and
	// returns how many messages it newly enqueued. Running it twice for the
	// same at must enqueue nothing new.
	Run func(ctx context.Context, at time.Time) (int, error)
}

// ErrUnknownJob is returned by RunNow and ScheduledOn for a name no job has.
var ErrUnknownJob = errors.New("unknown job")

// ErrBusy is returned by RunNow when the job is running right now, in this
// replica or another: two runs of one job never overlap.
var ErrBusy = errors.New("job is already running")

// parser reads standard 5-field specs only: descriptors such as @every have
// no fixed instants, so they have no periods to remember.
var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

// entry is a job with its parsed schedule.
type entry struct {
	Job
	sched *cron.SpecSchedule
	// window is how far back the job catches up: a job that fires at most
	// once a month within the month, at most once a week within the week,
	// the others within the day.
	window window
}

// Scheduler runs a set of jobs on their schedules, once per period across
// every replica sharing the database.
type Scheduler struct {
	db     *pgxpool.Pool
	loc    *time.Location
	now    func() time.Time
	log    *slog.Logger
	jobs   []*entry
	byName map[string]*entry
	wg     sync.WaitGroup
	// Sweep is how often Start catches up between ticks (DefaultSweep).
	// A daily job whose run failed at 09:00 (the database was down) is
	// retried by the next sweep, not tomorrow: its next tick is another
	// period. Set it before Start.
	Sweep time.Duration
	// Observer, when set, is told of every run (metrics). Set it before
	// Start.
	Observer Observer
}

// DefaultSweep is the catch-up interval between cron ticks.
const DefaultSweep = 5 * time.Minute

// New checks every job (a name, a Run, a spec that parses and fires) and
// returns a Scheduler for them. The error names the job at fault. loc is the
// team's time zone (nil: UTC), now the business clock (nil: time.Now).
func New(db *pgxpool.Pool, loc *time.Location, now func() time.Time, log *slog.Logger, jobs ...Job) (*Scheduler, error) {
	if loc == nil {
		loc = time.UTC
	}
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Scheduler{db: db, loc: loc, now: now, log: log, byName: map[string]*entry{}, Sweep: DefaultSweep}
	for _, j := range jobs {
		e, err := newEntry(j, loc)
		if err != nil {
			return nil, err
		}
		if s.byName[j.Name] != nil {
			return nil, fmt.Errorf("job %q: listed twice", j.Name)
		}
		s.byName[j.Name] = e
		s.jobs = append(s.jobs, e)
	}
	return s, nil
}

func newEntry(j Job, loc *time.Location) (*entry, error) {
	if strings.TrimSpace(j.Name) == "" {
		return nil, errors.New("job without a name")
	}
	if j.Run == nil {
		return nil, fmt.Errorf("job %q: no Run function", j.Name)
	}
	spec := strings.TrimSpace(j.Spec)
	if strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=") {
		return nil, fmt.Errorf("job %q: spec %q: the time zone is CRON_TZ's, not the spec's", j.Name, j.Spec)
	}
	parsed, err := parser.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("job %q: spec %q: %w", j.Name, j.Spec, err)
	}
	sched, ok := parsed.(*cron.SpecSchedule)
	if !ok {
		return nil, fmt.Errorf("job %q: spec %q: not a standard cron spec", j.Name, j.Spec)
	}
	sched.Location = loc
	e := &entry{Job: j, sched: sched}
	w, ok := windowOf(sched, loc)
	if !ok {
		return nil, fmt.Errorf("job %q: spec %q never fires", j.Name, j.Spec)
	}
	e.window = w
	return e, nil
}

// names lists the jobs' names in order.
func (s *Scheduler) names() []string {
	out := make([]string, len(s.jobs))
	for i, e := range s.jobs {
		out[i] = e.Name
	}
	return out
}

// job finds a job by name.
func (s *Scheduler) job(name string) (*entry, error) {
	e := s.byName[name]
	if e == nil {
		return nil, fmt.Errorf("%w %q (known: %s)", ErrUnknownJob, name, strings.Join(s.names(), ", "))
	}
	return e, nil
}
