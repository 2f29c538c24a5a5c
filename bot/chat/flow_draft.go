package chat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
)

// draft is a flow's answers so far. Each flow has its own type (visitDraft,
// feedbackDraft ...), a pointer to which is kept in req.draft while an
// update runs and as JSON in session.State.Draft between updates.
type draft interface {
	// flow is the flow the draft belongs to.
	flow() flow
}

// withDraft runs the step run with the flow's draft: the one this update already
// holds, or the one saved with the conversation. A draft that cannot be read
// as D ends the conversation, and the user is told (see unreadable).
func withDraft[D any, P interface {
	*D
	draft
}](r *req, in input, run func(P, input) error) error {
	d, ok := r.draft.(P)
	if !ok {
		d = new(D)
		if err := decodeDraft(r.st.Draft, d); err != nil {
			r.a.log.Info("conversation draft unreadable", slog.String("flow", r.st.Flow), slog.Any("error", err))
			return r.unreadable()
		}
		r.draft = d
	}
	return run(d, in)
}

// encodeDraft is d as the session keeps it.
func encodeDraft(d draft) ([]byte, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("chat: encode %s draft: %w", d.flow(), err)
	}
	return b, nil
}

// decodeDraft reads a kept draft into d. It is strict: a missing draft (the
// release before typed drafts kept its answers elsewhere in the state) or a
// field d does not have is an error, so no answer is dropped without the
// user being told.
func decodeDraft(raw []byte, d draft) error {
	if len(raw) == 0 {
		return fmt.Errorf("chat: no %s draft", d.flow())
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(d); err != nil {
		return fmt.Errorf("chat: decode %s draft: %w", d.flow(), err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("chat: decode %s draft: data after it", d.flow())
	}
	return nil
}

// unreadable ends a conversation whose draft this release cannot read, a
// draft kept by an older release, and tells the user: nothing of it was
// stored, and they start again.
func (r *req) unreadable() error {
	f := flow(r.st.Flow)
	if err := r.forget(); err != nil {
		return err
	}
	return r.say(r.l.F("抱歉，机器人已更新，您未完成的「%s」无法继续，没有保存任何内容，您刚才的操作也没有记入。请重新开始：%s",
		"Sorry, the bot was updated and your unfinished %s cannot be continued; nothing of it was saved, nor what you just did. Please start again with %s.",
		flowTitle(r.l, f), flowCommand(f)))
}
