package chat

import (
	"fmt"
	"strings"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// riskPage is how many at-risk clients one screen of /risk lists.
const riskPage = 10

// risk lists the open churn episodes of the user's team (every team for an
// admin), strategic clients first, a page at a time, each with a button to
// its alert: the way through when more clients are at risk than were
// alerted one by one.
func (r *req) risk(page int) error {
	teams := []int64{r.me.TeamID}
	if r.me.Role == access.Admin {
		ts, err := r.a.staff.Teams(r.ctx, r.me.Actor())
		if err != nil {
			return r.fail("teams", err)
		}
		teams = teams[:0]
		for _, t := range ts {
			teams = append(teams, t.ID)
		}
	}
	eps, err := r.a.churn.Open(r.ctx, teams...)
	if err != nil {
		return r.fail("open churn episodes", err)
	}
	l := r.l
	var b strings.Builder
	fmt.Fprintf(&b, l.T("⚠️ <b>流失预警</b>（%d 个客户）\n", "⚠️ <b>Clients at risk</b> (%d)\n"), len(eps))
	if len(eps) == 0 {
		b.WriteString(l.T("\n目前没有客户处于流失风险。", "\nNo client is at risk right now."))
	}
	pages := max(1, (len(eps)+riskPage-1)/riskPage)
	page = min(max(page, 0), pages-1)
	kb := telegram.NewKeyboard()
	for _, e := range eps[min(page*riskPage, len(eps)):min((page+1)*riskPage, len(eps))] {
		fmt.Fprintf(&b, "\n• <b>%s</b> · %s · %s", esc(e.ClientName), l.Label(i18n.Tier, e.Tier), l.F("自 %s", "since %s", e.StartedOn.Format(time.DateOnly)))
		if len(e.Reasons) > 0 {
			fmt.Fprintf(&b, "\n  %s", e.Reasons[0].Text(string(l)))
		}
		switch {
		case e.WinbackStaffID != 0:
			b.WriteString(l.T(" · 🔁 已安排挽回", " · 🔁 win-back assigned"))
		case e.AcknowledgedBy != 0:
			b.WriteString(l.T(" · ✅ 已确认", " · ✅ acknowledged"))
		}
		kb.Row(clip(e.ClientName, 30), callback.ShowChurn{Episode: e.ID}.Data())
	}
	var nav []string
	if page > 0 {
		nav = append(nav, l.T("« 上一页", "« Previous"), callback.RiskPage{Page: page - 1}.Data())
	}
	if page+1 < pages && page < callback.MaxRiskPage {
		nav = append(nav, l.T("下一页 »", "Next »"), callback.RiskPage{Page: page + 1}.Data())
	}
	kb.Row(nav...)
	if pages > 1 {
		fmt.Fprintf(&b, l.T("\n\n第 %d/%d 页", "\n\nPage %d of %d"), page+1, pages)
	}
	_, err = r.show(b.String(), kb)
	return err
}
