package feedback

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// contact adds a contact to a client; chat 0 means they never subscribed.
func (b *bundle) contact(t *testing.T, clientID int64, name string, chat int64, optIn bool, lang string) int64 {
	t.Helper()
	var chatID *int64
	if chat != 0 {
		chatID = &chat
	}
	var l *string
	if lang != "" {
		l = &lang
	}
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO contacts (client_id, name, chat_id, greeting_opt_in, lang, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, now(), now()) RETURNING id`, clientID, name, chatID, optIn, l).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (b *bundle) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := b.pool.QueryRow(b.ctx, sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCreateNamesTheContactWhoRaisedItOnlyAmongTheClientsOwn(t *testing.T) {
	t.Parallel()
	b := setup(t)
	own := b.contact(t, b.clientA, "张伟", 0, false, "")
	other := b.contact(t, b.clientB, "李娜", 0, false, "")
	f := b.create(t, b.mateA, Draft{ClientID: b.clientA, ContactID: own})
	if f.ContactID != own || f.ContactName != "张伟" {
		t.Fatalf("contact = %d %q, want %d 张伟", f.ContactID, f.ContactName, own)
	}
	entries, _ := audit.List(b.ctx, b.pool, "feedback", f.ID, 1)
	if len(entries) != 1 || entries[0].Changes["contact_id"] == nil {
		t.Fatalf("contact not audited: %+v", entries)
	}
	for _, id := range []int64{other, 999999} {
		_, _, err := b.store.Create(b.ctx, b.mateA, Draft{ClientID: b.clientA, Kind: Complaint, Severity: Low, Body: "x", ContactID: id}, 0)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("contact %d of another client: %v, want ErrInvalid", id, err)
		}
	}
	if got := b.create(t, b.mateA, Draft{ClientID: b.clientA}); got.ContactID != 0 || got.ContactName != "" {
		t.Fatalf("without a contact: %d %q", got.ContactID, got.ContactName)
	}
}

func TestResolveRecordsTheResolversReadingOfSatisfaction(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := b.create(t, b.mateA, Draft{ClientID: b.clientA})
	for _, bad := range []int{-1, 6} {
		if _, err := b.store.Resolve(b.ctx, b.ownerA, f.ID, "已处理", bad); !errors.Is(err, ErrInvalid) || !errors.Is(err, visit.ErrScore) {
			t.Fatalf("score %d: %v, want ErrInvalid", bad, err)
		}
	}
	if got, _ := b.store.Get(b.ctx, b.ownerA, f.ID); got.Status != Open {
		t.Fatalf("a refused score resolved the record: %s", got.Status)
	}
	if _, err := b.store.Resolve(b.ctx, b.managerA, f.ID, "已补发并致歉", 4); err != nil {
		t.Fatal(err)
	}
	var score, staff, client int64
	var source string
	if err := b.pool.QueryRow(b.ctx, `SELECT score, source, staff_id, client_id FROM satisfaction WHERE feedback_id = $1`, f.ID).
		Scan(&score, &source, &staff, &client); err != nil {
		t.Fatal(err)
	}
	if score != 4 || source != "feedback" || staff != b.managerA.StaffID || client != b.clientA {
		t.Fatalf("reading = %d %s by %d on %d", score, source, staff, client)
	}
	// Resolving again is refused and records nothing more.
	if _, err := b.store.Resolve(b.ctx, b.managerA, f.ID, "again", 2); !errors.Is(err, ErrBadTransition) {
		t.Fatalf("second resolve: %v", err)
	}
	if n := b.count(t, `SELECT count(*) FROM satisfaction`); n != 1 {
		t.Fatalf("%d readings, want 1", n)
	}
	// Without a score, none is recorded.
	g := b.create(t, b.mateA, Draft{ClientID: b.clientA})
	if _, err := b.store.Resolve(b.ctx, b.ownerA, g.ID, "已处理", 0); err != nil {
		t.Fatal(err)
	}
	if n := b.count(t, `SELECT count(*) FROM satisfaction WHERE feedback_id = $1`, g.ID); n != 0 {
		t.Fatalf("%d readings without a score", n)
	}
}

func TestResolveQueuesOneSurveyToASubscribedContactInTheirLanguage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	cases := []struct {
		name    string
		chat    int64
		optIn   bool
		lang    string
		queued  bool
		phrases []string
	}{
		{"English subscriber", 7001, true, "en", true, []string{"Hello Tom", "How satisfied", "华东机械"}},
		{"subscriber of unknown language", 7002, true, "", true, []string{"您好，王芳", "满意吗"}},
		{"opted out", 7003, false, "zh", false, nil},
		{"never subscribed", 0, true, "", false, nil},
	}
	for i, c := range cases {
		name := []string{"Tom", "王芳", "赵六", "钱七"}[i]
		ct := b.contact(t, b.clientA, name, c.chat, c.optIn, c.lang)
		f := b.create(t, b.mateA, Draft{ClientID: b.clientA, ContactID: ct})
		if _, err := b.store.Resolve(b.ctx, b.ownerA, f.ID, "已处理", 0); err != nil {
			t.Fatal(err)
		}
		var chat, contact int64
		var kind, text, buttons string
		err := b.pool.QueryRow(b.ctx, `SELECT chat_id, contact_id, kind, text, buttons::text FROM outbox WHERE dedup_key = $1`,
			SurveyKey(f.ID)).Scan(&chat, &contact, &kind, &text, &buttons)
		if !c.queued {
			if err == nil {
				t.Errorf("%s: a survey was queued", c.name)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: no survey: %v", c.name, err)
		}
		if chat != c.chat || contact != ct || kind != KindSurvey {
			t.Errorf("%s: survey to chat %d contact %d kind %q", c.name, chat, contact, kind)
		}
		for _, p := range c.phrases {
			if !strings.Contains(text, p) {
				t.Errorf("%s: survey %q lacks %q", c.name, text, p)
			}
		}
		var rows [][]outbox.Button
		if err := json.Unmarshal([]byte(buttons), &rows); err != nil || len(rows) != 1 || len(rows[0]) != 5 {
			t.Fatalf("%s: buttons %s (%v)", c.name, buttons, err)
		}
		for n, btn := range rows[0] {
			if want := (callback.SurveyAnswer{Feedback: f.ID, Score: n + 1}).Data(); btn.Data != want {
				t.Errorf("%s: button %d carries %q, want %q", c.name, n+1, btn.Data, want)
			}
		}
	}
	if n := b.count(t, `SELECT count(*) FROM outbox WHERE kind = 'survey'`); n != 2 {
		t.Fatalf("%d surveys queued, want 2", n)
	}
}

func TestAnswerSurveyStoresTheContactsOwnReadingOnce(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tom := b.contact(t, b.clientA, "Tom", 7001, true, "en")
	ann := b.contact(t, b.clientA, "Ann", 7002, true, "zh")
	f := b.create(t, b.mateA, Draft{ClientID: b.clientA, ContactID: tom})
	open := b.create(t, b.mateA, Draft{ClientID: b.clientA, ContactID: tom})
	annsOwn := b.create(t, b.mateA, Draft{ClientID: b.clientA, ContactID: ann})
	for _, id := range []int64{f.ID, annsOwn.ID} {
		if _, err := b.store.Resolve(b.ctx, b.ownerA, id, "已处理", 3); err != nil {
			t.Fatal(err)
		}
	}

	// Forged answers: another contact's chat, a feedback not yet resolved,
	// another contact's feedback, a chat that is nobody's.
	for _, c := range []struct {
		chat, feedback int64
	}{{7002, f.ID}, {7001, open.ID}, {7001, annsOwn.ID}, {9999, f.ID}} {
		if _, err := b.store.AnswerSurvey(b.ctx, c.chat, c.feedback, 1); !errors.Is(err, ErrNotFound) {
			t.Errorf("chat %d answering feedback %d: %v, want ErrNotFound", c.chat, c.feedback, err)
		}
	}
	if _, err := b.store.AnswerSurvey(b.ctx, 7001, f.ID, 0); !errors.Is(err, ErrInvalid) {
		t.Fatalf("score 0: %v", err)
	}
	if n := b.count(t, `SELECT count(*) FROM satisfaction WHERE source = 'survey'`); n != 0 {
		t.Fatalf("%d survey readings after forged answers", n)
	}

	got, err := b.store.AnswerSurvey(b.ctx, 7001, f.ID, 5)
	if err != nil || !got.Recorded || got.Score != 5 || got.ContactName != "Tom" || got.Lang != "en" {
		t.Fatalf("answer = %+v, %v", got, err)
	}
	var staff *int64
	var contact, client int64
	if err := b.pool.QueryRow(b.ctx, `SELECT staff_id, contact_id, client_id FROM satisfaction WHERE feedback_id = $1 AND source = 'survey'`, f.ID).
		Scan(&staff, &contact, &client); err != nil {
		t.Fatal(err)
	}
	if staff != nil || contact != tom || client != b.clientA {
		t.Fatalf("survey reading by staff %v, contact %d, client %d", staff, contact, client)
	}
	// A second answer changes nothing and says which one stands.
	again, err := b.store.AnswerSurvey(b.ctx, 7001, f.ID, 1)
	if err != nil || again.Recorded || again.Score != 5 {
		t.Fatalf("second answer = %+v, %v", again, err)
	}
	if n := b.count(t, `SELECT count(*) FROM satisfaction WHERE source = 'survey'`); n != 1 {
		t.Fatalf("%d survey readings, want 1", n)
	}
	// The resolver's readings stand beside the contact's.
	if n := b.count(t, `SELECT count(*) FROM satisfaction WHERE source = 'feedback'`); n != 2 {
		t.Fatalf("%d resolver readings, want 2", n)
	}
}
