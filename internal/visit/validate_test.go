package visit

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/dates"
)

// The checkers the visit conversation runs at each step are Log's own
// rules: notes and outcome as typed, the follow-up day.
func TestCheckersAreLogsRules(t *testing.T) {
	t.Parallel()
	text := []struct {
		name  string
		check func(string) (string, error)
		in    string
		want  string
		err   error
	}{
		{"notes", CheckNotes, " 谈了报价\n下周回复 ", "谈了报价\n下周回复", nil},
		{"notes over lines", CheckNotes, "a\r\nb", "a\nb", nil},
		{"notes of zero-width spaces are empty", CheckNotes, "\u200b", "", nil},
		{"notes with NUL", CheckNotes, "a\x00", "", client.ErrControlChar},
		{"notes too long", CheckNotes, strings.Repeat("话", MaxNotes+1), "", client.ErrTooLong},
		{"outcome", CheckOutcome, "报价已发", "报价已发", nil},
		{"outcome too long", CheckOutcome, strings.Repeat("o", MaxOutcome+1), "", client.ErrTooLong},
		{"outcome with a C1 control", CheckOutcome, "ok\u009b", "", client.ErrControlChar},
	}
	for _, c := range text {
		got, err := c.check(c.in)
		if c.err == nil && (err != nil || got != c.want) || c.err != nil && (!errors.Is(err, c.err) || !errors.Is(err, ErrInvalid)) {
			t.Errorf("%s: %q gave %q, %v; want %q, %v", c.name, c.in, got, err, c.want, c.err)
		}
	}
	days := []struct {
		d   *time.Time
		err error
	}{
		{day(2026, 11, 23), nil},
		{day(2031, 11, 23), nil},
		{day(2026, 11, 22), dates.ErrPastDate},
		{day(2031, 11, 24), ErrTooFar},
	}
	for _, c := range days {
		got, err := CheckFollowUp(c.d.Add(15*time.Hour), monday.Add(9*time.Hour))
		if !errors.Is(err, c.err) || c.err == nil && (err != nil || !got.Equal(*c.d)) {
			t.Errorf("CheckFollowUp(%s) = %s, %v; want %v", show(c.d), got, err, c.err)
		}
	}
}
