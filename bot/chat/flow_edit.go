package chat

import (
	"errors"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// Editing a client one field at a time, adding a contact, adding a deal.

// editDraft is the draft of the flow that changes one field of a client.
type editDraft struct {
	ClientID int64  `json:"client_id"`
	Field    string `json:"field,omitempty"` // an editSpec's field
}

func (*editDraft) flow() flow { return flowEdit }

// contactDraft is the draft of the flow that adds a contact to a client.
type contactDraft struct {
	ClientID int64      `json:"client_id"`
	Name     string     `json:"name,omitempty"`
	Position string     `json:"position,omitempty"`
	Phone    string     `json:"phone,omitempty"`
	Email    string     `json:"email,omitempty"`
	Birthday *time.Time `json:"birthday,omitempty"` // a day at 00:00 UTC
}

func (*contactDraft) flow() flow { return flowContact }

// dealDraft is the draft of the flow that records a deal with a client.
type dealDraft struct {
	ClientID    int64      `json:"client_id"`
	Date        *time.Time `json:"date,omitempty"`   // a day at 00:00 UTC
	Amount      string     `json:"amount,omitempty"` // as client.ParseAmount wrote it
	Description string     `json:"description,omitempty"`
	// DueOn is when payment falls due; nil: no receivable tracked.
	DueOn *time.Time `json:"due_on,omitempty"`
}

func (*dealDraft) flow() flow { return flowDeal }

// The steps of these flows that no other flow has.
const (
	stepField    step = "field"    // edit: which field
	stepValue    step = "value"    // edit: its new value
	stepEmail    step = "email"    // contact
	stepBirthday step = "birthday" // contact
	stepAmount   step = "amount"   // deal
	stepDesc     step = "desc"     // deal: what it was for
)

// editSpec is a field the edit flow offers: an enumeration (values, named
// by enum) is chosen by button, a date typed, and text (max > 0, the
// client package's limit) typed and checked with client.CheckField.
type editSpec struct {
	field  string
	label  i18n.Text
	enum   i18n.Enum
	values []string
	max    int
}

var editFields = []editSpec{
	{"name", i18n.Text{ZH: "名称", EN: "Name"}, "", nil, client.MaxName},
	{"tier", i18n.Text{ZH: "客户等级", EN: "Tier"}, i18n.Tier, client.Tiers, 0},
	{"stage", i18n.Text{ZH: "合作阶段", EN: "Stage"}, i18n.Stage, client.Stages, 0},
	{"industry", i18n.Text{ZH: "行业", EN: "Industry"}, "", nil, client.MaxIndustry},
	{"size", i18n.Text{ZH: "规模", EN: "Size"}, i18n.Size, client.Sizes, 0},
	{"region", i18n.Text{ZH: "地区", EN: "Region"}, "", nil, client.MaxRegion},
	{"address", i18n.Text{ZH: "地址", EN: "Address"}, "", nil, client.MaxAddress},
	{"source", i18n.Text{ZH: "客户来源", EN: "Source"}, "", nil, client.MaxSource},
	{"needs", i18n.Text{ZH: "需求与偏好", EN: "Needs"}, "", nil, client.MaxLongText},
	{"risk_note", i18n.Text{ZH: "信用/风险", EN: "Credit/risk"}, "", nil, client.MaxLongText},
	{"next_review_on", i18n.Text{ZH: "下次复核日期", EN: "Next review"}, "", nil, 0},
}

// editable loads a client the user may change, answering otherwise.
func (r *req) editable(id int64) (client.Client, bool, error) {
	c, ok, err := r.visibleClient(id)
	if !ok {
		return c, false, err
	}
	if !r.me.Actor().CanEdit(c.TeamID, c.OwnerID) {
		return c, false, r.notice(r.l.T("只有负责人或团队经理可以修改这个客户。", "Only the owner or the team's managers can change this client."))
	}
	return c, true, nil
}

func (r *req) startEdit(id int64) error {
	c, ok, err := r.editable(id)
	if !ok {
		return err
	}
	r.begin(&editDraft{ClientID: id}, stepField)
	var cells []string
	for _, f := range editFields {
		cells = append(cells, f.label.In(r.l), r.fb(choiceField.with(f.field)))
	}
	return r.showStep(r.l.F("✏️ 修改 <b>%s</b>：选择字段", "✏️ Edit <b>%s</b>: which field?", esc(c.Name)), r.cancelRow(telegram.NewKeyboard().Grid(3, cells...)))
}

func (r *req) editStep(d *editDraft, in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	l := r.l
	id := d.ClientID
	switch r.at() {
	case stepField:
		name, pressed := choiceField.of(in)
		if !pressed {
			return r.say(l.T("请点选要修改的字段。", "Please tap a field."))
		}
		f, ok := editField(name)
		if !ok {
			return r.invalidButton()
		}
		d.Field = f.field
		r.goTo(stepValue)
		if f.values != nil {
			return r.askChoice(l.F("新的%s：", "New %s:", f.label.In(l)), 3, choicesOf(l, f.enum, f.values))
		}
		return r.showStep(l.F("请输入新的%s：", "Type the new %s:", f.label.In(l)), r.cancelRow(telegram.NewKeyboard()))
	case stepValue:
		field := d.Field
		value := in.text
		if in.button {
			v, ok := choiceOption.of(in)
			if !ok {
				return r.invalidButton()
			}
			value = v
		}
		if value == "" {
			return r.say(l.T("请输入新的内容。", "Please type the new value."))
		}
		if f, ok := editField(field); ok && f.max > 0 {
			v, err := client.CheckField(field, value)
			if err != nil || v == "" {
				return r.refuse(err, l.F("请输入新的%s（%d 字以内）。", "Please type the new %s (at most %d characters).", f.label.In(l), f.max))
			}
			value = v
		}
		if field == "next_review_on" {
			d, err := dates.ParseFuture(value, r.today0())
			if err != nil {
				return r.say(l.T("没看懂这个日期，例如：2027-01-15、下周二。", "I could not read that date; e.g. 2027-01-15, next tue."))
			}
			value = d.Format(time.DateOnly)
		}
		if _, err := r.a.clients.Update(r.ctx, r.me.Actor(), id, client.Patch{Field: field, Value: value}); err != nil {
			return r.editErr("update client", err)
		}
		if err := r.finish(); err != nil {
			return err
		}
		return r.card(id)
	}
	return r.say(l.T("请按提示操作，或 /cancel 取消。", "Please follow the prompt, or /cancel."))
}

// editField finds a field of editFields by name.
func editField(name string) (editSpec, bool) {
	for _, f := range editFields {
		if f.field == name {
			return f, true
		}
	}
	return editSpec{}, false
}

func (r *req) startContact(id int64) error {
	c, ok, err := r.editable(id)
	if !ok {
		return err
	}
	r.begin(&contactDraft{ClientID: id}, stepName)
	return r.showStep(r.l.F("👤 为 <b>%s</b> 新增联系人\n姓名和职位？（如：张伟 采购经理）", "👤 New contact for <b>%s</b>\nName and position? (e.g. Zhang Wei, purchasing manager)", esc(c.Name)), r.cancelRow(telegram.NewKeyboard()))
}

func (r *req) contactStep(d *contactDraft, in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	l := r.l
	skip := r.cancelRow(telegram.NewKeyboard().Row(r.skipButton()...))
	switch r.at() {
	case stepName:
		name, pos, err := contactName(in.text)
		if err != nil {
			return r.refuse(err, l.F("请输入联系人姓名和职位（各 %d 字以内）。", "Type the contact's name and position (at most %d characters each).", client.MaxContact))
		}
		d.Name, d.Position = name, pos
		r.goTo(stepPhone)
		return r.showStep(l.T("电话？", "Phone?"), skip)
	case stepPhone:
		if !isSkip(in) {
			phone, err := client.CheckPhone(in.text)
			if err != nil || phone == "" {
				return r.refuse(err, l.T("电话格式不对：请输入 5–20 位数字，可含空格和 + - ( )，或跳过。",
					"That does not look like a phone number: 5 to 20 digits, with spaces and + - ( ) if you like; try again or skip."))
			}
			d.Phone = phone
		}
		r.goTo(stepEmail)
		return r.showStep(l.T("邮箱？", "Email?"), skip)
	case stepEmail:
		if !isSkip(in) {
			email, err := client.CheckEmail(in.text)
			if err != nil || email == "" {
				return r.refuse(err, l.T("邮箱格式不对（应类似 name@example.com），请重新输入或跳过。",
					"That is not an email address (like name@example.com); try again or skip."))
			}
			d.Email = email
		}
		r.goTo(stepBirthday)
		return r.showStep(l.T("生日？（如 1980-05-12 或 5月12日，用于生日祝福）", "Birthday? (e.g. 1980-05-12, for birthday greetings)"), skip)
	case stepBirthday:
		if !isSkip(in) {
			b, err := dates.ParseBirthday(in.text, r.today0())
			if err != nil {
				return r.say(l.T("没看懂这个生日，可以写 1980-05-12 或 5月12日，或跳过。", "I could not read that birthday; try 1980-05-12 or 05-12, or skip."))
			}
			d.Birthday = &b
		}
		r.goTo(stepConfirm)
		kb := telegram.NewKeyboard().Row(l.T("✅ 保存", "✅ Save"), r.fb(choiceSave), l.T("⭐ 保存为主要联系人", "⭐ Save as primary"), r.fb(choicePrimary))
		birthday := ""
		if d.Birthday != nil {
			birthday = d.Birthday.Format(time.DateOnly)
		}
		text := l.F("请确认联系人：\n%s %s\n📞 %s\n✉️ %s\n🎂 %s", "Please confirm the contact:\n%s %s\n📞 %s\n✉️ %s\n🎂 %s",
			esc(d.Name), esc(d.Position), esc(orDash(d.Phone)), esc(orDash(d.Email)), orDash(birthday))
		return r.showStep(text, r.cancelRow(kb))
	case stepConfirm:
		if !in.pressed(choiceSave) && !in.pressed(choicePrimary) {
			return r.say(l.T("请点“保存”或“取消”。", "Tap Save or Cancel."))
		}
		cd := client.ContactDraft{Name: d.Name, Position: d.Position, Phone: d.Phone, Email: d.Email,
			Birthday: d.Birthday, IsPrimary: in.pressed(choicePrimary)}
		if _, _, err := r.a.clients.AddContact(r.ctx, r.me.Actor(), d.ClientID, cd, r.key()); err != nil {
			return r.editErr("add contact", err)
		}
		if err := r.finish(); err != nil {
			return err
		}
		return r.contacts(d.ClientID)
	}
	return r.say(l.T("请按提示操作，或 /cancel 取消。", "Please follow the prompt, or /cancel."))
}

// editErr answers the expected refusals of a client change.
func (r *req) editErr(action string, err error) error {
	switch {
	case errors.Is(err, client.ErrInvalid):
		return r.cannotSave(err)
	case errors.Is(err, client.ErrNotFound):
		_ = r.finish()
		return r.notFound()
	case errors.Is(err, access.ErrForbidden):
		_ = r.finish()
		return r.notice(r.l.T("只有负责人或团队经理可以修改这个客户。", "Only the owner or the team's managers can change this client."))
	}
	return r.fail(action, err)
}

func (r *req) startDeal(id int64) error {
	c, ok, err := r.editable(id)
	if !ok {
		return err
	}
	r.begin(&dealDraft{ClientID: id}, stepDate)
	kb := telegram.NewKeyboard().Row(r.l.T("今天", "Today"), r.fb(choiceToday))
	return r.showStep(r.l.F("💰 <b>%s</b> 的交易记录\n成交日期？", "💰 Deal with <b>%s</b>\nDate?", esc(c.Name)), r.cancelRow(kb))
}

func (r *req) dealStep(d *dealDraft, in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	l := r.l
	switch r.at() {
	case stepDate:
		day := r.today0()
		if !in.pressed(choiceToday) {
			var err error
			day, err = dates.Parse(in.text, r.today0())
			if err != nil || day.After(r.today0()) {
				return r.say(l.T("请输入今天或以前的日期，例如 2026-11-20。", "Please give today or an earlier date, e.g. 2026-11-20."))
			}
		}
		d.Date = &day
		r.goTo(stepAmount)
		return r.showStep(l.T("金额（元）？", "Amount (CNY)?"), r.cancelRow(telegram.NewKeyboard()))
	case stepAmount:
		amt, err := client.ParseAmount(in.text)
		if err != nil {
			return r.say(l.T("请输入金额（元），例如 125000 或 12500.50。", "Please type an amount in CNY, e.g. 125000 or 12500.50."))
		}
		d.Amount = amt
		r.goTo(stepDesc)
		return r.showStep(l.T("交易内容（项目/产品）？", "What was it for (project, product)?"), r.cancelRow(telegram.NewKeyboard().Row(r.skipButton()...)))
	case stepDesc:
		if !isSkip(in) {
			desc, err := client.CheckDealText(in.text)
			if err != nil || desc == "" {
				return r.refuse(err, l.F("请输入交易内容（%d 字以内），或跳过。", "Type what it was for (at most %d characters), or skip.", client.MaxDealText))
			}
			d.Description = desc
		}
		r.goTo(stepDueOn)
		return r.askDueOn(*d.Date)
	case stepDueOn:
		due, ok, err := r.dueAnswer(*d.Date, in)
		if !ok {
			return err
		}
		d.DueOn = due
		r.goTo(stepConfirm)
		terms := l.T("不设到期日", "no due date")
		if due != nil {
			terms = l.F("%s 到期", "due %s", due.Format(time.DateOnly))
		}
		return r.showStep(l.F("请确认：%s ¥%s %s（回款：%s）", "Please confirm: %s ¥%s %s (payment: %s)", d.Date.Format(time.DateOnly), esc(d.Amount), esc(d.Description), terms),
			r.cancelRow(r.saveRow()))
	case stepConfirm:
		if !in.pressed(choiceSave) {
			return r.say(l.T("请点“保存”或“取消”。", "Tap Save or Cancel."))
		}
		if _, _, err := r.a.clients.AddDeal(r.ctx, r.me.Actor(), d.ClientID, client.DealDraft{DealOn: *d.Date, Amount: d.Amount, Description: d.Description, DueOn: d.DueOn}, r.key()); err != nil {
			return r.editErr("add deal", err)
		}
		if err := r.finish(); err != nil {
			return err
		}
		return r.history(d.ClientID, callback.HistoryDeals, 0)
	}
	return r.say(l.T("请按提示操作，或 /cancel 取消。", "Please follow the prompt, or /cancel."))
}
