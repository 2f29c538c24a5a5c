package importer

import (
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// dealsPlan maps a deals sheet of headers as Guess does.
func dealsPlan(headers ...string) SheetPlan {
	p := SheetPlan{Name: "合作记录", Kind: sheet.Deals, Headers: headers, Use: true}
	_, p.Columns = sheet.Guess(p.Name, headers)
	return p
}

// parseRow parses one data row of plan.
func parseRow(plan SheetPlan, today time.Time, cells ...string) record {
	p := &parser{staff: map[string]int64{}, owners: OwnersError, unknown: map[string]bool{}, today: today}
	row := sheet.Row{Num: 2}
	for _, c := range cells {
		row.Cells = append(row.Cells, sheet.Cell{Text: c})
	}
	return p.parse(plan, row)
}

func TestParseReadsAndChecksADealsReceivable(t *testing.T) {
	t.Parallel()
	today := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	plan := dealsPlan("客户名称", "成交日期", "金额", "开票金额", "回款到期日", "已回款", "回款日期")
	for _, tc := range []struct {
		name                        string
		deal, amount                string
		invoiced, due, paid, paidOn string
		want                        dealData // Invoiced, DueOn, Paid, PaidOn compared
		errCol                      int      // -2: no error
		errHas                      string
	}{
		{name: "no receivable", errCol: -2},
		{name: "every column", invoiced: "10,000", due: "2026/4/30", paid: "¥3,000", paidOn: "2026年3月1日", errCol: -2,
			want: dealData{Invoiced: "10000.00", DueOn: "2026-04-30", Paid: "3000.00", PaidOn: "2026-03-01"}},
		{name: "paid without a day: the due date, when past", due: "2026-02-15", paid: "12000", errCol: -2,
			want: dealData{DueOn: "2026-02-15", Paid: "12000.00", PaidOn: "2026-02-15"}},
		{name: "paid without a day: today, when the due date is ahead", due: "2026-06-30", paid: "3600", errCol: -2,
			want: dealData{DueOn: "2026-06-30", Paid: "3600.00", PaidOn: "2026-03-10"}},
		{name: "paid without a day or a due date: the deal date", paid: "1.2万", errCol: -2,
			want: dealData{Paid: "12000.00", PaidOn: "2026-01-15"}},
		{name: "paid 0 is no payment", due: "2026-04-30", paid: "0", errCol: -2, want: dealData{DueOn: "2026-04-30"}},
		{name: "Excel's dash for zero, with a day, is no payment", paid: "-", paidOn: "2026-03-01", errCol: -2},
		{name: "invoiced below the amount, paid in full", invoiced: "9000", paid: "9000", paidOn: "2026-03-01", errCol: -2,
			want: dealData{Invoiced: "9000.00", Paid: "9000.00", PaidOn: "2026-03-01"}},
		{name: "negative invoiced", invoiced: "-500", errCol: 3, errHas: "负数"},
		{name: "negative paid in brackets", paid: "(500.00)", errCol: 5, errHas: "负数"},
		{name: "invoiced zero", invoiced: "0", errCol: 3, errHas: "应大于 0"},
		{name: "invoiced not an amount", invoiced: "约一万", errCol: 3, errHas: "金额无法识别"},
		{name: "paid more than invoiced", invoiced: "5000", paid: "6000", paidOn: "2026-03-01", errCol: 5, errHas: "回款金额大于开票金额 5000.00"},
		{name: "paid more than the amount", paid: "12000.01", errCol: 5, errHas: "回款金额大于合同金额"},
		{name: "malformed due date", due: "2026-13-45", errCol: 4, errHas: "日期无法识别"},
		{name: "malformed payment date", paid: "100", paidOn: "下周", errCol: 6, errHas: "日期无法识别"},
		{name: "due before the deal", due: "2026-01-01", errCol: 4, errHas: "早于成交日期 2026-01-15"},
		{name: "due ten years on", due: "2036-02-01", errCol: 4, errHas: "十年以上"},
		{name: "payment after today", paid: "100", paidOn: "2026-03-11", errCol: 6, errHas: "晚于今天"},
		{name: "payment day without an amount", paidOn: "2026-03-01", errCol: 6, errHas: "没有回款金额"},
		{name: "paid on a deal over ten years old, no day", deal: "2015-01-15", paid: "100", errCol: 5, errHas: "成交已超过十年"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			deal, amount := tc.deal, tc.amount
			if deal == "" {
				deal = "2026-01-15"
			}
			if amount == "" {
				amount = "12000"
			}
			r := parseRow(plan, today, "华为", deal, amount, tc.invoiced, tc.due, tc.paid, tc.paidOn)
			if tc.errCol == -2 {
				if len(r.errs) > 0 {
					t.Fatalf("errors %+v", r.errs)
				}
				d := r.data.Deal
				got := dealData{Invoiced: d.Invoiced, DueOn: d.DueOn, Paid: d.Paid, PaidOn: d.PaidOn}
				if got != tc.want {
					t.Fatalf("receivable %+v, want %+v", got, tc.want)
				}
				return
			}
			if len(r.errs) != 1 || r.errs[0].Col != tc.errCol || !strings.Contains(r.errs[0].ZH, tc.errHas) || r.errs[0].EN == "" {
				t.Fatalf("errors %+v, want one at column %d saying %q", r.errs, tc.errCol, tc.errHas)
			}
		})
	}
}

func TestParseScalesReceivableAmountsByTheirHeadersUnit(t *testing.T) {
	t.Parallel()
	today := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	plan := dealsPlan("客户名称", "日期", "合同金额（万元）", "已开票金额（万元）", "已回款（千元）", "回款日期")
	r := parseRow(plan, today, "华为", "2026-01-15", "1.5", "1.2", "8", "2026-02-01")
	if len(r.errs) > 0 {
		t.Fatalf("errors %+v", r.errs)
	}
	if d := r.data.Deal; d.Amount != "15000.00" || d.Invoiced != "12000.00" || d.Paid != "8000.00" {
		t.Fatalf("amount %s invoiced %s paid %s, want 15000.00, 12000.00 and 8000.00", d.Amount, d.Invoiced, d.Paid)
	}
	// 25 千元 paid is more than 2 万元 invoiced.
	r = parseRow(plan, today, "华为", "2026-01-15", "3", "2", "25", "2026-02-01")
	if len(r.errs) != 1 || r.errs[0].Col != 4 {
		t.Fatalf("errors %+v, want the paid column's (25,000 paid of 20,000 invoiced)", r.errs)
	}
}
