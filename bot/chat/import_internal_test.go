package chat

import (
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/importer"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

func TestThousandsColumnsAndDurations(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 100000: "100,000", 1234567: "1,234,567", -1200: "-1,200"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := colLetter(i); got != want {
			t.Errorf("colLetter(%d) = %q, want %q", i, got, want)
		}
	}
	if got := durationText(i18n.ZH, 44*time.Second); got != "44 秒" {
		t.Errorf("44 s in zh = %q", got)
	}
	if got := durationText(i18n.EN, 200*time.Second); got != "3 min 20 s" {
		t.Errorf("200 s in en = %q", got)
	}
}

func TestProgressTextShowsRowsRateAndTimeLeft(t *testing.T) {
	t.Parallel()
	imp := importer.Import{FileName: "台账.xlsx", Done: 12000, Total: 100000, Lang: i18n.ZH}
	mustHave(t, progressText(i18n.ZH, imp, 2000), "导入中", "12,000 / 100,000 行", "每秒 2,000 行", "约剩 44 秒")
	if got := progressText(i18n.ZH, imp, 0); strings.Contains(got, "每秒") {
		t.Errorf("rate shown before it was measured: %q", got)
	}
}

func TestProgressEditsAreSpacedThreeSecondsWithTheRateOfThisProcess(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	ir := &importRunner{wall: func() time.Time { return at }, marks: map[int64]*progressMark{}}
	if _, _, due := ir.next(importer.Import{ID: 1, Done: 500, Total: 2000}); due {
		t.Fatal("an edit is due before the import has a message")
	}
	var shown []int
	var rates []float64
	// A resumed import: 500 rows were done before this process took it up.
	for i, step := range []time.Duration{0, time.Second, time.Second, time.Second, 500 * time.Millisecond, 3 * time.Second} {
		at = at.Add(step)
		done := 500 + i*100
		if msg, rate, due := ir.next(importer.Import{ID: 1, Done: done, Total: 2000, ProgressMsgID: 7}); due {
			if msg != 7 {
				t.Fatalf("message %d, want 7", msg)
			}
			shown, rates = append(shown, done), append(rates, rate)
		}
	}
	if len(shown) != 3 || shown[0] != 500 || shown[1] != 800 || shown[2] != 1000 {
		t.Fatalf("edits at %v rows, want at 500, 800 (3 s later) and 1,000 (3.5 s after that)", shown)
	}
	if rates[0] != 0 || rates[1] != 100 || rates[2] != 500/6.5 {
		t.Fatalf("rates %v, want 0 before a second, then rows a second since this process began", rates)
	}
}

func mustHave(t *testing.T, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Fatalf("%q does not contain %q", s, p)
		}
	}
}

func TestMappingRulesNameTheAmountColumnsUnit(t *testing.T) {
	t.Parallel()
	p := importer.SheetPlan{Name: "合作记录", Kind: sheet.Deals,
		Headers: []string{"客户名称", "合同金额（万元）"},
		Columns: []sheet.Column{{Field: sheet.ClientName}, {Field: sheet.DealAmount}}}
	got := rulesText(i18n.ZH, p)
	if !strings.Contains(got, "合同金额（万元）") || !strings.Contains(got, "乘以 10,000（12 记为 120,000 元）") {
		t.Errorf("zh rules: %q", got)
	}
	if got := rulesText(i18n.EN, p); !strings.Contains(got, "multiplied by 10,000 (12 is 120,000 yuan)") {
		t.Errorf("en rules: %q", got)
	}
	p.Headers[1] = "金额"
	if got := rulesText(i18n.ZH, p); strings.Contains(got, "乘以") {
		t.Errorf("a plain amount header got a unit: %q", got)
	}
}

func TestMappingRulesNameTheReceivableColumnsUnitAndThePaymentDay(t *testing.T) {
	t.Parallel()
	p := importer.SheetPlan{Name: "合作记录", Kind: sheet.Deals,
		Headers: []string{"客户名称", "已开票金额（万元）", "已回款（千元）"},
		Columns: []sheet.Column{{Field: sheet.ClientName}, {Field: sheet.DealInvoiced}, {Field: sheet.DealPaid}}}
	got := rulesText(i18n.ZH, p)
	mustHave(t, got, "开票金额：表头「已开票金额（万元）」的单位", "乘以 10,000", "已回款：表头「已回款（千元）」的单位", "乘以 1,000",
		"记为一笔回款", "按回款到期日记")
	mustHave(t, rulesText(i18n.EN, p), "recorded as one payment", "dated on the due date")
}
