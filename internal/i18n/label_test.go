package i18n

import "testing"

func TestLabelKeepsSizeMediumAndSeverityMediumApart(t *testing.T) {
	t.Parallel()
	if got := ZH.Label(Size, "medium"); got != "中型企业" {
		t.Errorf("size medium = %q, want 中型企业", got)
	}
	if got := ZH.Label(Severity, "medium"); got != "中" {
		t.Errorf("severity medium = %q, want 中", got)
	}
}

func TestLabelOfAnUnknownValueIsTheValue(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		e Enum
		v string
	}{{Tier, "platinum"}, {Stage, ""}, {"colour", "red"}, {Severity, "small"}} {
		for _, l := range []Lang{ZH, EN} {
			if got := l.Label(c.e, c.v); got != c.v {
				t.Errorf("%s.Label(%s, %q) = %q, want the value", l, c.e, c.v, got)
			}
			if _, ok := l.Lookup(c.e, c.v); ok {
				t.Errorf("%s.Lookup(%s, %q) found a label", l, c.e, c.v)
			}
		}
	}
}

func TestEveryLabelHasBothLanguages(t *testing.T) {
	t.Parallel()
	for e, values := range labels {
		for v, p := range values {
			if p.ZH == "" || p.EN == "" || p.ZH == p.EN {
				t.Errorf("%s %q: zh %q, en %q", e, v, p.ZH, p.EN)
			}
		}
	}
}
