package value

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// deal is one deal of a hand-built client.
type dealSpec struct {
	on     time.Time
	amount string
}

// repeat is n deals of amount on one day.
func repeat(n int, on time.Time, amount string) []dealSpec {
	out := make([]dealSpec, n)
	for i := range out {
		out[i] = dealSpec{on, amount}
	}
	return out
}

func TestRFMScoresAreMidRankQuintilesAmongTheTeamsBuyers(t *testing.T) {
	t.Parallel()
	one := func(on time.Time, amount string) []dealSpec { return []dealSpec{{on, amount}} }
	tenAmounts := make([][]dealSpec, 10)
	for i := range tenAmounts {
		tenAmounts[i] = one(in12m, fmt.Sprint((i+1)*100))
	}
	// Each case is one team: each client's deals and its scores as "RFM".
	cases := []struct {
		name    string
		clients [][]dealSpec
		want    []string
	}{
		{
			// Ten distinct amounts split into five quintiles of two; the
			// equal frequencies and recencies all take the middle, 3.
			"distinct values make five equal quintiles", tenAmounts,
			[]string{"331", "331", "332", "332", "333", "333", "334", "334", "335", "335"},
		},
		{
			// Deal counts 1,1,1,1,1,2,2,3,4,5 with the same total each: the
			// five single-deal clients sit at positions 0..5 of 10, mid 2.5
			// -> 1 + ⌊5·0.25⌋ = 2; the two with 2 deals at 5..7, mid 6 -> 4;
			// 3 deals 7..8 -> 4; 4 deals 8..9 -> 5; 5 deals 9..10 -> 5.
			"tied frequencies share the score of their group's middle",
			[][]dealSpec{
				one(in12m, "60"), one(in12m, "60"), one(in12m, "60"), one(in12m, "60"), one(in12m, "60"),
				repeat(2, in12m, "30"), repeat(2, in12m, "30"), repeat(3, in12m, "20"),
				repeat(4, in12m, "15"), repeat(5, in12m, "12"),
			},
			[]string{"323", "323", "323", "323", "323", "343", "343", "343", "353", "353"},
		},
		{
			// A later last deal is better; a deal before the 12 months
			// does not make a buyer, nor does no deal at all.
			"recency orders the buyers by their last deal",
			[][]dealSpec{
				one(date(2026, 4, 1), "10"), one(date(2026, 6, 1), "10"), one(date(2026, 8, 1), "10"),
				one(date(2026, 10, 1), "10"), {{date(2025, 1, 1), "10"}, {date(2027, 3, 14), "10"}},
				one(date(2026, 3, 1), "10"), nil,
			},
			// The last buyer has two deals, one before the 12 months: F and M
			// count only the one inside, so all five buyers are alike there.
			[]string{"133", "233", "333", "433", "533", "111", "111"},
		},
		{"a lone buyer scores 3, a client without deals 1", [][]dealSpec{one(in12m, "500"), nil}, []string{"333", "111"}},
		{"two buyers score 2 and 4", [][]dealSpec{one(in12m, "10"), one(in12m, "20")}, []string{"332", "334"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			ids := make([]int64, len(tc.clients))
			for i, deals := range tc.clients {
				ids[i] = b.client(t, spec{})
				for _, d := range deals {
					b.deal(t, ids[i], d.on, d.amount)
				}
			}
			b.run(t, tonight)
			vs := b.values(t)
			got := make([]string, len(ids))
			for i, id := range ids {
				v := vs[id]
				got[i] = fmt.Sprintf("%d%d%d", v.R, v.F, v.M)
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("RFM = %v, want %v", got, tc.want)
			}
		})
	}
}
