package sheet

import (
	"reflect"
	"testing"
)

func TestGuessMapsReceivableHeadersOnADealsSheet(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		header string
		want   Field
	}{
		{"开票金额", DealInvoiced}, {"已开票金额", DealInvoiced}, {"开票金额（万元）", DealInvoiced}, {"Invoiced", DealInvoiced},
		{"Amount invoiced", DealInvoiced}, {"INVOICE AMOUNT", DealInvoiced},
		{"到期日", DealDueOn}, {"回款到期日", DealDueOn}, {"付款期限", DealDueOn}, {"Due date", DealDueOn}, {"Due", DealDueOn},
		{"回款", DealPaid}, {"已回款", DealPaid}, {"回款金额", DealPaid}, {"已回款（万元）", DealPaid}, {"Paid", DealPaid},
		{"Amount paid", DealPaid},
		{"回款日期", DealPaidOn}, {"回款时间", DealPaidOn}, {"Paid on", DealPaidOn}, {"Payment date", DealPaidOn},
	} {
		_, cols := Guess("合作记录", []string{tc.header})
		if cols[0].Field != tc.want {
			t.Errorf("Guess(合作记录, %q) = %+v, want %q", tc.header, cols[0], tc.want)
		}
		// A clients sheet holds no deal: the column is left out there.
		if _, cols := Guess("客户", []string{tc.header}); cols[0].Field != "" {
			t.Errorf("Guess(客户, %q) = %+v, want it ignored", tc.header, cols[0])
		}
	}
}

func TestGuessReadsALedgersDealsSheetWithReceivables(t *testing.T) {
	t.Parallel()
	kind, cols := Guess("Sheet1", []string{"客户名称", "签约日期", "合同金额（万元）", "项目", "已开票金额（万元）", "回款到期日", "已回款（万元）", "回款日期"})
	if kind != Deals {
		t.Fatalf("kind %s, want deals (from the headers)", kind)
	}
	want := []Column{{ClientName, 0}, {DealDate, 0}, {DealAmount, 0}, {DealDescription, 0},
		{DealInvoiced, 0}, {DealDueOn, 0}, {DealPaid, 0}, {DealPaidOn, 0}}
	if !reflect.DeepEqual(cols, want) {
		t.Errorf("mapping %+v, want %+v", cols, want)
	}
}

func TestAmountFieldsAreTheMoneyColumns(t *testing.T) {
	t.Parallel()
	for _, f := range Fields(Deals) {
		want := f == DealAmount || f == DealInvoiced || f == DealPaid
		if f.IsAmount() != want {
			t.Errorf("%s.IsAmount() = %v, want %v", f, f.IsAmount(), want)
		}
	}
}

func TestIsZeroAmountReadsWhatLedgersWriteForNothing(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"0", true}, {"0.00", true}, {" 0 ", true}, {"¥0.00", true}, {"￥0", true}, {"0元", true}, {"0万", true},
		{"-", true}, {"—", true}, {"RMB 0", true}, {".00", true},
		{"", false}, {"10", false}, {"0.01", false}, {"-5", false}, {"00.10", false}, {"abc", false},
	} {
		if got := IsZeroAmount(tc.in); got != tc.want {
			t.Errorf("IsZeroAmount(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
