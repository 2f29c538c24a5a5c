package chat

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// How audit entries read in the change history, in both languages.

// changeFields names the fields that are not client profile fields (those
// take their label from editFields, the edit flow's one table).
var changeFields = map[string]i18n.Text{
	"owner_id": {ZH: "负责人", EN: "Owner"}, "team_id": {ZH: "团队", EN: "Team"},
	"position": {ZH: "职位", EN: "Position"}, "phone": {ZH: "电话", EN: "Phone"}, "email": {ZH: "邮箱", EN: "Email"},
	"birthday": {ZH: "生日", EN: "Birthday"}, "is_primary": {ZH: "主要联系人", EN: "Primary"},
	"assignee_id": {ZH: "处理人", EN: "Assignee"}, "follow_up_by": {ZH: "跟进人", EN: "Follow-up by"},
	"winback_staff_id": {ZH: "挽回负责人", EN: "Win-back by"}, "amount": {ZH: "金额", EN: "Amount"},
	"deal_on": {ZH: "日期", EN: "Date"}, "archived": {ZH: "归档", EN: "Archived"},
	"invoiced": {ZH: "开票金额", EN: "Invoiced"}, "due_on": {ZH: "回款到期日", EN: "Due date"},
}

// changeActions names the actions.
var changeActions = map[string]i18n.Text{
	"create": {ZH: "新建", EN: "created"}, "update": {ZH: "修改", EN: "changed"}, "delete": {ZH: "删除", EN: "removed"},
	"handover": {ZH: "交接", EN: "handed over"}, "merge": {ZH: "合并", EN: "merged"}, "merged": {ZH: "被合并", EN: "merged away"},
	"archive": {ZH: "归档", EN: "archived"}, "restore": {ZH: "恢复", EN: "restored"}, "import": {ZH: "导入", EN: "imported"},
	"reviewed": {ZH: "已复核", EN: "reviewed"}, "snooze": {ZH: "推迟复核", EN: "review snoozed"},
	"deactivate": {ZH: "停用", EN: "deactivated"}, "follow_up_done": {ZH: "完成跟进", EN: "follow-up done"},
	"tier_kept": {ZH: "保留等级", EN: "tier kept"}, "payment": {ZH: "回款", EN: "payment"},
	"terms": {ZH: "账期", EN: "terms"},
}

// changeEntities names what an entry is about.
var changeEntities = map[string]i18n.Text{
	"client": {ZH: "客户", EN: "client"}, "contact": {ZH: "联系人", EN: "contact"}, "deal": {ZH: "交易", EN: "deal"},
	"visit": {ZH: "拜访", EN: "visit"}, "feedback": {ZH: "反馈", EN: "feedback"}, "staff": {ZH: "成员", EN: "member"},
	"churn_episode": {ZH: "流失预警", EN: "churn alert"}, "invite": {ZH: "邀请", EN: "invite"}, "team": {ZH: "团队", EN: "team"},
}

// staffFields hold staff ids, shown by name.
var staffFields = []string{"owner_id", "assignee_id", "follow_up_by", "winback_staff_id", "from", "to"}

// changeNames looks up the names of the staff the entries mention.
func (r *req) changeNames(items []audit.Item) map[int64]string {
	names := map[int64]string{}
	for _, it := range items {
		for _, k := range staffFields {
			v, ok := it.Changes[k]
			if !ok {
				continue
			}
			ids := []any{v}
			if m, ok := v.(map[string]any); ok {
				ids = []any{m["from"], m["to"]}
			}
			for _, x := range ids {
				id, ok := asID(x)
				if _, seen := names[id]; !ok || seen {
					continue
				}
				if m, err := r.a.staff.ByID(r.ctx, id); err == nil {
					names[id] = m.Name
				} else {
					names[id] = "#" + strconv.FormatInt(id, 10)
				}
			}
		}
	}
	return names
}

// describeChange is an entry as lines a person reads.
func (r *req) describeChange(e audit.Entry, names map[int64]string) []string {
	l := r.l
	ch := e.Changes
	subject := ""
	if e.Entity == "contact" {
		if n, ok := ch["contact"].(string); ok {
			subject = n
		} else if n, ok := ch["name"].(string); ok {
			subject = n
		}
	}
	head := label(l, changeEntities, e.Entity)
	if subject != "" {
		head += " " + esc(subject)
	}
	switch {
	case e.Action == "handover" && ch["owner_id"] != nil:
		from, to := changePair(ch["owner_id"])
		lines := []string{l.F("交接：负责人 %s → %s", "Handed over: owner %s → %s", r.changeValue("owner_id", from, names), r.changeValue("owner_id", to, names))}
		if t, ok := ch["team_id"]; ok {
			f, t := changePair(t)
			lines = append(lines, l.F("团队 %s → %s", "team %s → %s", r.changeValue("team_id", f, names), r.changeValue("team_id", t, names)))
		}
		return append(lines, r.handoverCounts(ch)...)
	case e.Action == "handover":
		return append([]string{l.F("待办转交：%s → %s", "Open items passed on: %s → %s", r.changeValue("from", ch["from"], names), r.changeValue("to", ch["to"], names))},
			r.handoverCounts(ch)...)
	case e.Action == "create" && e.Entity == "client":
		return []string{l.F("新建客户「%s」", "Created the client “%s”", esc(fmt.Sprint(ch["name"])))}
	case e.Action == "create" && e.Entity == "deal":
		line := l.F("新增交易 ¥%v（%v）", "Added a deal ¥%v (%v)", esc(fmt.Sprint(ch["amount"])), esc(fmt.Sprint(ch["deal_on"])))
		if due, ok := ch["due_on"].(string); ok {
			line += l.F("，%s 到期", ", due %s", esc(due))
		}
		return []string{line}
	case e.Action == "payment" && e.Entity == "deal":
		return []string{l.F("登记回款 ¥%v（%v）", "Recorded a payment of ¥%v (%v)", esc(fmt.Sprint(ch["amount"])), esc(fmt.Sprint(ch["paid_on"])))}
	case e.Action == "create" || e.Action == "delete":
		if subject == "" {
			if n, ok := ch["name"].(string); ok {
				head += " " + esc(n)
			}
		}
		return []string{label(l, changeActions, e.Action) + l.T("：", ": ") + head}
	}
	var lines []string
	keys := make([]string, 0, len(ch))
	for k := range ch {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		c, ok := ch[k].(map[string]any)
		if !ok {
			continue
		}
		prefix := ""
		if e.Entity != "client" {
			prefix = head + l.T("：", ": ")
		}
		lines = append(lines, fmt.Sprintf("%s%s: %s → %s", prefix, r.fieldLabel(k), r.changeValue(k, c["from"], names), r.changeValue(k, c["to"], names)))
	}
	if len(lines) == 0 {
		lines = append(lines, label(l, changeActions, e.Action)+" · "+head)
	}
	if reason, ok := ch["reason"].(string); ok && reason != "" {
		lines[len(lines)-1] += l.F("（%s）", " (%s)", esc(reason))
	}
	return lines
}

// handoverCounts says what went with a hand-over.
func (r *req) handoverCounts(ch map[string]any) []string {
	l := r.l
	var parts []string
	for _, c := range []struct {
		key  string
		text i18n.Text
	}{
		{"feedback", i18n.Text{ZH: "未结反馈 %d", EN: "%d open feedback"}},
		{"follow_ups", i18n.Text{ZH: "待跟进 %d", EN: "%d follow-ups"}},
		{"reviews", i18n.Text{ZH: "复核提醒 %d", EN: "%d review reminders"}},
		{"winbacks", i18n.Text{ZH: "流失挽回 %d", EN: "%d win-backs"}},
	} {
		if n, ok := asID(ch[c.key]); ok {
			parts = append(parts, l.F(c.text.ZH, c.text.EN, n))
		}
	}
	if reason, _ := ch["reason"].(string); reason == "deactivate" {
		parts = append(parts, l.T("因停用", "on deactivation"))
	}
	if len(parts) == 0 {
		return nil
	}
	return []string{strings.Join(parts, " · ")}
}

func (r *req) fieldLabel(k string) string {
	if f, ok := editField(k); ok {
		return f.label.In(r.l)
	}
	if t, ok := changeFields[k]; ok {
		return t.In(r.l)
	}
	if k == "name" {
		return r.l.T("名称", "Name")
	}
	return esc(k)
}

// changeValue shows one old or new value: names for staff, labels for
// enumerations, a dash for nothing.
func (r *req) changeValue(k string, v any, names map[int64]string) string {
	l := r.l
	switch x := v.(type) {
	case nil:
		return "—"
	case bool:
		if x {
			return l.T("是", "yes")
		}
		return l.T("否", "no")
	case string:
		if x == "" {
			return "—"
		}
		if f, ok := editField(k); ok && f.enum != "" {
			return l.Label(f.enum, x)
		}
		return esc(clip(x, 60))
	}
	if id, ok := asID(v); ok && slices.Contains(staffFields, k) {
		if id == 0 {
			return "—"
		}
		return esc(names[id])
	}
	if id, ok := asID(v); ok && k == "team_id" {
		return r.teamName(id)
	}
	return esc(clip(fmt.Sprint(v), 60))
}

// teamName names a team the user may see, or its number.
func (r *req) teamName(id int64) string {
	ts, err := r.a.staff.Teams(r.ctx, r.me.Actor())
	if err == nil {
		for _, t := range ts {
			if t.ID == id {
				return esc(t.Name)
			}
		}
	}
	return "#" + strconv.FormatInt(id, 10)
}

func changePair(v any) (from, to any) {
	m, _ := v.(map[string]any)
	return m["from"], m["to"]
}

// asID reads a whole number from decoded JSON.
func asID(v any) (int64, bool) {
	f, ok := v.(float64)
	if !ok || f != math.Trunc(f) {
		return 0, false
	}
	return int64(f), true
}

func label(l i18n.Lang, table map[string]i18n.Text, key string) string {
	if t, ok := table[key]; ok {
		return t.In(l)
	}
	return esc(key)
}
