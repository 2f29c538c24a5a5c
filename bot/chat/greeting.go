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
)

// greetingStartPrefix marks a contact's greeting link in /start, so it is
// never taken for a staff invite code.
const greetingStartPrefix = "g_"

// maxLinkButtons bounds the greeting-link buttons on a contacts screen.
const maxLinkButtons = 8

// greetingLinkButtons adds, for a client the user may edit, one "greeting
// link" button per contact (callback.GreetingLink).
func (r *req) greetingLinkButtons(kb *telegram.Keyboard, cs []client.Contact) {
	for i, ct := range cs {
		if i == maxLinkButtons {
			break
		}
		kb.Row(r.l.F("🔗 问候订阅链接 · %s", "🔗 Greeting link · %s", clip(ct.Name, 20)), callback.GreetingLink{Contact: ct.ID}.Data())
	}
}

// greetingLink creates a contact's one-time subscription link and sends it
// as a message of its own, in both languages, ready to forward.
func (r *req) greetingLink(contactID int64) error {
	code, err := r.a.greetings.Invite(r.ctx, r.me.Actor(), contactID)
	switch {
	case errors.Is(err, greeting.ErrNotFound):
		return r.notice(r.l.T("找不到这个联系人，或您无权查看。", "That contact does not exist or you may not see it."))
	case errors.Is(err, access.ErrForbidden):
		return r.notice(r.l.T("只有客户负责人或经理可以为联系人生成链接。", "Only the client's owner or a manager can create a link for this contact."))
	case err != nil:
		return r.fail("greeting link", err)
	}
	if err := r.say(r.l.T("✅ 问候订阅链接已生成（30 天内有效，仅可使用一次）。请把下一条消息转发给这位联系人，对方点开链接即可直接收到我们的节日和生日祝福。",
		"✅ Greeting link created (valid for 30 days, single use). Forward the next message to the contact: once they open the link, they get our holiday and birthday greetings directly.")); err != nil {
		return err
	}
	start := greetingStartPrefix + code
	link := "<code>/start " + start + "</code>"
	if u := r.a.Username(r.ctx); u != "" {
		link = fmt.Sprintf("https://t.me/%s?start=%s", u, start)
	}
	return r.say(fmt.Sprintf("您好！点击下面的链接，即可在节日和生日收到我们的祝福：\n%s\n\nHello! Open the link below to receive our greetings on holidays and your birthday:\n%s", link, link))
}

// contactChat answers a chat that is not staff when it is (or wants to be)
// a subscribed contact: /start g_<code>, /stop, a message from a
// subscriber, or their answer to a satisfaction survey. done is false when
// the event is none of these.
func (r *req) contactChat() (done bool, err error) {
	ev := r.ev
	switch {
	case ev.IsCallback():
		return r.contactButton()
	case ev.Command == "start" && strings.HasPrefix(ev.Args, greetingStartPrefix):
		return true, r.subscribe(strings.TrimPrefix(ev.Args, greetingStartPrefix))
	case ev.Command == "stop":
		return true, r.unsubscribe()
	}
	sub, err := r.a.greetings.IsSubscriber(r.ctx, ev.ChatID)
	if err != nil || !sub {
		return false, err
	}
	return true, r.say(r.l.T("您已订阅我们的节日问候，谢谢！退订请发送 /stop。",
		"You are subscribed to our greetings, thank you! Send /stop to unsubscribe."))
}

// subscribe redeems a contact's link and thanks them in their language.
func (r *req) subscribe(code string) error {
	sub, err := r.a.greetings.Redeem(r.ctx, code, r.ev.ChatID, r.ev.LangCode)
	switch {
	case errors.Is(err, greeting.ErrInvalid):
		return r.say(r.l.T("这个链接无效。请向与您联系的同事索取新的链接。", "That link is not valid. Please ask your contact at our company for a new one."))
	case errors.Is(err, greeting.ErrUsed):
		return r.say(r.l.T("这个链接已被使用过。如需订阅，请索取新的链接。", "That link has already been used. Please ask for a new one to subscribe."))
	case errors.Is(err, greeting.ErrExpired):
		return r.say(r.l.T("这个链接已过期。请向与您联系的同事索取新的链接。", "That link has expired. Please ask your contact at our company for a new one."))
	case err != nil:
		return fmt.Errorf("subscribe contact: %w", err)
	}
	return r.say(r.l.F("🎉 %s您好，订阅成功！感谢您对%s与我们合作的支持，今后逢年过节我们会在这里为您送上祝福。\n如需退订，请随时发送 /stop。",
		"🎉 Thank you, %s, you're subscribed! We appreciate %s's partnership and will send you our greetings here on holidays and special days.\nSend /stop at any time to unsubscribe.",
		esc(sub.Name), esc(sub.ClientName)))
}

// unsubscribe ends a contact's greetings (/stop).
func (r *req) unsubscribe() error {
	ok, err := r.a.greetings.OptOut(r.ctx, r.ev.ChatID)
	if err != nil {
		return fmt.Errorf("unsubscribe contact: %w", err)
	}
	if !ok {
		return r.say(r.l.T("您目前没有订阅我们的问候。", "You are not subscribed to our greetings."))
	}
	return r.say(r.l.T("已退订，您将不再收到我们的问候。祝您一切顺利！", "Unsubscribed: you will not receive our greetings any more. All the best!"))
}

// greetingStartByStaff answers a member who opened a contact's link: it
// is meant for the contact, and redeeming it would subscribe the member.
func (r *req) greetingStartByStaff() error {
	return r.say(r.l.T("这是给客户联系人的问候订阅链接，请转发给对方，不要自己打开。",
		"That is a contact's greeting link; forward it to them rather than opening it yourself."))
}
