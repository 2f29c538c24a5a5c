package outbox

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// CauseKind is the kind of reason a send did not go through.
type CauseKind string

// The kinds of Cause. Their names are stored in last_error and reason: never
// rename one.
const (
	CauseNetwork     CauseKind = "network"      // Telegram could not be reached
	CauseTimeout     CauseKind = "timeout"      // Telegram did not answer in time
	CauseServer      CauseKind = "server"       // Telegram answered 5xx
	CauseRateLimited CauseKind = "rate_limited" // Telegram answered 429
	CauseBlocked     CauseKind = "blocked"      // 403: the user blocked the bot, or the chat is gone
	CauseBadRequest  CauseKind = "bad_request"  // 400: Telegram refuses this message
	CauseRefused     CauseKind = "refused"      // another 4xx (a revoked token: 401)
	CauseBadAnswer   CauseKind = "bad_answer"   // an answer that could not be read
	CauseOther       CauseKind = "other"        // anything else; the sender's log has it
)

var causeKinds = []CauseKind{CauseNetwork, CauseTimeout, CauseServer, CauseRateLimited, CauseBlocked,
	CauseBadRequest, CauseRefused, CauseBadAnswer, CauseOther}

// maxCauseDetail bounds Telegram's description kept in a Cause, in characters.
const maxCauseDetail = 200

// Cause is why a message was not sent, short enough to show an admin: the
// kind, Telegram's status code when it answered, and Telegram's own
// description of a refusal. It never carries a Go error's text, which names
// hosts, URLs and the wrapping of every layer; the sender logs that instead.
type Cause struct {
	Kind   CauseKind
	Code   int    // Telegram's HTTP status; 0 when it did not answer
	Detail string // Telegram's description; may be empty
}

// String is the stored form: the kind, the code if any, then ": " and the
// detail if any, e.g. "bad_request 400: can't parse entities".
func (c Cause) String() string {
	s := string(c.Kind)
	if c.Code != 0 {
		s += " " + strconv.Itoa(c.Code)
	}
	if d := clipDetail(c.Detail); d != "" {
		s += ": " + d
	}
	return s
}

// ParseCause reads a Cause back from its stored form. ok is false for text
// that is not one (rows written before causes were stored, or the claim's
// own notes such as an expired lease); show such text as an unknown cause,
// never as it is.
func ParseCause(s string) (c Cause, ok bool) {
	head, detail, _ := strings.Cut(s, ": ")
	kind, code, hasCode := strings.Cut(head, " ")
	c = Cause{Kind: CauseKind(kind), Detail: detail}
	if hasCode {
		n, err := strconv.Atoi(code)
		if err != nil || n < 100 || n > 599 {
			return Cause{}, false
		}
		c.Code = n
	}
	for _, k := range causeKinds {
		if k == c.Kind {
			return c, true
		}
	}
	return Cause{}, false
}

// clipDetail keeps a description to one line of maxCauseDetail characters.
func clipDetail(d string) string {
	d = strings.Join(strings.Fields(d), " ")
	if utf8.RuneCountInString(d) <= maxCauseDetail {
		return d
	}
	return string([]rune(d)[:maxCauseDetail-1]) + "…"
}
