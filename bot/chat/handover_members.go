package chat

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/staff"
)

// The members screen (/members): managers see their team, admins choose a
// team; each member opens a screen with hand-over (交接), deactivation and,
// for admins, that person's changes.

// membersCommand answers /members.
func (r *req) membersCommand() error {
	switch r.me.Role {
	case access.Manager:
		return r.membersOf(r.me.TeamID)
	case access.Admin:
		ts, err := r.a.staff.Teams(r.ctx, r.me.Actor())
		if err != nil {
			return r.fail("list teams", err)
		}
		if len(ts) == 0 {
			return r.say(r.l.T("还没有团队，请先用 /newteam 团队名 创建。", "There are no teams yet; create one with /newteam NAME."))
		}
		kb := telegram.NewKeyboard()
		for _, t := range ts {
			kb.Row(clip(t.Name, 30), callback.Members{Team: t.ID}.Data())
		}
		_, err = r.show(r.l.T("👥 选择团队：", "👥 Which team?"), kb)
		return err
	}
	return r.say(r.l.T("只有经理和管理员可以管理团队成员。", "Only managers and admins manage team members."))
}

// membersOf lists a team's active members as buttons.
func (r *req) membersOf(team int64) error {
	if r.me.Role == access.Sales {
		return r.notice(r.l.T("只有经理和管理员可以管理团队成员。", "Only managers and admins manage team members."))
	}
	ms, err := r.a.staff.TeamMembers(r.ctx, r.me.Actor(), team)
	if errors.Is(err, staff.ErrNotFound) {
		return r.notice(r.l.T("这个团队不存在，或您无权查看。", "That team does not exist or you may not see it."))
	}
	if err != nil {
		return r.fail("team members", err)
	}
	l := r.l
	var b strings.Builder
	b.WriteString(l.T("👥 <b>团队成员</b>\n", "👥 <b>Team members</b>\n"))
	kb := telegram.NewKeyboard()
	for _, m := range ms {
		fmt.Fprintf(&b, "• %s · %s\n", esc(m.Name), l.Label(i18n.Role, string(m.Role)))
		kb.Row(clip(m.Name, 24)+" · "+l.Label(i18n.Role, string(m.Role)), callback.Member{Staff: m.ID}.Data())
	}
	if len(ms) == 0 {
		b.WriteString(l.T("（暂无）", "(none)"))
	}
	_, err = r.show(b.String(), kb)
	return err
}

// member shows one member and what the user may do about them.
func (r *req) member(id int64) error {
	m, ok, err := r.seenMember(id)
	if !ok {
		return err
	}
	h, err := r.a.handover.Holdings(r.ctx, r.me.Actor(), id)
	if err != nil {
		return r.handoverErr("holdings", err)
	}
	l := r.l
	var b strings.Builder
	fmt.Fprintf(&b, "👤 <b>%s</b> · %s%s\n", esc(m.Name), l.Label(i18n.Role, string(m.Role)), teamSuffix(l, m.TeamName))
	if !m.Active {
		b.WriteString(l.T("⛔ 已停用\n", "⛔ Deactivated\n"))
	}
	fmt.Fprintf(&b, l.T("负责客户 %d 个 · 未结反馈 %d · 待跟进 %d · 流失挽回 %d\n", "%d clients · %d open feedback · %d follow-ups · %d win-backs\n"),
		h.Clients, h.Feedback, h.FollowUps, h.Winbacks)
	kb := telegram.NewKeyboard()
	if h.Clients > 0 && r.mayHandOverAll(m) {
		kb.Row(l.T("📦 交接客户", "📦 Hand over clients"), callback.HandOver{Staff: id}.Data())
	}
	if m.Active && r.mayDeactivate(m) {
		kb.Row(l.T("⛔ 停用并交接", "⛔ Deactivate and hand over"), callback.Deactivate{Staff: id}.Data())
	}
	if r.me.Role == access.Admin {
		kb.Row(l.T("📜 变更记录", "📜 Changes"), callback.StaffChanges{Staff: id}.Data())
	}
	if m.TeamID != 0 {
		kb.Row(l.T("« 返回成员列表", "« Back to members"), callback.Members{Team: m.TeamID}.Data())
	}
	_, err = r.show(b.String(), kb)
	return err
}

// seenMember loads a member the user may see, answering otherwise.
func (r *req) seenMember(id int64) (staff.Member, bool, error) {
	if r.me.Role == access.Sales {
		return staff.Member{}, false, r.notice(r.l.T("只有经理和管理员可以管理团队成员。", "Only managers and admins manage team members."))
	}
	m, err := r.a.staff.Get(r.ctx, r.me.Actor(), id)
	switch {
	case errors.Is(err, staff.ErrNotFound):
		return m, false, r.notice(r.l.T("找不到这位成员，或您无权查看。", "That member does not exist or you may not see them."))
	case err != nil:
		return m, false, r.fail("get colleague", err)
	}
	return m, true, nil
}

// mayHandOverAll mirrors handover.All's rule, to offer only what works.
func (r *req) mayHandOverAll(m staff.Member) bool {
	switch r.me.Role {
	case access.Admin:
		return true
	case access.Manager:
		return m.TeamID == r.me.TeamID && (m.Role == access.Sales || m.ID == r.me.ID)
	}
	return false
}

// mayDeactivate mirrors staff.Deactivate's rule.
func (r *req) mayDeactivate(m staff.Member) bool {
	if m.ID == r.me.ID {
		return false
	}
	switch r.me.Role {
	case access.Admin:
		return true
	case access.Manager:
		return m.Role == access.Sales && m.TeamID == r.me.TeamID
	}
	return false
}
