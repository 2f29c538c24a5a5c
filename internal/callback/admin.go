package callback

import "fmt"

// The actions of the admins' jobs screen.
const (
	retryMessageAction = "ob"
	jobsListAction     = "jl" // encoded "jl:", with an empty argument
	runJobAction       = "jr"
)

// MaxJobName is the longest job name RunJob carries.
const MaxJobName = 32

// RetryMessage sends a failed outbox message again: "ob:<outbox row>".
type RetryMessage struct{ Outbox int64 }

// JobsList shows the jobs screen again: "jl:". The colon is there because
// the screen's Refresh button has always been sent with it.
type JobsList struct{}

// RunJob runs a scheduled job now: "jr:<job>". Job is a job's name
// (config.JobNames): 1 to MaxJobName of a-z, 0-9, '_' and '-'; the router
// still checks that the job exists.
type RunJob struct{ Job string }

// Data implements Action.
func (a RetryMessage) Data() string   { return data(a) }
func (a RetryMessage) check() error   { return checkID("outbox", a.Outbox) }
func (a RetryMessage) encode() string { return retryMessageAction + ":" + itoa(a.Outbox) }

// Data implements Action.
func (a JobsList) Data() string   { return data(a) }
func (a JobsList) check() error   { return nil }
func (a JobsList) encode() string { return jobsListAction + ":" }

// Data implements Action.
func (a RunJob) Data() string { return data(a) }

func (a RunJob) check() error {
	if !validJobName(a.Job) {
		return fmt.Errorf("job name %q is not 1..%d of a-z, 0-9, _ and -", a.Job, MaxJobName)
	}
	return nil
}

func (a RunJob) encode() string { return runJobAction + ":" + a.Job }

func validJobName(s string) bool {
	if s == "" || len(s) > MaxJobName {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' && c != '-' {
			return false
		}
	}
	return true
}
