package chat

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/value"
)

// button routes a pressed inline button. Callback data is never trusted:
// callback.Parse reads only the forms buttons carry, and every action asks
// the domain layer, which checks the presser's rights again, so a forged or
// replayed button can do no more than the presser could do by typing.
func (r *req) button(data string) error {
	a, err := callback.Parse(data)
	if err != nil {
		return r.invalidButton()
	}
	if a, err = r.followMerged(a); err != nil {
		return err
	}
	switch a := a.(type) {
	case callback.Flow:
		return r.flowButton(a)
	case callback.SetLang:
		return r.setLang(a)
	case callback.Card:
		return r.card(a.Client)
	case callback.StartVisit:
		return r.startVisit(a.Client)
	case callback.StartFeedback:
		return r.startFeedback(a.Client)
	case callback.Contacts:
		return r.contacts(a.Client)
	case callback.NewContact:
		return r.startContact(a.Client)
	case callback.NewDeal:
		return r.startDeal(a.Client)
	case callback.EditClient:
		return r.startEdit(a.Client)
	case callback.History:
		return r.history(a.Client, a.Of, a.Page)
	case callback.ViewFeedback:
		return r.feedbackView(a.Feedback)
	case callback.StartHandling:
		return r.feedbackStart(a.Feedback)
	case callback.ResolveFeedback:
		return r.startResolve(a.Feedback)
	case callback.FollowUpDone:
		return r.followUpDone(a.Visit)
	case callback.Reviewed:
		return r.markReviewed(a.Client)
	case callback.SnoozeReview:
		return r.snoozeReview(a.Client)
	case callback.AckChurn:
		return r.acknowledgeChurn(a.Episode)
	case callback.ShowChurn:
		return r.showChurn(a.Episode)
	case callback.ChooseWinback:
		return r.chooseWinback(a.Episode)
	case callback.AssignWinback:
		return r.assignWinback(a.Episode, a.Staff)
	case callback.RiskPage:
		return r.risk(a.Page)
	case callback.RetryMessage:
		return r.retryMessage(a.Outbox)
	case callback.GreetingLink:
		return r.greetingLink(a.Contact)
	case callback.DeleteCustomDate:
		return r.deleteHoliday(a.Date)
	case callback.ShowTemplate:
		return r.templateShow(a.Template)
	case callback.ResetTemplate:
		return r.templateReset(a.Template)
	case callback.AddCustomDate:
		return r.startAddHoliday()
	case callback.JobsList:
		return r.jobs()
	case callback.RunJob:
		return r.runJob(a.Job)
	case callback.ImportShow, callback.ImportPickColumn, callback.ImportSetColumn, callback.ImportUseSheet,
		callback.ImportSetKind, callback.ImportDryRun, callback.ImportReport, callback.ImportConfirm,
		callback.ImportCancel, callback.ImportUndo:
		return r.importButton(a)
	case callback.Merge:
		return r.startMerge(a.Client, 0)
	case callback.MergePair:
		return r.startMerge(a.Survivor, a.Other)
	case callback.Archive:
		return r.askArchive(a.Client)
	case callback.ConfirmArchive:
		return r.archive(a.Client)
	case callback.Restore:
		return r.restore(a.Client)
	case callback.Duplicates:
		return r.duplicates(a.Team, a.Page)
	case callback.NotDuplicate:
		return r.notDuplicate(a.A, a.B)
	case callback.Members:
		return r.membersOf(a.Team)
	case callback.Member:
		return r.member(a.Staff)
	case callback.Deactivate:
		return r.deactivateScreen(a.Staff)
	case callback.HandOver:
		return r.handOver(a.Staff)
	case callback.HandOverPick:
		return r.handOverPick(a.Staff, a.Page)
	case callback.HandOverChoose:
		return r.handOverChoose(a)
	case callback.HandOverConfirm:
		return r.handOverConfirm(a)
	case callback.HandOverRun:
		return r.handOverRun(a)
	case callback.EditContact:
		return r.editContact(a.Contact)
	case callback.EditContactField:
		return r.editContactField(a)
	case callback.RemoveContact:
		return r.removeContactAsk(a.Contact)
	case callback.RemoveContactConfirmed:
		return r.removeContact(a.Contact)
	case callback.Changes:
		return r.clientChanges(a.Client, a.Page)
	case callback.StaffChanges:
		return r.staffChanges(a.Staff, a.Page)
	case callback.Export:
		return r.runExport(a)
	case callback.ReportFile:
		return r.reportFile(a)
	case callback.Tiers:
		return r.tiers(a.Team, a.Page)
	case callback.TierChange:
		return r.decideTier(a.Suggestion, value.Change)
	case callback.TierKeep:
		return r.decideTier(a.Suggestion, value.Keep)
	case callback.Receivables, callback.DealReceivable, callback.DealTerms, callback.DealPayment, callback.SurveyAnswer:
		return r.creditButton(a)
	}
	// An action callback knows and this switch does not: a bug, found by
	// the end-to-end test that presses every golden form.
	r.a.log.Error("callback action without a route", slog.String("action", fmt.Sprintf("%T", a)))
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
	kb := telegram.NewKeyboard()
	if actor.CanEdit(c.TeamID, c.OwnerID) {
		kb.Row(l.T("➕ 新增联系人", "➕ Add contact"), callback.NewContact{Client: id}.Data())
		r.contactEditButtons(kb, cs)
		r.greetingLinkButtons(kb, cs)
	}
	kb.Row(l.T("« 返回客户卡片", "« Back to card"), callback.Card{Client: id}.Data())
	_, err = r.show(b.String(), kb)
	return err
}

const historyPage = 10

// history pages through a client's full record: its visits, feedback or
// deals.
func (r *req) history(id int64, kind callback.HistoryKind, page int) error {
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
	case callback.HistoryVisits:
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
	case callback.HistoryFeedback:
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
	case callback.HistoryDeals:
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
	page0 := func(of callback.HistoryKind) string { return callback.History{Client: id, Of: of}.Data() }
	kb := telegram.NewKeyboard()
	var nav []string
	if page > 0 {
		nav = append(nav, l.T("‹ 上一页", "‹ Newer"), callback.History{Client: id, Of: kind, Page: page - 1}.Data())
	}
	if off+historyPage < total && page < callback.MaxHistoryPage {
		nav = append(nav, l.T("下一页 ›", "Older ›"), callback.History{Client: id, Of: kind, Page: page + 1}.Data())
	}
	kb.Row(nav...)
	kb.Row(l.T("拜访", "Visits"), page0(callback.HistoryVisits), l.T("反馈", "Feedback"), page0(callback.HistoryFeedback),
		l.T("交易", "Deals"), page0(callback.HistoryDeals))
	kb.Row(l.T("« 返回客户卡片", "« Back to card"), callback.Card{Client: id}.Data())
	_, err = r.show(b.String(), kb)
	return err
}
