package chat

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// button routes a pressed inline button. Callback data is never trusted: ids
// are parsed strictly and every action asks the domain layer, which checks
// the presser's rights again, so a forged or replayed button can do no more
// than the presser could do by typing.
func (r *req) button(data string) error {
	action, rest, _ := strings.Cut(data, ":")
	if action == "f" {
		return r.flowButton(rest)
	}
	if action == "lang" {
		return r.setLang(rest)
	}
	switch action {
	case "jr":
		return r.runJob(rest)
	case "jl":
		return r.jobs()
	case "rk":
		page, err := strconv.Atoi(rest)
		if err != nil || page < 0 || page > 100000 {
			return r.invalidButton()
		}
		return r.risk(page)
	case "ga":
		return r.startAddHoliday()
	}
	id, ok := parseID(strings.SplitN(rest, ":", 2)[0])
	if !ok {
		return r.invalidButton()
	}
	switch action {
	case "c":
		return r.card(id)
	case "v":
		return r.startVisit(id)
	case "fb":
		return r.startFeedback(id)
	case "ct":
		return r.contacts(id)
	case "nc":
		return r.startContact(id)
	case "nd":
		return r.startDeal(id)
	case "e":
		return r.startEdit(id)
	case "h":
		parts := strings.Split(rest, ":")
		if len(parts) != 3 {
			return r.invalidButton()
		}
		page, err := strconv.Atoi(parts[2])
		if err != nil || page < 0 || page > 10000 {
			return r.invalidButton()
		}
		return r.history(id, parts[1], page)
	case "fv":
		return r.feedbackView(id)
	case "fs":
		return r.feedbackStart(id)
	case "fr":
		return r.startResolve(id)
	case "fu":
		return r.followUpDone(id)
	case "rv":
		return r.markReviewed(id)
	case "rz":
		return r.snoozeReview(id)
	case "ca":
		return r.acknowledgeChurn(id)
	case "cv":
		return r.showChurn(id)
	case "cw":
		if strings.Count(rest, ":") == 1 {
			return r.assignWinback(id, rest)
		}
		return r.chooseWinback(id)
	case "ob":
		return r.retryMessage(id)
	case "gl":
		return r.greetingLink(id)
	case "gd":
		return r.deleteHoliday(id)
	case "gt":
		return r.templateShow(id)
	case "gr":
		return r.templateReset(id)
	}
	return r.invalidButton()
}

// contacts lists a client's contacts with their details.
func (r *req) contacts(id int64) error {
	actor := r.me.Actor()
	c, ok, err := r.visibleClient(id)
	if !ok {
		return err
	}
	cs, err := r.a.clients.Contacts(r.ctx, actor, id)
	if err != nil {
		return r.fail("list contacts", err)
	}
	l := r.l
	var b strings.Builder
	fmt.Fprintf(&b, "👤 <b>%s</b> · %s\n\n", esc(c.Name), l.T("联系人", "contacts"))
	if len(cs) == 0 {
		b.WriteString(l.T("暂无联系人。", "No contacts yet."))
	}
	for _, ct := range cs {
		star := ""
		if ct.IsPrimary {
			star = l.T(" ⭐主要联系人", " ⭐primary")
		}
		fmt.Fprintf(&b, "<b>%s</b> %s%s\n", esc(ct.Name), esc(ct.Position), star)
		if ct.Phone != "" {
			fmt.Fprintf(&b, "📞 %s\n", esc(ct.Phone))
		}
		if ct.Email != "" {
			fmt.Fprintf(&b, "✉️ %s\n", esc(ct.Email))
		}
		if ct.Birthday != nil {
			fmt.Fprintf(&b, "🎂 %s\n", ct.Birthday.Format("01-02"))
		}
		b.WriteString("\n")
	}
	cid := strconv.FormatInt(id, 10)
	kb := telegram.NewKeyboard()
	if actor.CanEdit(c.TeamID, c.OwnerID) {
		kb.Row(l.T("➕ 新增联系人", "➕ Add contact"), "nc:"+cid)
		r.greetingLinkButtons(kb, cs)
	}
	kb.Row(l.T("« 返回客户卡片", "« Back to card"), "c:"+cid)
	_, err = r.show(b.String(), kb)
	return err
}

const historyPage = 10

// history pages through a client's full record: visits (v), feedback (f)
// and deals (d).
func (r *req) history(id int64, kind string, page int) error {
	actor := r.me.Actor()
	c, ok, err := r.visibleClient(id)
	if !ok {
		return err
	}
	l := r.l
	today := r.today0()
	var b strings.Builder
	var total int
	off := page * historyPage
	switch kind {
	case "v":
		vs, n, err := r.a.visits.ForClient(r.ctx, actor, id, historyPage, off)
		if err != nil {
			return r.fail("list visits", err)
		}
		total = n
		fmt.Fprintf(&b, "📜 <b>%s</b> · %s (%d)\n\n", esc(c.Name), l.T("拜访记录", "visits"), n)
		for _, v := range vs {
			fmt.Fprintf(&b, "<b>%s</b> %s · %s\n%s\n", dates.FormatRel(dates.Today(v.VisitedAt, r.a.loc), today, string(l)), l.Label(i18n.VisitKind, string(v.Kind)), esc(v.AuthorName), esc(clip(visitSummary(l, v.Notes, v.VoiceFileID, len(v.PhotoFileIDs)), 300)))
			if v.Outcome != "" {
				fmt.Fprintf(&b, "→ %s\n", esc(clip(v.Outcome, 200)))
			}
			b.WriteString("\n")
		}
	case "f":
		fs, n, err := r.a.feedback.ForClient(r.ctx, actor, id, historyPage, off)
		if err != nil {
			return r.fail("list feedback", err)
		}
		total = n
		fmt.Fprintf(&b, "📜 <b>%s</b> · %s (%d)\n\n", esc(c.Name), l.T("客户反馈", "feedback"), n)
		for _, f := range fs {
			fmt.Fprintf(&b, "#%d <b>%s</b> %s · %s → %s\n%s\n", f.ID, l.Label(i18n.FeedbackKind, string(f.Kind)), l.Label(i18n.FeedbackStatus, string(f.Status)), dates.FormatRel(dates.Today(f.CreatedAt, r.a.loc), today, string(l)), esc(f.AssigneeName), esc(clip(f.Body, 300)))
			if f.Resolution != "" {
				fmt.Fprintf(&b, "✅ %s\n", esc(clip(f.Resolution, 200)))
			}
			b.WriteString("\n")
		}
	case "d":
		ds, n, err := r.a.clients.Deals(r.ctx, actor, id, historyPage, off)
		if err != nil {
			return r.fail("list deals", err)
		}
		total = n
		fmt.Fprintf(&b, "📜 <b>%s</b> · %s (%d)\n\n", esc(c.Name), l.T("合作历史 / 交易记录", "deals"), n)
		for _, d := range ds {
			fmt.Fprintf(&b, "<b>%s</b> ¥%s %s\n", d.DealOn.Format("2006-01-02"), d.Amount, esc(clip(d.Description, 200)))
		}
	default:
		return r.invalidButton()
	}
	if total == 0 {
		b.WriteString(l.T("（暂无记录）", "(nothing yet)"))
	}
	cid := strconv.FormatInt(id, 10)
	kb := telegram.NewKeyboard()
	var nav []string
	if page > 0 {
		nav = append(nav, l.T("‹ 上一页", "‹ Newer"), fmt.Sprintf("h:%s:%s:%d", cid, kind, page-1))
	}
	if off+historyPage < total {
		nav = append(nav, l.T("下一页 ›", "Older ›"), fmt.Sprintf("h:%s:%s:%d", cid, kind, page+1))
	}
	kb.Row(nav...)
	kb.Row(l.T("拜访", "Visits"), "h:"+cid+":v:0", l.T("反馈", "Feedback"), "h:"+cid+":f:0", l.T("交易", "Deals"), "h:"+cid+":d:0")
	kb.Row(l.T("« 返回客户卡片", "« Back to card"), "c:"+cid)
	_, err = r.show(b.String(), kb)
	return err
}
