package value

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// Decide records a manager's answer to an open suggestion: Change sets the
// client's tier to the suggested one through the client store (checked and
// audited as a tier edited in the chat), Keep leaves it and is audited on
// the client as "tier_kept". Either way the suggestion leaves the list and
// does not come back while its rule keeps holding.
//
// Rights as for List, on the client's team: ErrNotFound if the actor may
// not see it, access.ErrForbidden for its salespeople. ErrDecided (with the
// suggestion, which says who decided) when someone decided first,
// ErrOutdated when the rule stopped holding or the tier changed since. A
// repeat with the same non-zero originUpdate returns the suggestion as its
// first run left it.
//
// A change is two transactions, the tier's then the decision's: a crash
// between them leaves the tier changed and the suggestion undecided; the
// update's retry, or anyone's Change, finds the tier already suggested and
// records the decision, and otherwise the next night closes the suggestion,
// since its rule no longer holds.
func (s *Store) Decide(ctx context.Context, actor access.Actor, id int64, d Decision, originUpdate int64) (Suggestion, error) {
	if d != Change && d != Keep {
		return Suggestion{}, fmt.Errorf("decide tier suggestion: %w: %q", ErrInvalid, d)
	}
	if originUpdate != 0 {
		var done int64
		err := s.db.QueryRow(ctx, `SELECT id FROM tier_suggestions WHERE decision_update = $1`, originUpdate).Scan(&done)
		if err == nil {
			return s.Get(ctx, actor, done)
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return Suggestion{}, fmt.Errorf("decide tier suggestion: %w", err)
		}
	}
	var sg Suggestion
	recorded := false
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var err error
		if sg, err = loadSuggestion(ctx, tx, actor, id, true); err != nil {
			return err
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		if d == Change && sg.Decision == "" && sg.ClosedOn == nil && !sg.Archived && sg.Tier == sg.ToTier {
			// The tier is already the suggested one: this update's first
			// run changed it and stopped before recording, or someone
			// else did. The change stands; record it.
			recorded = true
			return record(ctx, tx, actor, id, Change, originUpdate, now)
		}
		if err := decidable(sg); err != nil {
			return err
		}
		if d == Change {
			return nil // the tier changes through the client store, below
		}
		recorded = true
		if err := record(ctx, tx, actor, id, Keep, originUpdate, now); err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Entry{ActorID: actor.StaffID, Entity: "client", EntityID: sg.ClientID,
			Action: "tier_kept", At: now, Changes: map[string]any{"tier": sg.FromTier, "suggested": sg.ToTier,
				"rule": sg.Rule, "suggestion_id": id}})
	})
	if errors.Is(err, ErrDecided) {
		return sg, fmt.Errorf("decide tier suggestion: %w", err)
	}
	if err != nil {
		return Suggestion{}, fmt.Errorf("decide tier suggestion: %w", err)
	}
	if !recorded {
		if err := s.change(ctx, actor, sg, originUpdate); err != nil {
			return Suggestion{}, fmt.Errorf("decide tier suggestion: %w", err)
		}
	}
	return s.Get(ctx, actor, id)
}

// change sets the client's tier as the suggestion says, then records the
// decision. The decision is recorded even over a concurrent Keep: the tier
// did change, and the row must say so.
func (s *Store) change(ctx context.Context, actor access.Actor, sg Suggestion, originUpdate int64) error {
	_, err := s.clients.Update(ctx, actor, sg.ClientID, client.Patch{Field: "tier", Value: sg.ToTier})
	if errors.Is(err, client.ErrNotFound) {
		return ErrOutdated // merged or gone since the list was read
	}
	if err != nil {
		return err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	return record(ctx, s.db, actor, sg.ID, Change, originUpdate, now)
}

// decidable refuses a suggestion that was decided, or no longer applies.
func decidable(sg Suggestion) error {
	switch {
	case sg.Decision != "":
		return ErrDecided
	case !sg.Open():
		return ErrOutdated
	}
	return nil
}

// record stores the decision on the suggestion.
func record(ctx context.Context, db audit.Execer, actor access.Actor, id int64, d Decision, originUpdate int64, at time.Time) error {
	var origin *int64
	if originUpdate != 0 {
		origin = &originUpdate
	}
	if _, err := db.Exec(ctx, `UPDATE tier_suggestions SET decision = $2, decided_by = $3, decided_at = $4,
		decision_update = $5 WHERE id = $1`, id, d, actor.StaffID, at, origin); err != nil {
		return fmt.Errorf("record decision: %w", err)
	}
	return nil
}
