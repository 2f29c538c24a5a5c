package chat

import (
	"fmt"
	"strings"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/dates"
)

// followMerged points a button on a merged client (an old card's, an old
// reminder's) at its survivor, so it acts on the client that now holds the
// records. The card follows on its own, in its batched read.
func (r *req) followMerged(a callback.Action) (callback.Action, error) {
	follow := func(id *int64) error {
		to, err := r.a.clients.Follow(r.ctx, *id)
		if err != nil {
			return r.fail("follow merged client", err)
		}
		*id = to
		return nil
	}
	var err error
	switch x := a.(type) {
	case callback.StartVisit:
		err = follow(&x.Client)
		a = x
	case callback.StartFeedback:
		err = follow(&x.Client)
		a = x
	case callback.Contacts:
		err = follow(&x.Client)
		a = x
	case callback.NewContact:
		err = follow(&x.Client)
		a = x
	case callback.NewDeal:
		err = follow(&x.Client)
		a = x
	case callback.EditClient:
		err = follow(&x.Client)
		a = x
	case callback.History:
		err = follow(&x.Client)
		a = x
	case callback.Reviewed:
		err = follow(&x.Client)
		a = x
	case callback.SnoozeReview:
		err = follow(&x.Client)
		a = x
	case callback.Merge:
		err = follow(&x.Client)
		a = x
	}
	return a, err
}

// cardRedirect handles a card read that is not the plain client: a merged
// client's id read its survivor (c.ID differs from id), whose card is shown
// instead; an archived client is shown only to those who may restore it.
// done reports that it answered.
func (r *req) cardRedirect(id int64, c client.Client) (done bool, err error) {
	switch {
	case c.ID != id:
		return true, r.card(c.ID)
	case c.ArchivedAt != nil && !client.CanTidy(r.me.Actor(), c.TeamID):
		return true, r.notFound()
	}
	return false, nil
}

// archivedLine is the card's mark of an archived client, "" for others.
func (r *req) archivedLine(c client.Client) string {
	if c.ArchivedAt == nil {
		return ""
	}
	return r.l.F("📦 <b>已归档</b>（%s）：不出现在搜索、列表和提醒中。\n", "📦 <b>Archived</b> (%s): not in search, lists or reminders.\n",
		dates.Today(*c.ArchivedAt, r.a.loc).Format("2006-01-02"))
}

// tidyRow adds the card's merge and archive buttons (restore, for an
// archived client) for those who may use them.
func (r *req) tidyRow(kb *telegram.Keyboard, c client.Client) {
	if !client.CanTidy(r.me.Actor(), c.TeamID) {
		return
	}
	if c.ArchivedAt != nil {
		kb.Row(r.l.T("♻️ 恢复", "♻️ Restore"), callback.Restore{Client: c.ID}.Data())
		return
	}
	kb.Row(r.l.T("🔀 合并", "🔀 Merge"), callback.Merge{Client: c.ID}.Data(),
		r.l.T("📦 归档", "📦 Archive"), callback.Archive{Client: c.ID}.Data())
}

// clientList names clients for a sentence: 「A」、「B」.
func clientList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("「%s」", esc(clip(n, 30)))
	}
	return strings.Join(quoted, "、")
}
