package greeting

import (
	"errors"
	"fmt"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

func TestInviteFollowsTheClientsEditRights(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t, "华为技术", b.east, b.salesZH.StaffID, "strategic", "active")
	ct := b.contact(t, c, contact{name: "张伟"})
	westSales := b.staff(t, "West Sales", access.Sales, b.west, "en", true)
	cases := []struct {
		who  string
		a    access.Actor
		want error
	}{
		{"owner", b.salesZH, nil},
		{"team manager", b.mgrEN, nil},
		{"admin", b.admin, nil},
		{"teammate who does not own it", b.salesEN, access.ErrForbidden},
		{"other team's manager", b.mgrWest, ErrNotFound},
		{"other team's salesperson", westSales, ErrNotFound},
	}
	for _, tc := range cases {
		code, err := b.store.Invite(b.ctx, tc.a, ct)
		if !errors.Is(err, tc.want) || (tc.want == nil) != (code != "") {
			t.Errorf("%s: Invite = %q, %v; want %v", tc.who, code, err, tc.want)
		}
		if tc.want == nil && !regexp.MustCompile(`^[a-z2-7]{20}$`).MatchString(code) {
			t.Errorf("%s: code %q is not 20 base32 characters", tc.who, code)
		}
	}
	if _, err := b.store.Invite(b.ctx, b.admin, ct+1000); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown contact: %v", err)
	}
	var n int
	if err := b.pool.QueryRow(b.ctx, `SELECT count(*) FROM contact_invites WHERE contact_id = $1`, ct).Scan(&n); err != nil || n != 3 {
		t.Errorf("%d invites stored, want 3", n)
	}
}

func TestRedeemSubscribesTheContact(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t, "华为技术", b.east, b.salesZH.StaffID, "strategic", "active")
	ct := b.contact(t, c, contact{name: "张伟"})
	code, err := b.store.Invite(b.ctx, b.salesZH, ct)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := b.store.Redeem(b.ctx, "  "+code+" ", 9001, "en-GB")
	if err != nil {
		t.Fatal(err)
	}
	if sub != (Subscriber{ContactID: ct, Name: "张伟", ClientName: "华为技术", Lang: "en"}) {
		t.Errorf("Subscriber = %+v", sub)
	}
	var (
		chat    int64
		lang    string
		optIn   bool
		optedAt time.Time
	)
	if err := b.pool.QueryRow(b.ctx, `SELECT chat_id, lang, greeting_opt_in, opted_in_at FROM contacts WHERE id = $1`, ct).
		Scan(&chat, &lang, &optIn, &optedAt); err != nil {
		t.Fatal(err)
	}
	if chat != 9001 || lang != "en" || !optIn || !optedAt.Equal(b.clock.Now()) {
		t.Errorf("contact chat=%d lang=%s opt_in=%v at=%v", chat, lang, optIn, optedAt)
	}
	// The same chat again (a second tap, a reprocessed update) is fine.
	if again, err := b.store.Redeem(b.ctx, code, 9001, "en"); err != nil || again.ContactID != ct {
		t.Errorf("same chat again: %+v, %v", again, err)
	}
	if _, err := b.store.Redeem(b.ctx, code, 9002, "zh"); !errors.Is(err, ErrUsed) {
		t.Errorf("another chat: %v, want ErrUsed", err)
	}
	if _, err := b.store.Redeem(b.ctx, "nosuchcode", 9002, "zh"); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown code: %v, want ErrInvalid", err)
	}
	if ok, err := b.store.IsSubscriber(b.ctx, 9001); !ok || err != nil {
		t.Errorf("IsSubscriber(9001) = %v, %v", ok, err)
	}
	// The job now greets the contact directly.
	b.run(t, at("2027-02-06", 9, 0))
	if r := b.outbox(t)[fmt.Sprintf("greeting:2027-02-06:contact:%d", ct)]; r.ChatID != 9001 {
		t.Errorf("no direct greeting after subscribing:\n%s", keys(b.outbox(t)))
	}
}

func TestRedeemRefusesAnExpiredCode(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t, "华为技术", b.east, b.salesZH.StaffID, "strategic", "active")
	ct := b.contact(t, c, contact{name: "张伟"})
	code, err := b.store.Invite(b.ctx, b.salesZH, ct)
	if err != nil {
		t.Fatal(err)
	}
	b.clock.Set(b.clock.Now().Add(inviteTTL))
	if _, err := b.store.Redeem(b.ctx, code, 9001, "zh"); !errors.Is(err, ErrExpired) {
		t.Fatalf("expired code: %v, want ErrExpired", err)
	}
	if ok, _ := b.store.IsSubscriber(b.ctx, 9001); ok {
		t.Error("an expired code subscribed the chat")
	}
}

func TestRedeemAdmitsOneChatWhenManyRace(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t, "华为技术", b.east, b.salesZH.StaffID, "strategic", "active")
	ct := b.contact(t, c, contact{name: "张伟"})
	code, err := b.store.Invite(b.ctx, b.salesZH, ct)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = b.store.Redeem(b.ctx, code, int64(9100+i), "zh")
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, ErrUsed):
			t.Errorf("loser got %v, want ErrUsed", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d chats redeemed one code", won)
	}
}

func TestOptOutStopsDirectGreetings(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t, "华为技术", b.east, b.salesZH.StaffID, "strategic", "active")
	ct := b.contact(t, c, contact{name: "张伟", chat: 9001, lang: "zh", optIn: true})
	if ok, err := b.store.OptOut(b.ctx, 9001); !ok || err != nil {
		t.Fatalf("OptOut = %v, %v", ok, err)
	}
	if ok, err := b.store.OptOut(b.ctx, 9001); ok || err != nil {
		t.Fatalf("second OptOut = %v, %v; want false", ok, err)
	}
	if ok, _ := b.store.IsSubscriber(b.ctx, 9001); ok {
		t.Error("still a subscriber")
	}
	b.run(t, at("2027-02-06", 9, 0))
	got := b.outbox(t)
	if _, ok := got[fmt.Sprintf("greeting:2027-02-06:contact:%d", ct)]; ok {
		t.Error("greeted directly after /stop")
	}
	has(t, got[fmt.Sprintf("greeting:2027-02-06:staff:%d", b.salesZH.StaffID)].Text, "张伟您好")
}
