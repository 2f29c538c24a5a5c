package callback

import (
	"errors"
	"strings"
	"testing"
)

func TestParseRefusesForgedDataAsMalformedOrUnknown(t *testing.T) {
	t.Parallel()
	unknown := map[string]bool{"": true, ":": true, "zz": true, "C:1": true}
	for _, s := range forged {
		a, err := Parse(s)
		want := ErrMalformed
		if unknown[s] {
			want = ErrUnknown
		}
		if !errors.Is(err, want) || a != nil {
			t.Errorf("Parse(%q) = %#v, %v; want %v", s, a, err, want)
		}
	}
}

func TestParseRefusesDataOverTelegramsLimit(t *testing.T) {
	t.Parallel()
	s := "f:0a1b2c3d:" + strings.Repeat("x", MaxChoice+1)
	if _, err := Parse(s); !errors.Is(err, ErrMalformed) {
		t.Errorf("Parse of %d bytes: %v", len(s), err)
	}
}

func TestParseErrorDoesNotQuoteTheData(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"secret-forged-data", "c:secret"} {
		if _, err := Parse(s); err == nil || strings.Contains(err.Error(), "secret") {
			t.Errorf("Parse(%q) error %v", s, err)
		}
	}
}

// invalid are actions no button may carry: Encode refuses them and Data
// panics, so they never reach an outbox row.
var invalid = []Action{
	Card{0}, Card{-1}, StartVisit{}, StartFeedback{}, Contacts{}, NewContact{}, NewDeal{}, EditClient{},
	History{0, HistoryVisits, 0}, History{1, "x", 0}, History{1, "", 0}, History{1, HistoryDeals, -1},
	History{1, HistoryDeals, MaxHistoryPage + 1}, ViewFeedback{}, StartHandling{}, ResolveFeedback{},
	FollowUpDone{}, Reviewed{}, SnoozeReview{}, AckChurn{}, ShowChurn{}, ChooseWinback{},
	AssignWinback{1, 0}, AssignWinback{0, 1}, RiskPage{-1}, RiskPage{MaxRiskPage + 1}, RetryMessage{},
	GreetingLink{}, DeleteCustomDate{}, ShowTemplate{}, ResetTemplate{}, RunJob{}, RunJob{"Run"},
	RunJob{strings.Repeat("a", MaxJobName+1)}, SetLang{}, SetLang{"fr"}, SetLang{"en-GB"},
	Flow{}, Flow{"0a1b2c3d", ""}, Flow{"0a1b2c3", "save"}, Flow{"0A1B2C3D", "save"},
	Flow{"0a1b2c3d", "a b"}, Flow{"0a1b2c3d", strings.Repeat("x", MaxChoice+1)},
}

func TestEncodeRefusesAnActionWithoutAForm(t *testing.T) {
	t.Parallel()
	for _, a := range invalid {
		if s, err := Encode(a); !errors.Is(err, ErrInvalid) {
			t.Errorf("Encode(%#v) = %q, %v; want ErrInvalid", a, s, err)
		}
	}
}

func TestDataPanicsOnAnActionWithoutAForm(t *testing.T) {
	t.Parallel()
	for _, a := range invalid {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%#v.Data() did not panic", a)
				}
			}()
			_ = a.Data()
		}()
	}
}

func TestTheLongestFlowChoiceFillsTelegramsLimitExactly(t *testing.T) {
	t.Parallel()
	s := Flow{"0a1b2c3d", strings.Repeat("x", MaxChoice)}.Data()
	if len(s) != MaxLen {
		t.Errorf("%d bytes, want %d", len(s), MaxLen)
	}
	if a, err := Parse(s); err != nil || a.Data() != s {
		t.Errorf("Parse: %v", err)
	}
}
