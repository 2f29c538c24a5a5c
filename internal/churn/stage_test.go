package churn

import (
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/audit"
)

func TestOverdueComplaintIsASignal(t *testing.T) {
	t.Parallel()
	b := setup(t)
	contact := day(98)
	c := b.client(t, spec{name: "投诉客户", contact: &contact})
	calm := b.client(t, spec{name: "平静客户", contact: &contact})
	complaint := func(client int64, kind, status string, due time.Time) {
		t.Helper()
		var resolved *time.Time
		if status == "resolved" {
			resolved = &contact
		}
		b.exec(t, `INSERT INTO feedback (client_id, author_id, assignee_id, kind, severity, body, status, due_on,
				created_at, updated_at, resolved_at)
			VALUES ($1, $2, $2, $3, 'high', '交货延迟', $4, $5, $6, $6, $7)`,
			client, b.ownerA.StaffID, kind, status, due, contact, resolved)
	}
	complaint(c, "complaint", "open", date(2027, 4, 9))        // due yesterday
	complaint(c, "complaint", "in_progress", date(2027, 4, 1)) // long overdue
	complaint(c, "complaint", "open", date(2027, 4, 10))       // due today: not yet overdue
	complaint(c, "suggestion", "open", date(2027, 4, 1))       // not a complaint
	complaint(calm, "complaint", "resolved", date(2027, 4, 1)) // resolved
	complaint(calm, "complaint", "open", date(2027, 4, 20))    // not due

	if n := b.run(t, day(99)); n != 2 { // 2027-04-10
		t.Fatalf("enqueued %d, want 2", n)
	}
	e := b.onlyEpisode(t, c)
	b.checkReasons(t, e.ID, `[{"code":"overdue_complaints","count":2}]`)
	if es := b.episodes(t, calm); len(es) != 0 {
		t.Errorf("calm client has episodes %+v", es)
	}
	// Resolving the complaints ends the episode: no signal holds any more.
	b.exec(t, `UPDATE feedback SET status = 'resolved', resolved_at = now() WHERE client_id = $1`, c)
	if n := b.run(t, day(100)); n != 0 {
		t.Fatalf("enqueued %d after resolution, want 0", n)
	}
	if e := b.onlyEpisode(t, c); e.Open() || e.EndReason != EndNoRisk {
		t.Errorf("episode = %+v, want ended as no longer at risk", e)
	}
}

func TestStageMovesActiveToSleepingToChurnedWithAudit(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t, spec{tier: "normal", contact: ptr(day(0).Add(3 * time.Hour))})

	if n := b.run(t, day(89)); n != 0 || b.stage(t, c) != StageActive {
		t.Fatalf("day 89: enqueued %d, stage %s", n, b.stage(t, c))
	}
	if n := b.run(t, day(90)); n != 2 {
		t.Fatalf("day 90 enqueued %d, want 2", n)
	}
	if s := b.stage(t, c); s != StageSleeping {
		t.Fatalf("stage on day 90 = %s, want sleeping", s)
	}
	e := b.onlyEpisode(t, c)
	b.checkReasons(t, e.ID, `[{"code":"stage","from":"active","to":"sleeping"}]`)
	for _, m := range b.outbox(t, KindAlert) {
		if m.StaffID == b.managerZh.StaffID && !contains(m.Text, "普通客户 · 沉睡客户", "合作阶段：活跃客户 → 沉睡客户") {
			t.Errorf("zh alert does not show the new stage:\n%s", m.Text)
		}
	}

	// Day 90 again: the client sleeps now, no signal is new, the episode
	// goes on (it would otherwise end and alert again on day 91).
	if n := b.run(t, day(90).Add(time.Hour)); n != 0 || !b.onlyEpisode(t, c).Open() {
		t.Fatalf("day 90 again: enqueued %d, episode %+v", n, b.onlyEpisode(t, c))
	}
	if n := b.run(t, day(91)); n != 0 || b.stage(t, c) != StageSleeping {
		t.Fatalf("day 91: enqueued %d, stage %s", n, b.stage(t, c))
	}
	if n := b.run(t, day(180)); n != 0 {
		t.Fatalf("day 180 enqueued %d, want 0: the episode is still open", n)
	}
	if s := b.stage(t, c); s != StageChurned {
		t.Fatalf("stage on day 180 = %s, want churned", s)
	}
	e = b.onlyEpisode(t, c)
	if !e.Open() {
		t.Fatalf("episode ended: %+v", e)
	}
	b.checkReasons(t, e.ID, `[{"code":"stage","from":"active","to":"sleeping"},{"code":"stage","from":"sleeping","to":"churned"}]`)
	if n := b.run(t, day(181)); n != 0 || len(b.episodes(t, c)) != 1 {
		t.Fatalf("day 181: enqueued %d, episodes %+v", n, b.episodes(t, c))
	}

	entries, err := audit.List(b.ctx, b.pool, "client", c, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("audit = %+v, want 2 entries", entries)
	}
	for i, want := range []struct {
		from, to string
		at       time.Time
	}{{"sleeping", "churned", day(180)}, {"active", "sleeping", day(90)}} {
		got := entries[i]
		stage, _ := got.Changes["stage"].(map[string]any)
		if got.ActorID != 0 || got.Action != "update" || !got.At.Equal(want.at) || got.Changes["reason"] != "churn_scan" ||
			stage["from"] != want.from || stage["to"] != want.to {
			t.Errorf("audit[%d] = %+v, want %s -> %s by the system at %s", i, got, want.from, want.to, want.at)
		}
	}
}

func TestWhoIsNotAtRisk(t *testing.T) {
	t.Parallel()
	b := setup(t)
	old := time.Date(2025, 1, 1, 10, 0, 0, 0, shanghai)
	potential := b.client(t, spec{name: "潜在", stage: StagePotential, created: old})
	churned := b.client(t, spec{name: "早已流失", stage: StageChurned, contact: &old})
	neverMet := b.client(t, spec{name: "新客户", stage: StageNew, tier: "normal", created: day(-100)})

	if n := b.run(t, day(0)); n != 2 {
		t.Fatalf("enqueued %d, want 2: only the new client never contacted", n)
	}
	if len(b.episodes(t, potential)) != 0 || len(b.episodes(t, churned)) != 0 {
		t.Errorf("potential %+v / churned %+v have episodes", b.episodes(t, potential), b.episodes(t, churned))
	}
	if b.stage(t, potential) != StagePotential || b.stage(t, churned) != StageChurned {
		t.Errorf("stages changed: %s, %s", b.stage(t, potential), b.stage(t, churned))
	}
	e := b.onlyEpisode(t, neverMet)
	b.checkReasons(t, e.ID, `[{"code":"no_contact","days":100,"limit":90},{"code":"stage","from":"new","to":"sleeping"}]`)
}

func TestTeamWithoutManagersAlertsAdmins(t *testing.T) {
	t.Parallel()
	b := setup(t)
	teamC := b.team(t, "C")
	sales := b.staff(t, "周八", "sales", teamC, "zh", true)
	b.staff(t, "前经理", "manager", teamC, "zh", false) // inactive managers are not alerted
	admin2 := b.staff(t, "Admin 2", "admin", 0, "zh", true)
	c := b.client(t, spec{team: teamC, owner: sales.StaffID, contact: ptr(day(0))})

	if n := b.run(t, day(61)); n != 2 {
		t.Fatalf("enqueued %d, want 2 (both admins)", n)
	}
	e := b.onlyEpisode(t, c)
	got := map[string]int64{}
	for _, m := range b.outbox(t, KindAlert) {
		got[m.Key] = m.ChatID
	}
	if len(got) != 2 || got[key("churn", e.ID, b.admin.StaffID)] == 0 || got[key("churn", e.ID, admin2.StaffID)] == 0 {
		t.Errorf("alerts = %v, want one to each admin", got)
	}
}

func TestScanCoversEveryChunk(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var atRisk []int64
	for i := range 7 {
		contact := day(0)
		if i%2 == 1 {
			contact = day(30) // not yet at risk on day 61
		}
		c := b.client(t, spec{name: "客户" + string(rune('A'+i)), contact: &contact})
		if i%2 == 0 {
			atRisk = append(atRisk, c)
		}
	}
	if n := b.run(t, day(61)); n != 2*len(atRisk) {
		t.Fatalf("enqueued %d, want %d", n, 2*len(atRisk))
	}
	for _, c := range atRisk {
		b.onlyEpisode(t, c)
	}
}

// contains reports whether s holds every part.
func contains(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
