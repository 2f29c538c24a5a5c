package feedback

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// Start moves a record from open to in_progress: the assignee has taken it
// up. Allowed for the assignee, the team's managers and admins (else
// access.ErrForbidden); from any other status it is ErrBadTransition.
func (s *Store) Start(ctx context.Context, actor access.Actor, id int64) (Feedback, error) {
	f, err := s.transition(ctx, actor, id, []Status{Open}, InProgress, "", 0)
	if err != nil {
		return Feedback{}, fmt.Errorf("start feedback: %w", err)
	}
	return f, nil
}

// Resolve closes an open or in-progress record with what was done about it
// (CheckResolution, else ErrInvalid). Same permission as Start; resolving a
// resolved record is ErrBadTransition.
//
// score is the client's satisfaction with the resolution as the resolver
// read it (visit.CheckScore, else ErrInvalid), 0 when not given; it is
// recorded in the same transaction. So is the survey to the contact who
// raised the feedback, when they subscribed through their greeting link
// (see enqueueSurvey): both commit exactly when the record is resolved.
func (s *Store) Resolve(ctx context.Context, actor access.Actor, id int64, resolution string, score int) (Feedback, error) {
	text, err := CheckResolution(resolution)
	if err != nil {
		return Feedback{}, fmt.Errorf("resolve feedback: %w", err)
	}
	if score != 0 {
		if err := visit.CheckScore(score); err != nil {
			return Feedback{}, fmt.Errorf("resolve feedback: %w: %w", ErrInvalid, err)
		}
	}
	f, err := s.transition(ctx, actor, id, []Status{Open, InProgress}, Resolved, text, score)
	if err != nil {
		return Feedback{}, fmt.Errorf("resolve feedback: %w", err)
	}
	return f, nil
}

// canHandle reports whether the actor may move f along: its assignee, a
// manager of its team, or an admin.
func canHandle(actor access.Actor, f Feedback) bool {
	switch actor.Role {
	case access.Admin:
		return true
	case access.Manager:
		return actor.TeamID != 0 && actor.TeamID == f.TeamID
	}
	return actor.StaffID == f.AssigneeID
}

// isManagerOf reports whether the actor may reassign f: a manager of its
// team, or an admin.
func isManagerOf(actor access.Actor, f Feedback) bool {
	return actor.Role == access.Admin ||
		(actor.Role == access.Manager && actor.TeamID != 0 && actor.TeamID == f.TeamID)
}

// transition moves record id from one of from to to. The status condition
// sits in the UPDATE itself, so of two concurrent calls exactly one changes
// the row and the other finds it in the new status: ErrBadTransition.
func (s *Store) transition(ctx context.Context, actor access.Actor, id int64, from []Status, to Status, resolution string, score int) (Feedback, error) {
	var out Feedback
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		cur, err := s.load(ctx, tx, actor, id, true)
		if err != nil {
			return err
		}
		if !canHandle(actor, cur) {
			return access.ErrForbidden
		}
		now := s.now()
		tag, err := tx.Exec(ctx, `UPDATE feedback SET status = $3, updated_at = $4,
			resolution = CASE WHEN $3 = 'resolved' THEN $5 ELSE resolution END,
			resolved_at = CASE WHEN $3 = 'resolved' THEN $4 ELSE resolved_at END
			WHERE id = $1 AND status = ANY($2)`, id, from, to, now, resolution)
		if err != nil {
			return fmt.Errorf("update status: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("%s -> %s: %w", cur.Status, to, ErrBadTransition)
		}
		changes := map[string]any{"status": audit.Change{From: cur.Status, To: to}}
		if to == Resolved {
			changes["resolution"] = audit.Change{From: cur.Resolution, To: resolution}
			if err := s.afterResolve(ctx, tx, actor, cur, score, now); err != nil {
				return err
			}
			if score != 0 {
				changes["satisfaction"] = score
			}
		}
		if err := audit.Write(ctx, tx, audit.Entry{
			ActorID: actor.StaffID, Entity: "feedback", EntityID: id, Action: "status", At: now, Changes: changes,
		}); err != nil {
			return err
		}
		out, err = s.load(ctx, tx, actor, id, false)
		return err
	})
	return out, err
}

// Reassign makes another staff member responsible for an unresolved record.
// Only the team's managers and admins may (else access.ErrForbidden); the new
// assignee must be an active member of the client's team or an admin (else
// ErrInvalid); a resolved record is ErrBadTransition.
func (s *Store) Reassign(ctx context.Context, actor access.Actor, id, assigneeID int64) (Feedback, error) {
	var out Feedback
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		cur, err := s.load(ctx, tx, actor, id, true)
		if err != nil {
			return err
		}
		if !isManagerOf(actor, cur) {
			return access.ErrForbidden
		}
		ok, err := canAssign(ctx, tx, assigneeID, cur.TeamID)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("assignee %d is not an active member of team %d nor an admin: %w", assigneeID, cur.TeamID, ErrInvalid)
		}
		now := s.now()
		tag, err := tx.Exec(ctx, `UPDATE feedback SET assignee_id = $3, updated_at = $4
			WHERE id = $1 AND status = ANY($2)`, id, []Status{Open, InProgress}, assigneeID, now)
		if err != nil {
			return fmt.Errorf("update assignee: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("reassign %s: %w", cur.Status, ErrBadTransition)
		}
		if err := audit.Write(ctx, tx, audit.Entry{
			ActorID: actor.StaffID, Entity: "feedback", EntityID: id, Action: "reassign", At: now,
			Changes: map[string]any{"assignee_id": audit.Change{From: cur.AssigneeID, To: assigneeID}},
		}); err != nil {
			return err
		}
		out, err = s.load(ctx, tx, actor, id, false)
		return err
	})
	if err != nil {
		return Feedback{}, fmt.Errorf("reassign feedback: %w", err)
	}
	return out, nil
}
