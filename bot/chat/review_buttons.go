package chat

import (
	"errors"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/client"
)

// markReviewed answers "mark reviewed" on a review reminder: the client's
// next review moves a full cadence of its tier ahead.
func (r *req) markReviewed(clientID int64) error {
	c, err := r.a.clients.Get(r.ctx, r.me.Actor(), clientID)
	if errors.Is(err, client.ErrNotFound) {
		return r.notFound()
	}
	if err != nil {
		return r.fail("get client", err)
	}
	c, err = r.a.clients.MarkReviewed(r.ctx, r.me.Actor(), clientID, r.a.cadence[c.Tier])
	if err := r.reviewRefused(err); err != nil {
		return err
	}
	if r.acked {
		return nil
	}
	return r.reviewDone(c, r.l.F("✅ 已复核「%s」。下次复核：%s", "✅ Reviewed %s. Next review: %s", esc(c.Name), reviewDate(c)))
}

// snoozeReview answers "snooze" on a review reminder.
func (r *req) snoozeReview(clientID int64) error {
	c, err := r.a.clients.Snooze(r.ctx, r.me.Actor(), clientID, r.a.snoozeDays)
	if err := r.reviewRefused(err); err != nil {
		return err
	}
	if r.acked {
		return nil
	}
	return r.reviewDone(c, r.l.F("⏰ 「%s」的复核已推迟到 %s。", "⏰ The review of %s is snoozed to %s.", esc(c.Name), reviewDate(c)))
}

// reviewRefused turns the domain's refusals into a pop-up (and r.acked);
// it returns an error only for unexpected failures.
func (r *req) reviewRefused(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, client.ErrNotFound):
		return r.notFound()
	case errors.Is(err, access.ErrForbidden):
		return r.notice(r.l.T("只有负责人或经理可以处理这位客户的复核。", "Only the client's owner or a manager can handle its review."))
	}
	return r.fail("review client", err)
}

func (r *req) reviewDone(c client.Client, text string) error {
	_, err := r.show(text, telegram.NewKeyboard().Row(r.l.T("打开客户卡片", "Open client card"), callback.Card{Client: c.ID}.Data()))
	return err
}

func reviewDate(c client.Client) string {
	if c.NextReviewOn == nil {
		return "—"
	}
	return c.NextReviewOn.Format(time.DateOnly)
}
