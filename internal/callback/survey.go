package callback

import (
	"errors"
	"strings"
)

// The action of the satisfaction survey a contact gets once their feedback
// is resolved.
const surveyAnswerAction = "sv"

// The scores a survey button carries: 1 (very dissatisfied) to 5 (very
// satisfied), as the satisfaction table's CHECK allows.
const (
	MinScore = 1
	MaxScore = 5
)

// errScore is the reason under ErrMalformed for a score outside 1..5.
var errScore = errors.New("score outside 1..5")

// SurveyAnswer is a contact's answer to the survey about a resolved
// feedback: "sv:<feedback>:<score>". It is pressed by the contact, not by
// staff: the chat checks that the feedback's contact is the presser.
type SurveyAnswer struct {
	Feedback int64
	Score    int
}

// Data implements Action.
func (a SurveyAnswer) Data() string { return data(a) }

func (a SurveyAnswer) check() error {
	if err := checkID("feedback", a.Feedback); err != nil {
		return err
	}
	if a.Score < MinScore || a.Score > MaxScore {
		return errScore
	}
	return nil
}

func (a SurveyAnswer) encode() string {
	return surveyAnswerAction + ":" + itoa(a.Feedback) + ":" + itoa(int64(a.Score))
}

func parseSurveyAnswer(args string, colon bool) (Action, error) {
	parts := strings.Split(args, ":")
	if !colon || len(parts) != 2 {
		return nil, errParts
	}
	id, err := parseID(parts[0])
	if err != nil {
		return nil, err
	}
	score, err := parseNumber(parts[1], MaxScore)
	if err != nil || score < MinScore {
		return nil, errScore
	}
	return SurveyAnswer{Feedback: id, Score: int(score)}, nil
}
