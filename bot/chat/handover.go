package chat

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/handover"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/staff"
)

// Hand-over (交接) screens. Every step is a button that carries all its
// choices (callback.HandOver*), so nothing waits in a draft, and the last
// one asks internal/handover, which checks the rights again.

const handOverPage = 10

// handOver asks whether to hand over all of a person's clients or one.
func (r *req) handOver(staffID int64) error {
	m, ok, err := r.seenMember(staffID)
	if !ok {
		return err
	}
	h, err := r.a.handover.Holdings(r.ctx, r.me.Actor(), staffID)
	if err != nil {
		return r.handoverErr("holdings", err)
	}
	l := r.l
	kb := telegram.NewKeyboard()
	if h.Clients > 0 && m.TeamID != 0 {
		kb.Row(l.F("全部客户（%d 个）", "All clients (%d)", h.Clients), callback.HandOverChoose{Kind: callback.HandOverAll, Subject: staffID, Team: m.TeamID}.Data())
		kb.Row(l.T("选择一个客户", "Choose one client"), callback.HandOverPick{Staff: staffID}.Data())
	}
	kb.Row(l.T("« 返回", "« Back"), callback.Member{Staff: staffID}.Data())
	_, err = r.show(l.F("📦 交接 <b>%s</b> 的客户：移交全部，还是选择一个？", "📦 Hand over <b>%s</b>'s clients: all of them, or one?", esc(m.Name)), kb)
	return err
}

// handOverPick lists a person's clients, one page, to hand one over.
func (r *req) handOverPick(staffID int64, page int) error {
	m, ok, err := r.seenMember(staffID)
	if !ok {
		return err
	}
	cs, total, err := r.a.handover.Owned(r.ctx, r.me.Actor(), staffID, page*handOverPage, handOverPage)
	if err != nil {
		return r.handoverErr("owned clients", err)
	}
	l := r.l
	kb := telegram.NewKeyboard()
	for _, c := range cs {
		kb.Row(clip(c.Name, 30), callback.HandOverChoose{Kind: callback.HandOverClient, Subject: c.ID, Team: m.TeamID}.Data())
	}
	var nav []string
	if page > 0 {
		nav = append(nav, l.T("‹ 上一页", "‹ Previous"), callback.HandOverPick{Staff: staffID, Page: page - 1}.Data())
	}
	if (page+1)*handOverPage < total && page < callback.MaxHandOverPage {
		nav = append(nav, l.T("下一页 ›", "Next ›"), callback.HandOverPick{Staff: staffID, Page: page + 1}.Data())
	}
	kb.Row(nav...)
	kb.Row(l.T("« 返回", "« Back"), callback.HandOver{Staff: staffID}.Data())
	_, err = r.show(l.F("选择要移交的 %s 的客户（共 %d 个）：", "Which of %s's clients (%d in all)?", esc(m.Name), total), kb)
	return err
}

// handOverChoose lists who in a team may receive; admins may switch teams,
// and a deactivation may go to the team's managers in turn.
func (r *req) handOverChoose(a callback.HandOverChoose) error {
	if r.me.Role == access.Sales {
		return r.notice(r.l.T("只有经理和管理员可以交接客户。", "Only managers and admins hand clients over."))
	}
	what, skip, back, ok, err := r.handOverSubject(a.Kind, a.Subject)
	if !ok {
		return err
	}
	team := a.Team
	if r.me.Role != access.Admin {
		team = r.me.TeamID
	}
	ms, err := r.a.staff.TeamMembers(r.ctx, r.me.Actor(), team)
	switch {
	case errors.Is(err, staff.ErrNotFound):
		return r.notice(r.l.T("这个团队不存在，或您无权查看。", "That team does not exist or you may not see it."))
	case err != nil:
		return r.fail("team members", err)
	}
	l := r.l
	kb := telegram.NewKeyboard()
	managers := 0
	for _, m := range ms {
		if m.ID == skip {
			continue
		}
		if m.Role == access.Manager {
			managers++
		}
		kb.Row(clip(m.Name, 24)+" · "+l.Label(i18n.Role, string(m.Role)), callback.HandOverConfirm{Kind: a.Kind, Subject: a.Subject, To: m.ID}.Data())
	}
	if a.Kind == callback.HandOverDeactivate {
		h, err := r.a.handover.Holdings(r.ctx, r.me.Actor(), a.Subject)
		if err != nil {
			return r.handoverErr("holdings", err)
		}
		if h == (handover.Holdings{}) {
			kb.Row(l.T("直接停用（没有需要交接的）", "Deactivate (nothing to hand over)"), callback.HandOverConfirm{Kind: a.Kind, Subject: a.Subject}.Data())
			managers = 0
		}
	}
	if a.Kind == callback.HandOverDeactivate && managers > 0 {
		kb.Row(l.T("交给团队经理（按客户轮流分配）", "To the team's managers (clients shared in turn)"), callback.HandOverConfirm{Kind: a.Kind, Subject: a.Subject}.Data())
	}
	if r.me.Role == access.Admin {
		ts, err := r.a.staff.Teams(r.ctx, r.me.Actor())
		if err != nil {
			return r.fail("list teams", err)
		}
		for _, t := range ts {
			if t.ID != team {
				kb.Row(l.F("→ 其他团队：%s", "→ Another team: %s", clip(t.Name, 24)), callback.HandOverChoose{Kind: a.Kind, Subject: a.Subject, Team: t.ID}.Data())
			}
		}
	}
	kb.Row(l.T("« 返回", "« Back"), back)
	_, err = r.show(what+"\n"+l.T("交给谁？", "To whom?"), kb)
	return err
}

// handOverSubject describes what a hand-over moves; skip is who may not
// receive it (the client's owner), back the screen to return to.
func (r *req) handOverSubject(kind callback.HandOverKind, subject int64) (what string, skip int64, back string, ok bool, err error) {
	l := r.l
	if kind == callback.HandOverClient {
		c, ok, err := r.visibleClient(subject)
		if !ok {
			return "", 0, "", false, err
		}
		return l.F("📦 移交客户 <b>%s</b>（负责人：%s）", "📦 Hand over <b>%s</b> (owner: %s)", esc(c.Name), esc(orDash(c.OwnerName))),
			c.OwnerID, callback.Card{Client: subject}.Data(), true, nil
	}
	m, ok, err := r.seenMember(subject)
	if !ok {
		return "", 0, "", false, err
	}
	h, err := r.a.handover.Holdings(r.ctx, r.me.Actor(), subject)
	if err != nil {
		return "", 0, "", false, r.handoverErr("holdings", err)
	}
	if kind == callback.HandOverAll {
		return l.F("📦 移交 <b>%s</b> 的全部 %d 个客户", "📦 Hand over all %d clients of <b>%s</b>", h.Clients, esc(m.Name)),
			subject, callback.HandOver{Staff: subject}.Data(), true, nil
	}
	return l.F("⛔ 停用 <b>%s</b>：停用后立即无法使用机器人。其 %d 个客户、%d 条未结反馈、%d 条待跟进和 %d 个流失挽回一并交接。",
			"⛔ Deactivate <b>%s</b>: they lose access at once. Their %d clients, %d open feedback, %d follow-ups and %d win-backs are handed over with it.",
			esc(m.Name), h.Clients, h.Feedback, h.FollowUps, h.Winbacks),
		subject, callback.Member{Staff: subject}.Data(), true, nil
}

// handOverConfirm shows what will happen and asks to confirm.
func (r *req) handOverConfirm(a callback.HandOverConfirm) error {
	if r.me.Role == access.Sales {
		return r.notice(r.l.T("只有经理和管理员可以交接客户。", "Only managers and admins hand clients over."))
	}
	what, _, back, ok, err := r.handOverSubject(a.Kind, a.Subject)
	if !ok {
		return err
	}
	l := r.l
	to := l.T("团队经理（按客户轮流分配）", "the team's managers (clients shared in turn)")
	if a.To != 0 {
		m, ok, err := r.seenMember(a.To)
		if !ok {
			return err
		}
		to = esc(m.Name)
	}
	text := what + "\n" + l.F("接手人：<b>%s</b>\n未结反馈、待跟进、复核和流失挽回随客户一并移交，接手人会收到通知。确认吗？",
		"New owner: <b>%s</b>\nOpen feedback, follow-ups, reviews and win-backs go with the clients; the new owner is notified. Confirm?", to)
	kb := telegram.NewKeyboard().Row(l.T("✅ 确认", "✅ Confirm"), callback.HandOverRun(a).Data(), l.T("✖ 取消", "✖ Cancel"), back)
	_, err = r.show(text, kb)
	return err
}

// handOverRun carries a confirmed hand-over out.
func (r *req) handOverRun(a callback.HandOverRun) error {
	actor := r.me.Actor()
	var res handover.Result
	var err error
	switch a.Kind {
	case callback.HandOverClient:
		res, err = r.a.handover.Client(r.ctx, actor, a.Subject, a.To, r.key())
	case callback.HandOverAll:
		res, err = r.a.handover.All(r.ctx, actor, a.Subject, a.To, r.key())
	case callback.HandOverDeactivate:
		res, err = r.a.handover.Deactivate(r.ctx, actor, a.Subject, handover.Receiver{StaffID: a.To, Managers: a.To == 0}, r.key())
		if err == nil {
			r.forgetMember(a.Subject)
		}
	}
	if err != nil {
		return r.handoverErr("hand over", err)
	}
	return r.handOverDone(a, res)
}

// handOverDone reports a hand-over.
func (r *req) handOverDone(a callback.HandOverRun, res handover.Result) error {
	l := r.l
	var b strings.Builder
	if a.Kind == callback.HandOverDeactivate {
		b.WriteString(l.T("✅ 已停用，对方已无法使用机器人。\n", "✅ Deactivated: they can no longer use the bot.\n"))
	}
	got := map[int64]int{}
	var order []int64
	for _, m := range res.Moved {
		if !m.Owner {
			continue
		}
		if got[m.To] == 0 {
			order = append(order, m.To)
		}
		got[m.To]++
	}
	for _, to := range order {
		fmt.Fprintf(&b, l.T("📦 %d 个客户已交给 %s。\n", "📦 %d clients handed to %s.\n"), got[to], esc(res.Names[to]))
	}
	if others := len(res.Moved) - res.Clients(); others > 0 {
		fmt.Fprintf(&b, l.T("另有 %d 个客户上的待办已转给其负责人。\n", "Open items on %d other clients went to their owners.\n"), others)
	}
	if len(res.Moved) == 0 {
		b.WriteString(l.T("没有需要交接的客户或待办。\n", "There were no clients or open items to hand over.\n"))
	} else {
		b.WriteString(l.T("接手人已收到通知。", "The new owners have been notified."))
	}
	kb := telegram.NewKeyboard()
	if a.Kind == callback.HandOverClient {
		kb.Row(l.T("« 返回客户卡片", "« Back to card"), callback.Card{Client: a.Subject}.Data())
	} else {
		kb.Row(l.T("« 返回成员", "« Back to member"), callback.Member{Staff: a.Subject}.Data())
	}
	_, err := r.show(b.String(), kb)
	return err
}

// forgetMember ends at once what this replica remembers of a deactivated
// member: their cached membership and their conversation. Other replicas
// forget the membership within memberTTL.
func (r *req) forgetMember(staffID int64) {
	m, err := r.a.staff.ByID(r.ctx, staffID)
	if err != nil {
		r.a.log.Warn("deactivated member not read back", slog.Int64("staff_id", staffID), slog.Any("error", err))
		return
	}
	r.a.members.drop(m.TelegramID)
	if err := r.a.sessions.Clear(r.ctx, m.ChatID); err != nil {
		r.a.log.Warn("deactivated member's conversation not cleared", slog.Int64("staff_id", staffID), slog.Any("error", err))
	}
}

// handoverErr answers the expected refusals of a hand-over.
func (r *req) handoverErr(action string, err error) error {
	l := r.l
	switch {
	case errors.Is(err, access.ErrForbidden):
		return r.notice(l.T("您无权进行这项交接。", "You may not make this hand-over."))
	case errors.Is(err, handover.ErrNotFound):
		return r.notice(l.T("找不到这个客户或成员，或您无权查看。", "That client or member does not exist or you may not see them."))
	case errors.Is(err, handover.ErrReceiver):
		return r.notice(l.T("这位同事不能接手（已停用，或不在该团队）。", "That colleague cannot take them over (deactivated, or not in that team)."))
	case errors.Is(err, handover.ErrAlreadyOwner):
		return r.notice(l.T("对方已经是负责人，没有做任何修改。", "They already own it; nothing was changed."))
	case errors.Is(err, handover.ErrNoReceiver):
		return r.notice(l.T("没有可接手的人：团队里没有其他经理。请选择一位同事。", "Nobody can take them over: the team has no other manager. Please choose a colleague."))
	}
	return r.fail(action, err)
}

// deactivateScreen is the deactivation screen: what the person holds and
// who may receive it.
func (r *req) deactivateScreen(staffID int64) error {
	m, ok, err := r.seenMember(staffID)
	if !ok {
		return err
	}
	if !r.mayDeactivate(m) || !m.Active || m.TeamID == 0 && r.me.Role != access.Admin {
		return r.notice(r.l.T("您无权停用这位成员，或对方已停用。", "You may not deactivate this member, or they already are."))
	}
	team := m.TeamID
	if team == 0 {
		team = r.me.TeamID
	}
	if team == 0 {
		return r.handOverDeactivateTeamless(staffID)
	}
	return r.handOverChoose(callback.HandOverChoose{Kind: callback.HandOverDeactivate, Subject: staffID, Team: team})
}

// handOverDeactivateTeamless deactivates an admin without a team, who owns
// no clients of a team of their own: the admin picks a team to choose from.
func (r *req) handOverDeactivateTeamless(staffID int64) error {
	ts, err := r.a.staff.Teams(r.ctx, r.me.Actor())
	if err != nil {
		return r.fail("list teams", err)
	}
	kb := telegram.NewKeyboard()
	for _, t := range ts {
		kb.Row(clip(t.Name, 30), callback.HandOverChoose{Kind: callback.HandOverDeactivate, Subject: staffID, Team: t.ID}.Data())
	}
	kb.Row(r.l.T("« 返回", "« Back"), callback.Member{Staff: staffID}.Data())
	_, err = r.show(r.l.T("⛔ 停用：接手人在哪个团队？", "⛔ Deactivate: the receiver is in which team?"), kb)
	return err
}
