package chat

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/churn"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// winbackDays is how long a win-back visit assigned from an alert may take.
const winbackDays = 7

// acknowledgeChurn answers "acknowledge" on a churn alert.
func (r *req) acknowledgeChurn(episodeID int64) error {
	e, err := r.a.churn.Acknowledge(r.ctx, r.me.Actor(), episodeID)
	if err := r.churnRefused(err); err != nil || r.acked {
		return err
	}
	return r.churnView(e)
}

// chooseWinback lists the team's people to visit the client, its owner first.
func (r *req) chooseWinback(episodeID int64) error {
	e, err := r.a.churn.Episode(r.ctx, r.me.Actor(), episodeID)
	if err := r.churnRefused(err); err != nil || r.acked {
		return err
	}
	if !e.Open() {
		return r.churnView(e)
	}
	if r.me.Role == access.Sales {
		return r.churnRefused(access.ErrForbidden)
	}
	members, err := r.a.staff.TeamMembers(r.ctx, r.me.Actor(), e.TeamID)
	if err != nil {
		return r.fail("team members", err)
	}
	kb := telegram.NewKeyboard()
	var cells []string
	for i, m := range members {
		if i >= 20 {
			break
		}
		label := clip(m.Name, 16)
		if m.Name == e.OwnerName {
			label = r.l.F("%s（负责人）", "%s (owner)", clip(m.Name, 16))
		}
		cells = append(cells, label, callback.AssignWinback{Episode: e.ID, Staff: m.ID}.Data())
	}
	kb.Grid(2, cells...)
	kb.Row(r.l.T("« 返回", "« Back"), callback.ShowChurn{Episode: e.ID}.Data())
	_, err = r.show(r.l.F("🔁 请选择由谁在 %d 天内对「%s」做挽回拜访：", "🔁 Who should make a win-back visit to %s within %d days?",
		winbackDays, esc(e.ClientName)), kb)
	return err
}

// assignWinback records the chosen person; the domain enqueues their request.
func (r *req) assignWinback(episodeID, staffID int64) error {
	due := r.today0().AddDate(0, 0, winbackDays)
	e, err := r.a.churn.AssignWinback(r.ctx, r.me.Actor(), episodeID, staffID, due)
	if errors.Is(err, churn.ErrInvalid) {
		return r.notice(r.l.T("此人不是该团队的在职成员。", "That person is not an active member of the team."))
	}
	if err := r.churnRefused(err); err != nil || r.acked {
		return err
	}
	return r.churnView(e)
}

// showChurn redisplays an alert's episode.
func (r *req) showChurn(episodeID int64) error {
	e, err := r.a.churn.Episode(r.ctx, r.me.Actor(), episodeID)
	if err := r.churnRefused(err); err != nil || r.acked {
		return err
	}
	return r.churnView(e)
}

// churnRefused turns the domain's refusals into a pop-up (setting r.acked).
func (r *req) churnRefused(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, churn.ErrNotFound):
		return r.notice(r.l.T("找不到这条预警，或您无权查看。", "That alert does not exist or you may not see it."))
	case errors.Is(err, access.ErrForbidden):
		return r.notice(r.l.T("只有团队经理或管理员可以处理流失预警。", "Only the team's managers or an admin can handle churn alerts."))
	case errors.Is(err, churn.ErrEnded):
		return r.notice(r.l.T("这次流失风险已结束（客户已恢复联系）。", "This churn risk has ended (contact resumed)."))
	}
	return r.fail("churn alert", err)
}

// churnView shows an episode: why the client is at risk and who acts on it.
func (r *req) churnView(e churn.Episode) error {
	l := r.l
	var b strings.Builder
	fmt.Fprintf(&b, l.T("⚠️ <b>流失预警</b>：%s（%s · %s）\n", "⚠️ <b>Churn risk</b>: %s (%s · %s)\n"), esc(e.ClientName), l.Label(i18n.Tier, e.Tier), l.Label(i18n.Stage, e.Stage))
	for _, reason := range e.Reasons {
		fmt.Fprintf(&b, "• %s\n", reason.Text(string(l)))
	}
	fmt.Fprintf(&b, l.T("自 %s 起", "Since %s"), e.StartedOn.Format(time.DateOnly))
	if e.EndedOn != nil {
		fmt.Fprintf(&b, l.T("，已于 %s 结束", ", ended %s"), e.EndedOn.Format(time.DateOnly))
	}
	b.WriteString("\n")
	if e.AcknowledgedBy != 0 {
		fmt.Fprintf(&b, l.T("✅ %s 已确认\n", "✅ Acknowledged by %s\n"), esc(r.staffName(e.AcknowledgedBy)))
	}
	if e.WinbackStaffID != 0 && e.WinbackDueOn != nil {
		fmt.Fprintf(&b, l.T("🔁 挽回拜访：%s，%s 前\n", "🔁 Win-back visit: %s by %s\n"), esc(r.staffName(e.WinbackStaffID)), e.WinbackDueOn.Format(time.DateOnly))
	}
	kb := telegram.NewKeyboard()
	if e.Open() {
		kb.Row(l.T("🔁 安排挽回拜访", "🔁 Assign win-back visit"), callback.ChooseWinback{Episode: e.ID}.Data())
		if e.AcknowledgedBy == 0 {
			kb.Row(l.T("✅ 确认", "✅ Acknowledge"), callback.AckChurn{Episode: e.ID}.Data())
		}
	}
	kb.Row(l.T("打开客户卡片", "Open client card"), callback.Card{Client: e.ClientID}.Data())
	_, err := r.show(b.String(), kb)
	return err
}

func (r *req) staffName(id int64) string {
	m, err := r.a.staff.ByID(r.ctx, id)
	if err != nil {
		return "#" + strconv.FormatInt(id, 10)
	}
	return m.Name
}
