package chat

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/greeting"
)

// greetingDateDraft is the draft of the flow that adds a custom date: its
// name (stepName), kept until the date is typed (stepDate).
type greetingDateDraft struct {
	Name string `json:"name,omitempty"` // as typed, for greeting.ParseName
}

func (*greetingDateDraft) flow() flow { return flowGreetingDate }

// upcomingDays is how far ahead /holidays looks.
const upcomingDays = 60

// maxCustomButtons bounds the delete buttons on /holidays.
const maxCustomButtons = 20

func (r *req) isAdmin() bool { return r.me.Role == access.Admin }

// adminRefusal is the polite answer to anyone else asking for the admins'
// greeting screens, typed or through a forged button.
func (r *req) adminRefusal() error {
	return r.notice(r.l.T("只有管理员可以管理节日和问候模板。", "Only admins can manage holidays and greeting templates."))
}

// holidays is /holidays: the next 60 days' occasions and the custom dates,
// each with a delete button, and a button to add one.
func (r *req) holidays() error { return r.holidaysScreen("") }

func (r *req) holidaysScreen(note string) error {
	if !r.isAdmin() {
		return r.adminRefusal()
	}
	g := r.a.greetings
	today := r.today0()
	occ, err := g.Upcoming(r.ctx, today, upcomingDays)
	if err != nil {
		return r.fail("upcoming occasions", err)
	}
	cs, err := g.Customs(r.ctx)
	if err != nil {
		return r.fail("custom dates", err)
	}
	l := r.l
	var b strings.Builder
	if note != "" {
		b.WriteString(note + "\n\n")
	}
	fmt.Fprintf(&b, "📅 <b>%s</b>\n", l.F("未来 %d 天的节日", "Occasions in the next %d days", upcomingDays))
	if len(occ) == 0 {
		b.WriteString(l.T("（无）\n", "(none)\n"))
	}
	for _, o := range occ {
		mark := ""
		if strings.HasPrefix(o.Key, "custom:") {
			mark = l.T("（自定义）", " (custom)")
		}
		fmt.Fprintf(&b, "• %s %s%s\n", dates.FormatRel(o.Date, today, string(l)), esc(o.Name(string(l))), mark)
	}
	fmt.Fprintf(&b, "\n<b>%s</b>\n", l.T("自定义日期", "Custom dates"))
	if len(cs) == 0 {
		b.WriteString(l.T("（还没有。点下方按钮添加，如公司周年庆。）\n", "(none yet; add one below, such as a company anniversary)\n"))
	}
	kb := telegram.NewKeyboard()
	for i, c := range cs {
		fmt.Fprintf(&b, "• %s %s\n", r.customWhen(c), esc(customName(c)))
		if i < maxCustomButtons {
			kb.Row(l.F("🗑 删除 %s", "🗑 Delete %s", clip(customName(c), 24)), callback.DeleteCustomDate{Date: c.ID}.Data())
		}
	}
	b.WriteString(l.T("\n春节、元宵、端午、中秋按农历自动计算；问候在当天发给战略和重点客户的联系人。",
		"\nLunar holidays are computed each year; greetings go to the contacts of strategic and key clients on the day."))
	kb.Row(l.T("➕ 添加自定义日期", "➕ Add a custom date"), callback.AddCustomDate{}.Data())
	_, err = r.show(b.String(), kb)
	return err
}

// customWhen says when a custom date falls.
func (r *req) customWhen(c greeting.Custom) string {
	if c.Year == 0 {
		return r.l.F("每年 %d月%d日", "every year %02d-%02d", c.Month, c.Day)
	}
	return dates.Format(time.Date(c.Year, time.Month(c.Month), c.Day, 0, 0, 0, 0, time.UTC), string(r.l))
}

func customName(c greeting.Custom) string {
	if c.NameZh == c.NameEn {
		return c.NameZh
	}
	return c.NameZh + " / " + c.NameEn
}

// deleteHoliday handles callback.DeleteCustomDate.
func (r *req) deleteHoliday(id int64) error {
	err := r.a.greetings.DeleteCustom(r.ctx, r.me.Actor(), id)
	switch {
	case errors.Is(err, access.ErrForbidden):
		return r.adminRefusal()
	case errors.Is(err, greeting.ErrNotFound):
		return r.notice(r.l.T("这个日期已删除或不存在。", "That date no longer exists."))
	case err != nil:
		return r.fail("delete custom date", err)
	}
	return r.holidaysScreen(r.l.T("✅ 已删除。", "✅ Deleted."))
}

// startAddHoliday handles callback.AddCustomDate: the name, then the date.
func (r *req) startAddHoliday() error {
	if !r.isAdmin() {
		return r.adminRefusal()
	}
	r.begin(&greetingDateDraft{}, stepName)
	return r.showStep(r.l.T("请输入日期名称，例如「公司周年庆」。中英文不同时可写成「公司周年庆 / Company Anniversary」。",
		"Type the occasion's name, e.g. “Company Anniversary”. For different Chinese and English names write “公司周年庆 / Company Anniversary”."),
		r.cancelRow(telegram.NewKeyboard()))
}

// occasionName checks a custom date's name as typed: greeting.ParseName's
// rule (one name, or "中文 / English", each 1 to 50 characters), after the
// rule for every typed name (client.CleanName: no control characters,
// letters or digits in each name). It returns the text to keep,
// which ParseName reads again when the date is saved.
func occasionName(typed string) (string, error) {
	// The whole answer first, so that one of only invisible characters is
	// told that a name needs letters (cleaned, it would just be empty).
	text, err := client.CleanName(typed)
	if err != nil {
		return "", err
	}
	zh, en, err := greeting.ParseName(text)
	if err != nil {
		return "", err
	}
	for _, n := range []string{zh, en} {
		if _, err := client.CleanName(n); err != nil {
			return "", err
		}
	}
	return text, nil
}

func (r *req) greetingDateStep(d *greetingDateDraft, in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	l := r.l
	switch r.at() {
	case stepName:
		name, err := occasionName(in.text)
		if in.button || err != nil {
			return r.refuse(err, l.T("请输入名称（50 字以内）。", "Type a name (up to 50 characters)."))
		}
		d.Name = name
		r.goTo(stepDate)
		return r.showStep(l.T("日期？每年都有的写 月-日，如 <code>03-18</code>；只有一次的写完整日期，如 <code>2027-04-01</code>。",
			"Date? For every year type month-day, e.g. <code>03-18</code>; for once, the full date, e.g. <code>2027-04-01</code>."),
			r.cancelRow(telegram.NewKeyboard()))
	case stepDate:
		c, err := r.a.greetings.AddCustom(r.ctx, r.me.Actor(), d.Name, in.text)
		switch {
		case errors.Is(err, greeting.ErrInvalid):
			return r.say(l.T("没看懂这个日期（或已过去、超过五年）。请写 03-18 或 2027-04-01，或 /cancel 取消。",
				"I could not use that date (or it is past, or more than five years ahead). Type 03-18 or 2027-04-01, or /cancel."))
		case errors.Is(err, access.ErrForbidden):
			_ = r.finish()
			return r.adminRefusal()
		case err != nil:
			return r.fail("add custom date", err)
		}
		if err := r.finish(); err != nil {
			return err
		}
		return r.holidaysScreen(l.F("✅ 已添加「%s」（%s）。", "✅ Added “%s” (%s).", esc(customName(c)), r.customWhen(c)))
	}
	return r.say(l.T("请按提示操作，或 /cancel 取消。", "Please follow the prompt, or /cancel."))
}
