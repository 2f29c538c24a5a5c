package export

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// BenchmarkExport100k exports a team of 100,000 clients (150,000 contacts,
// 50,000 deals, 30,000 visits in the month) to a temporary file, as the
// chat does, and reports the time, the file's size, the peak heap sampled
// while it ran and the process's peak RSS (VmHWM, which includes seeding).
// The issue asks for under 30 s and 250 MB on two cores:
//
//	go test -run '^$' -bench Export100k -benchtime 1x ./internal/export/
func BenchmarkExport100k(b *testing.B) {
	bb := setupBench(b)
	f := Filter{Period: ThisMonth(dayOf(now)), Lang: i18n.ZH}
	b.ResetTimer()
	for b.Loop() {
		file, err := os.CreateTemp(b.TempDir(), "export-*.xlsx")
		if err != nil {
			b.Fatal(err)
		}
		var peak atomic.Uint64
		stop := sampleHeap(&peak)
		start := time.Now()
		w := bufio.NewWriterSize(file, 1<<16)
		sum, err := bb.store.Export(context.Background(), bb.mia, f, w, nil)
		if err == nil {
			err = w.Flush()
		}
		took := time.Since(start)
		stop()
		if err != nil {
			b.Fatal(err)
		}
		st, _ := file.Stat()
		_ = file.Close()
		b.ReportMetric(took.Seconds(), "s/export")
		b.ReportMetric(float64(peak.Load())/(1<<20), "MB-peak-heap")
		b.ReportMetric(float64(st.Size())/(1<<20), "MB-file")
		b.ReportMetric(float64(vmHWM())/(1<<10), "MB-peak-RSS")
		b.Logf("exported %+v in %v", sum, took)
	}
}

// sampleHeap records the largest heap in use every 5 ms until stopped.
func sampleHeap(peak *atomic.Uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() { close(done); <-finished }
}

// vmHWM is the process's peak resident set in kB, 0 where /proc is not.
func vmHWM() int64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// setupBench is setup's ledger with East grown to 100,000 clients.
func setupBench(b *testing.B) *bundle {
	b.Helper()
	bb := setupTB(b)
	ctx := context.Background()
	owners := []int64{bb.mia.StaffID, bb.alice.StaffID, bb.bob.StaffID}
	const n = 100_000
	created := now.AddDate(-1, 0, 0)
	_, err := bb.pool.CopyFrom(ctx, pgx.Identifier{"clients"},
		[]string{"team_id", "owner_id", "name", "industry", "tier", "stage", "region", "address", "needs", "created_at", "updated_at", "last_contact_at", "next_review_on"},
		pgx.CopyFromSlice(n, func(i int) ([]any, error) {
			contact := created.Add(time.Duration(i) * time.Minute)
			review := time.Date(2027, 1, 1+i%28, 0, 0, 0, 0, time.UTC)
			return []any{bb.east, owners[i%len(owners)], fmt.Sprintf("上海第%d号贸易有限公司", i), "制造业",
				[]string{"strategic", "key", "normal"}[i%3], []string{"potential", "new", "active", "sleeping"}[i%4],
				"上海", fmt.Sprintf("浦东新区张江路%d号", i), "年度框架协议续签，关注交期与价格", created, created, contact, review}, nil
		}))
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO contacts (client_id, name, position, phone, email, is_primary, created_at, updated_at)
			SELECT id, '联系人' || id, '采购经理', '138' || lpad(id::text, 8, '0'), 'buyer' || id || '@example.com', true, $1, $1 FROM clients`,
		`INSERT INTO contacts (client_id, name, position, phone, created_at, updated_at)
			SELECT id, '副联系人' || id, '工程师', '139' || lpad(id::text, 8, '0'), $1, $1 FROM clients WHERE id % 2 = 0`,
		`INSERT INTO deals (client_id, deal_on, amount, description, created_at)
			SELECT id, date '2026-01-01' + (id % 300)::int, (id % 1000) * 100.5, '年度订单', $1 FROM clients WHERE id % 2 = 1`,
		`INSERT INTO visits (client_id, author_id, kind, notes, visited_at, created_at)
			SELECT id, owner_id, 'onsite', '例行拜访，讨论二期需求', $1::timestamptz - (id % 20) * interval '1 day', $1 FROM clients WHERE id % 10 < 3`,
		`ANALYZE`,
	} {
		args := []any{now}
		if q == `ANALYZE` {
			args = nil
		}
		if _, err := bb.pool.Exec(ctx, q, args...); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	return bb
}
