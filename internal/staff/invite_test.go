package staff

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

func TestRedeemCreatesMemberWithInviteRoleTeamAndLanguage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	cases := []struct {
		name     string
		role     access.Role
		teamID   int64
		teamName string
		langCode string
		wantLang string
	}{
		{"sales of a team, english speaker", access.Sales, b.teamA.ID, "East", "en-US", "en"},
		{"manager, chinese speaker", access.Manager, b.teamB.ID, "West", "zh-hans", "zh"},
		{"admin without team, no language", access.Admin, 0, "", "", "zh"},
		{"other language falls back to chinese", access.Sales, b.teamA.ID, "East", "ru", "zh"},
	}
	for _, c := range cases {
		code := b.invite(t, c.role, c.teamID)
		u := b.user("u")
		u.LanguageCode = c.langCode
		m, err := b.store.Redeem(b.ctx, code, u)
		if err != nil {
			t.Fatalf("%s: Redeem: %v", c.name, err)
		}
		if m.TelegramID != u.ID || m.ChatID != u.ID || m.Role != c.role || m.TeamID != c.teamID ||
			m.TeamName != c.teamName || m.Lang != c.wantLang || !m.Active || !m.CreatedAt.Equal(b.clock.Now()) {
			t.Errorf("%s: member = %+v", c.name, m)
		}
		got, err := b.store.ByTelegramID(b.ctx, u.ID)
		if err != nil || got != m {
			t.Errorf("%s: ByTelegramID = %+v, %v; want %+v", c.name, got, err, m)
		}
		if m.Actor() != (access.Actor{StaffID: m.ID, Role: c.role, TeamID: c.teamID}) {
			t.Errorf("%s: Actor() = %+v", c.name, m.Actor())
		}
	}
}

func TestRedeemMarksInviteUsedAndAudits(t *testing.T) {
	t.Parallel()
	b := setup(t)
	code, inv, err := b.store.CreateInvite(b.ctx, nil, access.Sales, b.teamA.ID)
	if err != nil {
		t.Fatal(err)
	}
	m, err := b.store.Redeem(b.ctx, code, b.user("li"))
	if err != nil {
		t.Fatal(err)
	}
	var usedBy int64
	var usedAt time.Time
	if err := b.db.QueryRow(b.ctx, `SELECT used_by, used_at FROM invites WHERE id = $1`, inv.ID).Scan(&usedBy, &usedAt); err != nil {
		t.Fatal(err)
	}
	if usedBy != m.ID || !usedAt.Equal(b.clock.Now()) {
		t.Errorf("invite used_by=%d used_at=%v, want %d at %v", usedBy, usedAt, m.ID, b.clock.Now())
	}
	for _, e := range []struct {
		entity, action string
		id             int64
	}{{"invite", "create", inv.ID}, {"invite", "redeem", inv.ID}, {"staff", "create", m.ID}} {
		if n := b.auditCount(t, e.entity, e.id, e.action); n != 1 {
			t.Errorf("audit %s %s: %d entries, want 1", e.entity, e.action, n)
		}
	}
}

func TestRedeemAcceptsCodeTrimmedInAnyCase(t *testing.T) {
	t.Parallel()
	b := setup(t)
	code := b.invite(t, access.Sales, b.teamA.ID)
	if _, err := b.store.Redeem(b.ctx, "  "+strings.ToUpper(code)+"\n", b.user("wang")); err != nil {
		t.Fatalf("Redeem(upper, padded): %v", err)
	}
}

func TestInviteCodeIsSingleUse(t *testing.T) {
	t.Parallel()
	b := setup(t)
	code := b.invite(t, access.Sales, b.teamA.ID)
	if _, err := b.store.Redeem(b.ctx, code, b.user("first")); err != nil {
		t.Fatal(err)
	}
	second := b.user("second")
	if _, err := b.store.Redeem(b.ctx, code, second); !errors.Is(err, ErrInviteInvalid) {
		t.Fatalf("second Redeem: %v, want ErrInviteInvalid", err)
	}
	if _, err := b.store.ByTelegramID(b.ctx, second.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second user became a member: %v", err)
	}
}

func TestRedeemRefusesUnknownAndExpiredCodes(t *testing.T) {
	t.Parallel()
	b := setup(t)
	start := b.clock.Now()
	cases := []struct {
		name    string
		after   time.Duration
		unknown bool
		want    error
	}{
		{"a second before expiry works", testTTL - time.Second, false, nil},
		{"at expiry refused", testTTL, false, ErrInviteInvalid},
		{"long after refused", 30 * testTTL, false, ErrInviteInvalid},
		{"unknown code refused", 0, true, ErrInviteInvalid},
	}
	for _, c := range cases {
		b.clock.Set(start)
		code := b.invite(t, access.Sales, b.teamA.ID)
		if c.unknown {
			code = "aaaaaaaaaaaaaaaaaaaa"
		}
		b.clock.Set(start.Add(c.after))
		_, err := b.store.Redeem(b.ctx, code, b.user("u"))
		if !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("%s: Redeem = %v, want %v", c.name, err, c.want)
		}
	}
}

func TestStoredHashIsNotTheCode(t *testing.T) {
	t.Parallel()
	b := setup(t)
	code, inv, err := b.store.CreateInvite(b.ctx, nil, access.Manager, b.teamA.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[a-z2-7]{20}$`).MatchString(code) {
		t.Errorf("code %q is not 20 lowercase base32 characters", code)
	}
	var stored []byte
	var row string
	if err := b.db.QueryRow(b.ctx, `SELECT code_hash, i::text FROM invites i WHERE id = $1`, inv.ID).Scan(&stored, &row); err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256([]byte(code))
	if !bytes.Equal(stored, want[:]) {
		t.Errorf("code_hash = %x, want sha256 of the code", stored)
	}
	if strings.Contains(strings.ToLower(row), code) {
		t.Errorf("invite row %q contains the code", row)
	}
	if !inv.ExpiresAt.Equal(b.clock.Now().Add(testTTL)) {
		t.Errorf("ExpiresAt = %v, want now+TTL", inv.ExpiresAt)
	}
}

func TestConcurrentRedeemOfOneCodeAdmitsExactlyOne(t *testing.T) {
	t.Parallel()
	b := setup(t)
	code := b.invite(t, access.Sales, b.teamA.ID)
	users := make([]TelegramUser, 10)
	for i := range users {
		users[i] = b.user("racer")
	}
	errs := make([]error, len(users))
	warm(t, b)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, u := range users {
		wg.Go(func() {
			<-start
			_, errs[i] = b.store.Redeem(b.ctx, code, u)
		})
	}
	close(start)
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, ErrInviteInvalid):
			t.Errorf("loser got %v, want ErrInviteInvalid", err)
		}
	}
	ids := make([]int64, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	var n int
	if err := b.db.QueryRow(b.ctx, `SELECT count(*) FROM staff WHERE telegram_id = ANY($1)`, ids).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if won != 1 || n != 1 {
		t.Fatalf("%d redeems succeeded and %d members created, want 1 and 1", won, n)
	}
}

func TestAlreadyMemberDoesNotConsumeInvite(t *testing.T) {
	t.Parallel()
	b := setup(t)
	code := b.invite(t, access.Manager, b.teamB.ID)
	existing := TelegramUser{ID: b.salesA.TelegramID}
	if _, err := b.store.Redeem(b.ctx, code, existing); !errors.Is(err, ErrAlreadyMember) {
		t.Fatalf("Redeem by member: %v, want ErrAlreadyMember", err)
	}
	if m, _ := b.store.ByTelegramID(b.ctx, b.salesA.TelegramID); m.Role != access.Sales || m.TeamID != b.teamA.ID {
		t.Errorf("member changed to %+v", m)
	}
	if _, err := b.store.Redeem(b.ctx, code, b.user("newcomer")); err != nil {
		t.Fatalf("invite was consumed: %v", err)
	}
}

// warm opens every connection the pool may hold, so racing goroutines run
// at once instead of queueing behind connection setup.
func warm(t *testing.T, b *bundle) {
	t.Helper()
	conns := make([]*pgxpool.Conn, b.db.Config().MaxConns)
	for i := range conns {
		c, err := b.db.Acquire(b.ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns[i] = c
	}
	for _, c := range conns {
		c.Release()
	}
}

// A Telegram name with a NUL would make PostgreSQL refuse the row; the
// member joins under a clean name instead, and a returning member's name is
// cleaned the same way.
func TestRedeemStoresCleanedNamesAndNeverFailsOnThem(t *testing.T) {
	t.Parallel()
	b := setup(t)
	u := b.user("lilei")
	u.Name = "Li\x00Lei"
	m, err := b.store.Redeem(b.ctx, b.invite(t, access.Sales, b.teamA.ID), u)
	if err != nil || m.Name != "lilei" || m.Username != "lilei" {
		t.Fatalf("Redeem(NUL in name) = %+v, %v; want name %q", m, err, "lilei")
	}
	if _, err := b.db.Exec(b.ctx, `UPDATE staff SET active = false WHERE id = $1`, m.ID); err != nil {
		t.Fatal(err)
	}
	u.Name, u.Username = "\u200b 李雷 \u200b", "li\x00lei"
	m, err = b.store.Redeem(b.ctx, b.invite(t, access.Sales, b.teamA.ID), u)
	if err != nil || m.Name != "李雷" || m.Username != "" {
		t.Fatalf("Redeem(returning, invisible ends, NUL in username) = %+v, %v; want name %q, no username", m, err, "李雷")
	}
}
