package chat

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/bot/intake"
	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/session"
	"github.com/ledgerbot/ledgerbot/internal/staff"
)

// maxInput is the longest text the bot accepts in one message; longer texts
// are refused politely rather than cut.
const maxInput = 4000

// req is one event being handled, with who sent it and their conversation.
type req struct {
	ctx context.Context
	a   *App
	ev  Event
	l   i18n.Lang
	me  staff.Member
	st  session.State
	has bool // a conversation state exists
	// draft is the flow's draft while the update runs (a *visitDraft ...),
	// nil until a step needs it; save encodes it into st.Draft.
	draft draft
	// lost names the flow whose state vanished unfinished (timeout or
	// Redis losing it), to tell the user once.
	lost session.Lost
	// tracked is the flow the chat had when the update came: Save writes
	// a change of flow to PostgreSQL.
	tracked string
	// applied are the updates the conversation took before this one.
	applied []int64
	// noDrafts is set while Redis is away: what needs no draft still works.
	noDrafts bool
	// replayKey is the update id the records of a replayed flow end were
	// keyed on (see session.Ended); 0 otherwise.
	replayKey int64
	acked     bool // the button press was answered
}

func (a *App) route(ctx context.Context, ev Event) error {
	r := &req{ctx: ctx, a: a, ev: ev, l: i18n.Parse(ev.LangCode)}
	if ev.Command == "start" && ev.Private {
		// Someone who blocked the bot unblocks it with "Restart", which
		// sends /start: the outbox may write to them again.
		if err := a.outbox.MarkReachable(ctx, ev.ChatID); err != nil {
			return err
		}
	}
	if !ev.Private {
		if ev.Command != "" {
			return r.say(r.l.T("请在与我的私聊中使用。", "Please talk to me in a private chat."))
		}
		return nil
	}
	me, err := a.members.get(ctx, a.staff, ev.UserID)
	switch {
	case errors.Is(err, staff.ErrNotFound):
		return r.stranger()
	case err != nil:
		return fmt.Errorf("look up staff: %w", err)
	}
	r.me = me
	r.l = i18n.Parse(me.Lang)

	r.st, r.has, r.lost, err = a.sessions.Load(ctx, ev.ChatID)
	switch {
	case err != nil && (!intake.Transient(err) || needsDraft(ev)):
		return err // retried until Redis is back
	case err != nil:
		a.log.Warn("conversation store unavailable; answering without drafts", slog.Int64("update_id", ev.UpdateID), slog.Any("error", err))
		r.noDrafts = true
	}
	r.tracked, r.applied = r.st.Flow, append(r.st.Applied, r.st.LastUpdate)
	if r.has && slices.Contains(r.applied, ev.UpdateID) {
		// Already applied to the conversation: the update runs again after
		// a crash. If it ended a flow, the reply may have been lost with the
		// crash: replay the end, which finds the saved records.
		if e := r.st.Ended; e == nil || e.Key != ev.UpdateID || !r.resume(e) {
			return nil
		}
	}
	err = r.dispatch()
	if errors.Is(err, errNoDrafts) {
		err = r.say(r.l.T("抱歉，分步填写暂时不可用（会话存储暂时无法访问），这一步没有保存。一行就能说完的命令仍可使用，例如 <code>/visit 客户全称: 内容 电话</code>；或几分钟后再试。",
			"Sorry, step-by-step entry is unavailable for a few minutes (the conversation store cannot be reached), so this step was not kept. Commands that fit on one line still work, e.g. <code>/visit Exact client name: notes phone</code>; or try again in a few minutes."))
	}
	if err == nil && ev.IsCallback() && !r.acked {
		err = a.out.answer(ctx, ev.CallbackID, "", false)
	}
	return err
}

// needsDraft reports whether ev can only be understood with the chat's
// draft: typed text (it may answer a flow's step), a flow's button, /cancel.
func needsDraft(ev Event) bool {
	switch {
	case ev.IsCallback():
		a, err := callback.Parse(ev.Data)
		_, isFlow := a.(callback.Flow)
		return err == nil && isFlow
	case ev.Command != "":
		return ev.Command == "cancel"
	}
	return menuCommand(ev.Text) == ""
}

// stranger answers anyone who has not redeemed an invite: one polite line
// and nothing else, unless they bring a code.
func (r *req) stranger() error {
	if done, err := r.contactChat(); done || err != nil {
		return err
	}
	if r.ev.Command == "start" && r.ev.Args != "" {
		return r.redeem(r.ev.Args)
	}
	text := r.l.T("您好！这是团队内部的客户台账机器人，仅限受邀同事使用。请向您的经理索取邀请码，然后发送 /start 邀请码。",
		"Hello! This is a sales team's private client ledger. Ask your manager for an invite code, then send /start CODE.")
	if r.ev.IsCallback() {
		r.acked = true
		return r.a.out.answer(r.ctx, r.ev.CallbackID, r.l.T("无权访问。", "No access."), true)
	}
	return r.say(text)
}

func (r *req) dispatch() error {
	ev := r.ev
	if ev.IsCallback() {
		return r.button(ev.Data)
	}
	if cmd := menuCommand(ev.Text); cmd != "" && ev.Command == "" {
		ev.Command, r.ev.Command = cmd, cmd
	}
	if ev.Command != "" {
		if ev.Command != "cancel" && r.has && r.st.Active() {
			// A new command abandons the unfinished draft; nothing of it was stored.
			if err := r.forget(); err != nil {
				return err
			}
		}
		return r.command(ev.Command, ev.Args)
	}
	if ev.Document != nil {
		// A file starts an import; it abandons an unfinished draft as a
		// command does.
		if r.has && r.st.Active() {
			if err := r.forget(); err != nil {
				return err
			}
		}
		return r.importDocument(*ev.Document)
	}
	if utf8.RuneCountInString(ev.Text) > maxInput {
		return r.say(r.l.F("这段文字太长了（%d 字），请控制在 %d 字以内。之前的内容都还在，可以继续。",
			"That text is too long (%d characters); please keep it under %d. Nothing you entered before was lost.",
			utf8.RuneCountInString(ev.Text), maxInput))
	}
	if r.has && r.st.Active() {
		return r.step(input{text: ev.Text, voice: ev.VoiceID, photo: ev.PhotoID, lat: ev.Lat, lon: ev.Lon})
	}
	if lost := flow(r.lost.Flow); lost != "" && r.lost.TimedOut {
		return r.say(r.l.F("您之前的「%s」因超过 %d 分钟无操作已失效，没有保存任何内容。请重新开始：%s",
			"Your unfinished %s timed out after %d minutes without activity; nothing was saved. Start again with %s.",
			flowTitle(r.l, lost), int(r.a.sessions.TTL().Minutes()), flowCommand(lost)))
	} else if lost != "" {
		return r.say(r.l.F("抱歉，系统重启时丢失了您未完成的「%s」草稿，没有保存任何内容，您刚发的这条也没有记入。请重新开始：%s",
			"Sorry, your unfinished %s was lost when the system restarted; nothing of it was saved, nor the message you just sent. Please start again with %s.",
			flowTitle(r.l, lost), flowCommand(lost)))
	}
	if ev.Text != "" {
		return r.search(ev.Text)
	}
	return r.say(r.l.T("请发送客户名称搜索，或使用菜单中的功能。", "Send a client's name to search, or use the menu."))
}

func (r *req) command(cmd, args string) error {
	switch cmd {
	case "start", "help", "menu":
		if cmd == "start" && strings.HasPrefix(args, greetingStartPrefix) {
			return r.greetingStartByStaff()
		}
		if cmd == "start" && args != "" {
			return r.say(r.l.T("您已是团队成员，无需再次使用邀请码。", "You are already a member; no invite code needed."))
		}
		return r.help()
	case "cancel":
		return r.cancel()
	case "client", "find", "search":
		if args == "" {
			return r.say(r.l.T("请输入客户名称、拼音首字母、联系人或电话，例如：<code>/client 华为</code>",
				"Type a client name, pinyin initials, a contact or a phone, e.g. <code>/client acme</code>"))
		}
		return r.search(args)
	case "new":
		return r.startNewClient()
	case "visit":
		if args != "" {
			return r.quickVisit(args)
		}
		return r.startVisit(0)
	case "feedback":
		return r.startFeedback(0)
	case "today":
		return r.today()
	case "mine":
		return r.mine()
	case "lang":
		return r.chooseLang()
	case "invite":
		return r.startInvite()
	case "newteam":
		return r.newTeam(args)
	case "teams":
		return r.teams()
	case "holidays":
		return r.holidays()
	case "templates":
		return r.templates()
	case "jobs":
		return r.jobs()
	case "risk":
		return r.risk(0)
	case "import":
		return r.importHelp()
	case "duplicates":
		return r.duplicatesCommand()
	case "tiers":
		return r.tiersCommand()
	case "export":
		return r.startExport()
	case "report":
		return r.startReport()
	case "members":
		return r.membersCommand()
	case "changes":
		return r.changesCommand()
	}
	return r.say(r.l.T("不认识这个命令。发送 /help 查看可用功能。", "I don't know that command. Send /help to see what I can do."))
}

func (r *req) cancel() error {
	if !r.has || !r.st.Active() {
		return r.say(r.l.T("当前没有进行中的操作。", "There is nothing to cancel."))
	}
	title := flowTitle(r.l, flow(r.st.Flow))
	if err := r.forget(); err != nil {
		return err
	}
	return r.sayMenu(r.l.F("已取消「%s」，没有保存任何内容。", "Cancelled the %s; nothing was saved.", title))
}

// say sends a new message.
func (r *req) say(text string) error {
	_, err := r.a.out.send(r.ctx, r.ev.ChatID, text, nil)
	return err
}

// sayMenu sends a message that brings back the main reply keyboard.
func (r *req) sayMenu(text string) error {
	_, err := r.a.out.send(r.ctx, r.ev.ChatID, text, mainKeyboard(r.l))
	return err
}

// notice answers a button press with a short pop-up.
func (r *req) notice(text string) error {
	if !r.ev.IsCallback() {
		return r.say(text)
	}
	r.acked = true
	return r.a.out.answer(r.ctx, r.ev.CallbackID, text, true)
}

// show puts a screen on the chat: it edits the message whose button was
// pressed, so screens replace each other instead of piling up, and sends a
// new message when the user typed. It returns the message's id.
func (r *req) show(text string, kb *telegram.Keyboard) (int64, error) {
	if r.ev.IsCallback() && r.ev.MsgID != 0 {
		return r.a.out.edit(r.ctx, r.ev.ChatID, r.ev.MsgID, text, kb.Markup())
	}
	if kb == nil {
		return r.a.out.send(r.ctx, r.ev.ChatID, text, nil)
	}
	return r.a.out.send(r.ctx, r.ev.ChatID, text, kb.Markup())
}

// cannotSave answers a record the domain layer refused as invalid. The
// steps check what users type, so this is rare; the detail goes to the log,
// the user gets a plain sentence in their language and keeps the draft.
func (r *req) cannotSave(err error) error {
	r.a.log.Debug("record refused", slog.Int64("staff_id", r.me.ID), slog.Any("error", err))
	if why := r.why(err); why != "" {
		return r.say(why + r.l.T(" 请修改后重试，或 /cancel 取消。", " Please change it and try again, or /cancel."))
	}
	return r.say(r.l.T("无法保存：有内容不符合要求（可能太长或格式不对）。请修改后重试，或 /cancel 取消。",
		"Cannot save: something is not in the accepted form (too long, or the wrong format). Please change it and try again, or /cancel."))
}

// fail wraps an unexpected domain error with the action that met it. It
// does not log: the intake, which decides to retry the update or give it
// up, logs it once, with the update.
func (r *req) fail(action string, err error) error {
	return fmt.Errorf("%s for staff %d: %w", action, r.me.ID, err)
}

// managersOnly are the menu's commands a salesperson is not shown in /help:
// they would only be told that managers do that.
var managersOnly = map[string]bool{"invite": true, "import": true, "duplicates": true, "members": true, "report": true,
	"tiers": true}

func (r *req) help() error {
	var b strings.Builder
	b.WriteString(r.l.F("您好，%s（%s%s）。\n\n", "Hello, %s (%s%s).\n\n", esc(r.me.Name), r.l.Label(i18n.Role, string(r.me.Role)), teamSuffix(r.l, r.me.TeamName)))
	for _, c := range commandList {
		if managersOnly[c.name] && r.me.Role == access.Sales {
			continue
		}
		fmt.Fprintf(&b, "/%s — %s\n", c.name, c.desc.In(r.l))
	}
	b.WriteString(r.l.T("\n直接发送文字即可搜索客户。快速记拜访：<code>/visit 客户: 内容 下周二</code>",
		"\nJust type to search clients. Quick visit: <code>/visit client: notes next 2w</code>"))
	if r.me.Role == "admin" {
		b.WriteString(r.l.T("\n管理员：/newteam 团队名 创建团队，/teams 查看团队，/jobs 定时任务与发送队列。",
			"\nAdmin: /newteam NAME creates a team, /teams lists them, /jobs shows scheduled jobs and the outbox."))
		b.WriteString(r.l.T("\n节日问候：/holidays 节日与自定义日期，/templates 问候模板。",
			"\nGreetings: /holidays for holidays and custom dates, /templates for the greeting texts."))
	}
	return r.sayMenu(b.String())
}

func teamSuffix(l i18n.Lang, team string) string {
	if team == "" {
		return ""
	}
	return l.F("，%s", ", %s", esc(team))
}
