package churn

import (
	"errors"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// atRisk creates a key client of team A silent since day 0 and runs the
// scan on day 61; it returns the client and its episode.
func (b *bundle) atRisk(t *testing.T) (int64, Episode) {
	t.Helper()
	c := b.client(t, spec{name: "华东机械", contact: ptr(day(0))})
	if n := b.run(t, day(61)); n != 2 {
		t.Fatalf("scan enqueued %d, want 2", n)
	}
	b.setNow(day(61).Add(time.Hour))
	return c, b.onlyEpisode(t, c)
}

func TestAcknowledgeByTheTeamsManagersAndAdmins(t *testing.T) {
	t.Parallel()
	b := setup(t)
	_, e := b.atRisk(t)

	for _, c := range []struct {
		name  string
		actor access.Actor
		want  error
	}{
		{"salesperson of the team", b.ownerA, access.ErrForbidden},
		{"manager of another team", b.managerB, ErrNotFound},
		{"salesperson of another team", b.salesB, ErrNotFound},
	} {
		if _, err := b.scanner.Acknowledge(b.ctx, c.actor, e.ID); !errors.Is(err, c.want) {
			t.Errorf("%s: Acknowledge err = %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := b.scanner.Acknowledge(b.ctx, b.managerZh, 999999); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown episode: err = %v", err)
	}

	got, err := b.scanner.Acknowledge(b.ctx, b.managerZh, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.AcknowledgedBy != b.managerZh.StaffID || got.AcknowledgedAt == nil || !got.AcknowledgedAt.Equal(day(61).Add(time.Hour)) {
		t.Errorf("acknowledged = %+v", got)
	}
	// Acknowledging again, even by an admin, keeps the first record.
	again, err := b.scanner.Acknowledge(b.ctx, b.admin, e.ID)
	if err != nil || again.AcknowledgedBy != b.managerZh.StaffID {
		t.Errorf("second acknowledge = %+v, %v", again, err)
	}
	entries, err := audit.List(b.ctx, b.pool, "churn_episode", e.ID, 10)
	if err != nil || len(entries) != 1 || entries[0].ActorID != b.managerZh.StaffID || entries[0].Action != "acknowledge" {
		t.Errorf("audit = %+v, %v", entries, err)
	}
	if _, err := b.scanner.Acknowledge(b.ctx, access.Actor{StaffID: b.admin.StaffID, Role: access.Admin}, e.ID); err != nil {
		t.Errorf("admin: %v", err)
	}
}

func TestAssignWinbackEnqueuesTheRequestToTheSalesperson(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c, e := b.atRisk(t)
	due := date(2027, 3, 10)

	got, err := b.scanner.AssignWinback(b.ctx, b.managerEn, e.ID, b.ownerA.StaffID, due)
	if err != nil {
		t.Fatal(err)
	}
	if got.WinbackStaffID != b.ownerA.StaffID || got.WinbackDueOn == nil || !got.WinbackDueOn.Equal(due) {
		t.Errorf("episode = %+v", got)
	}
	msgs := b.outbox(t, KindWinback)
	if len(msgs) != 1 {
		t.Fatalf("win-back messages = %+v, want 1", msgs)
	}
	m := msgs[0]
	if m.Key != key("winback", e.ID, b.ownerA.StaffID) || m.StaffID != b.ownerA.StaffID || m.ChatID != 1004 {
		t.Errorf("message = %+v", m)
	}
	want := "🔁 <b>挽回拜访</b>：<b>华东机械</b>（重点客户）\nManager Li 请你在 3月10日 前拜访该客户。\n流失预警原因：\n" +
		"• 已 61 天未联系（上限 60 天）"
	if m.Text != want {
		t.Errorf("text =\n%s\nwant\n%s", m.Text, want)
	}
	cid := strconv.FormatInt(c, 10)
	if wantB := [][]outbox.Button{{{Text: "打开客户卡片", Data: "c:" + cid}, {Text: "📝 记拜访", Data: "v:" + cid}}}; !reflect.DeepEqual(m.Buttons, wantB) {
		t.Errorf("buttons = %+v, want %+v", m.Buttons, wantB)
	}
	// The same assignment again adds no second message.
	if _, err := b.scanner.AssignWinback(b.ctx, b.managerZh, e.ID, b.ownerA.StaffID, due.AddDate(0, 0, 2)); err != nil {
		t.Fatal(err)
	}
	if n := len(b.outbox(t, KindWinback)); n != 1 {
		t.Errorf("%d win-back messages after reassigning the same person, want 1", n)
	}
	entries, err := audit.List(b.ctx, b.pool, "churn_episode", e.ID, 10)
	if err != nil || len(entries) != 2 || entries[1].Action != "winback" || entries[1].Changes["due_on"] != "2027-03-10" {
		t.Errorf("audit = %+v, %v", entries, err)
	}
}

func TestAssignWinbackRefusals(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c, e := b.atRisk(t)
	due := date(2027, 3, 10)
	for _, tc := range []struct {
		name    string
		actor   access.Actor
		staffID int64
		due     time.Time
		want    error
	}{
		{"a salesperson cannot assign", b.ownerA, b.ownerA.StaffID, due, access.ErrForbidden},
		{"another team's manager does not see it", b.managerB, b.salesB.StaffID, due, ErrNotFound},
		{"assignee from another team", b.managerZh, b.salesB.StaffID, due, ErrInvalid},
		{"inactive assignee", b.managerZh, b.inactiveA.StaffID, due, ErrInvalid},
		{"admin as assignee", b.managerZh, b.admin.StaffID, due, ErrInvalid},
		{"unknown assignee", b.managerZh, 999999, due, ErrInvalid},
		{"due yesterday", b.managerZh, b.ownerA.StaffID, date(2027, 3, 2), ErrInvalid},
	} {
		if _, err := b.scanner.AssignWinback(b.ctx, tc.actor, e.ID, tc.staffID, tc.due); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
	if n := len(b.outbox(t, KindWinback)); n != 0 {
		t.Errorf("%d win-back messages after refusals, want 0", n)
	}
	// Today is fine, by an admin; a manager may also be the visitor.
	if _, err := b.scanner.AssignWinback(b.ctx, b.admin, e.ID, b.managerZh.StaffID, date(2027, 3, 3)); err != nil {
		t.Errorf("admin assigning a manager for today: %v", err)
	}

	// Once contact resumed the episode is over.
	b.exec(t, `UPDATE clients SET last_contact_at = $2 WHERE id = $1`, c, day(62))
	b.run(t, day(63))
	if _, err := b.scanner.AssignWinback(b.ctx, b.managerZh, e.ID, b.ownerA.StaffID, date(2027, 3, 10)); !errors.Is(err, ErrEnded) {
		t.Errorf("ended episode: err = %v, want ErrEnded", err)
	}
}

func TestEpisodeIsVisibleToItsTeam(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c, e := b.atRisk(t)
	for _, a := range []access.Actor{b.ownerA, b.managerEn, b.admin} {
		got, err := b.scanner.Episode(b.ctx, a, e.ID)
		if err != nil || got.ClientID != c || got.OwnerName != "张三" || len(got.Reasons) != 1 || got.Reasons[0].Code != NoContact {
			t.Errorf("Episode as %v = %+v, %v", a.Role, got, err)
		}
	}
	if _, err := b.scanner.Episode(b.ctx, b.salesB, e.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("other team: err = %v, want ErrNotFound", err)
	}
}
