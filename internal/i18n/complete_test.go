package i18n_test

import (
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/feedback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// strs turns a domain enumeration's typed values into their codes.
func strs[T ~string](vs ...T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// TestEveryDomainValueHasALabelInBothLanguages walks the domain packages'
// own lists, so a value added there without a label fails here, not on a
// user's screen. Roles and outbox statuses have no exported list; their
// constants are named one by one.
func TestEveryDomainValueHasALabelInBothLanguages(t *testing.T) {
	t.Parallel()
	domain := map[i18n.Enum][]string{
		i18n.Size:           client.Sizes,
		i18n.Tier:           client.Tiers,
		i18n.Stage:          client.Stages,
		i18n.VisitKind:      strs(visit.Kinds...),
		i18n.FeedbackKind:   strs(feedback.Kinds...),
		i18n.Severity:       strs(feedback.Severities...),
		i18n.FeedbackStatus: strs(feedback.Statuses...),
		i18n.Role:           strs(access.Sales, access.Manager, access.Admin),
		i18n.OutboxStatus: {outbox.StatusPending, outbox.StatusSending, outbox.StatusSent,
			outbox.StatusFailed, outbox.StatusUnreachable},
	}
	for e, values := range domain {
		if len(values) == 0 {
			t.Errorf("%s: the domain lists no values", e)
		}
		for _, v := range values {
			zh, okZH := i18n.ZH.Lookup(e, v)
			en, okEN := i18n.EN.Lookup(e, v)
			if !okZH || !okEN || zh == "" || en == "" {
				t.Errorf("%s %q has no label in both languages (zh %q, en %q)", e, v, zh, en)
			}
		}
	}
}
