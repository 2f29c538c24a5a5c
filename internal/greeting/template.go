package greeting

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// MaxBody is the longest template, in characters: a greeting, not a
// letter. The chat quotes it in its prompt.
const MaxBody = 1000

// Placeholders are the names a template may use, each in braces.
var Placeholders = []string{"contact", "client", "holiday", "sender"}

var rePlaceholder = regexp.MustCompile(`\{([^{}]*)\}`)

// Langs are the languages templates exist in.
var Langs = []string{string(i18n.ZH), string(i18n.EN)}

// Templates returns every occasion in both languages, in display order,
// each with the admins' wording or, marked Default, the built-in one.
func (s *Store) Templates(ctx context.Context) ([]Template, error) {
	custom, err := s.overrides(ctx)
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	var out []Template
	for _, key := range occasionKeys() {
		zh, en := occasionNames(key)
		for _, lang := range Langs {
			t := Template{Occasion: key, Lang: lang, Zh: zh, En: en}
			if body, ok := custom[key+"/"+lang]; ok {
				t.Body = body
			} else {
				t.Body, t.Default = defaultBody(key, i18n.Parse(lang)), true
			}
			out = append(out, t)
		}
	}
	return out, nil
}

// overrides reads the admins' wordings, keyed "occasion/lang".
func (s *Store) overrides(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.Query(ctx, `SELECT occasion, lang, body FROM greeting_templates`)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	var occasion, lang, body string
	_, err = pgx.ForEachRow(rows, []any{&occasion, &lang, &body}, func() error {
		out[occasion+"/"+lang] = body
		return nil
	})
	return out, err
}

// SetTemplate replaces the wording of an occasion in one language (admins
// only; access.ErrForbidden). The body must pass CheckBody and is stored as
// it returns it; an unknown occasion or language is ErrInvalid too.
func (s *Store) SetTemplate(ctx context.Context, actor access.Actor, occasion, lang, body string) error {
	if err := adminOnly(actor); err != nil {
		return fmt.Errorf("set template: %w", err)
	}
	if err := checkOccasion(occasion, lang); err != nil {
		return fmt.Errorf("set template: %w", err)
	}
	body, err := CheckBody(body)
	if err != nil {
		return fmt.Errorf("set template: %w", err)
	}
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		now := s.now()
		if _, err := tx.Exec(ctx, `INSERT INTO greeting_templates (occasion, lang, body, updated_by, updated_at)
			VALUES ($1, $2, $3, nullif($4::bigint, 0), $5)
			ON CONFLICT (occasion, lang) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by,
				updated_at = excluded.updated_at`, occasion, lang, body, actor.StaffID, now); err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "greeting_template", EntityID: 0,
			Action: "update", At: now, Changes: map[string]any{"occasion": occasion, "lang": lang, "body": body}})
	})
	if err != nil {
		return fmt.Errorf("set template: %w", err)
	}
	return nil
}

// ResetTemplate brings back the built-in wording (admins only). Resetting
// a wording that is already the default is not an error.
func (s *Store) ResetTemplate(ctx context.Context, actor access.Actor, occasion, lang string) error {
	if err := adminOnly(actor); err != nil {
		return fmt.Errorf("reset template: %w", err)
	}
	if err := checkOccasion(occasion, lang); err != nil {
		return fmt.Errorf("reset template: %w", err)
	}
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM greeting_templates WHERE occasion = $1 AND lang = $2`, occasion, lang)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "greeting_template", EntityID: 0,
			Action: "reset", At: s.now(), Changes: map[string]any{"occasion": occasion, "lang": lang}})
	})
	if err != nil {
		return fmt.Errorf("reset template: %w", err)
	}
	return nil
}

func checkOccasion(occasion, lang string) error {
	if !slices.Contains(occasionKeys(), occasion) {
		return fmt.Errorf("%w: unknown occasion %q", ErrInvalid, occasion)
	}
	if !slices.Contains(Langs, lang) {
		return fmt.Errorf("%w: language %q (want zh or en)", ErrInvalid, lang)
	}
	return nil
}

// CheckBody returns a template body as SetTemplate stores it: cleaned by
// the rule for every typed text (client.CleanText: several lines allowed,
// no control characters, the ends trimmed of white space and invisible
// characters), 1 to MaxBody characters, using no placeholder other than
// {contact} {client} {holiday} {sender}. A refusal wraps ErrInvalid and,
// when there is one, the reason a chat can explain: client.ErrControlChar
// or client.ErrTooLong.
func CheckBody(body string) (string, error) {
	body, err := client.CleanText(body, true)
	if err != nil {
		return "", fmt.Errorf("%w: template: %w", ErrInvalid, err)
	}
	if body == "" {
		return "", fmt.Errorf("%w: a template is required", ErrInvalid)
	}
	if n := utf8.RuneCountInString(body); n > MaxBody {
		return "", fmt.Errorf("%w: %w: a template is at most %d characters (got %d)", ErrInvalid, client.ErrTooLong, MaxBody, n)
	}
	for _, m := range rePlaceholder.FindAllStringSubmatch(body, -1) {
		if !slices.Contains(Placeholders, m[1]) {
			return "", fmt.Errorf("%w: unknown placeholder {%s}", ErrInvalid, m[1])
		}
	}
	return body, nil
}

// Fill is what a template's placeholders stand for.
type Fill struct {
	Contact, Client, Holiday, Sender string
}

// Render fills body's placeholders and returns plain text (not HTML): the
// caller escapes it for the message it goes into.
func Render(body string, f Fill) string {
	return strings.NewReplacer("{contact}", f.Contact, "{client}", f.Client,
		"{holiday}", f.Holiday, "{sender}", f.Sender).Replace(body)
}
