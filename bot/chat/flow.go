package chat

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"slices"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/session"
)

// flow names one of the multi-step conversations. Their drafts live in
// Redis (session.State) and become records only at their last step, in one
// transaction. The names are stored (in Redis and in PostgreSQL's
// conversations), so they never change.
type flow string

// The flows.
const (
	flowNewClient        flow = "new_client"
	flowVisit            flow = "visit"
	flowFeedback         flow = "feedback"
	flowResolve          flow = "resolve"
	flowEdit             flow = "edit"
	flowContact          flow = "contact"
	flowDeal             flow = "deal"
	flowInvite           flow = "invite"
	flowGreetingDate     flow = "greeting_date"     // add a custom date: name, then date
	flowGreetingTemplate flow = "greeting_template" // replace a template's text
	flowMerge            flow = "merge"             // merge duplicates into a client
	flowImport           flow = "import"            // an admin's file: which team it goes into
	flowExport           flow = "export"            // choose what /export writes
	flowReport           flow = "report"            // choose whose 考核 /report shows, and when
)

// flows names each flow to its user, with the command that starts it again.
var flows = map[flow]struct {
	title   i18n.Text
	command string
}{
	flowNewClient:        {i18n.Text{ZH: "新建客户", EN: "new client"}, "/new"},
	flowVisit:            {i18n.Text{ZH: "拜访记录", EN: "visit log"}, "/visit"},
	flowFeedback:         {i18n.Text{ZH: "客户反馈登记", EN: "feedback record"}, "/feedback"},
	flowResolve:          {i18n.Text{ZH: "反馈处理", EN: "feedback resolution"}, "/feedback"},
	flowEdit:             {i18n.Text{ZH: "客户资料修改", EN: "client edit"}, "/client"},
	flowContact:          {i18n.Text{ZH: "新增联系人", EN: "new contact"}, "/client"},
	flowDeal:             {i18n.Text{ZH: "交易记录", EN: "deal record"}, "/client"},
	flowInvite:           {i18n.Text{ZH: "邀请", EN: "invite"}, "/invite"},
	flowGreetingDate:     {i18n.Text{ZH: "添加自定义日期", EN: "custom date"}, "/holidays"},
	flowGreetingTemplate: {i18n.Text{ZH: "修改问候模板", EN: "template edit"}, "/templates"},
	flowMerge:            {i18n.Text{ZH: "合并客户", EN: "client merge"}, "/duplicates"},
	flowContactEdit:      {i18n.Text{ZH: "联系人修改", EN: "contact edit"}, "/client"},
	flowImport:           {i18n.Text{ZH: "导入", EN: "import"}, "/import"},
	flowExport:           {i18n.Text{ZH: "导出客户台账", EN: "ledger export"}, "/export"},
	flowReport:           {i18n.Text{ZH: "考核报告", EN: "sales review"}, "/report"},
	flowReceivable:       {i18n.Text{ZH: "应收与回款", EN: "receivable and payment"}, "/client"},
}

// flowTitle is what the user calls f; a flow this release does not know
// is named as stored.
func flowTitle(l i18n.Lang, f flow) string {
	if x, ok := flows[f]; ok {
		return x.title.In(l)
	}
	return string(f)
}

// flowCommand is the command that starts f again.
func flowCommand(f flow) string {
	if x, ok := flows[f]; ok {
		return x.command
	}
	return "/client"
}

// step is where a flow stands: what its next answer is for. Steps are
// stored with the conversation.
type step string

// Steps that more than one flow has; each flow's file lists its others.
const (
	stepClient  step = "client"  // visit, feedback: which client
	stepKind    step = "kind"    // visit, feedback: which kind
	stepName    step = "name"    // new client, contact, custom date
	stepPhone   step = "phone"   // new client, contact
	stepTeam    step = "team"    // new client (an admin without a team), invite
	stepText    step = "text"    // feedback, resolve
	stepDate    step = "date"    // deal, custom date
	stepConfirm step = "confirm" // the last look before Save
)

// at is the flow's current step.
func (r *req) at() step { return step(r.st.Step) }

// goTo moves the flow to s; the next save keeps it.
func (r *req) goTo(s step) { r.st.Step = string(s) }

// begin starts d's flow at step s, with d as its draft and a fresh nonce,
// abandoning any other.
func (r *req) begin(d draft, s step) {
	var b [4]byte
	_, _ = rand.Read(b[:])
	r.st = session.State{Flow: string(d.flow()), Step: string(s), Nonce: hex.EncodeToString(b[:]), Started: r.a.now()}
	r.draft, r.has = d, true
}

// errNoDrafts is save's answer while Redis is away: the route tells the user
// that step-by-step entry must wait.
var errNoDrafts = errors.New("bot: conversation store unavailable")

// keepApplied is how many applied updates a conversation remembers.
const keepApplied = 8

// save stores the conversation with its draft, marking this update as
// applied to it.
func (r *req) save() error {
	if r.noDrafts {
		return errNoDrafts
	}
	if r.draft != nil {
		b, err := encodeDraft(r.draft)
		if err != nil {
			return err
		}
		r.st.Draft = b
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
		d := r.st.Draft
		if r.draft != nil {
			var err error
			if d, err = encodeDraft(r.draft); err != nil {
				return err
			}
		}
		e = &session.Ended{Flow: r.st.Flow, Step: r.st.Step, Nonce: r.st.Nonce, MsgID: r.st.MsgID, Draft: d, Key: r.key()}
		if r.ev.IsCallback() {
			e.By = r.ev.Data
		}
	}
	r.st, r.draft = session.State{Ended: e}, nil
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

// resume puts an ended flow's last draft back, to replay its end. It
// reports false, changing nothing, for an end kept by the release before
// drafts were typed (no draft to replay with).
func (r *req) resume(e *session.Ended) bool {
	if len(e.Draft) == 0 {
		return false
	}
	r.st = session.State{Flow: e.Flow, Step: e.Step, Nonce: e.Nonce, MsgID: e.MsgID, Draft: e.Draft,
		LastUpdate: r.st.LastUpdate, Applied: r.st.Applied}
	r.draft, r.has, r.replayKey = nil, true, e.Key
	return true
}

// forget ends the conversation under way; nothing of its draft was stored.
func (r *req) forget() error {
	if err := r.a.sessions.Clear(r.ctx, r.ev.ChatID); err != nil {
		return err
	}
	r.has, r.st, r.draft = false, session.State{}, nil
	return nil
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

// step gives in to the current step of the flow under way, with its draft.
func (r *req) step(in input) error {
	switch flow(r.st.Flow) {
	case flowNewClient:
		return withDraft(r, in, r.newClientStep)
	case flowVisit:
		return withDraft(r, in, r.visitStep)
	case flowFeedback:
		return withDraft(r, in, r.feedbackStep)
	case flowResolve:
		return withDraft(r, in, r.resolveStep)
	case flowEdit:
		return withDraft(r, in, r.editStep)
	case flowContact:
		return withDraft(r, in, r.contactStep)
	case flowDeal:
		return withDraft(r, in, r.dealStep)
	case flowInvite:
		return withDraft(r, in, r.inviteStep)
	case flowGreetingDate:
		return withDraft(r, in, r.greetingDateStep)
	case flowGreetingTemplate:
		return withDraft(r, in, r.greetingTemplateStep)
	case flowMerge:
		return withDraft(r, in, r.mergeStep)
	case flowContactEdit:
		return withDraft(r, in, r.contactEditStep)
	case flowImport:
		return withDraft(r, in, r.importStep)
	case flowExport:
		return withDraft(r, in, r.exportStep)
	case flowReport:
		return withDraft(r, in, r.reportStep)
	case flowReceivable:
		return withDraft(r, in, r.receivableStep)
	}
	// A flow this release does not know: start over cleanly.
	if err := r.forget(); err != nil {
		return err
	}
	return r.say(r.l.T("这个操作已失效，请重新开始。", "That conversation is no longer valid; please start again."))
}

// flowButton handles a flow's button: its nonce names the conversation,
// its choice is the step's answer.
func (r *req) flowButton(a callback.Flow) error {
	nonce := a.Nonce
	if e := r.st.Ended; r.has && !r.st.Active() && e != nil && e.Nonce == nonce {
		// The button that finished the flow, pressed again (its answer may
		// have been lost in a crash), shows what it saved; any other button
		// of the flow, or an end without a draft to replay, only says so.
		if r.ev.Data != e.By || !r.resume(e) {
			return r.notice(r.l.T("这个对话已经完成并保存，这个按钮不再有作用。", "That conversation is finished and was saved; this button does nothing now."))
		}
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
