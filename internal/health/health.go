package health

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// DefaultTimeout bounds each readiness check: a probe must answer well
// within an orchestrator's own timeout, and a database that takes longer
// than this to answer is not one to send traffic to.
const DefaultTimeout = 2 * time.Second

// Check is one thing readiness depends on. Run returns nil when it holds,
// and otherwise an error that says what failed, for the operator.
type Check struct {
	Name string
	Run  func(ctx context.Context) error
}

// Result is one check's outcome.
type Result struct {
	Name string
	Err  error
}

// Readiness runs a fixed list of checks.
type Readiness struct {
	checks  []Check
	timeout time.Duration
}

// NewReadiness checks every check within timeout (DefaultTimeout if 0).
func NewReadiness(timeout time.Duration, checks ...Check) *Readiness {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Readiness{checks: checks, timeout: timeout}
}

// Check runs every check at once, each within the timeout, and returns
// their results in the order the checks were given. A check still running
// at its timeout is reported as failed then, and left to end by itself:
// not every client gives up when its context does (go-redis waits for its
// own ReadTimeout, 3 s by default, unless ContextTimeoutEnabled), and a
// probe must answer within the timeout whatever the server at the other
// end does.
func (r *Readiness) Check(ctx context.Context) []Result {
	out := make([]Result, len(r.checks))
	var wg sync.WaitGroup
	for i, c := range r.checks {
		wg.Go(func() {
			cctx, cancel := context.WithTimeout(ctx, r.timeout)
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- c.Run(cctx) }()
			var err error
			select {
			case err = <-done:
			case <-cctx.Done():
				err = cctx.Err()
			}
			if err != nil && cctx.Err() != nil {
				err = fmt.Errorf("no answer within %v: %w", r.timeout, err)
			}
			out[i] = Result{Name: c.Name, Err: err}
		})
	}
	wg.Wait()
	return out
}

// ServeHTTP answers /readyz: 200 when every check holds, 503 otherwise;
// the body has a line per check ("postgres ok", "redis: dial tcp ...:
// connection refused"), so a failing probe names what failed.
func (r *Readiness) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	results := r.Check(req.Context())
	var b strings.Builder
	status := http.StatusOK
	for _, res := range results {
		if res.Err != nil {
			status = http.StatusServiceUnavailable
			fmt.Fprintf(&b, "%s: %s\n", res.Name, oneLine(res.Err.Error()))
		} else {
			fmt.Fprintf(&b, "%s ok\n", res.Name)
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(b.String()))
}

// Alive answers /healthz: the process serves, so it is alive. It checks
// nothing else on purpose: a database outage must not make an
// orchestrator restart every replica at once.
func Alive(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}

// oneLine keeps an error on its own line of the body.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
