package chat

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// New client: name → (duplicate warning) → industry → size → tier → stage
// → region → first contact's name and phone (→ duplicate warning) → owner
// (managers and admins) → confirm.

// newClientDraft is the new client flow's draft.
type newClientDraft struct {
	TeamID    int64  `json:"team_id,omitempty"` // chosen by an admin without a team; 0: the creator's
	Name      string `json:"name,omitempty"`
	Industry  string `json:"industry,omitempty"`
	Size      string `json:"size,omitempty"`
	Tier      string `json:"tier,omitempty"`
	Stage     string `json:"stage,omitempty"`
	Region    string `json:"region,omitempty"`
	Contact   string `json:"contact,omitempty"` // the first contact's name; "" for none
	Position  string `json:"position,omitempty"`
	Phone     string `json:"phone,omitempty"`
	OwnerID   int64  `json:"owner_id,omitempty"` // chosen by a manager or admin; 0: the creator
	OwnerName string `json:"owner_name,omitempty"`
}

func (*newClientDraft) flow() flow { return flowNewClient }

// The new client flow's own steps (with stepTeam, stepName, stepPhone and
// stepConfirm).
const (
	stepDupName  step = "dup_name" // likely duplicates of the name shown
	stepIndustry step = "industry"
	stepSize     step = "size"
	stepTier     step = "tier"
	stepStage    step = "stage"
	stepRegion   step = "region"
	stepContact  step = "contact"   // the first contact's name and position
	stepDupPhone step = "dup_phone" // likely duplicates of the phone shown
	stepOwner    step = "owner"
)

var industries = []i18n.Text{
	{ZH: "制造业", EN: "Manufacturing"}, {ZH: "服务业", EN: "Services"}, {ZH: "金融业", EN: "Finance"}, {ZH: "零售业", EN: "Retail"},
	{ZH: "IT/互联网", EN: "IT/Internet"}, {ZH: "建筑业", EN: "Construction"}, {ZH: "物流", EN: "Logistics"}, {ZH: "医疗", EN: "Healthcare"},
}

func (r *req) startNewClient() error {
	r.begin(&newClientDraft{}, stepName)
	if r.me.Role == access.Admin && r.me.TeamID == 0 {
		r.goTo(stepTeam)
		teams, err := r.a.staff.Teams(r.ctx, r.me.Actor())
		if err != nil {
			return r.fail("list teams", err)
		}
		if len(teams) == 0 {
			return r.say(r.l.T("还没有团队，请先用 /newteam 团队名 创建。", "There are no teams yet; create one with /newteam NAME."))
		}
		var opts []option
		for _, t := range teams {
			opts = append(opts, option{strconv.FormatInt(t.ID, 10), t.Name})
		}
		return r.askChoice(r.l.T("➕ <b>新建客户</b>\n归属哪个团队？", "➕ <b>New client</b>\nWhich team?"), 2, opts)
	}
	return r.showStep(r.l.T("➕ <b>新建客户</b>\n请输入客户名称（公司全称）：", "➕ <b>New client</b>\nThe client's name (full company name)?"), r.cancelRow(telegram.NewKeyboard()))
}

func (r *req) newClientStep(d *newClientDraft, in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	l := r.l
	switch r.at() {
	case stepTeam:
		id, pressed, valid := choiceOption.idOf(in)
		if !pressed {
			return r.say(l.T("请点选团队。", "Please tap a team."))
		}
		if !valid {
			return r.invalidButton()
		}
		d.TeamID = id
		r.goTo(stepName)
		return r.showStep(l.T("请输入客户名称（公司全称）：", "The client's name (full company name)?"), r.cancelRow(telegram.NewKeyboard()))
	case stepName:
		name, err := client.CheckName(in.text)
		if err != nil {
			return r.refuse(err, l.F("请输入 1–%d 字的客户名称。", "Please type a name of 1–%d characters.", client.MaxName))
		}
		d.Name = name
		r.goTo(stepDupName)
		if shown, err := r.warnDuplicates(name, ""); shown || err != nil {
			return err
		}
		return r.askIndustry()
	case stepDupName:
		if in.pressed(choiceDupOK) {
			return r.askIndustry()
		}
		return r.say(l.T("请点“仍然新建”，或打开已有客户，或取消。", "Tap “Create anyway”, open the existing client, or cancel."))
	case stepIndustry:
		v := in.text
		if at, ok := choiceOption.of(in); ok {
			i, err := strconv.Atoi(at)
			if err != nil || i < 0 || i >= len(industries) {
				return r.invalidButton()
			}
			v = industries[i].In(l)
		}
		if isSkip(in) {
			v = ""
		} else if checked, err := client.CheckField("industry", v); err != nil || checked == "" {
			return r.refuse(err, l.F("请点选行业，或输入 %d 字以内的行业名称。", "Tap an industry or type one (at most %d characters).", client.MaxIndustry))
		} else {
			v = checked
		}
		d.Industry = v
		r.goTo(stepSize)
		return r.askChoice(l.T("企业规模？", "Company size?"), 3, choicesOf(l, i18n.Size, client.Sizes), r.skipButton()...)
	case stepSize:
		if v, ok := chosen(in, choicesOf(l, i18n.Size, client.Sizes)); ok {
			d.Size = v
		} else if !isSkip(in) {
			return r.say(l.T("请点选规模。", "Please tap a size."))
		}
		r.goTo(stepTier)
		return r.askChoice(l.T("客户等级？", "Client tier?"), 3, choicesOf(l, i18n.Tier, client.Tiers))
	case stepTier:
		v, ok := chosen(in, choicesOf(l, i18n.Tier, client.Tiers))
		if !ok {
			return r.say(l.T("请点选客户等级。", "Please tap a tier."))
		}
		d.Tier = v
		r.goTo(stepStage)
		return r.askChoice(l.T("合作阶段？", "Stage?"), 3, choicesOf(l, i18n.Stage, client.Stages))
	case stepStage:
		v, ok := chosen(in, choicesOf(l, i18n.Stage, client.Stages))
		if !ok {
			return r.say(l.T("请点选合作阶段。", "Please tap a stage."))
		}
		d.Stage = v
		r.goTo(stepRegion)
		return r.showStep(l.T("所在地区/地址？", "Region or address?"), r.cancelRow(telegram.NewKeyboard().Row(r.skipButton()...)))
	case stepRegion:
		if !isSkip(in) {
			region, err := client.CheckField("region", in.text)
			if err != nil || region == "" {
				return r.refuse(err, l.F("请输入 %d 字以内的地区，或跳过。", "Type a region of at most %d characters, or skip.", client.MaxRegion))
			}
			d.Region = region
		}
		r.goTo(stepContact)
		return r.showStep(l.T("主要联系人姓名和职位？（如：张伟 采购经理）", "Main contact's name and position? (e.g. Zhang Wei, purchasing manager)"), r.cancelRow(telegram.NewKeyboard().Row(r.skipButton()...)))
	case stepContact:
		if isSkip(in) {
			return r.askOwnerOrConfirm(d)
		}
		name, pos, err := contactName(in.text)
		if err != nil {
			return r.refuse(err, l.F("请输入联系人姓名和职位（各 %d 字以内），或跳过。", "Type the contact's name and position (at most %d characters each), or skip.", client.MaxContact))
		}
		d.Contact, d.Position = name, pos
		r.goTo(stepPhone)
		return r.showStep(l.T("联系人电话？", "Contact's phone?"), r.cancelRow(telegram.NewKeyboard().Row(r.skipButton()...)))
	case stepPhone:
		if !isSkip(in) {
			typed := in.text
			if typed == "" && r.ev.Phone != "" {
				typed = r.ev.Phone // a shared contact card
			}
			phone, err := client.CheckPhone(typed)
			if err != nil || phone == "" {
				return r.refuse(err, l.T("电话格式不对：请输入 5–20 位数字，可含空格和 + - ( )，或跳过。",
					"That does not look like a phone number: 5 to 20 digits, with spaces and + - ( ) if you like, or skip."))
			}
			d.Phone = phone
			r.goTo(stepDupPhone)
			if shown, err := r.warnDuplicates("", phone); shown || err != nil {
				return err
			}
		}
		return r.askOwnerOrConfirm(d)
	case stepDupPhone:
		if in.pressed(choiceDupOK) {
			return r.askOwnerOrConfirm(d)
		}
		return r.say(l.T("请点“仍然新建”，或打开已有客户，或取消。", "Tap “Create anyway”, open the existing client, or cancel."))
	case stepOwner:
		m, ok, err := r.pickedMember(in, l.T("请点选负责人。", "Please tap the owner."))
		if !ok {
			return err
		}
		d.OwnerID, d.OwnerName = m.ID, m.Name
		return r.confirmNewClient(d)
	case stepConfirm:
		if in.pressed(choiceSave) {
			return r.saveNewClient(d)
		}
		return r.say(l.T("请点“保存”或“取消”。", "Tap Save or Cancel."))
	}
	return r.say(l.T("请按提示操作，或 /cancel 取消。", "Please follow the prompt, or /cancel."))
}

func (r *req) askIndustry() error {
	r.goTo(stepIndustry)
	var cells []string
	for i, p := range industries {
		cells = append(cells, p.In(r.l), r.fb(choiceOption.withInt(int64(i))))
	}
	kb := telegram.NewKeyboard().Grid(2, cells...).Row(r.skipButton()...)
	return r.showStep(r.l.T("所属行业？点选或直接输入：", "Industry? Tap one or type it:"), r.cancelRow(kb))
}

// warnDuplicates shows likely duplicates before anything is created, with
// buttons to open them; it reports whether it showed any.
func (r *req) warnDuplicates(name, phone string) (bool, error) {
	ms, err := r.a.clients.Duplicates(r.ctx, r.me.Actor(), name, phone)
	if err != nil {
		return false, r.fail("find duplicates", err)
	}
	if len(ms) == 0 {
		return false, nil
	}
	l := r.l
	var b strings.Builder
	b.WriteString(l.T("⚠️ 台账里可能已有这个客户：\n", "⚠️ This client may already be in the ledger:\n"))
	kb := telegram.NewKeyboard()
	hidden := 0
	for _, m := range ms {
		if !m.Visible {
			hidden++
			continue
		}
		fmt.Fprintf(&b, "• %s（%s）\n", esc(m.Name), esc(orDash(m.OwnerName)))
		kb.Row(l.F("打开 %s", "Open %s", clip(m.Name, 24)), callback.Card{Client: m.ClientID}.Data())
	}
	if hidden > 0 {
		b.WriteString(l.F("• 其他团队有 %d 个相似客户（详情不可见），请与经理确认。\n", "• %d similar client(s) in another team (details hidden); check with your manager.\n", hidden))
	}
	b.WriteString(l.T("\n请勿重复建档。确定是新客户吗？", "\nPlease avoid duplicates. Is this really a new client?"))
	kb.Row(l.T("仍然新建 »", "Create anyway »"), r.fb(choiceDupOK))
	return true, r.showStep(b.String(), r.cancelRow(kb))
}

func (r *req) askOwnerOrConfirm(d *newClientDraft) error {
	if r.me.Role == access.Sales {
		return r.confirmNewClient(d)
	}
	team := r.me.TeamID
	if d.TeamID != 0 {
		team = d.TeamID
	}
	members, err := r.a.staff.TeamMembers(r.ctx, r.me.Actor(), team)
	if err != nil {
		return r.fail("team members", err)
	}
	var cells []string
	for i, m := range members {
		if i >= 16 {
			break
		}
		cells = append(cells, clip(m.Name, 16), r.fb(choiceMember.withInt(m.ID)))
	}
	if len(cells) == 0 {
		return r.confirmNewClient(d)
	}
	r.goTo(stepOwner)
	return r.showStep(r.l.T("由谁负责这个客户？", "Who owns this client?"), r.cancelRow(telegram.NewKeyboard().Grid(2, cells...)))
}

func (r *req) confirmNewClient(d *newClientDraft) error {
	l := r.l
	r.goTo(stepConfirm)
	var b strings.Builder
	b.WriteString(l.T("请确认新客户：\n\n", "Please confirm the new client:\n\n"))
	fmt.Fprintf(&b, "🏢 <b>%s</b>\n", esc(d.Name))
	fmt.Fprintf(&b, "%s · %s", l.Label(i18n.Tier, d.Tier), l.Label(i18n.Stage, d.Stage))
	if d.Industry != "" {
		fmt.Fprintf(&b, " · %s", esc(d.Industry))
	}
	if d.Size != "" {
		fmt.Fprintf(&b, " · %s", l.Label(i18n.Size, d.Size))
	}
	b.WriteString("\n")
	if d.Region != "" {
		fmt.Fprintf(&b, "%s%s\n", l.T("地区：", "Region: "), esc(d.Region))
	}
	if d.Contact != "" {
		fmt.Fprintf(&b, "%s%s %s %s\n", l.T("联系人：", "Contact: "), esc(d.Contact), esc(d.Position), esc(d.Phone))
	}
	owner := d.OwnerName
	if owner == "" {
		owner = r.me.Name
	}
	fmt.Fprintf(&b, "%s%s\n", l.T("负责人：", "Owner: "), esc(owner))
	return r.showStep(b.String(), r.cancelRow(r.saveRow()))
}

func (r *req) saveNewClient(d *newClientDraft) error {
	cd := client.Draft{Name: d.Name, Industry: d.Industry, Size: d.Size, Tier: d.Tier, Stage: d.Stage, Region: d.Region,
		OwnerID: d.OwnerID, TeamID: d.TeamID}
	if d.Contact != "" {
		cd.Contact = &client.ContactDraft{Name: d.Contact, Position: d.Position, Phone: d.Phone, IsPrimary: true}
	}
	c, _, err := r.a.clients.Create(r.ctx, r.me.Actor(), cd, r.key())
	switch {
	case errors.Is(err, client.ErrInvalid), errors.Is(err, access.ErrForbidden):
		return r.cannotSave(err)
	case err != nil:
		return r.fail("create client", err)
	}
	if err := r.finish(); err != nil {
		return err
	}
	return r.card(c.ID)
}

// contactName reads a contact's name and position from one answer and
// checks each with the client package's own rules.
func contactName(text string) (name, position string, err error) {
	// The whole answer first, so that one of only invisible characters is
	// told that a name needs letters (cleaned, it would just be empty).
	if text, err = client.CleanName(text); err != nil {
		return "", "", err
	}
	name, position = splitNamePosition(text)
	if name, err = client.CheckContactName(name); err != nil {
		return "", "", err
	}
	if position, err = client.CheckPosition(position); err != nil {
		return "", "", err
	}
	return name, position, nil
}

// splitNamePosition reads "张伟 采购经理" or "Zhang Wei, purchasing manager".
func splitNamePosition(s string) (name, position string) {
	s = strings.TrimSpace(s)
	for _, sep := range []string{",", "，", "、", "/"} {
		if a, b, ok := strings.Cut(s, sep); ok {
			return strings.TrimSpace(a), strings.TrimSpace(b)
		}
	}
	if a, b, ok := strings.Cut(s, " "); ok && !isLatin(s) {
		return strings.TrimSpace(a), strings.TrimSpace(b)
	}
	return s, ""
}

func isLatin(s string) bool {
	for _, r := range s {
		if r > 0x2FF {
			return false
		}
	}
	return true
}
