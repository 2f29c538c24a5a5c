package chat

import "testing"

func TestCentsOfReadsTheValueJobsAmounts(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{
		"0.00": 0, "92500.00": 9250000, "1234.5": 123450, "7": 700, "": 0, "-5.00": 0, "1e3": 0, "12.345": 1234,
	} {
		if got := centsOf(in); got != want {
			t.Errorf("centsOf(%q) = %d, want %d", in, got, want)
		}
	}
}
