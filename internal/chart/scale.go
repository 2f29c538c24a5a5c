package chart

import (
	"math"
	"strconv"
	"strings"
)

// ticks returns the value axis's ticks, from 0 to the first tick at or
// above top, a 1-2-5 step apart with at most most intervals. Whole steps
// only when whole is true (counts), so no tick reads "0.5 visits".
func ticks(top float64, most int, whole bool) []float64 {
	most = max(most, 1)
	if top <= 0 {
		top = 1
	}
	raw := top / float64(most)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw*(1-1e-9) {
			step = m * mag
			break
		}
	}
	if whole {
		step = math.Max(1, math.Round(step))
	}
	n := int(math.Ceil(top/step - 1e-9))
	out := make([]float64, n+1)
	for i := range out {
		// k*step, not a running sum, so 0.1 steps do not drift.
		out[i] = roundTo(float64(i)*step, step)
	}
	return out
}

// roundTo removes the float noise of a multiple of step (0.30000000000000004).
func roundTo(v, step float64) float64 {
	digits := max(0, -int(math.Floor(math.Log10(step)))+1)
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

// FormatNumber writes v as the charts do by default: whole numbers with
// thousands separators ("12,345"), others with up to two decimals ("4.25",
// "12.5").
func FormatNumber(v float64) string {
	neg := v < 0
	v = math.Abs(math.Round(v*100) / 100)
	s := strconv.FormatFloat(v, 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg && s != "0" {
		b.WriteByte('-')
	}
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// allWhole reports whether every value of c is a whole number.
func (c Chart) allWhole() bool {
	for _, r := range c.Rows {
		for _, v := range r.Values {
			if v != math.Trunc(v) {
				return false
			}
		}
	}
	return true
}
