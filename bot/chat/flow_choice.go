package chat

import (
	"strconv"
	"strings"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
)

// A flow button's choice (the Choice of its callback.Flow) is a word, or a
// kind and a value: "save", "set:medium", "pick:42". These words and kinds
// are the only ones the flows send; buttons carrying them sit in users'
// chats (internal/callback/testdata/golden.txt), so they never change.

// The choices without a value.
const (
	choiceSave    = "save"    // save the draft: the confirm step's button
	choicePrimary = "primary" // save a contact as the client's primary one
	choiceCancel  = "cancel"  // end the flow, saving nothing
	choiceSkip    = "skip"    // leave an optional answer out
	choiceDone    = "done"    // no more photos
	choiceToday   = "today"   // a deal made today
	choiceDupOK   = "dupok"   // create the client despite likely duplicates
)

// choiceKind is the kind of a choice that carries a value.
type choiceKind string

// The kinds of choices with a value.
const (
	choiceOption choiceKind = "set"   // an option of a button step: an enumeration's value, a team, an industry's place
	choiceClient choiceKind = "pick"  // a client, by id
	choiceMember choiceKind = "who"   // a colleague, by id
	choiceField  choiceKind = "field" // a field of the edit flow, by name
	choiceDays   choiceKind = "d"     // the day that many days from today
	choiceMonths choiceKind = "m"     // the day that many months from today
)

// with is the choice of kind k carrying v.
func (k choiceKind) with(v string) string { return string(k) + ":" + v }

// withInt is the choice of kind k carrying the number n.
func (k choiceKind) withInt(n int64) string { return k.with(strconv.FormatInt(n, 10)) }

// of returns the value a pressed button of kind k carries; ok is false for
// typed text and other buttons.
func (k choiceKind) of(in input) (v string, ok bool) {
	if !in.button {
		return "", false
	}
	return strings.CutPrefix(in.data, string(k)+":")
}

// idOf returns the positive id a pressed button of kind k carries. present
// is false for typed text and other buttons; valid is false for a value
// that is no id (forged data).
func (k choiceKind) idOf(in input) (id int64, present, valid bool) {
	v, ok := k.of(in)
	if !ok {
		return 0, false, false
	}
	id, err := strconv.ParseInt(v, 10, 64)
	return id, true, err == nil && id > 0
}

// input is what the user gave a flow step: typed text, a pressed flow
// button's choice, a voice note, a photo or a location.
type input struct {
	text   string
	data   string // the choice of a pressed button
	button bool
	voice  string
	photo  string
	lat    *float64
	lon    *float64
}

// pressed reports whether in is the button of the word choice c.
func (in input) pressed(c string) bool { return in.button && in.data == c }

// isSkip reports whether in skips an optional answer.
func isSkip(in input) bool { return in.pressed(choiceSkip) }

// skipButton is the (text, data) of a "skip" option.
func (r *req) skipButton() []string { return []string{r.l.T("跳过 »", "Skip »"), r.fb(choiceSkip)} }

// saveRow is a confirm step's first row: the Save button.
func (r *req) saveRow() *telegram.Keyboard {
	return telegram.NewKeyboard().Row(r.l.T("✅ 保存", "✅ Save"), r.fb(choiceSave))
}

// cancelRow is the last row of every flow screen.
func (r *req) cancelRow(kb *telegram.Keyboard) *telegram.Keyboard {
	return kb.Row(r.l.T("✖ 取消", "✖ Cancel"), r.fb(choiceCancel))
}

// cancelled handles the flow's own cancel button.
func (r *req) cancelled(in input) (bool, error) {
	if in.pressed(choiceCancel) {
		return true, r.cancel()
	}
	return false, nil
}
