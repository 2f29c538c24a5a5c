package chat

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/feedback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/staff"
)

// Feedback: client → kind → text → severity → assignee → due date → confirm,
// where the contact who raised it may be tapped (optional). On save the
// assignee and the team's managers are told through the outbox.

// feedbackDraft is the feedback flow's draft.
type feedbackDraft struct {
	ClientID     int64             `json:"client_id,omitempty"`
	ClientName   string            `json:"client_name,omitempty"`
	TeamID       int64             `json:"team_id,omitempty"`  // the client's team, whose members may handle it
	OwnerID      int64             `json:"owner_id,omitempty"` // the client's owner, offered first; 0 for none
	OwnerName    string            `json:"owner_name,omitempty"`
	Kind         feedback.Kind     `json:"kind,omitempty"`
	Body         string            `json:"body,omitempty"`
	Severity     feedback.Severity `json:"severity,omitempty"`
	AssigneeID   int64             `json:"assignee_id,omitempty"`
	AssigneeName string            `json:"assignee_name,omitempty"`
	Due          *time.Time        `json:"due,omitempty"` // a day at 00:00 UTC
	// ContactID and ContactName are the contact who raised it, picked at
	// the confirm step (optional); the survey goes to them once resolved.
	ContactID   int64  `json:"contact_id,omitempty"`
	ContactName string `json:"contact_name,omitempty"`
}

func (*feedbackDraft) flow() flow { return flowFeedback }

// The feedback flow's own steps (with stepClient, stepKind, stepText and
// stepConfirm).
const (
	stepSeverity step = "severity"
	stepAssignee step = "assignee"
	stepDue      step = "due"
)

// resolveDraft is the draft of the flow that resolves a feedback record:
// which one (its one step, stepText, asks how it was resolved, with an
// optional row of 1–5 for the client's satisfaction with the resolution).
type resolveDraft struct {
	FeedbackID int64 `json:"feedback_id"`
	Score      int   `json:"score,omitempty"` // 0 until a score is tapped
}

func (*resolveDraft) flow() flow { return flowResolve }

func (r *req) startFeedback(clientID int64) error {
	return r.startWithClient(&feedbackDraft{}, clientID, r.l.T("💬 <b>登记客户反馈</b>", "💬 <b>Record client feedback</b>"))
}

func (r *req) feedbackKinds() []option { return choicesOf(r.l, i18n.FeedbackKind, feedback.Kinds) }

func (r *req) severities() []option { return choicesOf(r.l, i18n.Severity, feedback.Severities) }

func (r *req) feedbackStep(d *feedbackDraft, in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	l := r.l
	switch r.at() {
	case stepClient:
		c, ok, err := r.pickClient(in)
		if !ok {
			return err
		}
		d.ClientID, d.ClientName, d.TeamID, d.OwnerID, d.OwnerName = c.ID, c.Name, c.TeamID, c.OwnerID, c.OwnerName
		r.goTo(stepKind)
		return r.askChoice(l.F("💬 <b>%s</b> 的反馈类型？", "💬 Feedback from <b>%s</b>: which kind?", esc(c.Name)), 2, r.feedbackKinds())
	case stepKind:
		k, ok := chosen(in, r.feedbackKinds())
		if !ok {
			return r.say(l.T("请点选反馈类型。", "Please tap a kind."))
		}
		d.Kind = feedback.Kind(k)
		r.goTo(stepText)
		return r.showStep(l.T("请描述客户的反馈内容：", "Describe what the client said:"), r.cancelRow(telegram.NewKeyboard()))
	case stepText:
		body, err := feedbackText(in.text)
		if err != nil || body == "" {
			return r.refuse(err, l.F("请输入反馈内容（%d 字以内）。", "Please type the feedback (at most %d characters).", feedback.MaxText))
		}
		d.Body = body
		r.goTo(stepSeverity)
		return r.askChoice(l.T("严重程度？", "How serious?"), 3, r.severities())
	case stepSeverity:
		s, ok := chosen(in, r.severities())
		if !ok {
			return r.say(l.T("请点选严重程度。", "Please tap a level."))
		}
		d.Severity = feedback.Severity(s)
		r.goTo(stepAssignee)
		return r.askAssignee(d)
	case stepAssignee:
		m, ok, err := r.pickedMember(in, l.T("请点选责任人。", "Please tap who will handle it."))
		if !ok {
			return err
		}
		d.AssigneeID, d.AssigneeName = m.ID, m.Name
		r.goTo(stepDue)
		def := feedback.DefaultDue(d.Kind, d.Severity, r.today0())
		kb := telegram.NewKeyboard().Row(l.F("默认 %s", "Default %s", def.Format("01-02")), r.fb(choiceDays.withInt(int64(def.Sub(r.today0()).Hours()/24))))
		kb.Row("+1d", r.fb(choiceDays.withInt(1)), "+3d", r.fb(choiceDays.withInt(3)), "+1w", r.fb(choiceDays.withInt(7)), "+2w", r.fb(choiceDays.withInt(14)))
		return r.showStep(l.T("处理时限？点选，或输入日期。", "Handling deadline? Tap one, or type a date."), r.cancelRow(kb))
	case stepDue:
		due, ok, err := r.dateAnswer(in, false)
		if !ok {
			return err
		}
		d.Due = due
		r.goTo(stepConfirm)
		return r.showFeedbackConfirm(d)
	case stepConfirm:
		if in.pressed(choiceSave) {
			return r.saveFeedback(d)
		}
		if done, err := r.pickRaiser(d, in); done {
			return err
		}
		return r.say(l.T("请点“保存”或“取消”。", "Tap Save or Cancel."))
	}
	return r.say(l.T("请按提示操作，或 /cancel 取消。", "Please follow the prompt, or /cancel."))
}

// choiceRaiser is the confirm step's choice of the contact who raised the
// feedback: "con:13".
const choiceRaiser choiceKind = "con"

// maxRaisers bounds the contacts offered at the confirm step.
const maxRaisers = 6

// showFeedbackConfirm shows the record to confirm: Save, the client's
// contacts to tap the one who raised it (optional; tapped again, none),
// Cancel.
func (r *req) showFeedbackConfirm(d *feedbackDraft) error {
	l := r.l
	cs, err := r.a.clients.Contacts(r.ctx, r.me.Actor(), d.ClientID)
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		return r.fail("list contacts", err)
	}
	raiser := l.T("提出人（可选，点下方联系人）：—", "Raised by (optional, tap a contact below): —")
	if d.ContactID != 0 {
		raiser = l.F("提出人：%s（处理后将收到满意度评价，如已订阅）", "Raised by: %s (gets the satisfaction survey once resolved, if subscribed)", esc(d.ContactName))
	}
	text := l.F("请确认：\n\n🏢 <b>%s</b>\n%s · %s\n%s\n%s%s\n%s%s\n%s",
		"Please confirm:\n\n🏢 <b>%s</b>\n%s · %s\n%s\n%s%s\n%s%s\n%s",
		esc(d.ClientName), l.Label(i18n.FeedbackKind, string(d.Kind)), l.Label(i18n.Severity, string(d.Severity)), esc(clip(d.Body, 500)),
		l.T("责任人：", "Assignee: "), esc(d.AssigneeName), l.T("处理时限：", "Due: "), d.Due.Format(time.DateOnly), raiser)
	var cells []string
	for i, c := range cs {
		if i == maxRaisers {
			break
		}
		mark := "👤 "
		if c.ID == d.ContactID {
			mark = "✅ "
		}
		cells = append(cells, mark+clip(c.Name, 14), r.fb(choiceRaiser.withInt(c.ID)))
	}
	return r.showStep(text, r.cancelRow(r.saveRow().Grid(3, cells...)))
}

// pickRaiser handles a tap on a contact at the confirm step: it becomes
// the one who raised the feedback, or none when tapped again. done is false
// for any other input.
func (r *req) pickRaiser(d *feedbackDraft, in input) (done bool, err error) {
	id, pressed, valid := choiceRaiser.idOf(in)
	if !pressed {
		return false, nil
	}
	if !valid {
		return true, r.invalidButton()
	}
	if id == d.ContactID {
		d.ContactID, d.ContactName = 0, ""
		return true, r.showFeedbackConfirm(d)
	}
	cs, err := r.a.clients.Contacts(r.ctx, r.me.Actor(), d.ClientID)
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		return true, r.fail("list contacts", err)
	}
	for _, c := range cs {
		if c.ID == id {
			d.ContactID, d.ContactName = c.ID, c.Name
			return true, r.showFeedbackConfirm(d)
		}
	}
	return true, r.invalidButton() // not one of the client's contacts: forged
}

// feedbackText checks a feedback's body or resolution as typed: the shared
// rule for typed text (client.CleanText: no NUL or other control
// characters, several lines allowed) and the feedback package's length.
// The feedback package exports no checker of its own for these, so its
// MaxText is checked here.
func feedbackText(s string) (string, error) {
	s, err := client.CleanText(s, true)
	if err != nil {
		return "", err
	}
	if utf8.RuneCountInString(s) > feedback.MaxText {
		return "", client.ErrTooLong
	}
	return s, nil
}

// askAssignee offers the client's owner first, then the team.
func (r *req) askAssignee(d *feedbackDraft) error {
	members, err := r.a.staff.TeamMembers(r.ctx, r.me.Actor(), d.TeamID)
	if err != nil {
		return r.fail("team members", err)
	}
	kb := telegram.NewKeyboard()
	if d.OwnerID != 0 && d.OwnerName != "" {
		kb.Row(r.l.F("负责人 %s（默认）", "Owner %s (default)", clip(d.OwnerName, 20)), r.fb(choiceMember.withInt(d.OwnerID)))
	}
	var cells []string
	for i, m := range members {
		if m.ID == d.OwnerID || i >= 12 {
			continue
		}
		cells = append(cells, clip(m.Name, 16), r.fb(choiceMember.withInt(m.ID)))
	}
	kb.Grid(2, cells...)
	if kb.Len() == 0 {
		kb.Row(clip(r.me.Name, 20), r.fb(choiceMember.withInt(r.me.ID)))
	}
	return r.showStep(r.l.T("由谁负责处理？", "Who will handle it?"), r.cancelRow(kb))
}

func (r *req) saveFeedback(d *feedbackDraft) error {
	l := r.l
	if d.Due == nil {
		return r.invalidButton()
	}
	f, _, err := r.a.feedback.Create(r.ctx, r.me.Actor(), feedback.Draft{ClientID: d.ClientID, Kind: d.Kind,
		Severity: d.Severity, Body: d.Body, AssigneeID: d.AssigneeID, DueOn: d.Due, ContactID: d.ContactID}, r.key())
	switch {
	case errors.Is(err, feedback.ErrNotFound):
		_ = r.finish()
		return r.notFound()
	case errors.Is(err, feedback.ErrInvalid):
		return r.cannotSave(err)
	case err != nil:
		return r.fail("create feedback", err)
	}
	if err := r.finish(); err != nil {
		return err
	}
	kb := telegram.NewKeyboard().Row(l.T("打开客户卡片", "Open client card"), callback.Card{Client: f.ClientID}.Data())
	_, err = r.show(l.F("✅ 反馈 #%d 已登记，责任人 %s，处理时限 %s。", "✅ Feedback #%d recorded; %s handles it by %s.",
		f.ID, esc(f.AssigneeName), f.DueOn.Format(time.DateOnly)), kb)
	return err
}

// feedbackNotices enqueues, inside the transaction that creates f, a notice
// to the assignee and to the team's managers, each in their own language;
// the author is not told of their own record. The outbox sends them.
func (a *App) feedbackNotices(ctx context.Context, tx pgx.Tx, f feedback.Feedback) error {
	managers, err := a.staff.Managers(ctx, f.TeamID)
	if err != nil {
		return fmt.Errorf("managers: %w", err)
	}
	if m, err := a.staff.ByID(ctx, f.AssigneeID); err == nil {
		managers = append(managers, m)
	} else if !errors.Is(err, staff.ErrNotFound) {
		return fmt.Errorf("assignee: %w", err)
	}
	var msgs []outbox.Message
	seen := map[int64]bool{}
	for _, m := range managers {
		if seen[m.ID] || m.ID == f.AuthorID || !m.Active {
			continue
		}
		seen[m.ID] = true
		l := i18n.Parse(m.Lang)
		head := l.T("📣 新的客户反馈", "📣 New client feedback")
		if m.ID == f.AssigneeID {
			head = l.T("📣 新的客户反馈（由您负责）", "📣 New client feedback assigned to you")
		}
		text := fmt.Sprintf("%s #%d\n🏢 <b>%s</b> · %s · %s\n%s\n%s%s · %s%s", head, f.ID, esc(f.ClientName), l.Label(i18n.FeedbackKind, string(f.Kind)),
			l.Label(i18n.Severity, string(f.Severity)), esc(clip(f.Body, 500)), l.T("登记人：", "By: "), esc(f.AuthorName), l.T("处理时限：", "Due: "), f.DueOn.Format(time.DateOnly))
		msgs = append(msgs, outbox.Message{Key: fmt.Sprintf("feedback:%d:new:staff:%d", f.ID, m.ID), ChatID: m.ChatID, StaffID: m.ID,
			Kind: "feedback", Text: text, Buttons: [][]outbox.Button{{{Text: l.T("查看", "View"), Data: callback.ViewFeedback{Feedback: f.ID}.Data()}}}})
	}
	_, err = outbox.Enqueue(ctx, tx, msgs...)
	return err
}

// feedbackView shows one feedback with the actions the viewer may take.
func (r *req) feedbackView(id int64) error {
	f, err := r.a.feedback.Get(r.ctx, r.me.Actor(), id)
	if errors.Is(err, feedback.ErrNotFound) {
		return r.notice(r.l.T("找不到这条反馈，或您无权查看。", "That feedback does not exist or you may not see it."))
	}
	if err != nil {
		return r.fail("get feedback", err)
	}
	l := r.l
	text := l.F("💬 反馈 #%d · %s · %s · %s\n🏢 <b>%s</b>\n%s\n\n责任人：%s\n处理时限：%s%s",
		"💬 Feedback #%d · %s · %s · %s\n🏢 <b>%s</b>\n%s\n\nAssignee: %s\nDue: %s%s",
		f.ID, l.Label(i18n.FeedbackKind, string(f.Kind)), l.Label(i18n.Severity, string(f.Severity)), l.Label(i18n.FeedbackStatus, string(f.Status)), esc(f.ClientName), esc(f.Body),
		esc(f.AssigneeName), f.DueOn.Format(time.DateOnly), overdueMark(l, f.Overdue))
	if f.Resolution != "" {
		text += "\n✅ " + esc(f.Resolution)
	}
	kb := telegram.NewKeyboard()
	mayAct := f.AssigneeID == r.me.ID || r.me.Role == access.Admin || r.me.Role == access.Manager && r.me.TeamID == f.TeamID
	if mayAct && f.Status == feedback.Open {
		kb.Row(l.T("▶️ 开始处理", "▶️ Start"), callback.StartHandling{Feedback: f.ID}.Data())
	}
	if mayAct && f.Status != feedback.Resolved {
		kb.Row(l.T("✅ 标记已解决", "✅ Resolve"), callback.ResolveFeedback{Feedback: f.ID}.Data())
	}
	kb.Row(l.T("« 客户卡片", "« Client card"), callback.Card{Client: f.ClientID}.Data())
	_, err = r.show(text, kb)
	return err
}

func (r *req) feedbackStart(id int64) error {
	_, err := r.a.feedback.Start(r.ctx, r.me.Actor(), id)
	if msg := r.feedbackErr(err); msg != "" {
		return r.notice(msg)
	}
	if err != nil {
		return r.fail("start feedback", err)
	}
	return r.feedbackView(id)
}

// feedbackErr turns an expected domain refusal into a kind message.
func (r *req) feedbackErr(err error) string {
	switch {
	case errors.Is(err, feedback.ErrNotFound):
		return r.l.T("找不到这条反馈，或您无权查看。", "That feedback does not exist or you may not see it.")
	case errors.Is(err, access.ErrForbidden):
		return r.l.T("只有责任人或团队经理可以处理这条反馈。", "Only the assignee or the team's managers can handle this feedback.")
	case errors.Is(err, feedback.ErrBadTransition):
		return r.l.T("这条反馈的状态已经变了，请刷新查看。", "This feedback has already moved on; nothing was changed.")
	}
	return ""
}

func (r *req) startResolve(id int64) error {
	f, err := r.a.feedback.Get(r.ctx, r.me.Actor(), id)
	if err != nil {
		if msg := r.feedbackErr(err); msg != "" {
			return r.notice(msg)
		}
		return r.fail("get feedback", err)
	}
	if f.Status == feedback.Resolved {
		return r.notice(r.feedbackErr(feedback.ErrBadTransition))
	}
	d := &resolveDraft{FeedbackID: id}
	r.begin(d, stepText)
	return r.askResolution(d)
}

// askResolution asks how the feedback was resolved, with the optional row
// of 1–5 for the client's satisfaction with the resolution.
func (r *req) askResolution(d *resolveDraft) error {
	l := r.l
	text := l.F("反馈 #%d：请写下处理结果。\n客户对处理结果满意吗？可先点 1–5 评分（可跳过）。\n%s",
		"Feedback #%d: how was it resolved?\nHow satisfied is the client with it? Tap 1–5 first if you know (optional).\n%s",
		d.FeedbackID, scoreText(l, d.Score))
	return r.showStep(text, r.cancelRow(r.scoreRow(telegram.NewKeyboard(), d.Score)))
}

func (r *req) resolveStep(d *resolveDraft, in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	if score, pressed, valid := scoreOf(in); pressed {
		if !valid {
			return r.invalidButton()
		}
		d.Score = score
		return r.askResolution(d)
	}
	text, err := feedbackText(in.text)
	if err != nil || text == "" {
		return r.refuse(err, r.l.F("请写下处理结果（%d 字以内）。", "Please write how it was resolved (at most %d characters).", feedback.MaxText))
	}
	f, err := r.a.feedback.Resolve(r.ctx, r.me.Actor(), d.FeedbackID, text, d.Score)
	if msg := r.feedbackErr(err); msg != "" {
		if ferr := r.finish(); ferr != nil {
			return ferr
		}
		return r.say(msg)
	}
	if err != nil {
		return r.fail("resolve feedback", err)
	}
	if err := r.finish(); err != nil {
		return err
	}
	kb := telegram.NewKeyboard().Row(r.l.T("打开客户卡片", "Open client card"), callback.Card{Client: f.ClientID}.Data())
	done := r.l.F("✅ 反馈 #%d 已解决。", "✅ Feedback #%d resolved.", f.ID)
	if d.Score != 0 {
		done += "\n" + scoreText(r.l, d.Score)
	}
	_, err = r.show(done, kb)
	return err
}
