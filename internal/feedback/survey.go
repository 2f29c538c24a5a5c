package feedback

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// KindSurvey is the outbox kind of the satisfaction survey a contact gets
// once the feedback they raised is resolved.
const KindSurvey = "survey"

// SurveyKey is the survey's outbox key: one survey per feedback, however
// often its resolution is retried.
func SurveyKey(feedbackID int64) string {
	return "survey:feedback:" + strconv.FormatInt(feedbackID, 10)
}

// afterResolve records, in the transaction resolving f, the resolver's
// reading of the client's satisfaction (score 0: none given) and queues the
// survey to the contact who raised it.
func (s *Store) afterResolve(ctx context.Context, tx pgx.Tx, actor access.Actor, f Feedback, score int, now time.Time) error {
	if score != 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO satisfaction (client_id, score, source, feedback_id, staff_id, at)
			VALUES ($1, $2, 'feedback', $3, $4, $5) ON CONFLICT (feedback_id) WHERE source = 'feedback' DO NOTHING`,
			f.ClientID, score, f.ID, actor.StaffID, now); err != nil {
			return fmt.Errorf("record satisfaction: %w", err)
		}
	}
	return s.enqueueSurvey(ctx, tx, f)
}

// enqueueSurvey queues the survey to f's contact when they subscribed
// through their greeting link (a chat, and greeting_opt_in): a contact who
// never opened a chat with the bot cannot be written to, and one who sent
// /stop asked not to be.
func (s *Store) enqueueSurvey(ctx context.Context, tx pgx.Tx, f Feedback) error {
	if f.ContactID == 0 {
		return nil
	}
	var (
		chat *int64
		lang *string
		name string
		in   bool
	)
	err := tx.QueryRow(ctx, `SELECT chat_id, lang, name, greeting_opt_in FROM contacts WHERE id = $1`, f.ContactID).
		Scan(&chat, &lang, &name, &in)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && (chat == nil || !in)) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read contact %d: %w", f.ContactID, err)
	}
	l := i18n.Parse(deref(lang))
	row := make([]outbox.Button, 0, visit.MaxScore)
	for n := visit.MinScore; n <= visit.MaxScore; n++ {
		row = append(row, outbox.Button{Text: strconv.Itoa(n), Data: callback.SurveyAnswer{Feedback: f.ID, Score: n}.Data()})
	}
	if _, err := outbox.Enqueue(ctx, tx, outbox.Message{Key: SurveyKey(f.ID), ChatID: *chat, ContactID: f.ContactID,
		Kind: KindSurvey, Text: SurveyText(l, name, f.ClientName, dateOf(f.CreatedAt.In(s.loc))), Buttons: [][]outbox.Button{row}}); err != nil {
		return fmt.Errorf("enqueue survey: %w", err)
	}
	return nil
}

// SurveyText asks a contact, by name, how satisfied they are with the
// resolution of what they raised on day for their company. HTML.
func SurveyText(l i18n.Lang, contact, company string, day time.Time) string {
	return l.F("您好，%s！\n您于 %s 代表%s向我们反映的问题已处理完毕。请问您对处理结果满意吗？请点选 1–5 分（1 分非常不满意，5 分非常满意）。",
		"Hello %s,\nThe matter you raised with us on %s for %s has been resolved. How satisfied are you with the outcome? Please tap 1 to 5 (1 very dissatisfied, 5 very satisfied).",
		html.EscapeString(contact), day.Format(time.DateOnly), html.EscapeString(company))
}

// SurveyResult is what AnswerSurvey did.
type SurveyResult struct {
	ContactName string
	Lang        string // the contact's language as stored, "" when unknown
	Score       int    // the stored answer: this one, or an earlier one that stands
	Recorded    bool   // false when an earlier answer stands
}

// AnswerSurvey stores a contact's answer to the survey about feedback
// feedbackID, pressed in chat chatID, as their own reading (source survey,
// no staff). Only the contact the feedback names, in the chat they
// subscribed from, may answer, and only once the feedback is resolved: any
// other presser or feedback is ErrNotFound, so a forged button changes
// nothing. The first answer stands (Recorded false afterwards); a score
// outside 1..5 is ErrInvalid.
func (s *Store) AnswerSurvey(ctx context.Context, chatID, feedbackID int64, score int) (SurveyResult, error) {
	if err := visit.CheckScore(score); err != nil {
		return SurveyResult{}, fmt.Errorf("answer survey: %w: %w", ErrInvalid, err)
	}
	var out SurveyResult
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var client, contact int64
		var lang *string
		err := tx.QueryRow(ctx, `SELECT f.client_id, ct.id, ct.name, ct.lang FROM feedback f JOIN contacts ct ON ct.id = f.contact_id
			WHERE f.id = $1 AND f.status = 'resolved' AND ct.chat_id = $2`, feedbackID, chatID).Scan(&client, &contact, &out.ContactName, &lang)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("read feedback: %w", err)
		}
		out.Lang = deref(lang)
		now := s.now()
		err = tx.QueryRow(ctx, `INSERT INTO satisfaction (client_id, score, source, feedback_id, contact_id, at)
			VALUES ($1, $2, 'survey', $3, $4, $5) ON CONFLICT (feedback_id) WHERE source = 'survey' DO NOTHING
			RETURNING score`, client, score, feedbackID, contact, now).Scan(&out.Score)
		if errors.Is(err, pgx.ErrNoRows) {
			return tx.QueryRow(ctx, `SELECT score FROM satisfaction WHERE feedback_id = $1 AND source = 'survey'`, feedbackID).Scan(&out.Score)
		}
		if err != nil {
			return fmt.Errorf("record answer: %w", err)
		}
		out.Recorded = true
		return audit.Write(ctx, tx, audit.Entry{Entity: "feedback", EntityID: feedbackID, Action: "survey", At: now,
			Changes: map[string]any{"contact_id": contact, "satisfaction": score}})
	})
	if err != nil {
		return SurveyResult{}, fmt.Errorf("answer survey: %w", err)
	}
	return out, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
