package chat

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"slices"
	"strconv"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/session"
)

// The multi-step conversations. Their drafts live in Redis (session.State)
// and become records only at their last step, in one transaction.
const (
	flowNewClient = "new_client"
	flowVisit     = "visit"
	flowFeedback  = "feedback"
	flowResolve   = "resolve"
	flowEdit      = "edit"
	flowContact   = "contact"
	flowDeal      = "deal"
	flowInvite    = "invite"
)

func flowTitle(l i18n.Lang, flow string) string {
	switch flow {
	case flowNewClient:
		return l.T("新建客户", "new client")
	case flowVisit:
		return l.T("拜访记录", "visit log")
	case flowFeedback:
		return l.T("客户反馈登记", "feedback record")
	case flowResolve:
		return l.T("反馈处理", "feedback resolution")
	case flowEdit:
		return l.T("客户资料修改", "client edit")
	case flowContact:
		return l.T("新增联系人", "new contact")
	case flowDeal:
		return l.T("交易记录", "deal record")
	case flowInvite:
		return l.T("邀请", "invite")
	case flowGreetingDate:
		return l.T("添加自定义日期", "custom date")
	case flowGreetingTemplate:
		return l.T("修改问候模板", "template edit")
	}
	return flow
}

func flowCommand(flow string) string {
	switch flow {
	case flowNewClient:
		return "/new"
	case flowVisit:
		return "/visit"
	case flowFeedback, flowResolve:
		return "/feedback"
	case flowInvite:
		return "/invite"
	case flowGreetingDate:
		return "/holidays"
	case flowGreetingTemplate:
		return "/templates"
	}
	return "/client"
}

// input is what the user gave a flow step: typed text, a pressed flow
// button's value, a voice note, a photo or a location.
type input struct {
	text   string
	data   string
	button bool
	voice  string
	photo  string
	lat    *float64
	lon    *float64
}

// begin starts a flow with a fresh nonce, abandoning any other.
func (r *req) begin(flow, step string) {
	var b [4]byte
	_, _ = rand.Read(b[:])
	r.st = session.State{Flow: flow, Step: step, Nonce: hex.EncodeToString(b[:]), Started: r.a.now()}
	r.has = true
}

// errNoDrafts is save's answer while Redis is away: the route tells the user
// that step-by-step entry must wait.
var errNoDrafts = errors.New("bot: conversation store unavailable")

// keepApplied is how many applied updates a conversation remembers.
const keepApplied = 8

// save stores the conversation, marking this update as applied to it.
func (r *req) save() error {
	if r.noDrafts {
		return errNoDrafts
	}
	r.st.LastUpdate = r.ev.UpdateID
	r.st.Applied = nil
	if n := len(r.applied); n > 0 {
		r.st.Applied = slices.Clone(r.applied[max(0, n-keepApplied):])
	}
	if err := r.a.sessions.Save(r.ctx, r.ev.ChatID, r.st, r.tracked); err != nil {
		return err
	}
	r.tracked = r.st.Flow
	return nil
}

// finish ends the flow. It keeps a state remembering this update and the
// flow's last draft (session.Ended), so the update, if run again after a
// crash, or the finishing button pressed again, shows what was saved
// instead of finding no flow. While Redis is away there is nothing to keep.
func (r *req) finish() error {
	var e *session.Ended
	if r.st.Active() {
		e = &session.Ended{Flow: r.st.Flow, Step: r.st.Step, Nonce: r.st.Nonce, MsgID: r.st.MsgID, Data: r.st.Data, Key: r.key()}
		if r.ev.IsCallback() {
			e.By = r.ev.Data
		}
	}
	r.st = session.State{Ended: e}
	if r.noDrafts {
		return nil
	}
	return r.save()
}

// key is the update id that records created by this step are keyed on: this
// update's, or, when a flow's end is replayed, that of the update that ended
// it first, so the replay finds those records instead of making new ones.
func (r *req) key() int64 {
	if r.replayKey != 0 {
		return r.replayKey
	}
	return r.ev.UpdateID
}

// resume puts an ended flow's last draft back, to replay its end.
func (r *req) resume(e *session.Ended) {
	r.st = session.State{Flow: e.Flow, Step: e.Step, Nonce: e.Nonce, MsgID: e.MsgID, Data: e.Data,
		LastUpdate: r.st.LastUpdate, Applied: r.st.Applied}
	r.has, r.replayKey = true, e.Key
}

// fb is the callback data of a flow button: tied to this conversation by its
// nonce, so a button of an older conversation is recognised as stale.
func (r *req) fb(choice string) string {
	return callback.Flow{Nonce: r.st.Nonce, Choice: choice}.Data()
}

// showStep shows a flow screen and remembers its message, then saves.
func (r *req) showStep(text string, kb *telegram.Keyboard) error {
	id, err := r.show(text, kb)
	if err != nil {
		return err
	}
	if id != 0 {
		r.st.MsgID = id
	}
	return r.save()
}

func (r *req) step(in input) error {
	switch r.st.Flow {
	case flowNewClient:
		return r.newClientStep(in)
	case flowVisit:
		return r.visitStep(in)
	case flowFeedback:
		return r.feedbackStep(in)
	case flowResolve:
		return r.resolveStep(in)
	case flowEdit:
		return r.editStep(in)
	case flowContact:
		return r.contactStep(in)
	case flowDeal:
		return r.dealStep(in)
	case flowInvite:
		return r.inviteStep(in)
	case flowGreetingDate:
		return r.greetingDateStep(in)
	case flowGreetingTemplate:
		return r.greetingTemplateStep(in)
	}
	// A state from an older version of the bot: start over cleanly.
	if err := r.a.sessions.Clear(r.ctx, r.ev.ChatID); err != nil {
		return err
	}
	return r.say(r.l.T("这个操作已失效，请重新开始。", "That conversation is no longer valid; please start again."))
}

// flowButton handles a flow's button: its nonce names the conversation,
// its choice is the step's answer.
func (r *req) flowButton(a callback.Flow) error {
	nonce := a.Nonce
	if e := r.st.Ended; r.has && !r.st.Active() && e != nil && e.Nonce == nonce {
		if r.ev.Data != e.By {
			return r.notice(r.l.T("这个对话已经完成并保存，这个按钮不再有作用。", "That conversation is finished and was saved; this button does nothing now."))
		}
		// The button that finished the flow, pressed again (its answer may
		// have been lost in a crash): show what it saved.
		r.resume(e)
	}
	if !r.has || !r.st.Active() {
		return r.notice(r.l.T("这个按钮已过期（对话已结束或超时），没有做任何修改。", "This button has expired (the conversation ended or timed out); nothing was changed."))
	}
	if nonce != r.st.Nonce {
		return r.notice(r.l.T("这是之前对话的按钮，已失效，没有做任何修改。", "That button belongs to an earlier conversation; nothing was changed."))
	}
	return r.step(input{data: a.Choice, button: true})
}

func (r *req) invalidButton() error {
	return r.notice(r.l.T("无效的按钮，没有做任何修改。", "That button is not valid; nothing was changed."))
}

// parseID reads a positive id from callback data; forged data yields false.
func parseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// cancelRow is the last row of every flow screen.
func (r *req) cancelRow(kb *telegram.Keyboard) *telegram.Keyboard {
	return kb.Row(r.l.T("✖ 取消", "✖ Cancel"), r.fb("cancel"))
}

// cancelled handles the flow's own cancel button.
func (r *req) cancelled(in input) (bool, error) {
	if in.button && in.data == "cancel" {
		return true, r.cancel()
	}
	return false, nil
}
