package greeting

import (
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ledgerbot/ledgerbot/internal/client"
)

func TestParseNameAppliesTheNameRuleToTheWholeAndEachPart(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("庆", MaxName)
	cases := []struct {
		in, zh, en string
		why        error // besides ErrInvalid; nil when accepted
	}{
		{"店庆\u200b / Anniversary\ufeff", "店庆", "Anniversary", nil},
		{"\u200b公司  周年庆\u200b", "公司 周年庆", "公司 周年庆", nil},
		{"店庆\n/ Anniversary", "店庆", "Anniversary", nil},
		{long + " / " + strings.Repeat("a", MaxName), long, strings.Repeat("a", MaxName), nil},
		{"", "", "", ErrInvalid},
		{"\u200b\ufeff", "", "", client.ErrNoLetters},
		{"🎉", "", "", client.ErrNoLetters},
		{"🎉 / Party", "", "", client.ErrNoLetters},
		{"店庆 / ---", "", "", client.ErrNoLetters},
		{"店庆 / \u200b!", "", "", client.ErrNoLetters},
		{"店\x00庆", "", "", client.ErrControlChar},
		{"店庆 / Anni\x07versary", "", "", client.ErrControlChar},
		{"店庆\u0091", "", "", client.ErrControlChar},
		{long + "庆", "", "", client.ErrTooLong},
		{"店庆 / " + strings.Repeat("a", MaxName+1), "", "", client.ErrTooLong},
	}
	for _, c := range cases {
		zh, en, err := ParseName(c.in)
		switch {
		case c.why == nil && (err != nil || zh != c.zh || en != c.en):
			t.Errorf("ParseName(%.30q) = %q, %q, %v; want %q, %q", c.in, zh, en, err, c.zh, c.en)
		case c.why != nil && (!errors.Is(err, ErrInvalid) || !errors.Is(err, c.why) || zh != "" || en != ""):
			t.Errorf("ParseName(%.30q) = %q, %q, %v; want ErrInvalid and %v", c.in, zh, en, err, c.why)
		}
	}
}

func TestCheckBodyCleansOrRefusesWithReason(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, want string
		why      error // besides ErrInvalid; nil when accepted
	}{
		{"{contact}，新年快乐！", "{contact}，新年快乐！", nil},
		{"\u200b {contact}您好\r\n\t——{sender}\ufeff\n", "{contact}您好\n\t——{sender}", nil},
		{strings.Repeat("字", MaxBody), strings.Repeat("字", MaxBody), nil},
		{"", "", ErrInvalid},
		{"\u200b\u200b", "", ErrInvalid},
		{"{contact}\x00", "", client.ErrControlChar},
		{"{contact}\x1b[1m", "", client.ErrControlChar},
		{"{contact} \xff", "", client.ErrControlChar},
		{strings.Repeat("字", MaxBody+1), "", client.ErrTooLong},
		{"{name}", "", ErrInvalid},
	}
	for _, c := range cases {
		got, err := CheckBody(c.in)
		switch {
		case c.why == nil && (err != nil || got != c.want):
			t.Errorf("CheckBody(%.30q) = %q, %v; want %q", c.in, got, err, c.want)
		case c.why != nil && (!errors.Is(err, ErrInvalid) || !errors.Is(err, c.why) || got != ""):
			t.Errorf("CheckBody(%.30q) = %q, %v; want ErrInvalid and %v", c.in, got, err, c.why)
		}
	}
}

func TestAddCustomRefusesUnstorableNamesWithErrInvalid(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, name := range []string{"店\x00庆", "\u200b", "店庆 / \u200b\u200b!", "🎉 / Party"} {
		_, err := b.store.AddCustom(b.ctx, b.admin, name, "05-20")
		var pgErr *pgconn.PgError
		if !errors.Is(err, ErrInvalid) || errors.As(err, &pgErr) {
			t.Errorf("AddCustom(%q) = %v, want ErrInvalid and no PostgreSQL error", name, err)
		}
	}
	c, err := b.store.AddCustom(b.ctx, b.admin, "\u200b店庆 /  Shop\u200b Day ", "05-20")
	if err != nil || c.NameZh != "店庆" || c.NameEn != "Shop\u200b Day" {
		t.Fatalf("AddCustom(invisible ends) = %+v, %v; want 店庆 / Shop\u200b Day", c, err)
	}
	if cs, err := b.store.Customs(b.ctx); err != nil || len(cs) != 1 {
		t.Fatalf("Customs = %+v, %v; want only the clean one", cs, err)
	}
}
