package chat

import (
	"fmt"
	"strings"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/client"
)

// plan reads the merge's comparison; when the domain refuses the merge
// (rights, teams, an archived client) the flow ends with the reason.
func (r *req) plan(d *mergeDraft) (client.MergePlan, bool, error) {
	p, err := r.a.clients.PlanMerge(r.ctx, r.me.Actor(), d.Survivor, d.Others)
	if err == nil {
		return p, true, nil
	}
	if ferr := r.forget(); ferr != nil {
		return p, false, ferr
	}
	_, err = r.tidyRefused(err)
	return p, false, err
}

// compareMerge shows the clients side by side, the fields whose values
// differ each with a button per value; ✅ marks the value that survives.
func (r *req) compareMerge(d *mergeDraft) error {
	p, ok, err := r.plan(d)
	if !ok {
		return err
	}
	r.goTo(stepMergeFields)
	l := r.l
	var b strings.Builder
	b.WriteString(l.T("🔀 <b>比较并选择要保留的值</b>\n", "🔀 <b>Compare and choose the values to keep</b>\n"))
	for i, c := range p.Clients {
		updated := c.UpdatedAt.In(r.a.loc).Format("2006-01-02")
		if i == 0 {
			b.WriteString(l.F("%s %s（保留，更新于 %s）\n", "%s %s (kept, updated %s)\n", mergeMark(i), esc(c.Name), updated))
		} else {
			b.WriteString(l.F("%s %s（并入，更新于 %s）\n", "%s %s (merged in, updated %s)\n", mergeMark(i), esc(c.Name), updated))
		}
	}
	kb := telegram.NewKeyboard()
	if len(p.Differ) == 0 {
		b.WriteString(l.T("\n资料完全相同，只需迁移记录。\n", "\nThe profiles are the same; only the records move.\n"))
	}
	for _, f := range p.Differ {
		chosen := d.Choices[f]
		if chosen == 0 {
			chosen = p.Defaults[f]
		}
		fmt.Fprintf(&b, "\n<b>%s</b>\n", esc(mergeFieldLabel(l, f)))
		var cells []string
		for i, c := range p.Clients {
			mark := ""
			if c.ID == chosen {
				mark = "✅"
			}
			v := mergeValue(l, p, f, i)
			fmt.Fprintf(&b, "%s%s %s\n", mark, mergeMark(i), esc(clip(v, 80)))
			cells = append(cells, fmt.Sprintf("%s%s %s", mark, mergeMark(i), clip(v, 14)), r.fb(choiceOption.with(fieldChoice(f, c.ID))))
		}
		kb.Row(cells...)
	}
	b.WriteString(l.T("\n默认保留最近更新的非空值；点按钮更改。", "\nBy default the most recently updated non-empty value stays; tap to change."))
	kb.Row(l.T("下一步 »", "Next »"), r.fb(choiceDone))
	return r.showStep(b.String(), r.cancelRow(kb))
}

// mergeMark tells the clients apart in the comparison: Ⓐ is the survivor.
func mergeMark(i int) string { return []string{"Ⓐ", "Ⓑ", "Ⓒ"}[i] }

// confirmMerge says what the merge will do and asks to confirm.
func (r *req) confirmMerge(d *mergeDraft) error {
	p, ok, err := r.plan(d)
	if !ok {
		return err
	}
	r.goTo(stepConfirm)
	l := r.l
	var names []string
	for _, c := range p.Clients[1:] {
		names = append(names, c.Name)
	}
	text := l.F("确认把 %s 合并到「%s」？\n\n将迁移：联系人 %d、交易 %d、拜访 %d、反馈 %d，以及复核提醒、流失预警和问候订阅。被并入的客户会保留为指向「%s」的记录，旧按钮和链接会打开它。此操作无法撤销。",
		"Merge %s into %s?\n\nMoving: %d contacts, %d deals, %d visits, %d feedback, and the review reminders, churn episodes and greeting subscriptions. The merged clients stay as pointers to %s, so old buttons and links open it. This cannot be undone.",
		clientList(names), "<b>"+esc(p.Clients[0].Name)+"</b>", p.Moving["contacts"], p.Moving["deals"], p.Moving["visits"], p.Moving["feedback"],
		esc(p.Clients[0].Name))
	kb := telegram.NewKeyboard().Row(l.T("✅ 确认合并", "✅ Merge"), r.fb(choiceSave))
	return r.showStep(text, r.cancelRow(kb))
}

// saveMerge merges, keyed on the update, and shows the result.
func (r *req) saveMerge(d *mergeDraft) error {
	c, err := r.a.clients.Merge(r.ctx, r.me.Actor(), d.Survivor, d.Others, d.Choices, r.key())
	if err != nil {
		if ferr := r.forget(); ferr != nil {
			return ferr
		}
		_, err = r.tidyRefused(err)
		return err
	}
	if err := r.finish(); err != nil {
		return err
	}
	kb := telegram.NewKeyboard().Row(r.l.T("打开客户卡片", "Open client card"), callback.Card{Client: c.ID}.Data())
	_, err = r.show(r.l.F("✅ 已合并到「%s」。", "✅ Merged into %s.", esc(c.Name)), kb)
	return err
}
