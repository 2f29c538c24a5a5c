package chat

import (
	"errors"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/client"
)

// askArchive shows what archiving does and asks to confirm.
func (r *req) askArchive(id int64) error {
	c, ok, err := r.tidyClient(id)
	if !ok {
		return err
	}
	if c.ArchivedAt != nil {
		return r.card(c.ID)
	}
	l := r.l
	kb := telegram.NewKeyboard().Row(l.T("📦 确认归档", "📦 Archive it"), callback.ConfirmArchive{Client: c.ID}.Data(),
		l.T("« 返回", "« Back"), callback.Card{Client: c.ID}.Data())
	_, err = r.show(l.F("归档「%s」？\n\n归档后它不再出现在搜索、我的客户、重复检查和所有提醒（复核、跟进、流失预警、问候、周报）中；资料和记录都保留，经理和管理员可随时从卡片恢复。",
		"Archive %s?\n\nIt leaves search, My clients, the duplicate checks and every reminder (reviews, follow-ups, churn alerts, greetings, digests); its profile and records are kept, and managers and admins can restore it from its card at any time.",
		"<b>"+esc(c.Name)+"</b>"), kb)
	return err
}

// archive archives a client and shows its card, marked archived.
func (r *req) archive(id int64) error {
	c, err := r.a.clients.Archive(r.ctx, r.me.Actor(), id)
	if done, err := r.tidyRefused(err); done {
		return err
	}
	return r.card(c.ID)
}

// restore brings an archived client back and shows its card.
func (r *req) restore(id int64) error {
	c, err := r.a.clients.Restore(r.ctx, r.me.Actor(), id)
	if done, err := r.tidyRefused(err); done {
		return err
	}
	return r.card(c.ID)
}

// tidyClient loads a client the user may archive or merge, answering
// otherwise.
func (r *req) tidyClient(id int64) (client.Client, bool, error) {
	c, ok, err := r.visibleClient(id)
	if !ok {
		return c, false, err
	}
	if !client.CanTidy(r.me.Actor(), c.TeamID) {
		return c, false, r.notice(r.tidyForbidden())
	}
	return c, true, nil
}

func (r *req) tidyForbidden() string {
	return r.l.T("只有团队经理或管理员可以归档、恢复或合并客户。", "Only the team's managers and admins can archive, restore or merge clients.")
}

// tidyRefused answers what the domain refused of an archive, restore or
// merge; done is false when err is nil.
func (r *req) tidyRefused(err error) (done bool, _ error) {
	switch {
	case err == nil:
		return false, nil
	case errors.Is(err, client.ErrNotFound):
		return true, r.notFound()
	case errors.Is(err, access.ErrForbidden):
		return true, r.notice(r.tidyForbidden())
	case errors.Is(err, client.ErrDifferentTeams):
		return true, r.notice(r.l.T("不同团队的客户不能合并：请先把客户移交到同一团队。", "Clients of different teams cannot be merged: hand one over to the other team first."))
	case errors.Is(err, client.ErrArchived):
		return true, r.notice(r.l.T("已归档的客户不能合并，请先恢复。", "An archived client cannot be merged; restore it first."))
	case errors.Is(err, client.ErrInvalid):
		return true, r.invalidButton()
	}
	return true, r.fail("tidy client", err)
}
