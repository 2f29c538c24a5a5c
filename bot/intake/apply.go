package intake

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/jackc/pgx/v5"
)

// errLost means the chat's claim passed to another replica mid-way.
var errLost = errors.New("intake: claim lost")

// apply runs one update until it is applied or given up for good. It
// returns false when the chat must be left (shutdown, or the claim passed
// to another replica): the update then stays pending and runs again, and
// the user was told nothing about it.
func (in *Intake) apply(stop, work context.Context, chat int64, p pendingUpdate) bool {
	var u models.Update
	if err := decode(p, &u); err != nil {
		// Record stores only updates it could read, so this is a bug or a
		// hand-made row: nobody can be told, and retrying cannot help.
		u.ID = p.id
		return in.giveUp(stop, work, chat, &u, err, false)
	}
	first := time.Now()
	backoff := in.cfg.Backoff
	for attempt := 1; ; attempt++ {
		if attempt > 1 {
			// A retry after a long outage: make sure no other replica took
			// the chat over while our lease could not be renewed.
			ok, err := in.holds(work, chat)
			if err == nil && !ok {
				return false
			}
			if err != nil {
				in.log.Warn("update waits for the database", slog.Int64("update_id", u.ID), slog.Any("error", err))
				if time.Since(first) >= in.cfg.RetryFor {
					return in.giveUp(stop, work, chat, &u, err, true)
				}
				if !in.pause(stop, backoff) {
					return false
				}
				backoff = min(2*backoff, maxBackoff)
				continue
			}
		}
		err := in.h.Handle(work, &u)
		if err == nil {
			in.cfg.Observer.UpdateHandled(Kind(&u), time.Since(first))
			in.progressed()
			in.log.Debug("update handled", slog.Int64("update_id", u.ID), slog.Int("attempt", attempt))
			return true
		}
		if work.Err() != nil {
			return false
		}
		temporary := Transient(err)
		in.log.Warn("update failed", slog.Int64("update_id", u.ID), slog.Int("attempt", attempt),
			slog.Bool("transient", temporary), slog.Any("error", err))
		in.note(work, u.ID, err)
		in.cfg.Observer.UpdateAttemptFailed(Kind(&u), temporary)
		if !temporary && attempt >= permanentTries || temporary && time.Since(first) >= in.cfg.RetryFor {
			return in.giveUp(stop, work, chat, &u, err, temporary)
		}
		if !in.pause(stop, backoff) {
			return false
		}
		if temporary {
			backoff = min(2*backoff, maxBackoff)
		}
	}
}

// note records a failed attempt on the update's row, for operators.
func (in *Intake) note(ctx context.Context, id int64, err error) {
	if _, dbErr := in.db.Exec(ctx, `UPDATE updates SET attempts = attempts + 1, last_error = $2 WHERE update_id = $1`,
		id, Cause(err)); dbErr != nil {
		in.log.Debug("note failed attempt", slog.Int64("update_id", id), slog.Any("error", dbErr))
	}
}

// giveUp marks u processed and abandoned in the transaction that queues the
// user's notice, retrying while the database is away: an update is never
// reported failed and then applied after all. false: the chat must be left.
func (in *Intake) giveUp(stop, work context.Context, chat int64, u *models.Update, cause error, temporary bool) bool {
	in.log.Error("update given up", slog.Int64("update_id", u.ID), slog.Int64("chat_id", chat),
		slog.Bool("transient", temporary), slog.Any("error", cause))
	notify := true
	backoff := in.cfg.Backoff
	for {
		err := pgx.BeginFunc(work, in.db, func(tx pgx.Tx) error {
			tag, err := tx.Exec(work, `UPDATE updates SET processed_at = now(), abandoned_at = now(), last_error = $3
				WHERE update_id = $1 AND processed_at IS NULL
				  AND EXISTS (SELECT 1 FROM chat_claims WHERE chat_id = $2 AND owner = $4)`,
				u.ID, chat, Cause(cause), in.cfg.Owner)
			if err != nil {
				return fmt.Errorf("mark abandoned: %w", err)
			}
			if tag.RowsAffected() == 0 {
				return errLost
			}
			if notify {
				return in.h.Abandon(work, tx, u, temporary)
			}
			return nil
		})
		switch {
		case err == nil:
			in.cfg.Observer.UpdateFailed(Kind(u))
			in.progressed()
			in.h.Abandoned(work, u, temporary)
			return true
		case errors.Is(err, errLost), work.Err() != nil:
			return false
		case notify && !Transient(err):
			// The notice itself cannot be queued: give up without it
			// rather than hold the chat forever.
			in.log.Error("could not queue the failure notice", slog.Int64("update_id", u.ID), slog.Any("error", err))
			notify = false
			continue
		}
		in.log.Warn("could not give the update up yet; retrying", slog.Int64("update_id", u.ID), slog.Any("error", err))
		if !in.pause(stop, backoff) {
			return false
		}
		backoff = min(2*backoff, maxBackoff)
	}
}
