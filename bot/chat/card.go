package chat

import (
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/feedback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/value"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// search answers a lookup with the best matches as buttons.
func (r *req) search(q string) error {
	q = strings.TrimSpace(q)
	if utf8Len(q) > 100 {
		return r.say(r.l.T("搜索内容太长，请输入 100 字以内。", "That search is too long; please use under 100 characters."))
	}
	ms, err := r.a.clients.Search(r.ctx, r.me.Actor(), q, 8)
	if err != nil {
		return r.fail("search clients", err)
	}
	if len(ms) == 0 {
		return r.say(r.l.F("没有找到与「%s」匹配的客户。可以试试拼音首字母、联系人姓名或电话，或用 /new 新建。",
			"No client matches “%s”. Try pinyin initials, a contact's name or a phone, or create one with /new.", esc(q)))
	}
	kb := telegram.NewKeyboard()
	for _, m := range ms {
		kb.Row(fmt.Sprintf("%s · %s", clip(m.Name, 28), r.l.Label(i18n.Tier, m.Tier)), callback.Card{Client: m.ClientID}.Data())
	}
	_, err = r.show(r.l.F("找到 %d 个客户：", "%d clients found:", len(ms)), kb)
	return err
}

// card shows a client's card: profile, satisfaction, contacts, recent
// visits, open feedback, receivables and credit standing.
func (r *req) card(id int64) error {
	actor := r.me.Actor()
	// Every read of the card in one round trip: it is the most shown screen.
	var (
		c        client.Client
		found    bool
		contacts []client.Contact
		vs       []visit.Visit
		next     *visit.FollowUp
		open     []feedback.Feedback
		sat      visit.Satisfaction
		owed     []client.Receivable
		val      value.Value
		hasVal   bool
	)
	batch := &pgx.Batch{}
	r.a.clients.QueueCard(batch, actor, id, &c, &contacts, &found)
	r.a.visits.QueueCard(batch, actor, id, 5, &vs, &next)
	r.a.feedback.QueueOpen(batch, actor, id, &open)
	r.a.visits.QueueSatisfaction(batch, actor, id, &sat)
	r.a.clients.QueueReceivables(batch, actor, id, &owed)
	r.a.values().QueueValue(batch, actor, id, &val, &hasVal)
	if err := r.a.db.SendBatch(r.ctx, batch).Close(); err != nil {
		return r.fail("read client card", err)
	}
	if !found {
		return r.notFound()
	}
	if done, err := r.cardRedirect(id, c); done {
		return err
	}
	l := r.l
	today := r.today0()
	var b strings.Builder
	fmt.Fprintf(&b, "🏢 <b>%s</b>\n", esc(c.Name))
	b.WriteString(r.archivedLine(c))
	fmt.Fprintf(&b, "%s · %s", l.Label(i18n.Tier, c.Tier), l.Label(i18n.Stage, c.Stage))
	if c.Industry != "" {
		fmt.Fprintf(&b, " · %s", esc(c.Industry))
	}
	if c.Size != "" {
		fmt.Fprintf(&b, " · %s", l.Label(i18n.Size, c.Size))
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "%s%s", l.T("负责人：", "Owner: "), esc(orDash(c.OwnerName)))
	if c.TeamName != "" {
		fmt.Fprintf(&b, " · %s", esc(c.TeamName))
	}
	b.WriteString("\n")
	if c.Region != "" || c.Address != "" {
		fmt.Fprintf(&b, "%s%s\n", l.T("地址：", "Address: "), esc(strings.TrimSpace(c.Region+" "+c.Address)))
	}
	if c.Needs != "" {
		fmt.Fprintf(&b, "%s%s\n", l.T("需求与偏好：", "Needs: "), esc(clip(c.Needs, 200)))
	}
	if c.RiskNote != "" {
		fmt.Fprintf(&b, "%s%s\n", l.T("信用/风险：", "Credit/risk: "), esc(clip(c.RiskNote, 200)))
	}
	fmt.Fprintf(&b, "%s%s\n", l.T("最近联系：", "Last contact: "), r.sinceText(c.LastContactAt))
	if next != nil {
		fmt.Fprintf(&b, "%s%s%s\n", l.T("下次跟进：", "Next follow-up: "), dates.FormatRel(next.Due, today, string(l)), overdueMark(l, next.Due.Before(today)))
	}
	if c.NextReviewOn != nil {
		fmt.Fprintf(&b, "%s%s%s\n", l.T("下次复核：", "Next review: "), dates.FormatRel(*c.NextReviewOn, today, string(l)), overdueMark(l, c.NextReviewOn.Before(today)))
	}
	if hasVal {
		b.WriteString(valueLine(l, val))
	}
	b.WriteString(r.satisfactionLine(sat))
	b.WriteString("\n<b>" + l.T("联系人", "Contacts") + "</b>\n")
	if len(contacts) == 0 {
		b.WriteString(l.T("（暂无）\n", "(none yet)\n"))
	}
	for i, ct := range contacts {
		if i == 3 {
			fmt.Fprintf(&b, l.T("…共 %d 位\n", "…%d in all\n"), len(contacts))
			break
		}
		star := ""
		if ct.IsPrimary {
			star = "⭐"
		}
		fmt.Fprintf(&b, "%s%s %s %s\n", star, esc(ct.Name), esc(ct.Position), esc(ct.Phone))
	}
	b.WriteString("\n<b>" + l.T("最近拜访", "Recent visits") + "</b>\n")
	if len(vs) == 0 {
		b.WriteString(l.T("（暂无）\n", "(none yet)\n"))
	}
	for _, v := range vs {
		fmt.Fprintf(&b, "%s %s %s: %s\n", dates.FormatRel(dates.Today(v.VisitedAt, r.a.loc), today, string(l)), l.Label(i18n.VisitKind, string(v.Kind)), esc(v.AuthorName), esc(clip(visitSummary(l, v.Notes, v.VoiceFileID, len(v.PhotoFileIDs)), 60)))
	}
	b.WriteString("\n<b>" + l.T("未结反馈", "Open feedback") + "</b>\n")
	if len(open) == 0 {
		b.WriteString(l.T("（无）\n", "(none)\n"))
	}
	kb := telegram.NewKeyboard()
	for _, f := range open {
		fmt.Fprintf(&b, "#%d %s %s · %s%s: %s\n", f.ID, l.Label(i18n.FeedbackKind, string(f.Kind)), l.Label(i18n.FeedbackStatus, string(f.Status)), dates.FormatRel(f.DueOn, today, string(l)), overdueMark(l, f.Overdue), esc(clip(f.Body, 50)))
	}
	r.writeReceivables(&b, owed)
	kb.Row(l.T("📝 记拜访", "📝 Log visit"), callback.StartVisit{Client: c.ID}.Data(),
		l.T("💬 加反馈", "💬 Add feedback"), callback.StartFeedback{Client: c.ID}.Data())
	kb.Row(l.T("👤 联系人", "👤 Contacts"), callback.Contacts{Client: c.ID}.Data(),
		l.T("📜 全部记录", "📜 History"), callback.History{Client: c.ID, Of: callback.HistoryVisits}.Data(),
		l.T("💴 应收", "💴 Receivables"), callback.Receivables{Client: c.ID}.Data())
	if actor.CanEdit(c.TeamID, c.OwnerID) {
		kb.Row(l.T("✏️ 修改资料", "✏️ Edit"), callback.EditClient{Client: c.ID}.Data(),
			l.T("💰 记交易", "💰 Add deal"), callback.NewDeal{Client: c.ID}.Data())
	}
	r.cardChangesRow(kb, c)
	r.tidyRow(kb, c)
	for _, f := range open {
		if f.AssigneeID == r.me.ID || r.me.Role != access.Sales {
			kb.Row(l.F("处理反馈 #%d", "Handle feedback #%d", f.ID), callback.ViewFeedback{Feedback: f.ID}.Data())
		}
	}
	_, err := r.show(b.String(), kb)
	return err
}

func (r *req) notFound() error {
	return r.notice(r.l.T("找不到这个客户，或您无权查看。", "That client does not exist or you may not see it."))
}

func visitSummary(l i18n.Lang, notes, voice string, photos int) string {
	s := notes
	if voice != "" {
		s = strings.TrimSpace(s + l.T(" 🎤语音", " 🎤voice"))
	}
	if photos > 0 {
		s = strings.TrimSpace(s + l.F(" 📷%d张", " 📷%d", photos))
	}
	return s
}

func overdueMark(l i18n.Lang, overdue bool) string {
	if overdue {
		return l.T(" ⚠️已逾期", " ⚠️overdue")
	}
	return ""
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// today0 is today's date in the team's time zone.
func (r *req) today0() time.Time { return dates.Today(r.a.now(), r.a.loc) }

// sinceText says how long ago a contact was, in days.
func (r *req) sinceText(t *time.Time) string {
	if t == nil {
		return r.l.T("从未", "never")
	}
	days := int(r.today0().Sub(dates.Today(*t, r.a.loc)).Hours() / 24)
	switch days {
	case 0:
		return r.l.T("今天", "today")
	case 1:
		return r.l.T("昨天", "yesterday")
	}
	return r.l.F("%d 天前", "%d days ago", days)
}

func utf8Len(s string) int { return len([]rune(s)) }
