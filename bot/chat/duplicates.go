package chat

import (
	"errors"
	"strings"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/dedupe"
)

// duplicatesCommand answers /duplicates: the team's likely duplicates for
// a manager, a choice of team for an admin without one.
func (r *req) duplicatesCommand() error {
	actor := r.me.Actor()
	switch {
	case actor.Role == access.Sales:
		return r.say(r.tidyForbidden())
	case actor.TeamID != 0:
		return r.duplicates(actor.TeamID, 0)
	}
	teams, err := r.a.staff.Teams(r.ctx, actor)
	if err != nil {
		return r.fail("list teams", err)
	}
	kb := telegram.NewKeyboard()
	for _, t := range teams {
		kb.Row(clip(t.Name, 30), callback.Duplicates{Team: t.ID}.Data())
	}
	_, err = r.show(r.l.T("查看哪个团队的重复客户？", "Which team's duplicates?"), kb)
	return err
}

// duplicates shows one page of a team's likely duplicate pairs, each with
// a merge and a "not duplicates" button.
func (r *req) duplicates(team int64, page int) error {
	ps, more, err := r.a.duplicates.List(r.ctx, r.me.Actor(), team, page)
	switch {
	case errors.Is(err, access.ErrForbidden):
		return r.notice(r.tidyForbidden())
	case err != nil:
		return r.fail("list duplicates", err)
	}
	l := r.l
	var b strings.Builder
	b.WriteString(l.T("🧹 <b>可能重复的客户</b>\n", "🧹 <b>Likely duplicate clients</b>\n"))
	if len(ps) == 0 && page == 0 {
		b.WriteString(l.T("没有发现可能重复的客户。", "No likely duplicates found."))
	}
	kb := telegram.NewKeyboard()
	for i, p := range ps {
		n := page*dedupe.PageSize + i + 1
		b.WriteString(dedupe.Line(l, n, p) + "\n")
		kb.Row(l.F("🔀 合并 %d", "🔀 Merge %d", n), callback.MergePair{Survivor: p.A.ID, Other: p.B.ID}.Data(),
			l.F("不是重复 %d", "Not duplicates %d", n), callback.NotDuplicate{A: p.A.ID, B: p.B.ID}.Data())
	}
	var nav []string
	if page > 0 {
		nav = append(nav, l.T("‹ 上一页", "‹ Previous"), callback.Duplicates{Team: team, Page: page - 1}.Data())
	}
	if more && page < callback.MaxDuplicatesPage {
		nav = append(nav, l.T("下一页 ›", "Next ›"), callback.Duplicates{Team: team, Page: page + 1}.Data())
	}
	kb.Row(nav...)
	_, err = r.show(b.String(), kb)
	return err
}

// notDuplicate dismisses a listed pair and shows the list again.
func (r *req) notDuplicate(a, b int64) error {
	err := r.a.duplicates.Dismiss(r.ctx, r.me.Actor(), a, b)
	switch {
	case errors.Is(err, dedupe.ErrNotFound):
		return r.notFound()
	case errors.Is(err, access.ErrForbidden):
		return r.notice(r.tidyForbidden())
	case err != nil:
		return r.fail("dismiss duplicates", err)
	}
	c, err := r.a.clients.Get(r.ctx, r.me.Actor(), a)
	if errors.Is(err, client.ErrNotFound) {
		return r.notFound()
	}
	if err != nil {
		return r.fail("get client", err)
	}
	r.acked = true
	if err := r.a.out.answer(r.ctx, r.ev.CallbackID, r.l.T("已标记为不是重复。", "Marked as not duplicates."), false); err != nil {
		return err
	}
	return r.duplicates(c.TeamID, 0)
}
