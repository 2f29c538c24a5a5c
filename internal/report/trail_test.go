package report

import (
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// TestFollowUpsAndStagesAreReadFromTheTrailTheBotWrites logs visits and
// completes follow-ups through package visit, as the bot does, so the
// report reads the audit entries its writers really make: a follow-up
// answered by a visit on its day is on time, one marked done the day after
// is late, and a churned client woken by a visit was churned at the start.
func TestFollowUpsAndStagesAreReadFromTheTrailTheBotWrites(t *testing.T) {
	t.Parallel()
	b := setup(t, sh(2026, 6, 1, 9, 0, 0))
	team := b.team(t, "华东销售部")
	s := b.person(t, access.Sales, team, "张伟", "zh", true)
	actor := access.Actor{StaffID: s, Role: access.Sales, TeamID: team}
	old := sh(2026, 1, 1, 0, 0, 0)
	c := b.client(t, team, s, "华为", "active", old)
	d := b.client(t, team, s, "腾讯", "active", old)
	e := b.client(t, team, s, "美的", "churned", old)

	var now time.Time
	visits := visit.NewStore(b.pool, func() time.Time { return now }, shanghai)
	log := func(at time.Time, client int64, followUp *time.Time) int64 {
		t.Helper()
		now = at
		v, _, err := visits.Log(b.ctx, actor, visit.Draft{ClientID: client, Kind: visit.Phone, Notes: "电话沟通", FollowUpOn: followUp}, 0)
		if err != nil {
			t.Fatal(err)
		}
		return v.ID
	}
	may10, may11 := day(2026, 5, 10), day(2026, 5, 11)
	log(sh(2026, 5, 9, 10, 0, 0), c, &may10)
	log(sh(2026, 5, 10, 15, 0, 0), c, nil) // answers the follow-up, on its day
	late := log(sh(2026, 5, 9, 11, 0, 0), d, &may11)
	now = sh(2026, 5, 12, 10, 0, 0)
	if err := visits.CompleteFollowUp(b.ctx, actor, late); err != nil {
		t.Fatal(err)
	}
	log(sh(2026, 5, 20, 10, 0, 0), e, nil) // wakes the churned client

	f := personOf(t, b.build(t, team, may2026), s).Cur
	if f.FollowUpsDue != 2 || f.FollowUpsOnTime != 1 {
		t.Errorf("follow-ups: %d on time of %d, want 1 of 2", f.FollowUpsOnTime, f.FollowUpsDue)
	}
	if f.Visits.Phone != 4 || f.Visited != 3 {
		t.Errorf("visits %d on %d clients, want 4 on 3", f.Visits.Phone, f.Visited)
	}
	var stage string
	if err := b.pool.QueryRow(b.ctx, `SELECT stage FROM clients WHERE id = $1`, e).Scan(&stage); err != nil || stage != "active" {
		t.Fatalf("the visit left the client %q (%v)", stage, err)
	}
	if f.OwnedAtStart != 2 || f.Lost != 0 {
		t.Errorf("at start %d, lost %d: want the two clients not churned on May 1, none lost", f.OwnedAtStart, f.Lost)
	}
}
