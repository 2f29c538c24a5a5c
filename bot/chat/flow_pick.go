package chat

import (
	"errors"
	"fmt"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/staff"
)

// startWithClient starts d's flow, whose first step is choosing the client:
// from a card's button the client is already known, so it is picked at once.
func (r *req) startWithClient(d draft, clientID int64, title string) error {
	r.begin(d, stepClient)
	if clientID != 0 {
		return r.step(input{data: choiceClient.withInt(clientID), button: true})
	}
	return r.askClient(title)
}

// askClient starts a flow's first step: recent clients as buttons, or type
// to search.
func (r *req) askClient(prompt string) error {
	recent, err := r.a.clients.Recent(r.ctx, r.me.Actor(), 6)
	if err != nil {
		return r.fail("recent clients", err)
	}
	kb := telegram.NewKeyboard()
	for _, c := range recent {
		kb.Row(clip(c.Name, 30), r.fb(choiceClient.withInt(c.ID)))
	}
	r.cancelRow(kb)
	return r.showStep(prompt+"\n"+r.l.T("点选最近的客户，或输入名称/拼音搜索：", "Tap a recent client, or type a name or pinyin to search:"), kb)
}

// pickClient runs the client step of a flow. It returns the chosen client
// once the user picked one the domain layer lets them see.
func (r *req) pickClient(in input) (client.Client, bool, error) {
	if id, pressed, valid := choiceClient.idOf(in); pressed {
		if !valid {
			return client.Client{}, false, r.invalidButton()
		}
		return r.visibleClient(id)
	}
	if in.text == "" {
		return client.Client{}, false, r.say(r.l.T("请输入客户名称搜索，或点选上面的按钮。", "Type a client name to search, or tap a button above."))
	}
	ms, err := r.a.clients.Search(r.ctx, r.me.Actor(), in.text, 8)
	if err != nil {
		return client.Client{}, false, r.fail("search clients", err)
	}
	kb := telegram.NewKeyboard()
	for _, m := range ms {
		kb.Row(fmt.Sprintf("%s · %s", clip(m.Name, 28), r.l.Label(i18n.Tier, m.Tier)), r.fb(choiceClient.withInt(m.ClientID)))
	}
	r.cancelRow(kb)
	text := r.l.F("「%s」的搜索结果，请选择：", "Results for “%s”; pick one:", esc(clip(in.text, 40)))
	if len(ms) == 0 {
		text = r.l.F("没有找到「%s」，请换个关键词再试：", "Nothing matches “%s”; try other words:", esc(clip(in.text, 40)))
	}
	return client.Client{}, false, r.showStep(text, kb)
}

// visibleClient loads a client the user may see. When they may not (or it
// does not exist) it has already answered, and ok is false.
func (r *req) visibleClient(id int64) (c client.Client, ok bool, err error) {
	c, err = r.a.clients.Get(r.ctx, r.me.Actor(), id)
	switch {
	case errors.Is(err, client.ErrNotFound):
		return c, false, r.notFound()
	case err != nil:
		return c, false, r.fail("get client", err)
	}
	return c, true, nil
}

// pickedMember reads a choiceMember button naming a colleague the user may
// see; otherwise it has answered (with prompt, or a refusal) and ok is false.
func (r *req) pickedMember(in input, prompt string) (m staff.Member, ok bool, err error) {
	id, pressed, valid := choiceMember.idOf(in)
	if !pressed {
		return m, false, r.say(prompt)
	}
	if !valid {
		return m, false, r.invalidButton()
	}
	m, err = r.a.staff.Get(r.ctx, r.me.Actor(), id)
	switch {
	case errors.Is(err, staff.ErrNotFound):
		return m, false, r.invalidButton()
	case err != nil:
		return m, false, r.fail("get colleague", err)
	}
	return m, true, nil
}

// option is one option of a button step: the value its button carries
// (a choiceOption) and its label.
type option struct{ value, label string }

// choicesOf labels the values of the domain enumeration e as options.
func choicesOf[T ~string](l i18n.Lang, e i18n.Enum, values []T) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{string(v), l.Label(e, string(v))}
	}
	return out
}

// askChoice shows a step whose answer is one of the options (a
// choiceOption button).
func (r *req) askChoice(prompt string, perRow int, opts []option, extra ...string) error {
	kb := telegram.NewKeyboard()
	var cells []string
	for _, o := range opts {
		cells = append(cells, o.label, r.fb(choiceOption.with(o.value)))
	}
	kb.Grid(perRow, cells...)
	kb.Row(extra...)
	r.cancelRow(kb)
	return r.showStep(prompt, kb)
}

// chosen returns the value of a pressed option if it is one of opts; a forged
// value is refused.
func chosen(in input, opts []option) (string, bool) {
	v, ok := choiceOption.of(in)
	if !ok {
		return "", false
	}
	for _, o := range opts {
		if o.value == v {
			return v, true
		}
	}
	return "", false
}

// refuse answers a value that the domain's own checker refused at the step
// that received it: why, when the checker says (a reason the user can act
// on), then the step's prompt again. The step stays where it is.
func (r *req) refuse(err error, prompt string) error {
	if why := r.why(err); why != "" {
		return r.say(why + "\n" + prompt)
	}
	return r.say(prompt)
}

// why puts the reason a checker gave into the user's language; "" when it
// gave none worth telling.
func (r *req) why(err error) string {
	l := r.l
	switch {
	case errors.Is(err, client.ErrControlChar):
		return l.T("这段文字里有看不见的控制字符（常见于复制粘贴），无法保存。请直接输入文字。",
			"That text holds invisible control characters (they often come with copy and paste), which cannot be saved. Please type it in.")
	case errors.Is(err, client.ErrNoLetters):
		return l.T("名称需要包含文字或数字，不能只有符号或看不见的字符。",
			"A name needs letters or digits, not only symbols or invisible characters.")
	case errors.Is(err, client.ErrTooLong):
		return l.T("内容太长了。", "That is too long.")
	}
	return ""
}
