package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/schedule"
)

// sent is one outbox row as the tests read it back.
type sent struct {
	Key     string
	ChatID  int64
	Staff   int64
	Kind    string
	Text    string
	Photo   []byte
	Buttons []byte
}

func (b *bundle) outbox(t *testing.T) map[string]sent {
	t.Helper()
	rows, err := b.pool.Query(b.ctx, `SELECT dedup_key, chat_id, coalesce(staff_id, 0), kind, text, photo, coalesce(buttons::text, '') FROM outbox`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]sent{}
	for rows.Next() {
		var s sent
		if err := rows.Scan(&s.Key, &s.ChatID, &s.Staff, &s.Kind, &s.Text, &s.Photo, &s.Buttons); err != nil {
			t.Fatal(err)
		}
		out[s.Key] = s
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func (b *bundle) chatOf(t *testing.T, staffID int64) int64 {
	t.Helper()
	var chat int64
	if err := b.pool.QueryRow(b.ctx, `SELECT chat_id FROM staff WHERE id = $1`, staffID).Scan(&chat); err != nil {
		t.Fatal(err)
	}
	return chat
}

// TestTheMonthlyJobSendsEachManagerTheirTeamOncePerMonth: on June 1 every
// active manager gets last month's report of their own team, in their
// language; a second run, and a catch-up later in June, add nothing; July
// brings June's.
func TestTheMonthlyJobSendsEachManagerTheirTeamOncePerMonth(t *testing.T) {
	t.Parallel()
	g := newLedger(t)
	south := g.person(t, access.Manager, g.teamB, "Lee", "en", true)
	g.person(t, access.Manager, g.teamB, "离职经理", "zh", false)
	empty := g.team(t, "新团队")
	alone := g.person(t, access.Manager, empty, "周经理", "zh", true)
	job := NewJob(g.store, nil)

	n, err := job.Run(g.ctx, sh(2026, 6, 1, 9, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	got := g.outbox(t)
	key := func(team, staff int64) string { return fmt.Sprintf("report:2026-05:team:%d:staff:%d", team, staff) }
	want := map[string]int64{key(g.teamA, g.wang): g.wang, key(g.teamA, g.idle): g.idle, key(g.teamB, south): south,
		key(empty, alone): alone}
	if n != len(want) || len(got) != len(want) {
		t.Fatalf("enqueued %d, rows %v; want %d", n, keys(got), len(want))
	}
	for k, staff := range want {
		m, ok := got[k]
		if !ok {
			t.Fatalf("no row %s among %v", k, keys(got))
		}
		if m.Staff != staff || m.ChatID != g.chatOf(t, staff) || m.Kind != Kind {
			t.Errorf("%s: %+v", k, m)
		}
	}
	// Under the last table, the workbook's button: May of team A.
	if b := string(got[key(g.teamA, g.wang)].Buttons); !strings.Contains(b, fmt.Sprintf(`"rp:t%d:20260501-20260531"`, g.teamA)) {
		t.Errorf("team A's XLSX button: %s", b)
	}
	east := got[key(g.teamA, g.wang)].Text
	if !strings.Contains(east, "销售考核 · 华东销售部") || !strings.Contains(east, "2026年5月1日–5月31日") ||
		!strings.Contains(east, "拜访次数：7（上期 2，+5）") || strings.Contains(east, "华南") || strings.Contains(east, "统计截至") {
		t.Errorf("team A's report:\n%s", east)
	}
	// The job reads every team at once and cuts the report per team: what
	// a manager gets is what the team's own report says.
	if want := Text(g.build(t, g.teamA, may2026), i18n.ZH); len(want) != 1 || east != want[0] {
		t.Errorf("the job's text differs from team A's own report:\n%s\n---\n%s", east, want)
	}
	west := got[key(g.teamB, south)].Text
	if want := Text(g.build(t, g.teamB, may2026), i18n.EN); west != want[0] || !strings.Contains(west, "Sales review · 华南销售部") ||
		!strings.Contains(west, "孙南") || strings.Contains(west, "张伟") {
		t.Errorf("team B's report, in English:\n%s", west)
	}
	if text := got[key(empty, alone)].Text; !strings.Contains(text, "新团队") || !strings.Contains(text, "（团队暂无销售人员）") {
		t.Errorf("a team without salespeople:\n%s", text)
	}

	for _, at := range []time.Time{sh(2026, 6, 1, 9, 0, 0), sh(2026, 6, 3, 14, 0, 0)} {
		if n, err := job.Run(g.ctx, at); err != nil || n != 0 {
			t.Errorf("run at %v: %d new, %v; want nothing new", at, n, err)
		}
	}
	if rows := g.outbox(t); len(rows) != len(want) {
		t.Errorf("%d rows after reruns, want %d", len(rows), len(want))
	}
	n, err = job.Run(g.ctx, sh(2026, 7, 1, 9, 0, 0))
	if err != nil || n != len(want) {
		t.Errorf("July 1: %d new, %v; want June's %d", n, err, len(want))
	}
	if _, ok := g.outbox(t)[fmt.Sprintf("report:2026-06:team:%d:staff:%d", g.teamA, g.wang)]; !ok {
		t.Error("June's report is missing")
	}
}

// TestTheChartHookSendsAPhotoOncePerLanguage: with Chart set, each manager
// also gets the chart with its caption, drawn once per language.
func TestTheChartHookSendsAPhotoOncePerLanguage(t *testing.T) {
	t.Parallel()
	g := newLedger(t)
	g.exec(t, `UPDATE staff SET lang = 'en' WHERE id = $1`, g.idle)
	job := NewJob(g.store, nil)
	png := []byte("\x89PNG\r\n\x1a\nchart")
	var drawn []i18n.Lang
	job.Chart = func(r Report, l i18n.Lang) ([]byte, error) {
		if r.TeamID != g.teamA || r.Period != may2026 {
			t.Errorf("chart of team %d for %s", r.TeamID, r.Period)
		}
		drawn = append(drawn, l)
		return png, nil
	}
	for range 2 {
		if _, err := job.Run(g.ctx, sh(2026, 6, 1, 9, 0, 0)); err != nil {
			t.Fatal(err)
		}
	}
	got := g.outbox(t)
	if len(got) != 4 {
		t.Fatalf("rows %v, want a text and a chart for each of two managers", keys(got))
	}
	for _, m := range []struct {
		staff   int64
		caption string
	}{{g.wang, "📊 销售考核 · 华东销售部 · 2026年5月1日–5月31日"}, {g.idle, "📊 Sales review · 华东销售部 · 2026-05-01 – 2026-05-31"}} {
		c := got[fmt.Sprintf("report:2026-05:team:%d:staff:%d:chart", g.teamA, m.staff)]
		if !bytes.Equal(c.Photo, png) || c.Text != m.caption {
			t.Errorf("chart of %d: caption %q, %d bytes", m.staff, c.Text, len(c.Photo))
		}
	}
	if len(drawn) != 4 { // two languages, two runs: drawn per run, enqueued once
		t.Errorf("drawn %v", drawn)
	}
}

// TestTheJobIsCaughtUpByTheSchedulerOncePerPeriod runs the job as the lead
// wires it, on the 1st at 09:00: the bot down that morning catches up on
// the 3rd, and a later sweep runs nothing again.
func TestTheJobIsCaughtUpByTheSchedulerOncePerPeriod(t *testing.T) {
	t.Parallel()
	g := newLedger(t)
	now := sh(2026, 6, 3, 11, 0, 0) // 2026-06-01 is a Monday: the same week
	sched, err := schedule.New(g.pool, shanghai, func() time.Time { return now }, nil,
		schedule.Job{Name: "report", Spec: "0 9 1 * *", Run: NewJob(g.store, nil).Run})
	if err != nil {
		t.Fatal(err)
	}
	if err := sched.CatchUp(g.ctx); err != nil {
		t.Fatal(err)
	}
	if rows := g.outbox(t); len(rows) != 2 {
		t.Fatalf("after catch-up: %v", keys(rows))
	}
	now = now.Add(5 * time.Minute)
	if err := sched.CatchUp(g.ctx); err != nil {
		t.Fatal(err)
	}
	var runs int
	if err := g.pool.QueryRow(g.ctx, `SELECT attempts FROM job_runs WHERE job = 'report' AND period = '2026-06-01T09:00'`).Scan(&runs); err != nil || runs != 1 {
		t.Errorf("job runs of the period: %d, %v; want one", runs, err)
	}
}

func keys(m map[string]sent) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestATeamWithNobodyToChartStillGetsItsReport runs the job with the chart
// it is wired with in production: a team whose manager only manages has no
// bar to draw, and its manager still gets the text (which says the team has
// no salespeople), without a chart and without failing the run, which would
// otherwise be retried all month and never reach that manager.
func TestATeamWithNobodyToChartStillGetsItsReport(t *testing.T) {
	t.Parallel()
	g := newLedger(t)
	empty := g.team(t, "新团队")
	alone := g.person(t, access.Manager, empty, "周经理", "zh", true)
	job := NewJob(g.store, nil)
	job.Chart = Chart

	if _, err := job.Run(g.ctx, sh(2026, 6, 1, 9, 0, 0)); err != nil {
		t.Fatalf("the run failed: %v", err)
	}
	got := g.outbox(t)
	key := fmt.Sprintf("report:2026-05:team:%d:staff:%d", empty, alone)
	if text := got[key].Text; !strings.Contains(text, "（团队暂无销售人员）") {
		t.Errorf("the empty team's manager got %q; rows %v", text, keys(got))
	}
	if _, ok := got[key+":chart"]; ok {
		t.Error("a chart was enqueued for a team with nobody to draw")
	}
	if c := got[fmt.Sprintf("report:2026-05:team:%d:staff:%d:chart", g.teamA, g.wang)]; !bytes.HasPrefix(c.Photo, []byte("\x89PNG")) {
		t.Errorf("team A's chart is missing: %d bytes", len(c.Photo))
	}
}
