package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// namespace prefixes every metric of ledgerbot's own.
const namespace = "ledgerbot"

// SendResults are the values of the result label of ledgerbot_sends_total.
var SendResults = []string{"ok", "429", "5xx", "403", "other"}

// Job results, the values of the result label of ledgerbot_job_runs_total.
const (
	JobOK     = "ok"
	JobFailed = "failed"
)

// Metrics is every metric ledgerbot updates as it works. A nil *Metrics is
// valid and records nothing, so a part built without metrics (a test, an
// operator command) needs no special case.
type Metrics struct {
	received       *prometheus.CounterVec
	handled        *prometheus.CounterVec
	failed         *prometheus.CounterVec
	attemptsFailed *prometheus.CounterVec
	handling       *prometheus.HistogramVec

	sends *prometheus.CounterVec

	jobRuns     *prometheus.CounterVec
	jobDuration *prometheus.HistogramVec

	search *prometheus.HistogramVec

	importRows *prometheus.CounterVec
}

// NewRegistry is a registry of the process's own with Go's runtime and the
// process's CPU, memory and file descriptors, beside which New registers
// ledgerbot's metrics.
func NewRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// New registers ledgerbot's metrics on reg. updateKinds are the kinds of
// update the bot asks Telegram for: their series start at zero, so a rate
// or an increase counts the first update too.
func New(reg prometheus.Registerer, updateKinds ...string) *Metrics {
	m := &Metrics{
		received: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "updates_received_total",
			Help: "Updates Telegram delivered (webhook or getUpdates) that were recorded, by kind; a redelivery counts again."},
			[]string{"kind"}),
		handled: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "updates_handled_total",
			Help: "Updates applied by this process, by kind."}, []string{"kind"}),
		failed: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "updates_failed_total",
			Help: "Updates given up for good (marked abandoned, the user told), by kind."}, []string{"kind"}),
		attemptsFailed: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "update_attempt_failures_total",
			Help: "Failed attempts at handling an update, by kind and whether the failure was an outage (transient) that is retried longer."},
			[]string{"kind", "transient"}),
		handling: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "update_handling_duration_seconds",
			Help:    "Time from the first attempt at an update to its success, retries included, by kind.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 120}}, []string{"kind"}),
		sends: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "sends_total",
			Help: "Outbox messages the sender tried to send, by Telegram's answer: ok, 429, 5xx, 403 or other (400, network, timeout)."},
			[]string{"result"}),
		jobRuns: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "job_runs_total",
			Help: "Runs of scheduled jobs by this process, by job and result (ok, failed)."}, []string{"job", "result"}),
		jobDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "job_run_duration_seconds",
			Help:    "How long scheduled job runs took, by job.",
			Buckets: []float64{.05, .1, .5, 1, 5, 15, 60, 300, 900, 3600}}, []string{"job"}),
		search: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "search_duration_seconds",
			Help:    "Client searches, by the strategy the query took (han, digits, letters).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}}, []string{"strategy"}),
		importRows: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "import_rows_total",
			Help: "Spreadsheet rows applied to the ledger by imports, by result (created, updated, added, skipped, failed)."},
			[]string{"result"}),
	}
	reg.MustRegister(m.received, m.handled, m.failed, m.attemptsFailed, m.handling, m.sends, m.jobRuns, m.jobDuration,
		m.search, m.importRows)
	for _, k := range updateKinds {
		m.received.WithLabelValues(k)
		m.handled.WithLabelValues(k)
		m.failed.WithLabelValues(k)
	}
	for _, r := range SendResults {
		m.sends.WithLabelValues(r)
	}
	return m
}

// MaxScrapes bounds the scrapes served at once; more are answered 503 at
// once. Each scrape may hold one of the bot's PostgreSQL connections for up
// to 2 s (the gauges read at scrape time), and the image opens the admin
// port to the container network: scrapes piling up must not take the
// connections the updates need. Prometheus scrapes a target one at a time;
// the rest leaves room for a second Prometheus and an operator's curl.
const MaxScrapes = 4

// Handler serves reg's metrics in Prometheus's text (or protobuf) format.
// A collector that fails is left out of the answer and the rest is still
// served: the counters matter most when the database is away.
func Handler(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError, Timeout: 10 * time.Second,
		MaxRequestsInFlight: MaxScrapes})
}
