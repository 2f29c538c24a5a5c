package chat

import (
	"reflect"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/feedback"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// fullDrafts holds one draft of every flow, every field set, as a user's
// answers would leave it.
func fullDrafts() []draft {
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	lat, lon := 31.2304, 121.4737
	return []draft{
		&newClientDraft{TeamID: 2, Name: "华为技术有限公司", Industry: "IT/互联网", Size: "large", Tier: "key", Stage: "active",
			Region: "深圳", Contact: "张伟", Position: "采购经理", Phone: "+86 138-0013-8000", OwnerID: 7, OwnerName: "Alice"},
		&visitDraft{ClientID: 42, ClientName: "Acme", Kind: visit.Phone, Notes: "二期报价\nphase 2", Outcome: "quote sent",
			Voice: "voice-1", Photos: []string{"p1", "p2"}, FollowUp: &day, Lat: &lat, Lon: &lon, Quick: true, Satisfaction: 4},
		&feedbackDraft{ClientID: 42, ClientName: "Acme", TeamID: 2, OwnerID: 7, OwnerName: "Alice", Kind: feedback.Complaint,
			Body: "Late delivery", Severity: feedback.Medium, AssigneeID: 8, AssigneeName: "Bob", Due: &day, ContactID: 13, ContactName: "张伟"},
		&resolveDraft{FeedbackID: 9, Score: 5},
		&editDraft{ClientID: 42, Field: "next_review_on"},
		&contactDraft{ClientID: 42, Name: "Zhang Wei", Position: "buyer", Phone: "13800138000", Email: "zw@example.com", Birthday: &day},
		&dealDraft{ClientID: 42, Date: &day, Amount: "12500.50", Description: "phase 2"},
		&inviteDraft{Role: access.Manager},
		&greetingDateDraft{Name: "公司周年庆 / Company Anniversary"},
		&greetingTemplateDraft{Occasion: "mid_autumn", Lang: "en"},
		&mergeDraft{Survivor: 42, Name: "华为技术有限公司", Others: []int64{43, 44}, Choices: map[string]int64{"name": 43, "owner_id": 42}},
		&exportDraft{Team: 2, Owner: 7, From: &day, To: &day, Tier: "key", Stage: "active"},
		&reportDraft{Team: 2, From: &day, To: &day},
		&contactEditDraft{ContactID: 13, ClientID: 42, Field: "phone"},
		&importDraft{FileID: "BQACAgUAAxkBAAI-doc-1", FileName: "客户台账.xlsx", MIME: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Size: 8755},
		&receivableDraft{DealID: 8, DealOn: day, Amount: "100000.00", Paid: "40000.00", Outstanding: "60000.00", Pay: true,
			Invoiced: "95000.00", Payment: "30000.00"},
	}
}

func TestEveryFlowHasADraftThatSurvivesTheSessionStore(t *testing.T) {
	t.Parallel()
	seen := map[flow]bool{}
	for _, d := range fullDrafts() {
		f := d.flow()
		if _, ok := flows[f]; !ok {
			t.Errorf("%T belongs to flow %q, which has no title", d, f)
		}
		if seen[f] {
			t.Errorf("flow %q has two draft types", f)
		}
		seen[f] = true
		b, err := encodeDraft(d)
		if err != nil {
			t.Fatalf("encode %T: %v", d, err)
		}
		back := reflect.New(reflect.TypeOf(d).Elem()).Interface().(draft)
		if err := decodeDraft(b, back); err != nil {
			t.Fatalf("decode %T from %s: %v", d, b, err)
		}
		if !reflect.DeepEqual(back, d) {
			t.Errorf("%T came back as %+v from %s, want %+v", d, back, b, d)
		}
	}
	for f := range flows {
		if !seen[f] {
			t.Errorf("flow %q has no draft in this test", f)
		}
	}
}

// TestDraftKeptByThePreviousReleaseIsRefused: the release before typed
// drafts kept a map of strings beside the state, not a draft; a draft with
// a field this release does not know, or of another shape, is refused as
// well, so the user is told instead of an answer being dropped.
func TestDraftKeptByThePreviousReleaseIsRefused(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"", `{"client":"42","client_name":"Acme","kind":"phone"}`, `{"client_id":"42"}`,
		`{"client_id":42,"photos":"p1,p2"}`, `[]`, `null x`} {
		if err := decodeDraft([]byte(raw), &visitDraft{}); err == nil {
			t.Errorf("decodeDraft(%q) accepted", raw)
		}
	}
	var d visitDraft
	if err := decodeDraft([]byte(`{}`), &d); err != nil || !reflect.DeepEqual(d, visitDraft{}) {
		t.Errorf("an empty draft: %+v, %v", d, err)
	}
}
