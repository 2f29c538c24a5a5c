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
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// Editing and removing a contact: the contacts screen gives each contact an
// edit button; a field is changed by typing its new value (checked at once
// with the client package's checker), removal asks for confirmation.

// flowContactEdit is the flow that changes one field of a contact.
const flowContactEdit flow = "contact_edit"

// contactEditDraft is its draft: which contact, which field.
type contactEditDraft struct {
	ContactID int64  `json:"contact_id"`
	ClientID  int64  `json:"client_id"`
	Field     string `json:"field"`
}

func (*contactEditDraft) flow() flow { return flowContactEdit }

// contactFields are the fields a contact's screen offers, in order.
var contactFields = []struct {
	field    callback.ContactField
	label    i18n.Text
	optional bool // may be cleared
}{
	{callback.ContactName, i18n.Text{ZH: "姓名", EN: "Name"}, false},
	{callback.ContactPosition, i18n.Text{ZH: "职位", EN: "Position"}, true},
	{callback.ContactPhone, i18n.Text{ZH: "电话", EN: "Phone"}, true},
	{callback.ContactEmail, i18n.Text{ZH: "邮箱", EN: "Email"}, true},
	{callback.ContactBirthday, i18n.Text{ZH: "生日", EN: "Birthday"}, true},
}

// contactEditButtons adds an edit button per contact to the contacts screen.
func (r *req) contactEditButtons(kb *telegram.Keyboard, cs []client.Contact) {
	var cells []string
	for _, ct := range cs {
		cells = append(cells, "✏️ "+clip(ct.Name, 14), callback.EditContact{Contact: ct.ID}.Data())
	}
	kb.Grid(2, cells...)
}

// editableContact loads a contact whose client the user may change,
// answering otherwise.
func (r *req) editableContact(id int64) (client.Contact, client.Client, bool, error) {
	ct, err := r.a.clients.Contact(r.ctx, r.me.Actor(), id)
	if errors.Is(err, client.ErrNotFound) {
		return ct, client.Client{}, false, r.notice(r.l.T("找不到这位联系人，或您无权查看。", "That contact does not exist or you may not see it."))
	}
	if err != nil {
		return ct, client.Client{}, false, r.fail("get contact", err)
	}
	c, ok, err := r.editable(ct.ClientID)
	return ct, c, ok, err
}

// editContact shows one contact with a button per field.
func (r *req) editContact(id int64) error {
	ct, c, ok, err := r.editableContact(id)
	if !ok {
		return err
	}
	l := r.l
	var b strings.Builder
	fmt.Fprintf(&b, "✏️ <b>%s</b> · %s\n\n", esc(c.Name), l.T("修改联系人", "edit contact"))
	fmt.Fprintf(&b, "%s%s\n", l.T("姓名：", "Name: "), esc(ct.Name))
	fmt.Fprintf(&b, "%s%s\n", l.T("职位：", "Position: "), esc(orDash(ct.Position)))
	fmt.Fprintf(&b, "%s%s\n", l.T("电话：", "Phone: "), esc(orDash(ct.Phone)))
	fmt.Fprintf(&b, "%s%s\n", l.T("邮箱：", "Email: "), esc(orDash(ct.Email)))
	birthday := ""
	if ct.Birthday != nil {
		birthday = ct.Birthday.Format(time.DateOnly)
	}
	fmt.Fprintf(&b, "%s%s\n", l.T("生日：", "Birthday: "), orDash(birthday))
	if ct.IsPrimary {
		b.WriteString(l.T("⭐主要联系人\n", "⭐primary contact\n"))
	}
	var cells []string
	for _, f := range contactFields {
		cells = append(cells, f.label.In(l), callback.EditContactField{Contact: id, Field: f.field}.Data())
	}
	kb := telegram.NewKeyboard().Grid(3, cells...)
	if !ct.IsPrimary {
		kb.Row(l.T("⭐ 设为主要联系人", "⭐ Make primary"), callback.EditContactField{Contact: id, Field: callback.ContactPrimary}.Data())
	}
	kb.Row(l.T("🗑 删除联系人", "🗑 Remove contact"), callback.RemoveContact{Contact: id}.Data())
	kb.Row(l.T("« 返回联系人", "« Back to contacts"), callback.Contacts{Client: ct.ClientID}.Data())
	_, err = r.show(b.String(), kb)
	return err
}

// editContactField starts changing a field (primary is set at once).
func (r *req) editContactField(a callback.EditContactField) error {
	ct, _, ok, err := r.editableContact(a.Contact)
	if !ok {
		return err
	}
	if a.Field == callback.ContactPrimary {
		if _, err := r.a.clients.UpdateContact(r.ctx, r.me.Actor(), ct.ID, client.ContactPatch{Field: client.ContactFieldPrimary}); err != nil {
			return r.editErr("make contact primary", err)
		}
		return r.contacts(ct.ClientID)
	}
	l := r.l
	for _, f := range contactFields {
		if f.field != a.Field {
			continue
		}
		r.begin(&contactEditDraft{ContactID: ct.ID, ClientID: ct.ClientID, Field: string(f.field)}, stepValue)
		kb := telegram.NewKeyboard()
		if f.optional {
			kb.Row(l.T("清空", "Clear"), r.fb(choiceSkip))
		}
		return r.showStep(l.F("请输入 %s 的新%s：", "Type %s's new %s:", esc(ct.Name), strings.ToLower(f.label.In(l))), r.cancelRow(kb))
	}
	return r.invalidButton()
}

// contactEditStep takes the new value, checks it and saves it.
func (r *req) contactEditStep(d *contactEditDraft, in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	if r.at() != stepValue {
		return r.say(r.l.T("请按提示操作，或 /cancel 取消。", "Please follow the prompt, or /cancel."))
	}
	value, ok, err := r.contactValue(d.Field, in)
	if !ok {
		return err
	}
	if _, err := r.a.clients.UpdateContact(r.ctx, r.me.Actor(), d.ContactID, client.ContactPatch{Field: d.Field, Value: value}); err != nil {
		return r.editErr("update contact", err)
	}
	if err := r.finish(); err != nil {
		return err
	}
	return r.contacts(d.ClientID)
}

// contactValue checks the value typed for field with the client package's
// own checker; when refused it has answered and ok is false.
func (r *req) contactValue(field string, in input) (string, bool, error) {
	l := r.l
	if isSkip(in) && field != client.ContactFieldName {
		return "", true, nil
	}
	if in.button || strings.TrimSpace(in.text) == "" {
		return "", false, r.say(l.T("请输入新的内容。", "Please type the new value."))
	}
	var v string
	var err error
	switch field {
	case client.ContactFieldName:
		if v, err = client.CheckContactName(in.text); err != nil {
			return "", false, r.refuse(err, l.F("请输入联系人姓名（%d 字以内）。", "Type the contact's name (at most %d characters).", client.MaxContact))
		}
	case client.ContactFieldPosition:
		if v, err = client.CheckPosition(in.text); err != nil {
			return "", false, r.refuse(err, l.F("请输入职位（%d 字以内）。", "Type the position (at most %d characters).", client.MaxContact))
		}
	case client.ContactFieldPhone:
		if v, err = client.CheckPhone(in.text); err != nil {
			return "", false, r.refuse(err, l.T("电话格式不对：请输入 5–20 位数字，可含空格和 + - ( )。没有做任何修改。",
				"That does not look like a phone number: 5 to 20 digits, with spaces and + - ( ) if you like. Nothing was changed; try again."))
		}
	case client.ContactFieldEmail:
		if v, err = client.CheckEmail(in.text); err != nil {
			return "", false, r.refuse(err, l.T("邮箱格式不对（应类似 name@example.com），没有做任何修改，请重新输入。",
				"That is not an email address (like name@example.com). Nothing was changed; try again."))
		}
	case client.ContactFieldBirthday:
		b, err := dates.ParseBirthday(in.text, r.today0())
		if err != nil {
			return "", false, r.say(l.T("没看懂这个生日，可以写 1980-05-12 或 5月12日。", "I could not read that birthday; try 1980-05-12 or 05-12."))
		}
		v = b.Format(time.DateOnly)
	default:
		return "", false, r.invalidButton()
	}
	return v, true, nil
}

// removeContactAsk asks to confirm a removal.
func (r *req) removeContactAsk(id int64) error {
	ct, _, ok, err := r.editableContact(id)
	if !ok {
		return err
	}
	l := r.l
	text := l.F("确定删除联系人 <b>%s</b> 吗？", "Remove the contact <b>%s</b>?", esc(ct.Name))
	if ct.IsPrimary {
		text += l.T("\n这是主要联系人，删除后最早添加的另一位联系人将成为主要联系人。", "\nThis is the primary contact: the oldest other contact becomes primary.")
	}
	kb := telegram.NewKeyboard().Row(l.T("🗑 确认删除", "🗑 Remove"), callback.RemoveContactConfirmed{Contact: id}.Data(),
		l.T("✖ 取消", "✖ Cancel"), callback.EditContact{Contact: id}.Data())
	_, err = r.show(text, kb)
	return err
}

// removeContact removes a contact and shows the contacts left.
func (r *req) removeContact(id int64) error {
	removed, next, err := r.a.clients.RemoveContact(r.ctx, r.me.Actor(), id)
	switch {
	case errors.Is(err, client.ErrNotFound):
		return r.notice(r.l.T("这位联系人不存在（可能已删除），或您无权查看；没有做任何修改。", "That contact does not exist (it may have been removed) or you may not see it; nothing was changed."))
	case errors.Is(err, access.ErrForbidden):
		return r.notice(r.l.T("只有负责人或团队经理可以修改这个客户。", "Only the owner or the team's managers can change this client."))
	case err != nil:
		return r.fail("remove contact", err)
	}
	text := r.l.F("已删除 %s。", "Removed %s.", removed.Name)
	if next.ID != 0 {
		text += r.l.F(" %s 成为主要联系人。", " %s is now the primary contact.", next.Name)
	}
	if err := r.notice(text); err != nil {
		return err
	}
	return r.contacts(removed.ClientID)
}
