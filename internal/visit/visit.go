// Package visit keeps the visit records (拜访记录): who visited or called
// which client, what was said, and the follow-up (跟进) promised. Logging a
// visit also counts as contact with the client, which wakes a sleeping or
// churned client, and answers the visitor's earlier open follow-ups on it.
package visit

import (
	"errors"
	"time"
)

// Kind is how the contact happened.
type Kind string

// The kinds of visit.
const (
	OnSite Kind = "onsite" // 上门拜访
	Phone  Kind = "phone"  // 电话
	Video  Kind = "video"  // 视频
	Other  Kind = "other"  // 其他
)

// Kinds lists every kind, in the order menus show them.
var Kinds = []Kind{OnSite, Phone, Video, Other}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	switch k {
	case OnSite, Phone, Video, Other:
		return true
	}
	return false
}

var (
	// ErrNotFound is returned for a visit or client that does not exist or
	// that the actor may not see.
	ErrNotFound = errors.New("visit not found")
	// ErrInvalid is wrapped by every refusal of what the user entered; the
	// wrapping message says which field.
	ErrInvalid = errors.New("invalid visit")
)

// Limits on what a visit holds, in characters, matching the schema.
const (
	MaxNotes   = 4000
	MaxOutcome = 2000
	MaxPhotos  = 50
)

// Visit is one logged contact with a client.
type Visit struct {
	ID           int64      `db:"id"`
	ClientID     int64      `db:"client_id"`
	ClientName   string     `db:"client_name"`
	AuthorID     int64      `db:"author_id"`
	AuthorName   string     `db:"author_name"`
	Kind         Kind       `db:"kind"`
	Notes        string     `db:"notes"`
	Outcome      string     `db:"outcome"`
	VoiceFileID  string     `db:"voice_file_id"`  // Telegram file id of a voice note
	PhotoFileIDs []string   `db:"photo_file_ids"` // Telegram file ids of photos
	Latitude     *float64   `db:"latitude"`
	Longitude    *float64   `db:"longitude"`
	VisitedAt    time.Time  `db:"visited_at"`
	FollowUpOn   *time.Time `db:"follow_up_on"` // a day, 00:00 UTC
	FollowUpDone bool       `db:"follow_up_done"`
	CreatedAt    time.Time  `db:"created_at"`
}

// Draft is what the visitor entered, before it is logged.
type Draft struct {
	ClientID     int64
	Kind         Kind
	Notes        string
	Outcome      string
	VoiceFileID  string
	PhotoFileIDs []string
	Latitude     *float64
	Longitude    *float64
	FollowUpOn   *time.Time // a day; must not be before today
	// Satisfaction is the client's satisfaction as the visitor read it,
	// MinScore to MaxScore; 0 when not given (it is optional).
	Satisfaction int
}

// FollowUp is an open follow-up promised in a visit.
type FollowUp struct {
	VisitID    int64     `db:"visit_id"`
	ClientID   int64     `db:"client_id"`
	ClientName string    `db:"client_name"`
	Due        time.Time `db:"due"`     // a day, 00:00 UTC
	Overdue    bool      `db:"overdue"` // due before today
	Notes      string    `db:"notes"`   // the notes of the visit that promised it
}
