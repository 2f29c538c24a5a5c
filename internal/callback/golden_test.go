package callback

import (
	"bufio"
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

const maxID = 1<<63 - 1

// goldenActions are the actions of testdata/golden.txt, line for line.
var goldenActions = []Action{
	Card{42}, Card{maxID}, StartVisit{42}, StartFeedback{42}, Contacts{42}, NewContact{42}, NewDeal{42}, EditClient{42},
	History{42, HistoryVisits, 0}, History{42, HistoryFeedback, 1}, History{42, HistoryDeals, MaxHistoryPage},
	ViewFeedback{7}, StartHandling{7}, ResolveFeedback{7}, FollowUpDone{9}, Reviewed{42}, SnoozeReview{42},
	AckChurn{5}, ShowChurn{5}, ChooseWinback{5}, AssignWinback{5, 3},
	RiskPage{0}, RiskPage{1}, RiskPage{MaxRiskPage},
	RetryMessage{11}, GreetingLink{13}, DeleteCustomDate{1}, ShowTemplate{1}, ShowTemplate{9}, ResetTemplate{1},
	AddCustomDate{}, JobsList{},
	RunJob{"greetings"}, RunJob{"reminders"}, RunJob{"churn"}, RunJob{"escalation"}, RunJob{"digest"}, RunJob{"retention"},
	SetLang{i18n.ZH}, SetLang{i18n.EN},
	Flow{"0a1b2c3d", "save"}, Flow{"0a1b2c3d", "cancel"}, Flow{"0a1b2c3d", "skip"}, Flow{"0a1b2c3d", "done"},
	Flow{"0a1b2c3d", "today"}, Flow{"0a1b2c3d", "primary"}, Flow{"0a1b2c3d", "dupok"},
	Flow{"0a1b2c3d", "set:medium"}, Flow{"0a1b2c3d", "set:in_progress"}, Flow{"0a1b2c3d", "set:0"},
	Flow{"0a1b2c3d", "pick:42"}, Flow{"0a1b2c3d", "who:7"}, Flow{"0a1b2c3d", "field:phone"},
	Flow{"0a1b2c3d", "d:7"}, Flow{"0a1b2c3d", "m:1"}, Flow{"ffffffff", "pick:9223372036854775807"},
}

// golden reads the forms of testdata/golden.txt.
func golden(t testing.TB) []string {
	t.Helper()
	raw, err := os.ReadFile("testdata/golden.txt")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

func TestEveryActionEncodesToItsGoldenForm(t *testing.T) {
	t.Parallel()
	lines := golden(t)
	if len(lines) != len(goldenActions) {
		t.Fatalf("golden.txt has %d forms, goldenActions %d", len(lines), len(goldenActions))
	}
	for i, a := range goldenActions {
		if got := a.Data(); got != lines[i] {
			t.Errorf("%#v.Data() = %q, golden %q", a, got, lines[i])
		}
	}
}

func TestEveryGoldenFormParsesToItsAction(t *testing.T) {
	t.Parallel()
	lines := golden(t)
	for i, line := range lines {
		got, err := Parse(line)
		if err != nil {
			t.Errorf("Parse(%q): %v", line, err)
			continue
		}
		if i < len(goldenActions) && got != goldenActions[i] {
			t.Errorf("Parse(%q) = %#v, want %#v", line, got, goldenActions[i])
		}
	}
}

func TestEveryActionNameHasAGoldenForm(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, line := range golden(t) {
		name, _, _ := strings.Cut(line, ":")
		seen[name] = true
	}
	for name := range parsers {
		if !seen[name] {
			t.Errorf("action %q has no form in golden.txt", name)
		}
	}
}
