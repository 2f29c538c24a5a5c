package client

import (
	"errors"
	"testing"
	"time"
)

func TestCheckersRefuseWithTheReason(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		check func(string) (string, error)
		in    string
		want  string
		err   error // besides ErrInvalid
	}{
		{"client name", CheckName, " 华为技术 ", "华为技术", nil},
		{"client name with NUL", CheckName, "Acme\x00", "", ErrControlChar},
		{"client name of zero-width spaces", CheckName, "\u200b\u200b", "", ErrNoLetters},
		{"client name of punctuation and format characters", CheckName, "\u200b-\u200b", "", ErrNoLetters},
		{"client name too long", CheckName, stringOf('名', MaxName+1), "", ErrTooLong},
		{"contact name", CheckContactName, "张伟", "张伟", nil},
		{"contact name of zero-width joiners", CheckContactName, "\u200d.\u200d", "", ErrNoLetters},
		{"contact name with a C1 control", CheckContactName, "Li\u0085\u0086", "", ErrControlChar},
		{"position", CheckPosition, "采购经理", "采购经理", nil},
		{"empty position", CheckPosition, "", "", nil},
		{"position too long", CheckPosition, stringOf('x', MaxContact+1), "", ErrTooLong},
		{"phone", CheckPhone, "+86 (138) 0013-8000", "+86 (138) 0013-8000", nil},
		{"full-width phone", CheckPhone, "１３８００１３８０００", "１３８００１３８０００", nil},
		{"phone with dots", CheckPhone, "138.0013.8000", "", nil},
		{"phone with letters", CheckPhone, "call me", "", nil},
		{"phone too short", CheckPhone, "1234", "", nil},
		{"phone with NUL", CheckPhone, "13800138000\x00", "", ErrControlChar},
		{"email", CheckEmail, "zhang@acme.cn", "zhang@acme.cn", nil},
		{"email without a dot in its domain", CheckEmail, "zhang@acme", "", nil},
		{"email with a display name", CheckEmail, "Zhang <zhang@acme.cn>", "", nil},
		{"email with a stray bracket", CheckEmail, "zhang@acme.cn>", "", nil},
		{"deal description over lines", CheckDealText, "二期\n含安装", "二期\n含安装", nil},
		{"deal description too long", CheckDealText, stringOf('x', MaxDealText+1), "", ErrTooLong},
		{"deal description with NUL", CheckDealText, "a\x00", "", ErrControlChar},
	}
	for _, c := range cases {
		got, err := c.check(c.in)
		if c.want != "" {
			if err != nil || got != c.want {
				t.Errorf("%s: got %q, %v; want %q", c.name, got, err, c.want)
			}
			continue
		}
		if c.in == "" {
			continue
		}
		if !errors.Is(err, ErrInvalid) || c.err != nil && !errors.Is(err, c.err) {
			t.Errorf("%s: %q gave %q, %v; want ErrInvalid and %v", c.name, c.in, got, err, c.err)
		}
	}
}

func TestCheckFieldKnowsEachTextField(t *testing.T) {
	t.Parallel()
	for field, max := range map[string]int{"name": MaxName, "industry": MaxIndustry, "region": MaxRegion,
		"address": MaxAddress, "source": MaxSource, "needs": MaxLongText, "risk_note": MaxLongText} {
		if _, err := CheckField(field, stringOf('x', max)); err != nil {
			t.Errorf("%s of %d characters: %v", field, max, err)
		}
		if _, err := CheckField(field, stringOf('x', max+1)); !errors.Is(err, ErrTooLong) {
			t.Errorf("%s of %d characters: %v, want ErrTooLong", field, max+1, err)
		}
		if _, err := CheckField(field, "a\x00b"); !errors.Is(err, ErrControlChar) || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s with NUL: %v, want ErrInvalid and ErrControlChar", field, err)
		}
	}
	if v, err := CheckField("needs", "line 1\r\nline 2"); err != nil || v != "line 1\nline 2" {
		t.Errorf("needs over two lines: %q, %v", v, err)
	}
	if v, err := CheckField("industry", "IT\n互联网"); err != nil || v != "IT 互联网" {
		t.Errorf("industry over two lines: %q, %v", v, err)
	}
	if _, err := CheckField("tier", "key"); !errors.Is(err, ErrInvalid) {
		t.Errorf("tier is no text field: %v", err)
	}
}

// What reaches PostgreSQL has passed the checkers: a NUL or an invisible
// name is ErrInvalid from the domain, never a database error, whichever
// way it comes in.
func TestSavingRefusesWhatTheCheckersRefuse(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.create(t, b.salesA, Draft{Name: "Acme Trading"})
	day := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		save func() error
	}{
		{"create with NUL in the name", func() error {
			_, _, err := b.store.Create(b.ctx, b.salesA, Draft{Name: "Acme\x00 Ltd"}, 0)
			return err
		}},
		{"create with a zero-width name", func() error {
			_, _, err := b.store.Create(b.ctx, b.salesA, Draft{Name: "\u200b\u200c"}, 0)
			return err
		}},
		{"create with NUL in the region", func() error {
			_, _, err := b.store.Create(b.ctx, b.salesA, Draft{Name: "Beta", Region: "上海\x00"}, 0)
			return err
		}},
		{"create with a zero-width contact", func() error {
			_, _, err := b.store.Create(b.ctx, b.salesA, Draft{Name: "Gamma", Contact: &ContactDraft{Name: "\u200b·"}}, 0)
			return err
		}},
		{"rename with NUL", func() error {
			_, err := b.store.Update(b.ctx, b.salesA, c.ID, Patch{Field: "name", Value: "Acme\x00"})
			return err
		}},
		{"needs with a control character", func() error {
			_, err := b.store.Update(b.ctx, b.salesA, c.ID, Patch{Field: "needs", Value: "more\x1b[31m"})
			return err
		}},
		{"contact with NUL in the phone", func() error {
			_, _, err := b.store.AddContact(b.ctx, b.salesA, c.ID, ContactDraft{Name: "Li", Phone: "138\x0000138000"}, 0)
			return err
		}},
		{"contact with a dotted phone", func() error {
			_, _, err := b.store.AddContact(b.ctx, b.salesA, c.ID, ContactDraft{Name: "Li", Phone: "138.0013.8000"}, 0)
			return err
		}},
		{"deal with NUL in its description", func() error {
			_, _, err := b.store.AddDeal(b.ctx, b.salesA, c.ID, DealDraft{DealOn: day, Amount: "1", Description: "x\x00"}, 0)
			return err
		}},
	}
	for _, tc := range cases {
		if err := tc.save(); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", tc.name, err)
		}
	}
	if n := b.count(t, `SELECT count(*) FROM clients`); n != 1 {
		t.Fatalf("%d clients, want 1", n)
	}
	if n := b.count(t, `SELECT count(*) FROM contacts`) + b.count(t, `SELECT count(*) FROM deals`); n != 0 {
		t.Fatalf("%d contacts and deals written", n)
	}
}

// Whatever a checker accepts, saving accepts, stored as the checker
// returned it.
func TestSavingAcceptsWhatTheCheckersAccept(t *testing.T) {
	t.Parallel()
	b := setup(t)
	name, _ := CheckName("  Acme\nTrading\u200b ")
	contact, _ := CheckContactName("张伟")
	phone, _ := CheckPhone("+86 (138) 0013-8000")
	email, _ := CheckEmail("zhang@acme.cn")
	needs, _ := CheckField("needs", "a\r\nb")
	c := b.create(t, b.salesA, Draft{Name: name, Needs: needs,
		Contact: &ContactDraft{Name: contact, Phone: phone, Email: email}})
	if c.Name != "Acme Trading" || c.Needs != "a\nb" {
		t.Fatalf("stored %q, %q", c.Name, c.Needs)
	}
	desc, _ := CheckDealText("二期\n含安装")
	amount, _ := ParseAmount("１２，５００元")
	if _, _, err := b.store.AddDeal(b.ctx, b.salesA, c.ID, DealDraft{DealOn: b.now, Amount: amount, Description: desc}, 0); err != nil {
		t.Fatal(err)
	}
}
