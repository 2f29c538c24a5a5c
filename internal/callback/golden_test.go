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
	// The manager's desk: members and hand-over, contacts, changes.
	Members{3}, Member{7}, Deactivate{7}, HandOver{7}, HandOverPick{7, 0}, HandOverPick{7, MaxHandOverPage},
	HandOverChoose{HandOverClient, 42, 3}, HandOverChoose{HandOverAll, 7, 3}, HandOverChoose{HandOverDeactivate, 7, 3},
	HandOverConfirm{HandOverClient, 42, 8}, HandOverConfirm{HandOverDeactivate, 7, 0},
	HandOverRun{HandOverAll, 7, 8}, HandOverRun{HandOverDeactivate, 7, 0},
	EditContact{13}, EditContactField{13, ContactPhone}, EditContactField{13, ContactPrimary},
	RemoveContact{13}, RemoveContactConfirmed{13}, Changes{42, 0}, Changes{42, MaxChangesPage}, StaffChanges{7, 1},
	// Import.
	ImportShow{42, 0, 0}, ImportShow{42, 2, 1}, ImportPickColumn{42, 0, 3, 0}, ImportPickColumn{42, 1, 99, 2},
	ImportSetColumn{42, 0, 3, "client.tier", 0}, ImportSetColumn{42, 0, 4, "contact.phone", 1}, ImportSetColumn{42, 0, 5, ImportIgnore, 0},
	ImportUseSheet{42, 1, false}, ImportUseSheet{42, 1, true},
	ImportSetKind{42, 0, "clients"}, ImportSetKind{42, 1, "contacts"}, ImportSetKind{42, 2, "deals"}, ImportSetKind{42, 3, "visits"},
	ImportDryRun{42, "error"}, ImportDryRun{42, "importer"},
	ImportReport{42, "skip"}, ImportReport{42, "fill"}, ImportReport{42, "overwrite"}, ImportReport{42, "create"},
	ImportConfirm{42, "skip"}, ImportConfirm{42, "fill"}, ImportConfirm{42, "overwrite"}, ImportConfirm{42, "create"},
	ImportCancel{42}, ImportUndo{42, false}, ImportUndo{42, true},
	ImportSetColumn{maxID, MaxImportSheet, MaxImportCol, "abcdefghijklmnopqrstuvwx", MaxImportSlot},
	// Export.
	Export{From: day(2026, 11, 1), To: day(2026, 11, 30)},
	Export{Team: 5, From: day(2026, 1, 1), To: day(2026, 3, 31), Tier: "key"},
	Export{Owner: 7, From: day(2026, 10, 1), To: day(2026, 10, 31), Stage: "active"},
	// Merge, archive, duplicates.
	Merge{42}, MergePair{42, 43}, Archive{42}, ConfirmArchive{42}, Restore{42},
	Duplicates{3, 0}, Duplicates{3, MaxDuplicatesPage}, NotDuplicate{42, 43}, RunJob{"duplicates"},
	// Satisfaction and credit: the contact's survey, receivables and
	// payments, and the flow choices of the score, the contact who raised
	// feedback and the receivable steps.
	SurveyAnswer{7, 1}, SurveyAnswer{7, 5}, Receivables{42}, DealReceivable{8}, DealTerms{8}, DealPayment{8},
	Flow{"0a1b2c3d", "sat:1"}, Flow{"0a1b2c3d", "sat:5"}, Flow{"0a1b2c3d", "con:13"},
	Flow{"0a1b2c3d", "same"}, Flow{"0a1b2c3d", "all"}, Flow{"0a1b2c3d", "term:30"},
	// The 考核 report's workbook: every team, one team.
	ReportFile{From: day(2026, 11, 1), To: day(2026, 11, 30)}, ReportFile{Team: 5, From: day(2026, 10, 1), To: day(2026, 12, 31)},
	// The tier review: a page of a team's suggestions, and the answers.
	Tiers{3, 0}, Tiers{3, MaxTiersPage}, TierChange{9}, TierKeep{9},
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
