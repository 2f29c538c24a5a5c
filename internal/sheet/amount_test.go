package sheet

import (
	"errors"
	"math/big"
	"testing"
)

func TestParseAmountReadsCurrencySeparatorsAndChineseUnits(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"¥1,234.50":   "1234.50",
		"￥1,234.5":    "1234.50",
		"1.2万":        "12000.00",
		"3万元":         "30000.00",
		"1.5亿":        "150000000.00",
		"1,000":       "1000.00",
		"1000元":       "1000.00",
		"RMB 2,000":   "2000.00",
		"人民币500":      "500.00",
		" 12500.5 ":   "12500.50",
		"１２３４":        "1234.00",
		"1.23456万":    "12345.60",
		"1.2E+05":     "120000.00",
		"10k":         "10000.00",
		"0.01":        "0.01",
		"1234567.891": "", // three decimals: refused below
	} {
		if want == "" {
			continue
		}
		got, err := ParseAmount(in)
		if err != nil || got != want {
			t.Errorf("ParseAmount(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestParseAmountRefusesNegativeMalformedAndOutOfRange(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"", "-100", "-¥100", "(100)", "abc", "1,23", "12,34,567", "1.2.3", "1234567.891", "0",
		"10000000000000", "1e400", "万", "¥", "12 000 apples", "1,000.00.0",
	} {
		if got, err := ParseAmount(in); !errors.Is(err, ErrValue) {
			t.Errorf("ParseAmount(%q) = %q, %v; want an error wrapping ErrValue", in, got, err)
		}
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"¥1,234.50", "1.2万", "3万元", "-1", "1e5", "0.001", "1,000", "９９"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseAmount(s)
		if err != nil {
			if !errors.Is(err, ErrValue) {
				t.Fatalf("ParseAmount(%q) error %v does not wrap ErrValue", s, err)
			}
			return
		}
		r, ok := new(big.Rat).SetString(got)
		if !ok || r.Sign() <= 0 || r.FloatString(2) != got {
			t.Fatalf("ParseAmount(%q) = %q, not a positive decimal with two places", s, got)
		}
		if again, err := ParseAmount(got); err != nil || again != got {
			t.Fatalf("ParseAmount(%q) = %q, which reads back as %q, %v", s, got, again, err)
		}
	})
}

func TestAmountUnitReadsTheHeadersUnit(t *testing.T) {
	t.Parallel()
	for h, want := range map[string]int64{
		"金额":                   1,
		"金额（元）":                1,
		"Amount (CNY)":         1,
		"合同金额（万元）":             10_000,
		"金额(万元)":               10_000,
		"合同金额/万元":              10_000,
		"成交金额万元":               10_000,
		"金额【人民币万元】":            10_000,
		"金额（千元）":               1_000,
		"Amount (CNY k)":       1_000,
		"Amount ('000)":        1_000,
		"Amount (CNY million)": 1_000_000,
		"金额（亿元）":               100_000_000,
		"万达合同金额":               1, // a 万 in the name, not a unit
	} {
		if got := AmountUnit(h); got != want {
			t.Errorf("AmountUnit(%q) = %d, want %d", h, got, want)
		}
	}
}

func TestParseAmountInScalesBareNumbersByTheHeadersUnit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		unit int64
		want string
	}{
		{"12", 10_000, "120000.00"},
		{"0.05", 10_000, "500.00"},
		{"1.2345", 10_000, "12345.00"},
		{"1.2万", 10_000, "12000.00"}, // the cell's own unit wins
		{"8000元", 10_000, "8000.00"},
		{"3万元", 1_000, "30000.00"},
		{"3", 1_000, "3000.00"},
		{"12", 1, "12.00"},
		{"12", 0, "12.00"},
	} {
		got, err := ParseAmountIn(tc.in, tc.unit)
		if err != nil || got != tc.want {
			t.Errorf("ParseAmountIn(%q, %d) = %q, %v; want %q", tc.in, tc.unit, got, err, tc.want)
		}
	}
	// Scaled past the ceiling, or to a third decimal place: refused.
	for _, in := range []string{"200000000", "0.0000001"} {
		if got, err := ParseAmountIn(in, 10_000); err == nil {
			t.Errorf("ParseAmountIn(%q, 10000) = %q, want an error", in, got)
		}
	}
}
