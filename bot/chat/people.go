package chat

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/staff"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// redeem turns an invite code into a membership.
func (r *req) redeem(code string) error {
	m, err := r.a.staff.Redeem(r.ctx, code, staff.TelegramUser{ID: r.ev.UserID, ChatID: r.ev.ChatID,
		Name: r.ev.DisplayName(), Username: r.ev.Username, LanguageCode: r.ev.LangCode})
	switch {
	case errors.Is(err, staff.ErrInviteInvalid):
		return r.say(r.l.T("邀请码无效、已使用或已过期。请向经理索取新的邀请码。", "That invite code is invalid, used or expired. Ask your manager for a new one."))
	case errors.Is(err, staff.ErrAlreadyMember):
		return r.say(r.l.T("您已是团队成员。", "You are already a member."))
	case err != nil:
		return fmt.Errorf("redeem invite: %w", err)
	}
	r.me, r.l = m, i18n.Parse(m.Lang)
	r.a.members.put(m)
	r.refreshAdminMenu()
	return r.help()
}

// today lists my follow-ups due or overdue and the feedback assigned to me.
func (r *req) today() error {
	actor := r.me.Actor()
	fus, err := r.a.visits.FollowUps(r.ctx, actor)
	if err != nil {
		return r.fail("follow-ups", err)
	}
	fbs, err := r.a.feedback.AssignedOpen(r.ctx, actor)
	if err != nil {
		return r.fail("assigned feedback", err)
	}
	l := r.l
	today := r.today0()
	var b strings.Builder
	fmt.Fprintf(&b, "📅 <b>%s</b> %s\n\n", l.T("今日待办", "Today"), dates.FormatRel(today, today, string(l)))
	b.WriteString("<b>" + l.T("待跟进", "Follow-ups due") + "</b>\n")
	if len(fus) == 0 {
		b.WriteString(l.T("（无）\n", "(none)\n"))
	}
	kb := telegram.NewKeyboard()
	for i, f := range fus {
		fmt.Fprintf(&b, "• %s %s%s\n", esc(f.ClientName), dates.FormatRel(f.Due, today, string(l)), overdueMark(l, f.Overdue))
		if i < 8 {
			kb.Row(clip(f.ClientName, 22), callback.Card{Client: f.ClientID}.Data(), l.T("✓ 已跟进", "✓ Done"), callback.FollowUpDone{Visit: f.VisitID}.Data())
		}
	}
	b.WriteString("\n<b>" + l.T("我负责的反馈", "Feedback assigned to me") + "</b>\n")
	if len(fbs) == 0 {
		b.WriteString(l.T("（无）\n", "(none)\n"))
	}
	for i, f := range fbs {
		fmt.Fprintf(&b, "• #%d %s %s · %s%s\n", f.ID, esc(f.ClientName), l.Label(i18n.FeedbackKind, string(f.Kind)), dates.FormatRel(f.DueOn, today, string(l)), overdueMark(l, f.Overdue))
		if i < 8 {
			kb.Row(l.F("#%d %s", "#%d %s", f.ID, clip(f.ClientName, 20)), callback.ViewFeedback{Feedback: f.ID}.Data())
		}
	}
	_, err = r.show(b.String(), kb)
	return err
}

func (r *req) followUpDone(visitID int64) error {
	err := r.a.visits.CompleteFollowUp(r.ctx, r.me.Actor(), visitID)
	switch {
	case errors.Is(err, visit.ErrNotFound):
		return r.notice(r.l.T("找不到这条跟进，或您无权处理。", "That follow-up does not exist or is not yours."))
	case errors.Is(err, access.ErrForbidden):
		return r.notice(r.l.T("只有拜访人或经理可以完成这条跟进。", "Only the visitor or a manager can close this follow-up."))
	case err != nil:
		return r.fail("complete follow-up", err)
	}
	return r.today()
}

// mine lists my clients by tier with days since last contact.
func (r *req) mine() error {
	cs, err := r.a.clients.Mine(r.ctx, r.me.Actor())
	if err != nil {
		return r.fail("my clients", err)
	}
	l := r.l
	var b strings.Builder
	fmt.Fprintf(&b, "👥 <b>%s</b> (%d)\n", l.T("我的客户", "My clients"), len(cs))
	if len(cs) == 0 {
		b.WriteString(l.T("\n还没有客户。用 /new 新建。", "\nNo clients yet. Create one with /new."))
	}
	kb := telegram.NewKeyboard()
	tier := ""
	for i, c := range cs {
		if c.Tier != tier {
			tier = c.Tier
			fmt.Fprintf(&b, "\n<b>%s</b>\n", l.Label(i18n.Tier, tier))
		}
		if i >= 60 {
			fmt.Fprintf(&b, l.T("…还有 %d 个\n", "…%d more\n"), len(cs)-i)
			break
		}
		fmt.Fprintf(&b, "• %s · %s\n", esc(c.Name), r.sinceText(c.LastContactAt))
		if i < 10 {
			kb.Row(clip(c.Name, 30), callback.Card{Client: c.ID}.Data())
		}
	}
	_, err = r.show(b.String(), kb)
	return err
}

func (r *req) chooseLang() error {
	kb := telegram.NewKeyboard().Row("中文", callback.SetLang{Lang: i18n.ZH}.Data(), "English", callback.SetLang{Lang: i18n.EN}.Data())
	_, err := r.show(r.l.T("请选择语言：", "Choose your language:"), kb)
	return err
}

func (r *req) setLang(a callback.SetLang) error {
	code := string(a.Lang)
	if err := r.a.staff.SetLang(r.ctx, r.me.ID, code); err != nil {
		return r.fail("set language", err)
	}
	r.me.Lang, r.l = code, a.Lang
	r.a.members.put(r.me)
	r.refreshAdminMenu()
	r.acked = true
	if err := r.a.out.answer(r.ctx, r.ev.CallbackID, "", false); err != nil {
		return err
	}
	return r.sayMenu(r.l.T("已切换为中文。", "Switched to English."))
}

// inviteDraft is the invite flow's draft: the role chosen (its steps are
// stepRole, then stepTeam for admins).
type inviteDraft struct {
	Role access.Role `json:"role,omitempty"`
}

func (*inviteDraft) flow() flow { return flowInvite }

// stepRole is the invite flow's first step: which role.
const stepRole step = "role"

// startInvite asks which role (and, for admins, which team) to invite.
func (r *req) startInvite() error {
	if r.me.Role == access.Sales {
		return r.say(r.l.T("只有经理和管理员可以邀请同事。", "Only managers and admins can invite colleagues."))
	}
	r.begin(&inviteDraft{}, stepRole)
	roles := []string{string(access.Sales), string(access.Manager)}
	if r.me.Role == access.Admin {
		roles = append(roles, string(access.Admin))
	}
	return r.askChoice(r.l.T("邀请什么角色？", "Invite as which role?"), 3, choicesOf(r.l, i18n.Role, roles))
}

func (r *req) inviteStep(d *inviteDraft, in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	l := r.l
	switch r.at() {
	case stepRole:
		v, ok := choiceOption.of(in)
		role, err := access.ParseRole(v)
		if !ok || err != nil {
			return r.say(l.T("请点选角色。", "Please tap a role."))
		}
		d.Role = role
		if r.me.Role != access.Admin {
			return r.createInvite(role, r.me.TeamID)
		}
		teams, err := r.a.staff.Teams(r.ctx, r.me.Actor())
		if err != nil {
			return r.fail("list teams", err)
		}
		var opts []option
		for _, t := range teams {
			opts = append(opts, option{strconv.FormatInt(t.ID, 10), t.Name})
		}
		if role == access.Admin {
			opts = append([]option{{"0", l.T("不属于团队", "No team")}}, opts...)
		}
		if len(opts) == 0 {
			_ = r.finish()
			return r.say(l.T("还没有团队，请先用 /newteam 团队名 创建。", "There are no teams yet; create one with /newteam NAME."))
		}
		r.goTo(stepTeam)
		return r.askChoice(l.T("加入哪个团队？", "Which team?"), 2, opts)
	case stepTeam:
		v, ok := choiceOption.of(in)
		team, err := strconv.ParseInt(v, 10, 64)
		if !ok || err != nil || team < 0 {
			return r.say(l.T("请点选团队。", "Please tap a team."))
		}
		return r.createInvite(d.Role, team)
	}
	return r.say(l.T("请按提示操作，或 /cancel 取消。", "Please follow the prompt, or /cancel."))
}

func (r *req) createInvite(role access.Role, team int64) error {
	actor := r.me.Actor()
	code, inv, err := r.a.staff.CreateInvite(r.ctx, &actor, role, team)
	switch {
	case errors.Is(err, access.ErrForbidden):
		_ = r.finish()
		return r.notice(r.l.T("您无权发出这种邀请。", "You may not create that invite."))
	case errors.Is(err, staff.ErrNotFound):
		_ = r.finish()
		return r.notice(r.l.T("找不到这个团队。", "That team does not exist."))
	case err != nil:
		return r.fail("create invite", err)
	}
	if err := r.finish(); err != nil {
		return err
	}
	l := r.l
	text := l.F("✅ 邀请码已生成（%s，%s 前有效，仅可使用一次）：\n\n<code>/start %s</code>\n\n请把上面这行发给同事，让对方发送给我。",
		"✅ Invite created (%s, valid until %s, single use):\n\n<code>/start %s</code>\n\nSend that line to your colleague to send to me.",
		l.Label(i18n.Role, string(role)), inv.ExpiresAt.In(r.a.loc).Format("2006-01-02 15:04"), code)
	if u := r.a.Username(r.ctx); u != "" {
		text += l.F("\n或打开链接：https://t.me/%s?start=%s", "\nOr open: https://t.me/%s?start=%s", u, code)
	}
	_, err = r.show(text, nil)
	return err
}

func (r *req) newTeam(typed string) error {
	// The staff package checks the length; what a name may hold is the
	// rule for every typed name (client.CleanName).
	name, err := client.CleanName(typed)
	if err != nil || name == "" {
		return r.refuse(err, r.l.T("用法：/newteam 团队名", "Usage: /newteam NAME"))
	}
	t, err := r.a.staff.CreateTeam(r.ctx, r.me.Actor(), name)
	switch {
	case errors.Is(err, access.ErrForbidden):
		return r.say(r.l.T("只有管理员可以创建团队。", "Only admins can create teams."))
	case errors.Is(err, staff.ErrTeamExists):
		return r.say(r.l.T("已有同名团队。", "A team with that name exists."))
	case errors.Is(err, staff.ErrInvalidName):
		return r.say(r.l.T("团队名需 1–100 字。", "Team names are 1–100 characters."))
	case err != nil:
		return r.fail("create team", err)
	}
	return r.say(r.l.F("✅ 已创建团队「%s」。用 /invite 邀请成员。", "✅ Team “%s” created. Invite members with /invite.", esc(t.Name)))
}

func (r *req) teams() error {
	ts, err := r.a.staff.Teams(r.ctx, r.me.Actor())
	if err != nil {
		return r.fail("list teams", err)
	}
	var b strings.Builder
	b.WriteString(r.l.T("<b>团队</b>\n", "<b>Teams</b>\n"))
	for _, t := range ts {
		fmt.Fprintf(&b, "• %s (%s)\n", esc(t.Name), t.CreatedAt.In(r.a.loc).Format(time.DateOnly))
	}
	return r.say(b.String())
}

// refreshAdminMenu gives an admin their menu in their language. A failure
// costs only the menu's shortcut, never the step, so it is logged.
func (r *req) refreshAdminMenu() {
	if r.me.Role != access.Admin {
		return
	}
	if err := r.a.adminMenu(r.ctx, r.ev.ChatID, r.l); err != nil {
		r.a.log.Warn("admin command menu", slog.Any("error", err))
	}
}
