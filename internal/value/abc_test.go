package value

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestABCClassesByCumulativeShareOfTheTeamsRevenue(t *testing.T) {
	t.Parallel()
	// Each case is one team's clients: the 12-month amount of each (one
	// deal; "" is a client without deals) and the class it must get.
	cases := []struct {
		name    string
		amounts []string
		want    string
	}{
		{"a client ending exactly at 80% is A, the next one B", []string{"50", "30", "15", "5"}, "AABC"},
		{"the client that crosses 80% is A", []string{"70", "20", "6", "4"}, "AABC"},
		{"the client that crosses 95% is B", []string{"60", "30", "10"}, "AAB"},
		{"one client makes all the revenue", []string{"1000"}, "A"},
		{"a client with more than 80% alone leaves the others B and C", []string{"85", "10", "5"}, "ABC"},
		{"tied clients share the class of the group's first position", []string{"40", "40", "10", "10"}, "AABB"},
		{"a tied group crossing 80% is A as a whole", []string{"50", "20", "20", "10"}, "AAAB"},
		{"a tied pair is not split at 80%", []string{"60", "20", "20"}, "AAA"},
		{"a tied pair is not split at 95%", []string{"80", "10", "5", "5"}, "ABBB"},
		{"all clients alike are all A", []string{"7", "7", "7", "7", "7"}, "AAAAA"},
		{"clients without deals are C", []string{"100", "", ""}, "ACC"},
		{"a team without any deal is all C", []string{"", "", ""}, "CCC"},
		{"cents count: ending at 80.00% is A", []string{"80.00", "15.00", "4.99", "0.01"}, "ABCC"},
		{"cents count: ending at 79.99% makes the next client A", []string{"79.99", "15.01", "5.00"}, "AAC"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			ids := make([]int64, len(tc.amounts))
			for i, a := range tc.amounts {
				ids[i] = b.client(t, spec{})
				if a != "" {
					b.deal(t, ids[i], in12m, a)
				}
			}
			b.run(t, tonight)
			vs := b.values(t)
			var got strings.Builder
			for _, id := range ids {
				got.WriteString(vs[id].ABC)
			}
			if got.String() != tc.want {
				t.Errorf("classes of %v = %s, want %s", tc.amounts, got.String(), tc.want)
			}
		})
	}
}

func TestTheTwelveMonthsAreTheWholeMonthsBeforeTonight(t *testing.T) {
	t.Parallel()
	b := setup(t)
	first := b.client(t, spec{})  // a deal on the first day of the 12 months
	before := b.client(t, spec{}) // a deal on the day before them
	today := b.client(t, spec{})  // a deal dated tonight's day: not yet counted
	b.deal(t, first, date(2026, 3, 15), "100")
	b.deal(t, before, date(2026, 3, 14), "100")
	b.deal(t, today, date(2027, 3, 15), "100")
	b.deal(t, before, date(2025, 6, 1), "50") // older still: only the last deal counts for recency
	b.run(t, tonight)
	vs := b.values(t)
	check := func(id int64, amount string, deals int, last string) {
		t.Helper()
		v, ok := vs[id]
		if !ok {
			t.Fatalf("client %d has no value", id)
		}
		gotLast := ""
		if v.LastDealOn != nil {
			gotLast = v.LastDealOn.Format("2006-01-02")
		}
		if v.Amount12m != amount || v.Deals12m != deals || gotLast != last || v.ComputedOn != date(2027, 3, 15) {
			t.Errorf("client %d: amount %s, deals %d, last %q, computed %s; want %s, %d, %q, 2027-03-15",
				id, v.Amount12m, v.Deals12m, gotLast, v.ComputedOn.Format("2006-01-02"), amount, deals, last)
		}
	}
	check(first, "100.00", 1, "2026-03-15")
	check(before, "0.00", 0, "2026-03-14")
	check(today, "0.00", 0, "")
	if vs[first].ABC != ClassA || vs[before].ABC != ClassC || vs[today].ABC != ClassC {
		t.Errorf("classes %s %s %s, want A C C", vs[first].ABC, vs[before].ABC, vs[today].ABC)
	}
}

func TestTeamsAreClassedAndScoredApart(t *testing.T) {
	t.Parallel()
	// In one transaction with the windows partitioned by team, and in one
	// transaction per team.
	for _, chunk := range []int{DefaultChunk, 1} {
		t.Run(fmt.Sprintf("chunk %d", chunk), func(t *testing.T) {
			t.Parallel()
			teamsApart(t, setup(t, WithChunk(chunk)))
		})
	}
}

func teamsApart(t *testing.T, b *bundle) {
	bigA, smallA := b.client(t, spec{}), b.client(t, spec{})
	topB, lowB := b.client(t, spec{team: b.teamB}), b.client(t, spec{team: b.teamB})
	b.deal(t, bigA, in12m, "1000000")
	b.deal(t, smallA, in12m, "10")
	b.deal(t, topB, in12m, "5")
	b.deal(t, lowB, in12m, "1")
	b.run(t, tonight)
	vs := b.values(t)
	// Across both teams topB (5 of 1,000,016) would be C; in its own team it
	// makes 5 of 6.
	want := map[int64]struct {
		team int64
		abc  string
		m    int
	}{
		bigA: {b.teamA, "A", 4}, smallA: {b.teamA, "C", 2},
		topB: {b.teamB, "A", 4}, lowB: {b.teamB, "B", 2},
	}
	for id, w := range want {
		v := vs[id]
		if v.TeamID != w.team || v.ABC != w.abc || v.M != w.m {
			t.Errorf("client %d: team %d, class %s, M %d; want team %d, class %s, M %d", id, v.TeamID, v.ABC, v.M, w.team, w.abc, w.m)
		}
	}
	rows, err := b.pool.Query(b.ctx, `SELECT team_id || ' ' || computed_on || ' ' || clients || ' ' || revenue_12m
		FROM value_runs ORDER BY team_id`)
	if err != nil {
		t.Fatal(err)
	}
	runs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	wantRuns := []string{fmt.Sprintf("%d 2027-03-15 2 1000010.00", b.teamA), fmt.Sprintf("%d 2027-03-15 2 6.00", b.teamB)}
	if strings.Join(runs, "; ") != strings.Join(wantRuns, "; ") {
		t.Errorf("value_runs %v, want %v", runs, wantRuns)
	}
}

func TestArchivedAndMergedClientsAreLeftOut(t *testing.T) {
	t.Parallel()
	b := setup(t)
	live, other := b.client(t, spec{}), b.client(t, spec{})
	archived := b.client(t, spec{tier: "strategic"})
	merged := b.client(t, spec{})
	b.deal(t, live, in12m, "100")
	b.deal(t, other, in12m, "10")
	b.deal(t, archived, in12m, "1000")
	b.deal(t, merged, in12m, "1000")
	b.exec(t, `UPDATE clients SET archived_at = $2 WHERE id = $1`, archived, tonight)
	b.exec(t, `UPDATE clients SET archived_at = $2, merged_into = $3, merged_at = $2 WHERE id = $1`, merged, tonight, live)
	b.run(t, tonight)
	vs := b.values(t)
	if _, ok := vs[archived]; ok {
		t.Error("the archived client has a value")
	}
	if _, ok := vs[merged]; ok {
		t.Error("the merged client has a value")
	}
	// Only the live clients make the team's revenue: 100 of 110 is A.
	if len(vs) != 2 || vs[live].ABC != ClassA || vs[other].ABC != ClassB {
		t.Errorf("values %+v: want the two live clients, A and B", vs)
	}

	// A client archived after a run leaves the review list at once, and
	// loses its value and its suggestion the next night.
	if got := b.list(t, b.managerA, b.teamA); len(got) != 1 || got[0] != live {
		t.Fatalf("review list %v, want the normal client in class A", got)
	}
	b.run(t, tonight.AddDate(0, 0, 1))
	if got := b.list(t, b.managerA, b.teamA); len(got) != 1 {
		t.Fatalf("review list %v, want the client still listed", got)
	}
	b.exec(t, `UPDATE clients SET archived_at = $2 WHERE id = $1`, live, tonight.AddDate(0, 0, 1))
	if got := b.list(t, b.managerA, b.teamA); len(got) != 0 {
		t.Errorf("review list %v right after archiving, want empty", got)
	}
	b.run(t, tonight.AddDate(0, 0, 2))
	if _, ok := b.values(t)[live]; ok {
		t.Error("the client archived since the last run still has a value")
	}
	ss := b.suggestions(t, live)
	if len(ss) != 1 || ss[0].ClosedOn == nil || *ss[0].ClosedOn != date(2027, 3, 17) {
		t.Fatalf("suggestions %+v, want the one closed on 2027-03-17", ss)
	}
	if _, err := b.store.Decide(b.ctx, b.managerA, ss[0].ID, Change, b.nextOrigin()); !errors.Is(err, ErrOutdated) {
		t.Errorf("a change of the closed suggestion: %v, want ErrOutdated", err)
	}
}

func TestADeletedClientTakesItsValueAlong(t *testing.T) {
	t.Parallel()
	b := setup(t)
	gone, kept := b.client(t, spec{}), b.client(t, spec{})
	b.deal(t, kept, in12m, "10")
	b.run(t, tonight)
	// As an import's undo removes the clients it created.
	b.exec(t, `DELETE FROM clients WHERE id = $1`, gone)
	vs := b.values(t)
	if _, ok := vs[gone]; ok || len(vs) != 1 {
		t.Errorf("values %+v after the delete, want only client %d's", vs, kept)
	}
}
