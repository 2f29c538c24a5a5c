package feedback

import (
	"errors"
	"time"
)

// Kind is what the client told us.
type Kind string

// The kinds of feedback.
const (
	Complaint  Kind = "complaint"  // 投诉
	Suggestion Kind = "suggestion" // 建议
	Praise     Kind = "praise"     // 表扬
	Request    Kind = "request"    // 需求
)

// Kinds lists every kind.
var Kinds = []Kind{Complaint, Suggestion, Praise, Request}

// Severity is how urgent the feedback is; it sets the default deadline.
type Severity string

// The severities, from least to most urgent.
const (
	Low    Severity = "low"
	Medium Severity = "medium"
	High   Severity = "high"
)

// Severities lists every severity, least urgent first.
var Severities = []Severity{Low, Medium, High}

// Status is where a record stands in its handling.
type Status string

// The statuses, in the order a record moves through them.
const (
	Open       Status = "open"
	InProgress Status = "in_progress"
	Resolved   Status = "resolved"
)

// Statuses lists every status, in the order a record moves through them.
var Statuses = []Status{Open, InProgress, Resolved}

// Errors reported by the store.
var (
	// ErrNotFound: no such record, or the actor may not see it.
	ErrNotFound = errors.New("feedback not found")
	// ErrInvalid: the input breaks a rule (kind, severity, a text that
	// CheckBody or CheckResolution refuses, deadline, assignee).
	ErrInvalid = errors.New("invalid feedback")
	// ErrBadTransition: the record is not in a status the change starts from,
	// for example resolving twice.
	ErrBadTransition = errors.New("feedback status does not allow this change")
)

// MaxText is the longest body or resolution, in characters, as the
// schema's CHECK allows; the chat quotes it in its prompts.
const MaxText = 4000

// Feedback is one registered piece of client feedback.
type Feedback struct {
	ID           int64     `db:"id"`
	ClientID     int64     `db:"client_id"`
	ClientName   string    `db:"client_name"`
	TeamID       int64     `db:"team_id"`
	AuthorID     int64     `db:"author_id"`
	AuthorName   string    `db:"author_name"`
	AssigneeID   int64     `db:"assignee_id"`
	AssigneeName string    `db:"assignee_name"`
	Kind         Kind      `db:"kind"`
	Severity     Severity  `db:"severity"`
	Body         string    `db:"body"`
	Status       Status    `db:"status"`
	DueOn        time.Time `db:"due_on"` // a date: 00:00 UTC of the day
	Overdue      bool      `db:"-"`      // not resolved and DueOn before today
	Resolution   string    `db:"resolution"`
	// ContactID is the client's contact who raised it, 0 when not known;
	// the satisfaction survey goes to them once it is resolved.
	ContactID   int64      `db:"contact_id"`
	ContactName string     `db:"contact_name"`
	CreatedAt   time.Time  `db:"created_at"`
	UpdatedAt   time.Time  `db:"updated_at"`
	ResolvedAt  *time.Time `db:"resolved_at"`
}

// Draft is what a staff member fills in to register feedback.
type Draft struct {
	ClientID int64
	Kind     Kind
	Severity Severity
	Body     string
	// AssigneeID is the responsible owner; 0 means the client's owner, or the
	// actor when the client has no (active) owner.
	AssigneeID int64
	// DueOn is the handling deadline; nil means DefaultDue.
	DueOn *time.Time
	// ContactID is the client's contact who raised it; 0 when not known.
	ContactID int64
}

// DefaultDue returns the handling deadline for feedback of kind k and
// severity s registered on day today (a date at 00:00 UTC).
//
// Why these limits: a complaint is the strongest churn signal (流失预警), so
// it is answered fastest (1 day when high, 2 medium, 3 low) before an unhappy
// client goes to a competitor. A request is a sales opportunity that needs a
// quote or a check with product people, so it gets days, not hours (3/5/7). A
// suggestion feeds the periodic analysis and needs no quick reply, only a
// considered one (7/10/14). Praise needs only an acknowledgement and a thank
// you, which fits in a week whatever the severity (7).
func DefaultDue(k Kind, s Severity, today time.Time) time.Time {
	days := 7
	switch k {
	case Complaint:
		days = pick(s, 1, 2, 3)
	case Request:
		days = pick(s, 3, 5, 7)
	case Suggestion:
		days = pick(s, 7, 10, 14)
	case Praise:
		days = 7
	}
	return dateOf(today).AddDate(0, 0, days)
}

func pick(s Severity, high, medium, low int) int {
	switch s {
	case High:
		return high
	case Medium:
		return medium
	}
	return low
}

// dateOf returns the calendar day of t (in t's own location) as 00:00 UTC.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func validKind(k Kind) bool {
	switch k {
	case Complaint, Suggestion, Praise, Request:
		return true
	}
	return false
}

func validSeverity(s Severity) bool {
	switch s {
	case Low, Medium, High:
		return true
	}
	return false
}
