package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// none stands for a figure without a value (a rate of nothing).
const none = "–"

// short writes a measure's value for a table cell: few characters, so a
// row fits a phone's width.
func short(l i18n.Lang, m measure, f Figures) string {
	v, ok := m.value(f)
	if !ok {
		return none
	}
	switch m.unit {
	case share:
		// Small rates (churn) keep a decimal: 1.2%, not 1%.
		if p := v * 100; p < 9.95 && math.Round(p) != p {
			return fmt.Sprintf("%.1f%%", p)
		}
		return fmt.Sprintf("%.0f%%", v*100)
	case money:
		return compactMoney(l, v)
	case hours:
		if v >= 48 {
			return fmt.Sprintf("%.1fd", v/24)
		}
		return fmt.Sprintf("%.1fh", v)
	case score:
		return fmt.Sprintf("%.1f", v)
	}
	return strconv.FormatInt(int64(math.Round(v)), 10)
}

// long writes a measure's value for a line of text.
func long(m measure, v float64) string {
	switch m.unit {
	case share:
		return fmt.Sprintf("%.1f%%", v*100)
	case money:
		return grouped(int64(math.Round(v)))
	case hours, score:
		return fmt.Sprintf("%.1f", v)
	}
	return strconv.FormatInt(int64(math.Round(v)), 10)
}

// delta writes a change against the previous period with its sign; a
// share's change is in percentage points. A change that rounds to nothing
// reads as no change.
func delta(l i18n.Lang, m measure, d float64) string {
	a := math.Abs(d)
	var mag string
	switch m.unit {
	case share:
		mag = fmt.Sprintf("%.1f", a*100)
	case money:
		mag = grouped(int64(math.Round(a)))
	case hours, score:
		mag = fmt.Sprintf("%.1f", a)
	default:
		mag = strconv.FormatInt(int64(math.Round(a)), 10)
	}
	if strings.Trim(mag, "0.,") == "" {
		return l.T("持平", "no change")
	}
	sign := "+"
	if d < 0 {
		sign = "-"
	}
	if m.unit == share {
		return sign + l.F("%s个百分点", "%s pts", mag)
	}
	return sign + mag
}

// compactMoney writes yuan in a few characters: 万 and 亿 in Chinese
// (12.5万), k and M in English (12.5k).
func compactMoney(l i18n.Lang, v float64) string {
	a := math.Abs(v)
	if l == i18n.EN {
		switch {
		case a >= 1e6:
			return trimZero(fmt.Sprintf("%.2f", v/1e6)) + "M"
		case a >= 1e3:
			return trimZero(fmt.Sprintf("%.1f", v/1e3)) + "k"
		}
		return strconv.FormatInt(int64(math.Round(v)), 10)
	}
	switch {
	case a >= 1e8:
		return trimZero(fmt.Sprintf("%.2f", v/1e8)) + "亿"
	case a >= 1e4:
		return trimZero(fmt.Sprintf("%.1f", v/1e4)) + "万"
	}
	return strconv.FormatInt(int64(math.Round(v)), 10)
}

// trimZero drops a decimal part of zeros: "12.0" is "12".
func trimZero(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// grouped writes n with thousands separators: 1,234,567.
func grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
