package greeting

import (
	"errors"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

func TestTemplatesListEveryOccasionInBothLanguages(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ts, err := b.store.Templates(b.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 18 {
		t.Fatalf("%d templates, want 9 occasions x 2 languages", len(ts))
	}
	for _, tp := range ts {
		if !tp.Default || tp.Body == "" || tp.Zh == "" || tp.En == "" {
			t.Errorf("template %+v", tp)
		}
		if _, err := CheckBody(tp.Body); err != nil {
			t.Errorf("default %s/%s does not pass its own check: %v", tp.Occasion, tp.Lang, err)
		}
		if !strings.Contains(tp.Body, "{contact}") {
			t.Errorf("default %s/%s does not name the contact", tp.Occasion, tp.Lang)
		}
	}
	if ts[0].Occasion != "new_year" || ts[0].Lang != "zh" || ts[1].Lang != "en" || ts[17].Occasion != "birthday" {
		t.Errorf("order: %s/%s %s/%s ... %s", ts[0].Occasion, ts[0].Lang, ts[1].Occasion, ts[1].Lang, ts[17].Occasion)
	}
}

func TestSetAndResetTemplate(t *testing.T) {
	t.Parallel()
	b := setup(t)
	body := "  {contact}，中秋快乐！——{sender}  "
	if err := b.store.SetTemplate(b.ctx, b.admin, "mid_autumn", "zh", body); err != nil {
		t.Fatal(err)
	}
	find := func() Template {
		ts, err := b.store.Templates(b.ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, tp := range ts {
			if tp.Occasion == "mid_autumn" && tp.Lang == "zh" {
				return tp
			}
		}
		t.Fatal("no mid_autumn/zh")
		return Template{}
	}
	if tp := find(); tp.Default || tp.Body != "{contact}，中秋快乐！——{sender}" {
		t.Errorf("after set: %+v", tp)
	}
	if err := b.store.SetTemplate(b.ctx, b.admin, "mid_autumn", "zh", "{contact} 2"); err != nil {
		t.Fatal(err)
	}
	if tp := find(); tp.Body != "{contact} 2" {
		t.Errorf("after second set: %+v", tp)
	}
	if err := b.store.ResetTemplate(b.ctx, b.admin, "mid_autumn", "zh"); err != nil {
		t.Fatal(err)
	}
	if tp := find(); !tp.Default || !strings.Contains(tp.Body, "中秋") {
		t.Errorf("after reset: %+v", tp)
	}
	if err := b.store.ResetTemplate(b.ctx, b.admin, "mid_autumn", "zh"); err != nil {
		t.Errorf("second reset: %v", err)
	}
}

func TestSetTemplateRefusesNonAdminsAndBadBodies(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, a := range []access.Actor{b.mgrZH, b.salesEN} {
		if err := b.store.SetTemplate(b.ctx, a, "birthday", "zh", "{contact}"); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("SetTemplate by %s: %v", a.Role, err)
		}
		if err := b.store.ResetTemplate(b.ctx, a, "birthday", "zh"); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("ResetTemplate by %s: %v", a.Role, err)
		}
	}
	bad := []struct{ occasion, lang, body string }{
		{"birthday", "zh", ""},
		{"birthday", "zh", "   "},
		{"birthday", "zh", strings.Repeat("字", 1001)},
		{"birthday", "zh", "{contact} {name}"},
		{"birthday", "zh", "{Contact}"},
		{"birthday", "zh", "{}"},
		{"birthday", "zh", "{contact}\x00您好"},
		{"birthday", "zh", "\u200b\ufeff"},
		{"birthday", "zh", "{contact}\u0091"},
		{"christmas", "zh", "{contact}"},
		{"custom:1", "zh", "{contact}"},
		{"birthday", "ru", "{contact}"},
	}
	for _, c := range bad {
		if err := b.store.SetTemplate(b.ctx, b.admin, c.occasion, c.lang, c.body); !errors.Is(err, ErrInvalid) {
			t.Errorf("SetTemplate(%s, %s, %.20q) = %v, want ErrInvalid", c.occasion, c.lang, c.body, err)
		}
	}
	if err := b.store.SetTemplate(b.ctx, b.admin, "custom", "en", strings.Repeat("字", 1000)); err != nil {
		t.Errorf("1000 characters refused: %v", err)
	}
	if err := b.store.SetTemplate(b.ctx, b.admin, "custom", "en", "Hi {contact} of {client} on {holiday}, {sender} {"); err != nil {
		t.Errorf("every placeholder and a lone brace refused: %v", err)
	}
}

func TestRenderFillsPlaceholdersOnce(t *testing.T) {
	t.Parallel()
	got := Render("{contact}/{client}/{holiday}/{sender}/{contact}", Fill{Contact: "{client}", Client: "C", Holiday: "H", Sender: "S"})
	if got != "{client}/C/H/S/{client}" {
		t.Errorf("Render = %q", got)
	}
}
