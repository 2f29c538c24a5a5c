package credit

import (
	"errors"
	"testing"
)

func TestAssess(t *testing.T) {
	t.Parallel()
	const yuan = 100 // fen
	cases := []struct {
		name  string
		t     Thresholds
		items []Overdue
		want  Assessment
	}{
		{"nothing owed", Thresholds{}, nil, Assessment{Standing: Good}},
		{"due today is not overdue", Thresholds{}, []Overdue{{5000 * yuan, 0}}, Assessment{Standing: Good}},
		{"paid off", Thresholds{}, []Overdue{{0, 90}}, Assessment{Standing: Good}},
		{"in its grace days", Thresholds{}, []Overdue{{5000 * yuan, 14}}, Assessment{Good, 1, 5000 * yuan, 14}},
		{"large but in its grace days", Thresholds{}, []Overdue{{500_000 * yuan, 14}}, Assessment{Good, 1, 500_000 * yuan, 14}},
		{"15 days", Thresholds{}, []Overdue{{5000 * yuan, 15}}, Assessment{Watch, 1, 5000 * yuan, 15}},
		{"59 days", Thresholds{}, []Overdue{{5000 * yuan, 59}, {100 * yuan, 3}}, Assessment{Watch, 2, 5100 * yuan, 59}},
		{"60 days", Thresholds{}, []Overdue{{1 * yuan, 60}}, Assessment{AtRisk, 1, 1 * yuan, 60}},
		{"amount reached by late ones", Thresholds{}, []Overdue{{60_000 * yuan, 20}, {40_000 * yuan, 16}}, Assessment{AtRisk, 2, 100_000 * yuan, 20}},
		{"amount one fen short", Thresholds{}, []Overdue{{60_000 * yuan, 20}, {40_000*yuan - 1, 16}}, Assessment{Watch, 2, 100_000*yuan - 1, 20}},
		{"amount counts only late ones", Thresholds{}, []Overdue{{60_000 * yuan, 20}, {40_000 * yuan, 10}}, Assessment{Watch, 2, 100_000 * yuan, 20}},
		{"own thresholds", Thresholds{WatchDays: 30, RiskDays: 90, RiskAmount: 10_000}, []Overdue{{9_000 * yuan, 29}}, Assessment{Good, 1, 9_000 * yuan, 29}},
		{"own amount", Thresholds{WatchDays: 30, RiskDays: 90, RiskAmount: 10_000}, []Overdue{{10_000 * yuan, 30}}, Assessment{AtRisk, 1, 10_000 * yuan, 30}},
		{"own days", Thresholds{WatchDays: 30, RiskDays: 90}, []Overdue{{1 * yuan, 89}}, Assessment{Watch, 1, 1 * yuan, 89}},
	}
	for _, c := range cases {
		if got := c.t.Assess(c.items); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestThresholdsDefaultsAndValidate(t *testing.T) {
	t.Parallel()
	if d := DefaultThresholds(); d != (Thresholds{}).withDefaults() || d.WatchDays != 15 || d.RiskDays != 60 || d.RiskAmount != 100_000 {
		t.Fatalf("defaults %+v", d)
	}
	if err := DefaultThresholds().Validate(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []Thresholds{{WatchDays: 60, RiskDays: 60}, {WatchDays: 90}} {
		if err := bad.Validate(); !errors.Is(err, ErrThresholds) {
			t.Errorf("%+v: %v, want ErrThresholds", bad, err)
		}
	}
}

func TestYuan(t *testing.T) {
	t.Parallel()
	for cents, want := range map[int64]string{0: "0.00", 5: "0.05", 12050: "120.50", 10_000_000: "100000.00", -250: "-2.50"} {
		if got := Yuan(cents); got != want {
			t.Errorf("Yuan(%d) = %q, want %q", cents, got, want)
		}
	}
}

func TestStandingText(t *testing.T) {
	t.Parallel()
	if Good.Text("zh") != "良好" || Watch.Text("en") != "watch" || AtRisk.Text("") != "高风险" || Standing("<x>").Text("en") != "&lt;x&gt;" {
		t.Fatal("standing labels")
	}
}
