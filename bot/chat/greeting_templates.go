package chat

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/greeting"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// templates is /templates: every occasion's wording in both languages, one
// button each (callback.ShowTemplate, counting from 1 in
// greeting.Store.Templates order).
func (r *req) templates() error {
	if !r.isAdmin() {
		return r.adminRefusal()
	}
	ts, err := r.a.greetings.Templates(r.ctx)
	if err != nil {
		return r.fail("list templates", err)
	}
	l := r.l
	var b strings.Builder
	fmt.Fprintf(&b, "✉️ <b>%s</b>\n%s\n\n", l.T("问候模板", "Greeting templates"),
		l.T("点选一个模板查看和修改。✏️ 表示已修改，其余为默认文字。", "Tap a template to see and change it. ✏️ marks changed ones; the rest use the default text."))
	kb := telegram.NewKeyboard()
	var cells []string
	for i, t := range ts {
		label := l.F("%s · %s", "%s · %s", l.T(t.Zh, t.En), langName(l, t.Lang))
		if !t.Default {
			label = "✏️ " + label
		}
		cells = append(cells, label, callback.ShowTemplate{Template: int64(i + 1)}.Data())
		if i18n.Lang(t.Lang) == i18n.ZH {
			fmt.Fprintf(&b, "• %s\n", l.T(t.Zh, t.En))
		}
	}
	kb.Grid(2, cells...)
	_, err = r.show(b.String(), kb)
	return err
}

func langName(l i18n.Lang, code string) string {
	if i18n.Parse(code) == i18n.EN {
		return "English"
	}
	return l.T("中文", "Chinese")
}

// templateAt finds template n of the list; a forged n is ok false.
func (r *req) templateAt(n int64) (greeting.Template, bool, error) {
	ts, err := r.a.greetings.Templates(r.ctx)
	if err != nil {
		return greeting.Template{}, false, err
	}
	if n < 1 || n > int64(len(ts)) {
		return greeting.Template{}, false, nil
	}
	return ts[n-1], true, nil
}

// templateShow handles callback.ShowTemplate: the text, a preview, and a conversation
// waiting for the new text.
func (r *req) templateShow(n int64) error { return r.templateScreen(n, "") }

func (r *req) templateScreen(n int64, note string) error {
	if !r.isAdmin() {
		return r.adminRefusal()
	}
	t, ok, err := r.templateAt(n)
	if err != nil {
		return r.fail("get template", err)
	}
	if !ok {
		return r.invalidButton()
	}
	l := r.l
	state := l.T("默认文字", "default text")
	if !t.Default {
		state = l.T("已修改", "changed")
	}
	var b strings.Builder
	if note != "" {
		b.WriteString(note + "\n\n")
	}
	fmt.Fprintf(&b, "✉️ <b>%s · %s</b>（%s）\n\n<pre>%s</pre>\n\n%s\n<blockquote>%s</blockquote>\n\n%s",
		esc(l.T(t.Zh, t.En)), langName(l, t.Lang), state, esc(t.Body),
		l.T("预览：", "Preview:"), esc(r.preview(t, t.Body)),
		l.T("发送新的文字即可替换。可用占位符：{contact} 联系人姓名、{client} 客户名称、{holiday} 节日名称、{sender} 发送人（客户负责人）。",
			"Send a new text to replace it. Placeholders: {contact} the contact's name, {client} the client, {holiday} the occasion, {sender} the sender (the client's owner)."))
	r.begin(&greetingTemplateDraft{Occasion: t.Occasion, Lang: t.Lang}, stepBody)
	kb := telegram.NewKeyboard()
	if !t.Default {
		kb.Row(l.T("↩ 恢复默认", "↩ Reset to default"), callback.ResetTemplate{Template: n}.Data())
	}
	return r.showStep(b.String(), r.cancelRow(kb))
}

// preview fills a template with sample values in the template's language.
func (r *req) preview(t greeting.Template, body string) string {
	tl := i18n.Parse(t.Lang)
	name := tl.T(t.Zh, t.En)
	switch t.Occasion {
	case greeting.OccasionCustom:
		name = tl.T("公司周年庆", "Company Anniversary")
	case greeting.OccasionBirthday:
		name = tl.T("生日", "birthday")
	}
	return greeting.Render(body, greeting.Fill{Contact: tl.T("张伟", "Zhang Wei"), Client: tl.T("华为技术有限公司", "Acme Ltd."),
		Holiday: name, Sender: r.me.Name})
}

// templateReset handles callback.ResetTemplate.
func (r *req) templateReset(n int64) error {
	if !r.isAdmin() {
		return r.adminRefusal()
	}
	t, ok, err := r.templateAt(n)
	if err != nil {
		return r.fail("get template", err)
	}
	if !ok {
		return r.invalidButton()
	}
	err = r.a.greetings.ResetTemplate(r.ctx, r.me.Actor(), t.Occasion, t.Lang)
	switch {
	case errors.Is(err, access.ErrForbidden):
		return r.adminRefusal()
	case err != nil:
		return r.fail("reset template", err)
	}
	return r.templateScreen(n, r.l.T("✅ 已恢复默认文字。", "✅ Back to the default text."))
}

// greetingTemplateDraft is the draft of the flow that replaces a greeting
// template's text: which template (its one step, stepBody, takes the text).
type greetingTemplateDraft struct {
	Occasion string `json:"occasion"`
	Lang     string `json:"lang"`
}

func (*greetingTemplateDraft) flow() flow { return flowGreetingTemplate }

// stepBody is the template flow's one step: the new text.
const stepBody step = "body"

func (r *req) greetingTemplateStep(d *greetingTemplateDraft, in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	l := r.l
	if r.at() != stepBody || in.button || in.text == "" {
		return r.say(l.T("请发送新的模板文字，或 /cancel 取消。", "Send the new text, or /cancel."))
	}
	occasion, tlang := d.Occasion, d.Lang
	// The rule for every typed text first (no NUL or other control
	// characters), then the greeting package's own.
	body, err := client.CleanText(in.text, true)
	if err != nil {
		return r.refuse(err, l.T("请修改后重新发送新的模板文字，或 /cancel 取消。", "Please fix it and send the new text again, or /cancel."))
	}
	body, err = greeting.CheckBody(body)
	if err == nil {
		err = r.a.greetings.SetTemplate(r.ctx, r.me.Actor(), occasion, tlang, body)
	}
	switch {
	case errors.Is(err, greeting.ErrInvalid):
		return r.say(l.T("无法保存：模板需 1–1000 字，且只能使用 {contact} {client} {holiday} {sender} 这几个占位符。请修改后重新发送，或 /cancel 取消。",
			"Cannot save: a template is 1–1000 characters and may only use the placeholders {contact} {client} {holiday} {sender}. Please fix it and send it again, or /cancel."))
	case errors.Is(err, access.ErrForbidden):
		_ = r.finish()
		return r.adminRefusal()
	case err != nil:
		return r.fail("set template", err)
	}
	if err := r.finish(); err != nil {
		return err
	}
	t := greeting.Template{Occasion: occasion, Lang: tlang, Zh: occasion, En: occasion}
	if ts, err := r.a.greetings.Templates(r.ctx); err == nil {
		for _, x := range ts {
			if x.Occasion == occasion && x.Lang == tlang {
				t = x
			}
		}
	}
	return r.say(l.F("✅ 已保存「%s · %s」。预览：\n<blockquote>%s</blockquote>\n发送 /templates 查看全部模板。",
		"✅ Saved “%s · %s”. Preview:\n<blockquote>%s</blockquote>\nSend /templates to see them all.",
		esc(l.T(t.Zh, t.En)), langName(l, tlang), esc(r.preview(t, body))))
}
