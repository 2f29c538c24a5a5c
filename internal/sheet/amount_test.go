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
