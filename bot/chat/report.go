package chat

import (
	"errors"
	"strconv"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/report"
)

// reportDraft is the draft of /report: an admin's team (0: every team) and
// the period. A manager's report is always of their own team.
type reportDraft struct {
	Team int64      `json:"team,omitempty"`
	From *time.Time `json:"from,omitempty"`
	To   *time.Time `json:"to,omitempty"`
}

func (*reportDraft) flow() flow { return flowReport }

// The report flow's own steps, shaped like /export's.
const (
	stepReportScope  step = "report_scope"  // admins: a team or every team
	stepReportPeriod step = "report_period" // this month, last month, this quarter, or a typed range
)

// startReport is /report: admins choose a team first, managers go straight
// to the period. Salespeople are told at once that the report is for
// managers; report.Store.Build, which every path ends in, refuses them too.
func (r *req) startReport() error {
	if r.me.Role != access.Admin && r.me.Role != access.Manager {
		return r.say(reportForbidden(r))
	}
	r.begin(&reportDraft{}, stepReportScope)
	if r.me.Role == access.Manager {
		r.goTo(stepReportPeriod)
		return r.askReportPeriod()
	}
	return r.askReportScope()
}

func (r *req) askReportScope() error {
	l := r.l
	teams, err := r.a.staff.Teams(r.ctx, r.me.Actor())
	if err != nil {
		return r.fail("teams", err)
	}
	kb := telegram.NewKeyboard().Row(l.T("🌐 全部团队", "🌐 All teams"), r.fb(choiceOption.with(exportAllTeams)))
	var cells []string
	for _, t := range teams {
		cells = append(cells, clip(t.Name, 24), r.fb(choiceOption.withInt(t.ID)))
	}
	kb.Grid(2, cells...)
	r.cancelRow(kb)
	return r.showStep(l.T("📋 <b>销售考核报告</b>\n\n看哪个团队的考核？", "📋 <b>Sales review</b>\n\nWhich team's review?"), kb)
}

func (r *req) askReportPeriod() error {
	l := r.l
	kb := r.periodKeyboard()
	return r.showStep(l.T("📋 <b>销售考核报告</b>\n\n考核哪段时间？也可以直接输入日期范围，例如 <code>2026-01-01 2026-03-31</code> 或 <code>1月1日-3月31日</code>（最长两年）。",
		"📋 <b>Sales review</b>\n\nFor which period? Or type a range of dates, e.g. <code>2026-01-01 2026-03-31</code> (two years at most)."), kb)
}

func (r *req) reportStep(d *reportDraft, in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	switch r.at() {
	case stepReportScope:
		return r.reportScopeStep(d, in)
	case stepReportPeriod:
		return r.reportPeriodStep(d, in)
	}
	return r.say(r.l.T("请按提示操作，或 /cancel 取消。", "Please follow the prompt, or /cancel."))
}

func (r *req) reportScopeStep(d *reportDraft, in input) error {
	v, ok := choiceOption.of(in)
	switch {
	case !ok:
		return r.say(r.l.T("请点上方按钮选择团队，或 /cancel 取消。", "Choose a team with the buttons above, or /cancel."))
	case r.me.Role != access.Admin:
		return r.invalidButton()
	case v == exportAllTeams:
		d.Team = 0
	default:
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return r.invalidButton()
		}
		d.Team = id
	}
	r.goTo(stepReportPeriod)
	return r.askReportPeriod()
}

func (r *req) reportPeriodStep(d *reportDraft, in input) error {
	p, ok, err := r.periodOf(in)
	if !ok {
		return err
	}
	if !in.button {
		if err := report.Check(p); err != nil {
			return r.say(r.l.F("考核期间最长 %d 天，且结束日期不能早于开始日期。请重新输入，或点上方按钮，或 /cancel 取消。",
				"A review covers at most %d days, and cannot end before it starts. Type another range, use the buttons above, or /cancel.", report.MaxDays))
		}
	}
	d.From, d.To = &p.From, &p.To
	a := callback.ReportFile{Team: d.Team, From: p.From, To: p.To}
	if _, err := callback.Encode(a); err != nil {
		return r.invalidButton()
	}
	if err := r.finish(); err != nil {
		return err
	}
	return r.sendReport(a)
}

// reportRefused answers a report the domain refused.
func (r *req) reportRefused(err error) error {
	switch {
	case errors.Is(err, access.ErrForbidden):
		return r.notice(reportForbidden(r))
	case errors.Is(err, report.ErrNoTeam):
		return r.notice(r.l.T("这个团队已不存在，没有生成报告。请重新发送 /report。",
			"That team no longer exists; no review was made. Send /report again."))
	case errors.Is(err, report.ErrInvalid):
		return r.notice(r.l.F("考核期间最长 %d 天，且结束日期不能早于开始日期。请重新发送 /report。",
			"A review covers at most %d days and cannot end before it starts. Send /report again.", report.MaxDays))
	}
	return r.fail("build report", err)
}

// reportForbidden is the polite refusal of a report the presser may not see.
func reportForbidden(r *req) string {
	if r.me.Role == access.Sales {
		return r.l.T("考核报告仅供经理和管理员查看。您的拜访和客户可在 /mine 和 /today 中查看。",
			"The sales review is for managers and admins. Your own clients and visits are in /mine and /today.")
	}
	return r.l.T("您无权查看这个团队的考核报告。", "You may not see that team's review.")
}
