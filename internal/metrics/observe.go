package metrics

import (
	"strconv"
	"time"
)

// The methods below are what the measured packages call through their own
// observer interfaces (bot/intake, bot/push, internal/schedule,
// internal/client); each is a label lookup and an atomic add, cheap enough
// for every update. Each does nothing on a nil *Metrics.

// UpdateReceived counts an update Telegram delivered and the intake recorded.
func (m *Metrics) UpdateReceived(kind string) {
	if m != nil {
		m.received.WithLabelValues(kind).Inc()
	}
}

// UpdateHandled counts an update applied, took after its first attempt began.
func (m *Metrics) UpdateHandled(kind string, took time.Duration) {
	if m != nil {
		m.handled.WithLabelValues(kind).Inc()
		m.handling.WithLabelValues(kind).Observe(took.Seconds())
	}
}

// UpdateAttemptFailed counts one failed attempt at an update; transient
// says it was an outage, retried for longer.
func (m *Metrics) UpdateAttemptFailed(kind string, transient bool) {
	if m != nil {
		m.attemptsFailed.WithLabelValues(kind, strconv.FormatBool(transient)).Inc()
	}
}

// UpdateFailed counts an update given up for good.
func (m *Metrics) UpdateFailed(kind string) {
	if m != nil {
		m.failed.WithLabelValues(kind).Inc()
	}
}

// Sent counts one send of an outbox message by Telegram's answer, one of
// SendResults.
func (m *Metrics) Sent(result string) {
	if m != nil {
		m.sends.WithLabelValues(result).Inc()
	}
}

// JobRan counts a run of a scheduled job and how long it took.
func (m *Metrics) JobRan(job string, ok bool, took time.Duration) {
	if m == nil {
		return
	}
	result := JobOK
	if !ok {
		result = JobFailed
	}
	m.jobRuns.WithLabelValues(job, result).Inc()
	m.jobDuration.WithLabelValues(job).Observe(took.Seconds())
}

// Searched records how long a client search took, by the strategy its
// query took.
func (m *Metrics) Searched(strategy string, took time.Duration) {
	if m != nil {
		m.search.WithLabelValues(strategy).Observe(took.Seconds())
	}
}

// ImportRows counts n spreadsheet rows an import applied with result
// (created, updated, added, skipped or failed, as the importer records a
// row's outcome). The importer calls it once a batch has committed, so a
// batch rolled back and retried is not counted twice.
func (m *Metrics) ImportRows(result string, n int) {
	if m != nil && n > 0 {
		m.importRows.WithLabelValues(result).Add(float64(n))
	}
}
