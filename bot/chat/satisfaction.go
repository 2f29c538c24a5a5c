package chat

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/feedback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// Satisfaction (满意度) in the chat: the optional row of 1–5 at a visit's
// confirm step and on the resolve screen, the card's line, and the
// contact's answer to the survey sent when their feedback was resolved.

// choiceScore is a flow choice carrying a satisfaction score: "sat:4".
const choiceScore choiceKind = "sat"

// scoreOf reads a pressed score button. present is false for anything
// else; valid is false for a score outside 1..5 (forged data).
func scoreOf(in input) (score int, present, valid bool) {
	v, ok := choiceScore.of(in)
	if !ok {
		return 0, false, false
	}
	n, err := strconv.Atoi(v)
	return n, true, err == nil && visit.CheckScore(n) == nil
}

// scoreRow adds the one row of 1–5 buttons, the chosen score marked; a
// second tap on another score changes it.
func (r *req) scoreRow(kb *telegram.Keyboard, chosen int) *telegram.Keyboard {
	cells := make([]string, 0, 2*visit.MaxScore)
	for n := visit.MinScore; n <= visit.MaxScore; n++ {
		label := strconv.Itoa(n)
		switch n {
		case chosen:
			label = "✅" + label
		case visit.MinScore:
			label = "😞" + label
		case visit.MaxScore:
			label += "😊"
		}
		cells = append(cells, label, r.fb(choiceScore.withInt(int64(n))))
	}
	return kb.Row(cells...)
}

// scoreText is the line that says the chosen score, or how to give one.
func scoreText(l i18n.Lang, score int) string {
	if score == 0 {
		return l.T("客户满意度（可选，点下方 1–5）：—", "Client satisfaction (optional, tap 1–5 below): —")
	}
	return l.F("客户满意度：%d/5", "Client satisfaction: %d/5", score)
}

// satisfactionLine is the card's line: the latest reading, who gave it and
// when, and the trend of the last 90 days against the 90 before. "" when
// the client has no reading.
func (r *req) satisfactionLine(s visit.Satisfaction) string {
	if s.Latest == 0 || s.LatestAt == nil {
		return ""
	}
	l := r.l
	line := l.F("满意度：%d/5（%s，%s）", "Satisfaction: %d/5 (%s, %s)", s.Latest, sourceLabel(l, s.LatestSource), r.sinceText(s.LatestAt))
	if s.RecentCount > 0 {
		line += l.F(" · 近%d天均分 %.1f", " · %d-day average %.1f", visit.TrendDays, s.Recent)
		if s.BeforeCount > 0 {
			arrow := map[int]string{1: "↑", 0: "→", -1: "↓"}[s.Trend()]
			line += l.F("（此前 %.1f %s）", " (before %.1f %s)", s.Before, arrow)
		}
	}
	return line + "\n"
}

// sourceLabel names who gave a reading.
func sourceLabel(l i18n.Lang, source string) string {
	switch source {
	case visit.SourceVisit:
		return l.T("拜访", "visit")
	case visit.SourceFeedback:
		return l.T("反馈处理", "feedback resolved")
	case visit.SourceSurvey:
		return l.T("客户评价", "client's own rating")
	}
	return esc(source)
}

// contactButton answers a button pressed in a chat that is not staff: the
// only buttons a contact gets are the survey's. done is false for any
// other, which the stranger's answer refuses.
func (r *req) contactButton() (done bool, err error) {
	answer, ok := surveyAnswerOf(r.ev.Data)
	if !ok {
		return false, nil // not a survey's button: answered as a stranger's
	}
	return true, r.surveyAnswer(answer)
}

// surveyAnswerOf reads a survey answer's button data; ok is false for any
// other data, valid or not.
func surveyAnswerOf(data string) (callback.SurveyAnswer, bool) {
	a, err := callback.Parse(data)
	answer, ok := a.(callback.SurveyAnswer)
	return answer, err == nil && ok
}

// surveyAnswer stores a contact's answer to the survey, thanks them in
// their language (as stored when they subscribed, else Chinese) and takes
// the buttons off the survey. A forged answer (another feedback, another
// contact's survey) is refused by the domain and changes nothing.
func (r *req) surveyAnswer(a callback.SurveyAnswer) error {
	res, err := r.a.feedback.AnswerSurvey(r.ctx, r.ev.ChatID, a.Feedback, a.Score)
	l := i18n.Parse(res.Lang)
	switch {
	case errors.Is(err, feedback.ErrNotFound), errors.Is(err, feedback.ErrInvalid):
		r.acked = true
		return r.a.out.answer(r.ctx, r.ev.CallbackID, r.l.T("这个评价按钮已失效，没有记录任何内容。", "This rating button is no longer valid; nothing was recorded."), true)
	case err != nil:
		return fmt.Errorf("answer survey %d: %w", a.Feedback, err)
	}
	text := l.F("🙏 感谢您的评价：%d 分！我们会继续改进服务。", "🙏 Thank you for your rating: %d out of 5! We will keep improving.", res.Score)
	if !res.Recorded {
		text = l.F("您已评价过（%d 分），谢谢！", "You already rated this (%d out of 5), thank you!", res.Score)
	}
	r.acked = true
	if err := r.a.out.answer(r.ctx, r.ev.CallbackID, l.T("谢谢！", "Thank you!"), false); err != nil {
		return err
	}
	_, err = r.show(text, telegram.NewKeyboard())
	return err
}

// surveyForStaff answers a survey button pressed by staff: it is the
// contact's to press.
func (r *req) surveyForStaff() error {
	return r.notice(r.l.T("这是发给客户联系人的满意度评价按钮，只有该联系人可以评分。", "That rating button is the client's contact's to press; only they can rate."))
}
