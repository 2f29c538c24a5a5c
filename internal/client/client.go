package client

import (
	"errors"
	"time"
)

// ErrNotFound is returned for a client, contact or deal that does not exist
// or that the actor may not see: the two are not told apart.
var ErrNotFound = errors.New("client not found")

// ErrInvalid is returned, wrapped with a message naming the field, for input
// that breaks a rule: fmt.Errorf("%w: size must be small, medium or large", ErrInvalid).
var ErrInvalid = errors.New("invalid client data")

// The allowed values of the classification fields, in display order.
var (
	Sizes  = []string{"small", "medium", "large"}
	Tiers  = []string{"strategic", "key", "normal"}
	Stages = []string{"potential", "new", "active", "sleeping", "churned"}
)

// ReviewCadence is the number of days between full reviews of a client's
// archive for its tier: strategic 30, key 60, normal (and anything else) 90.
func ReviewCadence(tier string) int {
	switch tier {
	case "strategic":
		return 30
	case "key":
		return 60
	}
	return 90
}

// Client is one company in the ledger, with its owner's and team's names.
type Client struct {
	ID            int64      `db:"id"`
	TeamID        int64      `db:"team_id"`
	OwnerID       int64      `db:"owner_id"` // 0 when the owner was removed
	OwnerName     string     `db:"owner_name"`
	TeamName      string     `db:"team_name"`
	Name          string     `db:"name"`
	Industry      string     `db:"industry"`
	Size          string     `db:"size"` // "" when unknown
	Tier          string     `db:"tier"`
	Stage         string     `db:"stage"`
	Region        string     `db:"region"`
	Address       string     `db:"address"`
	Source        string     `db:"source"`
	Needs         string     `db:"needs"`
	RiskNote      string     `db:"risk_note"`
	CreatedAt     time.Time  `db:"created_at"`
	UpdatedAt     time.Time  `db:"updated_at"`
	LastContactAt *time.Time `db:"last_contact_at"`
	NextReviewOn  *time.Time `db:"next_review_on"` // a date: 00:00 UTC of that day
	// ArchivedAt is set while the client is archived (see Archive); a
	// merged client is archived too, and MergedInto names its survivor.
	ArchivedAt *time.Time `db:"archived_at"`
	MergedInto int64      `db:"merged_into"` // 0 unless merged
}

// Contact is a person at a client.
type Contact struct {
	ID            int64      `db:"id"`
	ClientID      int64      `db:"client_id"`
	Name          string     `db:"name"`
	Position      string     `db:"position"`
	Phone         string     `db:"phone"`
	Email         string     `db:"email"`
	Birthday      *time.Time `db:"birthday"` // a date: 00:00 UTC of that day
	IsPrimary     bool       `db:"is_primary"`
	GreetingOptIn bool       `db:"greeting_opt_in"`
	CreatedAt     time.Time  `db:"created_at"`
}

// Deal is one transaction with a client.
type Deal struct {
	ID          int64     `db:"id"`
	ClientID    int64     `db:"client_id"`
	DealOn      time.Time `db:"deal_on"`
	Amount      string    `db:"amount"` // decimal text, two places: "12500.00"
	Description string    `db:"description"`
	CreatedBy   int64     `db:"created_by"`
	CreatedAt   time.Time `db:"created_at"`
}

// Draft is a new client as entered. Empty Tier and Stage mean normal and
// potential; empty Size means unknown.
type Draft struct {
	Name, Industry, Size, Tier, Stage, Region, Address, Source, Needs, RiskNote string
	OwnerID                                                                     int64 // 0 = the actor
	TeamID                                                                      int64 // 0 = the actor's team
	Contact                                                                     *ContactDraft
}

// ContactDraft is a new contact as entered.
type ContactDraft struct {
	Name, Position, Phone, Email string
	Birthday                     *time.Time
	IsPrimary, GreetingOptIn     bool
}

// DealDraft is a new deal as entered. Amount is decimal text ("12500",
// "12,500.50"), more than zero, at most 1e12, at most two decimal places.
type DealDraft struct {
	DealOn      time.Time
	Amount      string
	Description string
	// DueOn is when payment falls due (回款到期日); nil tracks no
	// receivable. The whole amount counts as invoiced until terms say
	// otherwise.
	DueOn *time.Time
}

// Patch changes one field of a client, the value as text: name, industry,
// size, tier, stage, region, address, source, needs, risk_note, owner_id
// (a staff id) or next_review_on (YYYY-MM-DD, "" to clear).
type Patch struct {
	Field string
	Value string
}

// Match is one client found by Search or Duplicates. A duplicate in a team
// the actor may not see has Visible false and Name, OwnerName, Tier and
// Stage blank: the actor learns that it exists, not what it is.
type Match struct {
	ClientID  int64
	Name      string
	Tier      string
	Stage     string
	OwnerName string
	TeamID    int64
	Visible   bool
	Reason    string  // what matched: name, pinyin, initials, fuzzy, contact, phone
	Score     float64 // higher is better; comparable within one result list
}
