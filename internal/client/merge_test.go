package client

import (
	"errors"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// mergeFixture is two duplicates in team A, each with one record of every
// kind a merge moves: the survivor 华为技术有限公司 (contact 张伟) and the
// duplicate 华为科技 (contact 李娜, 13900139000), newer, with an industry.
type mergeFixture struct {
	*bundle
	survivor, dup               Client
	dupContact, survivorContact int64
}

func newMergeFixture(t *testing.T) mergeFixture {
	b := setup(t)
	f := mergeFixture{bundle: b}
	f.survivor = b.create(t, b.salesA, Draft{Name: "华为技术有限公司", Tier: "key",
		Contact: &ContactDraft{Name: "张伟", Phone: "13800138000"}})
	b.now = b.now.Add(time.Hour)
	f.dup = b.create(t, b.salesA2, Draft{Name: "华为科技", Industry: "通信", Tier: "strategic",
		Contact: &ContactDraft{Name: "李娜", Phone: "13900139000"}})
	b.now = b.now.Add(time.Hour)
	f.exec(t, `UPDATE clients SET last_contact_at = $2, next_review_on = '2026-05-01' WHERE id = $1`, f.survivor.ID, b.now.Add(-48*time.Hour))
	f.exec(t, `UPDATE clients SET last_contact_at = $2, next_review_on = '2026-04-01' WHERE id = $1`, f.dup.ID, b.now.Add(-24*time.Hour))
	f.survivorContact = f.scalar(t, `SELECT id FROM contacts WHERE client_id = $1`, f.survivor.ID)
	f.dupContact = f.scalar(t, `SELECT id FROM contacts WHERE client_id = $1`, f.dup.ID)
	author := b.salesA2.StaffID
	for _, q := range []string{
		`INSERT INTO deals (client_id, deal_on, amount, created_at) SELECT $1, '2026-01-05', 100, now() WHERE $2 > 0`,
		`INSERT INTO visits (client_id, author_id, kind, visited_at, created_at) VALUES ($1, $2, 'phone', now(), now())`,
		`INSERT INTO feedback (client_id, author_id, assignee_id, kind, severity, body, due_on, created_at, updated_at)
			VALUES ($1, $2, $2, 'complaint', 'low', 'late', '2026-03-20', now(), now())`,
		`INSERT INTO review_reminders (client_id, due_on, staff_id, reminded_on) VALUES ($1, '2026-03-01', $2, '2026-03-01')`,
		`INSERT INTO churn_episodes (client_id, team_id, started_on, reasons, created_at)
			SELECT id, team_id, '2026-03-01', '[]', now() FROM clients WHERE id = $1 AND $2 > 0`,
		`INSERT INTO satisfaction (client_id, score, source, visit_id, staff_id, at)
			SELECT $1, 4, 'visit', max(id), $2, now() FROM visits WHERE client_id = $1`,
	} {
		f.exec(t, q, f.dup.ID, author)
	}
	f.exec(t, `INSERT INTO churn_episodes (client_id, team_id, started_on, reasons, created_at)
		SELECT id, team_id, '2026-03-05', '[]', now() FROM clients WHERE id = $1`, f.survivor.ID)
	f.exec(t, `INSERT INTO contact_invites (code_hash, contact_id, created_at, expires_at) VALUES ('\x01', $1, now(), now())`, f.dupContact)
	f.exec(t, `UPDATE contacts SET greeting_opt_in = true, chat_id = 77 WHERE id = $1`, f.dupContact)
	return f
}

func (b *bundle) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := b.pool.Exec(b.ctx, sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func (b *bundle) scalar(t *testing.T, sql string, args ...any) int64 {
	t.Helper()
	var v int64
	if err := b.pool.QueryRow(b.ctx, sql, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return v
}

func TestMergeMovesEveryRecordAndLeavesATombstone(t *testing.T) {
	t.Parallel()
	f := newMergeFixture(t)
	got, err := f.store.Merge(f.ctx, f.mgrA, f.survivor.ID, []int64{f.dup.ID}, map[string]int64{"tier": f.survivor.ID}, 4242)
	if err != nil {
		t.Fatal(err)
	}
	// Defaults: the newer non-empty value (the duplicate's industry and
	// owner); the choice: the survivor's tier.
	if got.ID != f.survivor.ID || got.Name != "华为科技" || got.Industry != "通信" || got.Tier != "key" || got.OwnerID != f.salesA2.StaffID {
		t.Fatalf("survivor after merge = %+v", got)
	}
	if got.NextReviewOn == nil || got.NextReviewOn.Format(time.DateOnly) != "2026-04-01" ||
		got.LastContactAt == nil || !got.LastContactAt.Equal(f.now.Add(-24*time.Hour)) {
		t.Fatalf("review %v, last contact %v: want the earliest review and the latest contact", got.NextReviewOn, got.LastContactAt)
	}
	for table, want := range map[string]int{"contacts": 2, "deals": 1, "visits": 1, "feedback": 1, "review_reminders": 1, "churn_episodes": 2, "satisfaction": 1} {
		if n := f.count(t, `SELECT count(*) FROM `+table+` WHERE client_id = $1`, f.survivor.ID); n != want {
			t.Errorf("%s of the survivor: %d, want %d", table, n, want)
		}
		if n := f.count(t, `SELECT count(*) FROM `+table+` WHERE client_id = $1`, f.dup.ID); n != 0 {
			t.Errorf("%s left on the tombstone: %d", table, n)
		}
	}
	if n := f.count(t, `SELECT count(*) FROM churn_episodes WHERE client_id = $1 AND ended_on IS NULL`, f.survivor.ID); n != 1 {
		t.Fatalf("%d open episodes, want the survivor's one", n)
	}
	if n := f.count(t, `SELECT count(*) FROM churn_episodes WHERE end_reason = 'merged'`); n != 1 {
		t.Fatal("the duplicate's open episode did not end as merged")
	}
	// The greeting subscription and the invite follow their contact; the
	// newer client's primary contact is the primary one.
	if n := f.count(t, `SELECT count(*) FROM contacts c JOIN contact_invites i ON i.contact_id = c.id
		WHERE c.client_id = $1 AND c.greeting_opt_in AND c.is_primary AND c.id = $2`, f.survivor.ID, f.dupContact); n != 1 {
		t.Fatal("the duplicate's contact lost its invite, subscription or primary flag")
	}
	if n := f.count(t, `SELECT count(*) FROM contacts WHERE client_id = $1 AND is_primary`, f.survivor.ID); n != 1 {
		t.Fatalf("%d primary contacts, want one", n)
	}
	if n := f.count(t, `SELECT count(*) FROM clients WHERE id = $1 AND merged_into = $2 AND archived_at IS NOT NULL`, f.dup.ID, f.survivor.ID); n != 1 {
		t.Fatal("the duplicate is not a tombstone of the survivor")
	}
	if n := f.count(t, `SELECT count(*) FROM client_terms WHERE client_id = $1`, f.dup.ID); n != 0 {
		t.Fatal("the tombstone is still in search")
	}
	if n := f.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'client' AND (entity_id, action) IN (($1, 'merge'), ($2, 'merged'))`,
		f.survivor.ID, f.dup.ID); n != 2 {
		t.Fatalf("%d merge audit entries, want one on each client", n)
	}
	ids, err := f.store.MergedIDs(f.ctx, f.survivor.ID)
	if err != nil || len(ids) != 1 || ids[0] != f.dup.ID {
		t.Fatalf("MergedIDs = %v, %v", ids, err)
	}

	// Again, by the same update or another: nothing changes.
	for _, update := range []int64{4242, 4343} {
		if again, err := f.store.Merge(f.ctx, f.mgrA, f.survivor.ID, []int64{f.dup.ID}, nil, update); err != nil || again.ID != f.survivor.ID {
			t.Fatalf("merge repeated with update %d: %+v, %v", update, again, err)
		}
	}
	if n := f.count(t, `SELECT count(*) FROM client_merges`); n != 1 {
		t.Fatalf("%d merges recorded, want 1", n)
	}
}

func TestMergedClientOpensItsSurvivorAndSearchFollows(t *testing.T) {
	t.Parallel()
	f := newMergeFixture(t)
	if _, err := f.store.Merge(f.ctx, f.mgrA, f.survivor.ID, []int64{f.dup.ID}, map[string]int64{"name": f.survivor.ID}, 0); err != nil {
		t.Fatal(err)
	}
	c, err := f.store.Get(f.ctx, f.salesA, f.dup.ID)
	if err != nil || c.ID != f.survivor.ID {
		t.Fatalf("Get(tombstone) = %d, %v; want the survivor %d", c.ID, err, f.survivor.ID)
	}
	if _, err := f.store.Update(f.ctx, f.mgrA, f.dup.ID, Patch{Field: "region", Value: "深圳"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("update of a tombstone: %v, want ErrNotFound", err)
	}
	// The merged name and phone find the survivor, and only it.
	for _, q := range []string{"华为科技", "hwkj", "13900139000", "0139000"} {
		ms, err := f.store.Search(f.ctx, f.salesA, q, 10)
		if err != nil || len(ms) != 1 || ms[0].ClientID != f.survivor.ID {
			t.Errorf("Search(%q) = %+v, %v; want only the survivor", q, ms, err)
		}
	}
	// A new client with the merged name is a duplicate of the survivor.
	ms, err := f.store.Duplicates(f.ctx, f.salesA, "华为科技有限公司", "")
	if err != nil || len(ms) == 0 || ms[0].ClientID != f.survivor.ID {
		t.Fatalf("Duplicates = %+v, %v", ms, err)
	}
	// Renaming the survivor keeps the merged name searchable.
	if _, err := f.store.Update(f.ctx, f.mgrA, f.survivor.ID, Patch{Field: "name", Value: "华为集团"}); err != nil {
		t.Fatal(err)
	}
	if ms, err := f.store.Search(f.ctx, f.salesA, "华为科技", 10); err != nil || len(ms) != 1 || ms[0].ClientID != f.survivor.ID {
		t.Fatalf("after a rename Search = %+v, %v", ms, err)
	}
}

func TestMergeRights(t *testing.T) {
	t.Parallel()
	f := newMergeFixture(t)
	other := f.create(t, f.sales, Draft{Name: "华为科技西部"})
	mgrB := access.Actor{StaffID: f.staff(t, "Manager B", access.Manager, f.teamB), Role: access.Manager, TeamID: f.teamB}
	cases := []struct {
		name   string
		actor  access.Actor
		others []int64
		want   error
	}{
		{"the owner, a salesperson", f.salesA, []int64{f.dup.ID}, access.ErrForbidden},
		{"another team's manager", mgrB, []int64{f.dup.ID}, ErrNotFound},
		{"across teams, even an admin", f.admin, []int64{other.ID}, ErrDifferentTeams},
		{"the survivor with itself", f.mgrA, []int64{f.survivor.ID}, ErrInvalid},
		{"four at once", f.mgrA, []int64{f.dup.ID, other.ID, 999}, ErrInvalid},
	}
	for _, c := range cases {
		if _, err := f.store.Merge(f.ctx, c.actor, f.survivor.ID, c.others, nil, 0); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := f.store.Merge(f.ctx, f.mgrA, f.survivor.ID, []int64{f.dup.ID}, map[string]int64{"name": other.ID}, 0); !errors.Is(err, ErrInvalid) {
		t.Errorf("a choice naming a client outside the merge: %v", err)
	}
	if n := f.count(t, `SELECT count(*) FROM clients WHERE merged_into IS NOT NULL`); n != 0 {
		t.Fatal("a refused merge changed something")
	}
	if _, err := f.store.Merge(f.ctx, f.admin, f.survivor.ID, []int64{f.dup.ID}, nil, 0); err != nil {
		t.Fatalf("admin merge: %v", err)
	}
}

func TestPlanMergeShowsDifferencesAndDefaults(t *testing.T) {
	t.Parallel()
	f := newMergeFixture(t)
	p, err := f.store.PlanMerge(f.ctx, f.mgrA, f.survivor.ID, []int64{f.dup.ID})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"name": true, "industry": true, "tier": true, "owner_id": true, "primary_contact": true}
	for _, d := range p.Differ {
		if !want[d] {
			t.Errorf("field %s differs, it should not", d)
		}
		delete(want, d)
	}
	if len(want) != 0 {
		t.Errorf("fields not shown as different: %v", want)
	}
	if p.Defaults["industry"] != f.dup.ID || p.Defaults["region"] != f.survivor.ID || p.Value("primary_contact", 1) != "李娜 13900139000" {
		t.Fatalf("defaults %v, primary %q", p.Defaults, p.Value("primary_contact", 1))
	}
	if p.Moving["deals"] != 1 || p.Moving["contacts"] != 1 {
		t.Fatalf("moving %v", p.Moving)
	}
}

// TestContactOnAMergedClientTouchesItsSurvivor: a visit saved on a tombstone
// (a flow started before the merge) goes to the survivor, and so does its
// last contact: the survivor moves forward, the tombstone stays as it was.
func TestContactOnAMergedClientTouchesItsSurvivor(t *testing.T) {
	t.Parallel()
	f := newMergeFixture(t)
	if _, err := f.store.Merge(f.ctx, f.mgrA, f.survivor.ID, []int64{f.dup.ID}, nil, 0); err != nil {
		t.Fatal(err)
	}
	f.exec(t, `UPDATE clients SET stage = 'sleeping' WHERE id = $1`, f.survivor.ID)
	before := f.scalar(t, `SELECT extract(epoch FROM last_contact_at)::bigint FROM clients WHERE id = $1`, f.dup.ID)
	at := f.now.Add(time.Hour)
	tx, err := f.pool.Begin(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(f.ctx) }()
	if err := TouchTx(f.ctx, tx, f.salesA.StaffID, f.dup.ID, at); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(f.ctx); err != nil {
		t.Fatal(err)
	}
	if got := f.scalar(t, `SELECT extract(epoch FROM last_contact_at)::bigint FROM clients WHERE id = $1`, f.survivor.ID); got != at.Unix() {
		t.Errorf("survivor's last contact = %d, want %d", got, at.Unix())
	}
	if n := f.count(t, `SELECT count(*) FROM clients WHERE id = $1 AND stage = 'active'`, f.survivor.ID); n != 1 {
		t.Error("the sleeping survivor did not become active")
	}
	if n := f.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'client' AND entity_id = $1 AND changes->>'reason' = 'contact'`, f.survivor.ID); n != 1 {
		t.Errorf("%d contact audit rows on the survivor, want 1", n)
	}
	if got := f.scalar(t, `SELECT extract(epoch FROM last_contact_at)::bigint FROM clients WHERE id = $1`, f.dup.ID); got != before {
		t.Errorf("tombstone's last contact moved from %d to %d", before, got)
	}
}
