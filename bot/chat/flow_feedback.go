package chat

import (
	"context"
	"errors"
	"fmt"
	"strconv"
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

// Feedback: client → kind → text → severity → assignee → due date → confirm.
// On save the assignee and the team's managers are told through the outbox.

func (r *req) startFeedback(clientID int64) error {
	return r.startWithClient(flowFeedback, clientID, r.l.T("💬 <b>登记客户反馈</b>", "💬 <b>Record client feedback</b>"))
}

func (r *req) feedbackKinds() []choice { return choicesOf(r.l, i18n.FeedbackKind, feedback.Kinds) }

func (r *req) severities() []choice { return choicesOf(r.l, i18n.Severity, feedback.Severities) }

func (r *req) feedbackStep(in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	l := r.l
	switch r.st.Step {
	case "client":
		c, ok, err := r.pickClient(in)
		if !ok {
			return err
		}
		r.st.Set("client", strconv.FormatInt(c.ID, 10))
		r.st.Set("client_name", c.Name)
		r.st.Set("team", strconv.FormatInt(c.TeamID, 10))
		r.st.Set("owner", strconv.FormatInt(c.OwnerID, 10))
		r.st.Set("owner_name", c.OwnerName)
		r.st.Step = "kind"
		return r.askChoice(l.F("💬 <b>%s</b> 的反馈类型？", "💬 Feedback from <b>%s</b>: which kind?", esc(c.Name)), 2, r.feedbackKinds())
	case "kind":
		k, ok := chosen(in, r.feedbackKinds())
		if !ok {
			return r.say(l.T("请点选反馈类型。", "Please tap a kind."))
		}
		r.st.Set("kind", k)
		r.st.Step = "text"
		return r.showStep(l.T("请描述客户的反馈内容：", "Describe what the client said:"), r.cancelRow(telegram.NewKeyboard()))
	case "text":
		body, err := feedbackText(in.text)
		if err != nil || body == "" {
			return r.refuse(err, l.F("请输入反馈内容（%d 字以内）。", "Please type the feedback (at most %d characters).", feedback.MaxText))
		}
		r.st.Set("body", body)
		r.st.Step = "severity"
		return r.askChoice(l.T("严重程度？", "How serious?"), 3, r.severities())
	case "severity":
		s, ok := chosen(in, r.severities())
		if !ok {
			return r.say(l.T("请点选严重程度。", "Please tap a level."))
		}
		r.st.Set("severity", s)
		r.st.Step = "assignee"
		return r.askAssignee()
	case "assignee":
		m, ok, err := r.pickedMember(in, l.T("请点选责任人。", "Please tap who will handle it."))
		if !ok {
			return err
		}
		r.st.Set("assignee", strconv.FormatInt(m.ID, 10))
		r.st.Set("assignee_name", m.Name)
		r.st.Step = "due"
		def := feedback.DefaultDue(feedback.Kind(r.st.Get("kind")), feedback.Severity(r.st.Get("severity")), r.today0())
		kb := telegram.NewKeyboard().Row(l.F("默认 %s", "Default %s", def.Format("01-02")), r.fb("d:"+strconv.Itoa(int(def.Sub(r.today0()).Hours()/24))))
		kb.Row("+1d", r.fb("d:1"), "+3d", r.fb("d:3"), "+1w", r.fb("d:7"), "+2w", r.fb("d:14"))
		return r.showStep(l.T("处理时限？点选，或输入日期。", "Handling deadline? Tap one, or type a date."), r.cancelRow(kb))
	case "due":
		d, ok, err := r.dateAnswer(in, false)
		if !ok {
			return err
		}
		r.st.Set("due", d)
		r.st.Step = "confirm"
		kb := telegram.NewKeyboard().Row(l.T("✅ 保存", "✅ Save"), r.fb("save"))
		text := l.F("请确认：\n\n🏢 <b>%s</b>\n%s · %s\n%s\n%s%s\n%s%s",
			"Please confirm:\n\n🏢 <b>%s</b>\n%s · %s\n%s\n%s%s\n%s%s",
			esc(r.st.Get("client_name")), l.Label(i18n.FeedbackKind, r.st.Get("kind")), l.Label(i18n.Severity, r.st.Get("severity")), esc(clip(r.st.Get("body"), 500)),
			l.T("责任人：", "Assignee: "), esc(r.st.Get("assignee_name")), l.T("处理时限：", "Due: "), d)
		return r.showStep(text, r.cancelRow(kb))
	case "confirm":
		if in.button && in.data == "save" {
			return r.saveFeedback()
		}
		return r.say(l.T("请点“保存”或“取消”。", "Tap Save or Cancel."))
	}
	return r.say(l.T("请按提示操作，或 /cancel 取消。", "Please follow the prompt, or /cancel."))
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
func (r *req) askAssignee() error {
	team, _ := parseID(r.st.Get("team"))
	members, err := r.a.staff.TeamMembers(r.ctx, r.me.Actor(), team)
	if err != nil {
		return r.fail("team members", err)
	}
	kb := telegram.NewKeyboard()
	owner := r.st.Get("owner")
	if name := r.st.Get("owner_name"); owner != "0" && owner != "" && name != "" {
		kb.Row(r.l.F("负责人 %s（默认）", "Owner %s (default)", clip(name, 20)), r.fb("who:"+owner))
	}
	var cells []string
	for i, m := range members {
		if strconv.FormatInt(m.ID, 10) == owner || i >= 12 {
			continue
		}
		cells = append(cells, clip(m.Name, 16), r.fb("who:"+strconv.FormatInt(m.ID, 10)))
	}
	kb.Grid(2, cells...)
	if kb.Len() == 0 {
		kb.Row(clip(r.me.Name, 20), r.fb("who:"+strconv.FormatInt(r.me.ID, 10)))
	}
	return r.showStep(r.l.T("由谁负责处理？", "Who will handle it?"), r.cancelRow(kb))
}

func (r *req) saveFeedback() error {
	l := r.l
	cid, _ := parseID(r.st.Get("client"))
	assignee, _ := parseID(r.st.Get("assignee"))
	due, err := time.Parse(time.DateOnly, r.st.Get("due"))
	if err != nil {
		return r.invalidButton()
	}
	f, _, err := r.a.feedback.Create(r.ctx, r.me.Actor(), feedback.Draft{ClientID: cid, Kind: feedback.Kind(r.st.Get("kind")),
		Severity: feedback.Severity(r.st.Get("severity")), Body: r.st.Get("body"), AssigneeID: assignee, DueOn: &due}, r.key())
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
	r.begin(flowResolve, "text")
	r.st.Set("feedback", strconv.FormatInt(id, 10))
	return r.showStep(r.l.F("反馈 #%d：请写下处理结果。", "Feedback #%d: how was it resolved?", id), r.cancelRow(telegram.NewKeyboard()))
}

func (r *req) resolveStep(in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	text, err := feedbackText(in.text)
	if err != nil || text == "" {
		return r.refuse(err, r.l.F("请写下处理结果（%d 字以内）。", "Please write how it was resolved (at most %d characters).", feedback.MaxText))
	}
	id, _ := parseID(r.st.Get("feedback"))
	f, err := r.a.feedback.Resolve(r.ctx, r.me.Actor(), id, text)
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
	_, err = r.show(r.l.F("✅ 反馈 #%d 已解决。", "✅ Feedback #%d resolved.", f.ID), kb)
	return err
}
