package chat

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/client"
)

// The change history screens: a client's (the card's Changes button, for
// whoever sees the client) and one person's across clients (admins, from
// the members screen or /changes).

const changesPage = 10

// clientChanges shows one page of a client's change history.
func (r *req) clientChanges(id int64, page int) error {
	items, total, err := audit.ClientTrail(r.ctx, r.a.db, r.me.Actor(), id, page*changesPage, changesPage)
	if errors.Is(err, audit.ErrNotFound) {
		return r.notFound()
	}
	if err != nil {
		return r.fail("client changes", err)
	}
	l := r.l
	var b strings.Builder
	name := ""
	if len(items) > 0 {
		name = items[0].ClientName
	} else if c, ok, err := r.visibleClient(id); !ok {
		return err
	} else {
		name = c.Name
	}
	fmt.Fprintf(&b, "📜 <b>%s</b> · %s (%d)\n\n", esc(name), l.T("变更记录", "changes"), total)
	names := r.changeNames(items)
	for _, it := range items {
		r.writeChange(&b, it, names, false)
	}
	if total == 0 {
		b.WriteString(l.T("（暂无记录）", "(nothing yet)"))
	}
	kb := r.changesNav(page, total, func(p int) string { return callback.Changes{Client: id, Page: p}.Data() })
	kb.Row(l.T("« 返回客户卡片", "« Back to card"), callback.Card{Client: id}.Data())
	_, err = r.show(b.String(), kb)
	return err
}

// staffChanges shows one page of what one person changed, for admins.
func (r *req) staffChanges(staffID int64, page int) error {
	if r.me.Role != access.Admin {
		return r.notice(r.l.T("只有管理员可以查看个人的变更记录。", "Only admins see a person's changes."))
	}
	m, ok, err := r.seenMember(staffID)
	if !ok {
		return err
	}
	items, total, err := audit.ActorTrail(r.ctx, r.a.db, r.me.Actor(), staffID, page*changesPage, changesPage)
	if err != nil {
		return r.fail("staff changes", err)
	}
	l := r.l
	var b strings.Builder
	fmt.Fprintf(&b, l.T("📜 <b>%s</b> 的变更记录 (%d)\n\n", "📜 Changes by <b>%s</b> (%d)\n\n"), esc(m.Name), total)
	names := r.changeNames(items)
	for _, it := range items {
		r.writeChange(&b, it, names, true)
	}
	if total == 0 {
		b.WriteString(l.T("（暂无记录）", "(nothing yet)"))
	}
	kb := r.changesNav(page, total, func(p int) string { return callback.StaffChanges{Staff: staffID, Page: p}.Data() })
	kb.Row(l.T("« 返回成员", "« Back to member"), callback.Member{Staff: staffID}.Data())
	_, err = r.show(b.String(), kb)
	return err
}

// changesCommand answers /changes: admins pick the person from the members
// screen.
func (r *req) changesCommand() error {
	if r.me.Role != access.Admin {
		return r.say(r.l.T("客户的变更记录在客户卡片的「变更记录」里；个人的变更记录仅管理员可看。",
			"A client's changes are on its card (Changes); a person's changes are for admins."))
	}
	if err := r.say(r.l.T("选择团队和成员，再点「变更记录」。", "Choose a team and a member, then tap Changes.")); err != nil {
		return err
	}
	return r.membersCommand()
}

// changesNav is the page buttons of a history screen.
func (r *req) changesNav(page, total int, to func(int) string) *telegram.Keyboard {
	kb := telegram.NewKeyboard()
	var nav []string
	if page > 0 {
		nav = append(nav, r.l.T("‹ 较新", "‹ Newer"), to(page-1))
	}
	if (page+1)*changesPage < total && page < callback.MaxChangesPage {
		nav = append(nav, r.l.T("较早 ›", "Older ›"), to(page+1))
	}
	return kb.Row(nav...)
}

// writeChange writes one entry: when (in the team's zone), who, what.
func (r *req) writeChange(b *strings.Builder, it audit.Item, names map[int64]string, withClient bool) {
	who := it.ActorName
	if it.ActorID == 0 {
		who = r.l.T("系统", "system")
	}
	fmt.Fprintf(b, "<b>%s</b> %s", it.At.In(r.a.loc).Format("2006-01-02 15:04"), esc(who))
	if withClient && it.ClientName != "" {
		fmt.Fprintf(b, " · 🏢 %s", esc(clip(it.ClientName, 30)))
	}
	b.WriteString("\n")
	for _, ln := range r.describeChange(it.Entry, names) {
		b.WriteString("  " + ln + "\n")
	}
	b.WriteString("\n")
}

// cardChangesRow is the card's row of its change history and, for
// managers and admins, its hand-over (移交).
func (r *req) cardChangesRow(kb *telegram.Keyboard, c client.Client) {
	row := []string{r.l.T("📜 变更记录", "📜 Changes"), callback.Changes{Client: c.ID}.Data()}
	if r.me.Role != access.Sales {
		row = append(row, r.l.T("📦 移交", "📦 Hand over"), callback.HandOverChoose{Kind: callback.HandOverClient, Subject: c.ID, Team: c.TeamID}.Data())
	}
	kb.Row(row...)
}
