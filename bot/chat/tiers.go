package chat

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/value"
)

// The tier review (/tiers, 等级建议): the nightly value job's suggestions,
// one page per message, each answered with "change" or "keep". Nothing is
// kept in the chat: every press is checked again as the presser by the
// value store, so a forged or stale button is refused there.

// values is the client value store over the chat's database, zone, clock
// and client store, with the churn scan's credit thresholds: the same
// store the nightly job writes with.
func (a *App) values() *value.Store {
	return value.New(a.db, a.loc, a.clients, a.log, value.WithClock(a.now), value.WithCredit(a.churn.Credit()))
}

// maxNoticeName is how much of a name a decision's notice shows, so the
// notice stays within Telegram's 200 characters for a callback answer.
const maxNoticeName = 60

// tiersForbidden is the answer to a salesperson, or to another team's list.
func (r *req) tiersForbidden() string {
	return r.l.T("只有团队经理或管理员可以处理等级建议。", "Only the team's managers and admins can review tier suggestions.")
}

// tiersCommand answers /tiers: the team's suggestions for a manager, a
// choice of team for an admin (who may review any team, their own too).
func (r *req) tiersCommand() error {
	actor := r.me.Actor()
	switch {
	case actor.Role != access.Admin && actor.Role != access.Manager:
		return r.say(r.tiersForbidden())
	case actor.Role == access.Manager:
		return r.tiers(actor.TeamID, 0)
	}
	teams, err := r.a.staff.Teams(r.ctx, actor)
	if err != nil {
		return r.fail("list teams", err)
	}
	kb := telegram.NewKeyboard()
	for _, t := range teams {
		kb.Row(clip(t.Name, 30), callback.Tiers{Team: t.ID}.Data())
	}
	_, err = r.show(r.l.T("查看哪个团队的等级建议？", "Which team's tier suggestions?"), kb)
	return err
}

// tiers shows one page of a team's open suggestions, each with its change
// and keep buttons, and the previous/next row.
func (r *req) tiers(team int64, page int) error {
	p, err := r.a.values().List(r.ctx, r.me.Actor(), team, page)
	switch {
	case errors.Is(err, access.ErrForbidden):
		return r.notice(r.tiersForbidden())
	case err != nil:
		return r.fail("list tier suggestions", err)
	}
	l := r.l
	var b strings.Builder
	b.WriteString(l.F("📈 <b>等级建议</b>（%d 条待处理）\n", "📈 <b>Tier suggestions</b> (%d to review)\n", p.Total))
	if len(p.Items) == 0 {
		b.WriteString(l.T("\n没有待处理的等级建议。", "\nNo tier suggestions to review."))
	}
	kb := telegram.NewKeyboard()
	for i, sg := range p.Items {
		n := page*value.PageSize + i + 1
		b.WriteString("\n" + tierLine(l, n, sg))
		to := l.Label(i18n.Tier, sg.ToTier)
		kb.Row(l.F("%d. 调为%s", "%d. Change to %s", n, to), callback.TierChange{Suggestion: sg.ID}.Data(),
			l.F("%d. 保持", "%d. Keep", n), callback.TierKeep{Suggestion: sg.ID}.Data())
	}
	var nav []string
	if page > 0 {
		nav = append(nav, l.T("‹ 上一页", "‹ Previous"), callback.Tiers{Team: team, Page: page - 1}.Data())
	}
	if p.More && page < callback.MaxTiersPage {
		nav = append(nav, l.T("下一页 ›", "Next ›"), callback.Tiers{Team: team, Page: page + 1}.Data())
	}
	kb.Row(nav...)
	_, err = r.show(b.String(), kb)
	return err
}

// tierLine is one suggestion of the page: the client, its owner, the
// reason as the value store words it (HTML-safe), the class and RFM.
func tierLine(l i18n.Lang, n int, sg value.Suggestion) string {
	owner := sg.OwnerName
	if owner == "" {
		owner = l.T("无负责人", "no owner")
	}
	return fmt.Sprintf("%d. <b>%s</b> · %s\n%s\n%s · RFM %d/%d/%d\n", n, esc(sg.ClientName), esc(owner),
		sg.Reason(string(l)), sg.ABC, sg.R, sg.F, sg.M)
}

// decideTier answers a change or keep button: a short notice, then the
// team's first page again, without the decided suggestion. A suggestion
// the presser may not see, or one decided or outdated since the page was
// drawn, changes nothing and is answered as such.
func (r *req) decideTier(id int64, d value.Decision) error {
	l := r.l
	vs := r.a.values()
	sg, err := vs.Decide(r.ctx, r.me.Actor(), id, d, r.ev.UpdateID)
	// The answer is a callback notice, which Telegram caps at 200
	// characters; a client's name may be as long as that alone.
	name := clip(sg.ClientName, maxNoticeName)
	var text string
	switch {
	case err == nil && d == value.Change:
		text = l.F("已将 %s 调为%s。", "%s is now %s.", name, l.Label(i18n.Tier, sg.ToTier))
	case err == nil:
		text = l.F("已保持 %s 的等级（%s）。", "Kept %s as %s.", name, l.Label(i18n.Tier, sg.FromTier))
	case errors.Is(err, value.ErrDecided):
		what := l.T("保持", "kept")
		if sg.Decision == value.Change {
			what = l.T("调整", "changed")
		}
		text = l.F("这条建议已由 %s 处理（%s），没有再做修改。", "%[1]s already %[2]s this one; nothing was changed.",
			clip(sg.DecidedName, maxNoticeName), what)
	case errors.Is(err, value.ErrOutdated):
		text = l.T("这条建议已不再适用（等级或客户已变化），没有做任何修改。",
			"That suggestion no longer applies (the tier or the client changed); nothing was changed.")
	case errors.Is(err, value.ErrNotFound), errors.Is(err, client.ErrNotFound):
		return r.notice(l.T("找不到这条等级建议，或您无权查看。", "That tier suggestion does not exist or you may not see it."))
	case errors.Is(err, access.ErrForbidden):
		return r.notice(r.tiersForbidden())
	case errors.Is(err, client.ErrInvalid), errors.Is(err, value.ErrInvalid):
		return r.notice(l.T("无法调整这个客户的等级，没有做任何修改。", "That client's tier cannot be changed; nothing was changed."))
	default:
		return r.fail("decide tier suggestion", err)
	}
	team := sg.TeamID
	if team == 0 { // outdated: the store returns no suggestion with it
		got, err := vs.Get(r.ctx, r.me.Actor(), id)
		if err != nil {
			return r.notice(text)
		}
		team = got.TeamID
	}
	r.acked = true
	if err := r.a.out.answer(r.ctx, r.ev.CallbackID, text, false); err != nil {
		return err
	}
	return r.tiers(team, 0)
}
