package push

import (
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

func TestBackoffDoublesPerAttemptUpToTenMinutes(t *testing.T) {
	t.Parallel()
	for attempts, want := range []time.Duration{5 * time.Second, 10 * time.Second, 20 * time.Second, 40 * time.Second} {
		if got := backoff(5*time.Second, attempts); got != want {
			t.Errorf("backoff after %d attempts = %v, want %v", attempts, got, want)
		}
	}
	if got := backoff(5*time.Second, 60); got != maxPushBackoff {
		t.Errorf("backoff after 60 attempts = %v, want the cap", got)
	}
}

func TestPartsOfPutButtonsOnTheLastPartOnly(t *testing.T) {
	t.Parallel()
	btn := [][]outbox.Button{{{Text: "知道了", Data: "ack:1"}}}
	cases := []struct {
		name string
		row  outbox.Row
		want []string // "photo+caption", "photo", "text"; "*" marks buttons
	}{
		{"short text", outbox.Row{Message: outbox.Message{Text: "hi", Buttons: btn}}, []string{"text*"}},
		{"no buttons", outbox.Row{Message: outbox.Message{Text: "hi"}}, []string{"text"}},
		{"long text", outbox.Row{Message: outbox.Message{Text: strings.Repeat("a\n", 3000), Buttons: btn}}, []string{"text", "text*"}},
		{"photo only", outbox.Row{Message: outbox.Message{Photo: []byte{1}, Buttons: btn}}, []string{"photo+caption*"}},
		{"photo caption", outbox.Row{Message: outbox.Message{Photo: []byte{1}, Text: "chart", Buttons: btn}}, []string{"photo+caption*"}},
		{"photo long caption", outbox.Row{Message: outbox.Message{Photo: []byte{1}, Text: strings.Repeat("字", 1025), Buttons: btn}}, []string{"photo", "text*"}},
	}
	for _, c := range cases {
		var got []string
		for _, p := range partsOf(c.row) {
			s := "text"
			if p.photo != nil {
				s = "photo"
				if p.text != "" || c.row.Text == "" {
					s = "photo+caption"
				}
			}
			if p.markup != nil {
				s += "*"
			}
			got = append(got, s)
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: parts %v, want %v", c.name, got, c.want)
		}
	}
}
