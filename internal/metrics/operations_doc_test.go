package metrics_test

import (
	"context"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/metrics"
	"github.com/ledgerbot/ledgerbot/internal/metrics/metricstest"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/schedule"
)

// Sources that answer at once, so that every gauge is exported.
type (
	someIntake struct{}
	someOutbox struct{}
	someJobs   struct{}
)

func (someIntake) Backlog(context.Context) (int64, time.Duration, error) { return 1, time.Second, nil }
func (someIntake) Progress() time.Time                                   { return time.Now() }
func (someOutbox) Depth(context.Context) (outbox.Depth, error)           { return outbox.Depth{Pending: 1}, nil }
func (someJobs) Periods(context.Context) ([]schedule.Period, error) {
	return []schedule.Period{{Job: "reminders", LastCompleted: time.Now(), Due: time.Now()}}, nil
}

// TestOperationsGuideNamesOnlyMetricsAndLabelValuesThatExist reads
// docs/OPERATIONS.md, its table of metrics and its alert rules, and fails
// for a metric name the registry does not export, or a label value an
// alert selects that the code never gives: a rule on a misspelt name is
// valid PromQL that never fires.
func TestOperationsGuideNamesOnlyMetricsAndLabelValuesThatExist(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../docs/OPERATIONS.md")
	if err != nil {
		t.Fatal(err)
	}
	reg := metrics.NewRegistry()
	m := metrics.New(reg, "message", "callback_query")
	m.UpdateHandled("message", time.Millisecond)
	m.UpdateAttemptFailed("message", true)
	m.JobRan("reminders", true, time.Second)
	m.Searched("han", time.Millisecond)
	m.ImportRows("created", 1)
	if err := metrics.RegisterStats(reg, metrics.Sources{Intake: someIntake{}, Outbox: someOutbox{}, Jobs: someJobs{}}); err != nil {
		t.Fatal(err)
	}
	fams := metricstest.Gather(t, reg)

	// A histogram's series are named for its family plus a suffix.
	family := func(name string) string {
		if _, ok := fams[name]; ok {
			return name
		}
		for _, suffix := range []string{"_bucket", "_sum", "_count"} {
			if base, ok := strings.CutSuffix(name, suffix); ok {
				if _, ok := fams[base]; ok {
					return base
				}
			}
		}
		return ""
	}
	names := regexp.MustCompile(`ledgerbot_[a-z][a-z0-9_]*[a-z0-9]`).FindAllString(string(doc), -1)
	if len(names) < 20 {
		t.Fatalf("found %d metric names in the guide, want its table and its alert rules", len(names))
	}
	for _, name := range names {
		if family(name) == "" {
			t.Errorf("docs/OPERATIONS.md names %s, which ledgerbot does not export", name)
		}
	}

	// The values an alert's label matchers select (status="failed",
	// result=~"5xx|other") must be among those the code gives the label.
	selector := regexp.MustCompile(`(ledgerbot_[a-z0-9_]+)\{([^}]*)\}`)
	matcher := regexp.MustCompile(`([a-z_]+)\s*(=~|=)\s*"([^"]*)"`)
	checked := 0
	for _, sel := range selector.FindAllStringSubmatch(string(doc), -1) {
		mf := fams[family(sel[1])]
		if mf == nil {
			continue // reported above
		}
		for _, mt := range matcher.FindAllStringSubmatch(sel[2], -1) {
			label, values := mt[1], []string{mt[3]}
			if mt[2] == "=~" {
				values = strings.Split(mt[3], "|")
			}
			var have []string
			for _, series := range mf.GetMetric() {
				for _, lp := range series.GetLabel() {
					if lp.GetName() == label {
						have = append(have, lp.GetValue())
					}
				}
			}
			for _, v := range values {
				checked++
				if !slices.Contains(have, v) {
					t.Errorf("docs/OPERATIONS.md selects %s{%s=%q}; the code gives %s only %q", sel[1], label, v, label, have)
				}
			}
		}
	}
	if checked < 4 {
		t.Errorf("checked %d label values of the alert rules, want those of the outbox and sends alerts", checked)
	}
}
