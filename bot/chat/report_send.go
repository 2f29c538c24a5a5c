package chat

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/export"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/report"
)

// A report is built while the update runs: a team's takes well under a
// second, every team's a few seconds on a large ledger (docs/PERFORMANCE.md),
// short enough not to need /export's background queue. Nothing of it is
// stored; the XLSX button builds it again as the presser, so its rights are
// checked when it is pressed, not when it was made.

// reports is the report store over the chat's database, zone and clock.
func (a *App) reports() *report.Store { return report.New(a.db, a.loc, a.now) }

// buildReport builds the report a asks for, as the presser may see it.
func (r *req) buildReport(a callback.ReportFile) (report.Report, error) {
	return r.a.reports().Build(r.ctx, r.me.Actor(), a.Team, export.Period{From: a.From, To: a.To})
}

// sendReport builds the report and sends it: the flow's screen says what
// follows, then the chart, the tables in order, the last with the XLSX
// button.
func (r *req) sendReport(a callback.ReportFile) error {
	rep, err := r.buildReport(a)
	if err != nil {
		return r.reportRefused(err)
	}
	// The button names the team reported on, so a manager's is "t<team>".
	a.Team = rep.TeamID
	l := r.l
	var none *telegram.Keyboard
	if r.ev.IsCallback() {
		none = telegram.NewKeyboard() // the edited screen loses its buttons
	}
	if _, err := r.show(l.F("📋 <b>销售考核报告</b>\n\n%s：见下方。", "📋 <b>Sales review</b>\n\n%s: below.", reportCaption(rep, l)), none); err != nil {
		return err
	}
	if err := r.reportChart(rep); err != nil {
		return err
	}
	msgs := report.Text(rep, l)
	for i, text := range msgs {
		var markup models.ReplyMarkup
		if i == len(msgs)-1 {
			markup = telegram.NewKeyboard().Row("📊 XLSX", a.Data()).Markup()
		}
		if _, err := r.a.out.send(r.ctx, r.ev.ChatID, text, markup); err != nil {
			return err
		}
	}
	return nil
}

// reportCaption is report.Caption without its icon, for the screen's line.
func reportCaption(rep report.Report, l i18n.Lang) string {
	return strings.TrimPrefix(report.Caption(rep, l), "📊 ")
}

// reportChart sends the report's chart. A report with nobody to draw has
// none; a chart that cannot be drawn or that Telegram refuses is logged and
// left out, since the tables say the same.
func (r *req) reportChart(rep report.Report) error {
	png, err := report.Chart(rep, r.l)
	switch {
	case errors.Is(err, report.ErrNothingToChart):
		return nil
	case err != nil:
		r.a.log.Error("report chart not drawn", slog.Int64("team_id", rep.TeamID), slog.Any("error", err))
		return nil
	}
	return r.a.out.sendPhoto(r.ctx, r.ev.ChatID, "report.png", png, report.Caption(rep, r.l))
}

// reportFile is the XLSX button: the report built again as the presser, so a
// button forged for another team, or kept after a move to another team, is
// refused as a typed request would be.
func (r *req) reportFile(a callback.ReportFile) error {
	rep, err := r.buildReport(a)
	if err != nil {
		return r.reportRefused(err)
	}
	var buf bytes.Buffer
	if err := report.WriteXLSX(&buf, rep, r.l); err != nil {
		return r.fail("report workbook", err)
	}
	_, err = r.a.out.sendDocument(r.ctx, r.ev.ChatID, report.FileName(rep, r.l), &buf, report.Caption(rep, r.l))
	if err := r.a.out.classify("sendDocument", err); err != nil {
		return err
	}
	return nil
}
