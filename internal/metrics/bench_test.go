package metrics_test

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ledgerbot/ledgerbot/internal/metrics"
)

// BenchmarkUpdateObserved is what the intake adds to one update: received,
// handled with its latency. go test -run '^$' -bench . ./internal/metrics/
func BenchmarkUpdateObserved(b *testing.B) {
	m := metrics.New(prometheus.NewRegistry(), "message", "callback_query")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.UpdateReceived("message")
			m.UpdateHandled("message", 3*time.Millisecond)
		}
	})
}
