package visit

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	"github.com/ledgerbot/ledgerbot/internal/dates"
)

func FuzzParseQuick(f *testing.F) {
	for _, s := range []string{"Acme: phone sent quote, next 2w", "华信：电话 谈了报价，下周二跟进。", "x - y 3天后",
		"a: next: 2026-12-01", "a：跟进 下周", "a: visit", "no separator", "a: b next tue follow up", "：：：", "a: 十天后回访",
		"华信：谈了报价 12月9日", "a: b 12/9", "a: b\x00 明天", "a: 每周五", "a: b 2026-11-01", "a: b\r\nc",
		"华信：单价 3.5", "a: price 12.9", "a: b, next 12.9", "a：b 跟进3.5", "a: b 3.5 再联系", "a: b 2026.12.9", "a: v1.2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, hint, err := parseQuick(s, monday)
		if err != nil {
			if !errors.Is(err, ErrNoSeparator) && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrTooLong) && !errors.Is(err, dates.ErrPastDate) {
				t.Fatalf("parseQuick(%q) unexpected error %v", s, err)
			}
			return
		}
		if q.ClientQuery == "" || q.Notes == "" {
			t.Fatalf("parseQuick(%q) = %+v without error", s, q)
		}
		// What the line gives is what Log stores without complaint.
		for _, r := range q.ClientQuery + q.Notes {
			if unicode.IsControl(r) && r != '\n' && r != '\t' {
				t.Fatalf("parseQuick(%q) = %+v keeps control U+%04X", s, q, r)
			}
		}
		if _, err := CheckNotes(q.Notes); err != nil {
			t.Fatalf("parseQuick(%q) notes %q refused by CheckNotes: %v", s, q.Notes, err)
		}
		if q.Kind != "" && !q.Kind.Valid() {
			t.Fatalf("parseQuick(%q) kind %q", s, q.Kind)
		}
		if (q.FollowUpOn == nil) != (hint == "") {
			t.Fatalf("parseQuick(%q) follow-up %v with hint %q", s, q.FollowUpOn, hint)
		}
		if q.FollowUpOn == nil {
			return
		}
		// A dotted number is the follow-up only behind a marker word.
		if dottedNumber(dates.Normalize(strings.TrimRight(hint, "。.!！~～ "))) {
			t.Fatalf("parseQuick(%q) took the bare dotted number %q as the follow-up", s, hint)
		}
		d := *q.FollowUpOn
		if got, err := CheckFollowUp(d, monday); err != nil || !got.Equal(d) {
			t.Fatalf("parseQuick(%q) follow-up %s refused by CheckFollowUp: %v", s, d, err)
		}
		// The hint is cut from the notes (unless the same words were also
		// written earlier, which then rightly stay).
		if strings.Count(s, hint) == 1 && strings.Contains(q.Notes, hint) {
			t.Fatalf("parseQuick(%q) notes %q still hold the hint %q", s, q.Notes, hint)
		}
	})
}

// FuzzParseQuickReadsTheFollowUpStepsDates pins "one parser, not two": any
// date the guided follow-up step takes (dates.ParseFuture, then Log's
// CheckFollowUp) ending a one-line visit is its follow-up, on the same day,
// and leaves the notes. A bare dotted number (12.9) is so only behind a
// marker word, and without one stays in the notes.
func FuzzParseQuickReadsTheFollowUpStepsDates(f *testing.F) {
	for _, s := range []string{"12月9日", "2026-12-09", "12/9", "下周二", "明天", "3d", "next tue", "月底", "两周后", "１２．９", "3.5", "2026.12.9", "12. 9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, date string) {
		want, err := dates.ParseFuture(date, monday)
		if err != nil {
			return
		}
		if want, err = CheckFollowUp(want, monday); err != nil {
			return
		}
		if strings.IndexFunc(date, func(r rune) bool { return unicode.IsControl(r) && !unicode.IsSpace(r) }) >= 0 {
			return // the line is refused whole: a control character
		}
		lines := []string{"Acme: met the buyer " + date, "华信：谈了报价 " + date}
		if dottedNumber(dates.Normalize(date)) {
			for _, line := range lines {
				q, err := ParseQuick(line, monday)
				kept := strings.HasPrefix(q.Notes, "met the buyer ") || strings.HasPrefix(q.Notes, "谈了报价 ")
				if err != nil || q.FollowUpOn != nil || !kept {
					t.Fatalf("ParseQuick(%q) = %+v, %v; a dotted number without a marker stays in the notes", line, q, err)
				}
			}
			lines = []string{"Acme: met the buyer, follow up " + date, "华信：谈了报价，跟进 " + date}
		}
		for _, line := range lines {
			q, err := ParseQuick(line, monday)
			if err != nil || q.FollowUpOn == nil || !q.FollowUpOn.Equal(want) {
				t.Fatalf("ParseQuick(%q) = %+v, %v; the follow-up step reads %q as %s", line, q, err, date, want.Format("2006-01-02"))
			}
			if q.Notes != "met the buyer" && q.Notes != "谈了报价" {
				t.Fatalf("ParseQuick(%q) notes %q", line, q.Notes)
			}
		}
	})
}
