package chat

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// Merge: from a client's card (or a listed duplicate pair) → pick the
// clients to merge into it, up to client.MaxMerged (likely duplicates
// offered, or type to search) → the differing fields side by side, a
// button per value to choose the one that survives → confirm → merged.

// mergeDraft is the merge flow's draft.
type mergeDraft struct {
	Survivor int64            `json:"survivor"`
	Name     string           `json:"name,omitempty"`    // the survivor's name when the flow began
	Others   []int64          `json:"others,omitempty"`  // the clients to merge into it
	Choices  map[string]int64 `json:"choices,omitempty"` // field → client whose value survives
}

func (*mergeDraft) flow() flow { return flowMerge }

// The merge flow's own steps (with stepConfirm).
const (
	stepMergePick   step = "merge_pick"   // which clients to merge in
	stepMergeFields step = "merge_fields" // which value survives per field
)

// startMerge starts merging into survivor; other, when not 0, is the pair
// the duplicate list offered, and the comparison comes at once.
func (r *req) startMerge(survivor, other int64) error {
	c, ok, err := r.tidyClient(survivor)
	if !ok {
		return err
	}
	if c.ArchivedAt != nil {
		return r.notice(r.l.T("已归档的客户不能合并，请先恢复。", "An archived client cannot be merged; restore it first."))
	}
	d := &mergeDraft{Survivor: c.ID, Name: c.Name}
	r.begin(d, stepMergePick)
	if other != 0 {
		return r.addMerged(d, other, true)
	}
	return r.askMerged(d, "")
}

// askMerged shows the pick step: the clients chosen so far, the likely
// duplicates of the survivor (or the results of a typed search, q) as
// buttons, and "compare" once one is chosen.
func (r *req) askMerged(d *mergeDraft, q string) error {
	l := r.l
	var ms []client.Match
	var err error
	if q == "" {
		// Likely duplicates first, then what a search for the name finds
		// (a longer name that starts with it, say).
		ms, err = r.a.clients.Duplicates(r.ctx, r.me.Actor(), d.Name, "")
		if err == nil {
			var more []client.Match
			more, err = r.a.clients.Search(r.ctx, r.me.Actor(), d.Name, 8)
			ms = append(ms, more...)
		}
	} else {
		ms, err = r.a.clients.Search(r.ctx, r.me.Actor(), q, 8)
	}
	if err != nil {
		return r.fail("find clients to merge", err)
	}
	seen := map[int64]bool{}
	var b strings.Builder
	b.WriteString(l.F("🔀 <b>合并到「%s」</b>\n", "🔀 <b>Merge into %s</b>\n", esc(d.Name)))
	kb := telegram.NewKeyboard()
	shown := 0
	for _, m := range ms {
		if !m.Visible || m.ClientID == d.Survivor || slices.Contains(d.Others, m.ClientID) || seen[m.ClientID] || shown == 6 {
			continue
		}
		seen[m.ClientID] = true
		shown++
		kb.Row(fmt.Sprintf("➕ %s · %s", clip(m.Name, 24), clip(orDash(m.OwnerName), 8)), r.fb(choiceClient.withInt(m.ClientID)))
	}
	switch {
	case q != "" && shown == 0:
		b.WriteString(l.F("没有找到「%s」。换个关键词再试：", "Nothing matches “%s”; try other words:", esc(clip(q, 40))))
	case q != "":
		b.WriteString(l.F("「%s」的搜索结果，点选要并入的客户：", "Results for “%s”; tap the client to merge in:", esc(clip(q, 40))))
	case shown > 0:
		b.WriteString(l.T("可能重复的客户如下，点选要并入的客户，或输入名称搜索：", "Likely duplicates are below: tap one to merge in, or type a name to search:"))
	default:
		b.WriteString(l.T("输入要并入的客户名称搜索：", "Type the name of the client to merge in:"))
	}
	if len(d.Others) > 0 {
		b.WriteString(l.F("\n\n已选（最多 %d 个）：", "\n\nChosen (at most %d): ", client.MaxMerged) + clientList(r.mergedNames(d)))
		kb.Row(l.T("下一步：比较 »", "Next: compare »"), r.fb(choiceDone))
	}
	return r.showStep(b.String(), r.cancelRow(kb))
}

// mergedNames are the names of the chosen clients, read again.
func (r *req) mergedNames(d *mergeDraft) []string {
	var names []string
	for _, id := range d.Others {
		if c, err := r.a.clients.Get(r.ctx, r.me.Actor(), id); err == nil {
			names = append(names, c.Name)
		}
	}
	return names
}

// addMerged adds a picked client to the merge: the comparison follows when
// the merge is full or compare is set (a listed pair), the pick step again
// otherwise.
func (r *req) addMerged(d *mergeDraft, id int64, compare bool) error {
	c, ok, err := r.visibleClient(id)
	if !ok {
		return err
	}
	if c.ID == d.Survivor {
		return r.notice(r.l.T("这就是要保留的客户（或已并入它）。", "That is the client being kept (or already merged into it)."))
	}
	if !slices.Contains(d.Others, c.ID) {
		d.Others = append(d.Others, c.ID)
	}
	if compare || len(d.Others) >= client.MaxMerged {
		return r.compareMerge(d)
	}
	return r.askMerged(d, "")
}

func (r *req) mergeStep(d *mergeDraft, in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	l := r.l
	switch r.at() {
	case stepMergePick:
		if in.pressed(choiceDone) && len(d.Others) > 0 {
			return r.compareMerge(d)
		}
		if id, pressed, valid := choiceClient.idOf(in); pressed {
			if !valid {
				return r.invalidButton()
			}
			return r.addMerged(d, id, false)
		}
		if in.text == "" {
			return r.say(l.T("请点选要并入的客户，或输入名称搜索。", "Tap a client to merge in, or type a name to search."))
		}
		return r.askMerged(d, in.text)
	case stepMergeFields:
		if in.pressed(choiceDone) {
			return r.confirmMerge(d)
		}
		if v, ok := choiceOption.of(in); ok {
			field, id, ok := parseFieldChoice(v)
			if !ok || !slices.Contains(client.MergeFields, field) || id != d.Survivor && !slices.Contains(d.Others, id) {
				return r.invalidButton()
			}
			if d.Choices == nil {
				d.Choices = map[string]int64{}
			}
			d.Choices[field] = id
			return r.compareMerge(d)
		}
		return r.say(l.T("请点选每项要保留的值，然后点“下一步”。", "Tap the value to keep for each field, then Next."))
	case stepConfirm:
		if in.pressed(choiceSave) {
			return r.saveMerge(d)
		}
		return r.say(l.T("请点“确认合并”或“取消”。", "Tap Merge or Cancel."))
	}
	return r.say(l.T("请按提示操作，或 /cancel 取消。", "Please follow the prompt, or /cancel."))
}

// fieldChoice is a comparison button's value: "<field>.<client id>".
func fieldChoice(field string, id int64) string { return fmt.Sprintf("%s.%d", field, id) }

func parseFieldChoice(v string) (string, int64, bool) {
	field, idText, ok := strings.Cut(v, ".")
	if !ok {
		return "", 0, false
	}
	var id int64
	if _, err := fmt.Sscan(idText, &id); err != nil || id <= 0 || fmt.Sprint(id) != idText {
		return "", 0, false
	}
	return field, id, true
}

// mergeFieldLabels names the merge fields; the edit flow's labels where it
// has the field.
func mergeFieldLabel(l i18n.Lang, field string) string {
	for _, f := range editFields {
		if f.field == field {
			return f.label.In(l)
		}
	}
	switch field {
	case "owner_id":
		return l.T("负责人", "Owner")
	case "primary_contact":
		return l.T("主要联系人", "Primary contact")
	}
	return field
}

// mergeValue shows client i's value of field in the plan: enumerations by
// their label, "（空）" for nothing.
func mergeValue(l i18n.Lang, p client.MergePlan, field string, i int) string {
	v := p.Value(field, i)
	switch {
	case v == "":
		return l.T("（空）", "(empty)")
	case field == "size":
		return l.Label(i18n.Size, v)
	case field == "tier":
		return l.Label(i18n.Tier, v)
	case field == "stage":
		return l.Label(i18n.Stage, v)
	}
	return v
}
