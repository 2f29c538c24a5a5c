package chat

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/export"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// exportDraft is the draft of /export: whose clients, which period's visits
// and feedback, and which tier or stage. The export itself runs from a
// callback.Export built from it, the same action its retry button carries.
type exportDraft struct {
	Team  int64      `json:"team,omitempty"`  // an admin's chosen team; 0 every team
	Owner int64      `json:"owner,omitempty"` // a manager's chosen salesperson; 0 the whole team
	From  *time.Time `json:"from,omitempty"`
	To    *time.Time `json:"to,omitempty"`
	Tier  string     `json:"tier,omitempty"`
	Stage string     `json:"stage,omitempty"`
}

func (*exportDraft) flow() flow { return flowExport }

// The export flow's own steps.
const (
	stepExportScope  step = "export_scope"  // admins: a team or all; managers: the team or one person
	stepExportPeriod step = "export_period" // this month, last month, this quarter, or a typed range
	stepExportFilter step = "export_filter" // tier and stage, then go
)

// The export flow's choices: the scope's and period's options (choiceOption
// values), and the filter's "tier.<tier>" and "stage.<stage>" options,
// "any" clearing one.
const (
	exportAllTeams  = "all"
	exportWholeTeam = "team"
	periodThisMonth = "tm"
	periodLastMonth = "lm"
	periodQuarter   = "tq"
	filterTier      = "tier."
	filterStage     = "stage."
	filterAny       = "any"
)

// startExport is /export: salespeople go straight to the period, managers
// and admins first choose whose clients.
func (r *req) startExport() error {
	r.begin(&exportDraft{}, stepExportScope)
	if r.me.Role == access.Sales {
		r.goTo(stepExportPeriod)
		return r.askExportPeriod()
	}
	return r.askExportScope()
}

func (r *req) askExportScope() error {
	l := r.l
	kb := telegram.NewKeyboard()
	var cells []string
	text := l.T("📤 <b>导出客户台账</b>\n\n导出哪个团队的客户？", "📤 <b>Export the ledger</b>\n\nWhich team's clients?")
	switch r.me.Role {
	case access.Admin:
		teams, err := r.a.staff.Teams(r.ctx, r.me.Actor())
		if err != nil {
			return r.fail("teams", err)
		}
		kb.Row(l.T("🌐 全部团队", "🌐 All teams"), r.fb(choiceOption.with(exportAllTeams)))
		for _, t := range teams {
			cells = append(cells, clip(t.Name, 24), r.fb(choiceOption.withInt(t.ID)))
		}
	default:
		members, err := r.a.staff.TeamMembers(r.ctx, r.me.Actor(), r.me.TeamID)
		if err != nil {
			return r.fail("team members", err)
		}
		text = l.T("📤 <b>导出客户台账</b>\n\n导出全队的客户，还是某位同事负责的客户？",
			"📤 <b>Export the ledger</b>\n\nThe whole team's clients, or one colleague's?")
		kb.Row(l.F("👥 全队（%s）", "👥 Whole team (%s)", clip(r.me.TeamName, 20)), r.fb(choiceOption.with(exportWholeTeam)))
		for _, m := range members {
			cells = append(cells, clip(m.Name, 20), r.fb(choiceMember.withInt(m.ID)))
		}
	}
	kb.Grid(2, cells...)
	r.cancelRow(kb)
	return r.showStep(text, kb)
}

func (r *req) askExportPeriod() error {
	l := r.l
	kb := r.periodKeyboard()
	return r.showStep(l.T("📤 导出哪段时间的<b>拜访和反馈</b>？客户、联系人和合作记录总是全部导出。\n\n也可以直接输入日期范围，例如 <code>2026-01-01 2026-03-31</code> 或 <code>1月1日-3月31日</code>。",
		"📤 The <b>visits and feedback</b> of which period? Clients, contacts and deals are always exported in full.\n\nOr type a range of dates, e.g. <code>2026-01-01 2026-03-31</code>."), kb)
}

func (r *req) askExportFilter(d *exportDraft) error {
	l := r.l
	var b strings.Builder
	b.WriteString(l.T("📤 <b>导出客户台账</b>\n\n", "📤 <b>Export the ledger</b>\n\n"))
	fmt.Fprintf(&b, l.T("拜访和反馈：%s 至 %s\n", "Visits and feedback: %s to %s\n"), d.From.Format(time.DateOnly), d.To.Format(time.DateOnly))
	fmt.Fprintf(&b, l.T("客户等级：%s\n合作阶段：%s\n\n", "Tier: %s\nStage: %s\n\n"), r.anyLabel(i18n.Tier, d.Tier), r.anyLabel(i18n.Stage, d.Stage))
	b.WriteString(l.T("可按等级或阶段筛选客户（再点一次取消），然后开始导出。", "Keep one tier or stage if you like (press again to clear), then start."))
	kb := telegram.NewKeyboard()
	kb.Grid(3, r.filterCells(filterTier, i18n.Tier, client.Tiers, d.Tier)...)
	kb.Grid(3, r.filterCells(filterStage, i18n.Stage, client.Stages, d.Stage)...)
	kb.Row(l.T("📤 开始导出", "📤 Start the export"), r.fb(choiceSave))
	r.cancelRow(kb)
	return r.showStep(b.String(), kb)
}

// filterCells are the buttons of one filter: each value, the chosen one
// ticked and pressing it again clearing it.
func (r *req) filterCells(prefix string, e i18n.Enum, values []string, chosen string) []string {
	var cells []string
	for _, v := range values {
		label, choice := r.l.Label(e, v), prefix+v
		if v == chosen {
			label, choice = "✅ "+label, prefix+filterAny
		}
		cells = append(cells, label, r.fb(choiceOption.with(choice)))
	}
	return cells
}

func (r *req) anyLabel(e i18n.Enum, v string) string {
	if v == "" {
		return r.l.T("全部", "any")
	}
	return r.l.Label(e, v)
}

func (r *req) exportStep(d *exportDraft, in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	switch r.at() {
	case stepExportScope:
		return r.exportScopeStep(d, in)
	case stepExportPeriod:
		return r.exportPeriodStep(d, in)
	case stepExportFilter:
		return r.exportFilterStep(d, in)
	}
	return r.say(r.l.T("请按提示操作，或 /cancel 取消。", "Please follow the prompt, or /cancel."))
}

func (r *req) exportScopeStep(d *exportDraft, in input) error {
	prompt := r.l.T("请点上方按钮选择导出范围，或 /cancel 取消。", "Choose what to export with the buttons above, or /cancel.")
	v, isOption := choiceOption.of(in)
	_, isMember := choiceMember.of(in)
	switch {
	case !isOption && !isMember:
		return r.say(prompt)
	case r.me.Role == access.Admin && isOption && v == exportAllTeams:
		d.Team = 0
	case r.me.Role == access.Admin && isOption:
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return r.invalidButton()
		}
		d.Team = id
	case r.me.Role == access.Manager && isOption && v == exportWholeTeam:
		d.Owner = 0
	case r.me.Role == access.Manager && isMember:
		m, ok, err := r.pickedMember(in, prompt)
		if !ok {
			return err
		}
		d.Owner = m.ID
	default:
		return r.invalidButton()
	}
	r.goTo(stepExportPeriod)
	return r.askExportPeriod()
}

// periodKeyboard asks a period question (/export, /report): this month,
// last month, this quarter, and cancel; periodOf reads the answer.
func (r *req) periodKeyboard() *telegram.Keyboard {
	l := r.l
	kb := telegram.NewKeyboard().Row(
		l.T("本月", "This month"), r.fb(choiceOption.with(periodThisMonth)),
		l.T("上月", "Last month"), r.fb(choiceOption.with(periodLastMonth)),
		l.T("本季度", "This quarter"), r.fb(choiceOption.with(periodQuarter)))
	r.cancelRow(kb)
	return kb
}

// periodOf reads the answer to a period question (/export, /report): a
// button for this month, last month or this quarter, or a typed range. ok
// is false when the answer was not a period; the user has then been told
// (err is that reply's error).
func (r *req) periodOf(in input) (p export.Period, ok bool, err error) {
	today := r.today0()
	switch v, _ := choiceOption.of(in); {
	case in.button && v == periodThisMonth:
		return export.ThisMonth(today), true, nil
	case in.button && v == periodLastMonth:
		return export.LastMonth(today), true, nil
	case in.button && v == periodQuarter:
		return export.ThisQuarter(today), true, nil
	case in.button:
		return p, false, r.invalidButton()
	}
	if p, err = export.ParseRange(in.text, today); err != nil {
		return p, false, r.say(r.l.T("没看懂这个日期范围。请写两个日期，例如 <code>2026-01-01 2026-03-31</code> 或 <code>1月1日-3月31日</code>，或点上方按钮，或 /cancel 取消。",
			"I could not read that range. Type two dates, e.g. <code>2026-01-01 2026-03-31</code>, or use the buttons above, or /cancel."))
	}
	return p, true, nil
}

func (r *req) exportPeriodStep(d *exportDraft, in input) error {
	p, ok, err := r.periodOf(in)
	if !ok {
		return err
	}
	d.From, d.To = &p.From, &p.To
	r.goTo(stepExportFilter)
	return r.askExportFilter(d)
}

func (r *req) exportFilterStep(d *exportDraft, in input) error {
	if in.pressed(choiceSave) {
		a := callback.Export{Team: d.Team, Owner: d.Owner, Tier: d.Tier, Stage: d.Stage}
		if d.From == nil || d.To == nil {
			return r.invalidButton()
		}
		a.From, a.To = *d.From, *d.To
		if _, err := callback.Encode(a); err != nil {
			return r.invalidButton()
		}
		if err := r.finish(); err != nil {
			return err
		}
		return r.runExport(a)
	}
	v, ok := choiceOption.of(in)
	if !ok {
		return r.say(r.l.T("请点上方按钮筛选或开始导出，或 /cancel 取消。", "Use the buttons above to filter or start, or /cancel."))
	}
	switch {
	case v == filterTier+filterAny:
		d.Tier = ""
	case v == filterStage+filterAny:
		d.Stage = ""
	case strings.HasPrefix(v, filterTier) && slices.Contains(client.Tiers, strings.TrimPrefix(v, filterTier)):
		d.Tier = strings.TrimPrefix(v, filterTier)
	case strings.HasPrefix(v, filterStage) && slices.Contains(client.Stages, strings.TrimPrefix(v, filterStage)):
		d.Stage = strings.TrimPrefix(v, filterStage)
	default:
		return r.invalidButton()
	}
	return r.askExportFilter(d)
}

// exportRefused answers an export the domain refused before it began.
func (r *req) exportRefused(err error) error {
	switch {
	case errors.Is(err, access.ErrForbidden):
		return r.notice(r.l.T("您无权导出这些客户。", "You may not export those clients."))
	case errors.Is(err, export.ErrInvalid):
		return r.notice(r.l.T("这个团队或同事已不存在（或已调走），没有导出。请重新发送 /export。",
			"That team or colleague no longer exists (or moved team); nothing was exported. Send /export again."))
	}
	return r.fail("check export", err)
}
