package churn

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
)

// Errors of the episode actions.
var (
	// ErrNotFound: no such episode, or the actor may not see its team.
	ErrNotFound = errors.New("churn episode not found")
	// ErrEnded: the episode is over (contact resumed), nothing to win back.
	ErrEnded = errors.New("churn episode has ended")
	// ErrInvalid: a win-back assignee who is not an active member of the
	// client's team, or a due day in the past.
	ErrInvalid = errors.New("invalid win-back assignment")
)

// Why an episode ended (Episode.EndReason).
const (
	EndContactResumed = "contact_resumed"
	EndNoRisk         = "no_risk"
)

// Episode is one period during which a client was at risk.
type Episode struct {
	ID         int64     `db:"id"`
	ClientID   int64     `db:"client_id"`
	ClientName string    `db:"client_name"`
	OwnerName  string    `db:"owner_name"` // "" when the client has no owner
	Tier       string    `db:"tier"`
	Stage      string    `db:"stage"` // the client's stage now
	TeamID     int64     `db:"team_id"`
	StartedOn  time.Time `db:"started_on"` // a date: 00:00 UTC of the day
	// EndedOn is nil while the episode is open; EndReason says why it ended.
	EndedOn        *time.Time `db:"ended_on"`
	EndReason      string     `db:"end_reason"`
	Reasons        []Reason   `db:"reasons"`
	AcknowledgedBy int64      `db:"acknowledged_by"` // 0 until acknowledged
	AcknowledgedAt *time.Time `db:"acknowledged_at"`
	WinbackStaffID int64      `db:"winback_staff_id"` // 0 until assigned
	WinbackDueOn   *time.Time `db:"winback_due_on"`
	CreatedAt      time.Time  `db:"created_at"`
	ContactAt      *time.Time `db:"contact_at"` // the client's last contact when it opened
}

// Open reports whether the episode has not ended.
func (e Episode) Open() bool { return e.EndedOn == nil }

// selectEpisode reads episodes with their client; callers append the rest.
// Column names match Episode's db tags.
const selectEpisode = `SELECT e.id, e.client_id, c.name AS client_name, coalesce(o.name, '') AS owner_name,
	c.tier, c.stage, e.team_id,
	e.started_on, e.ended_on, coalesce(e.end_reason, '') AS end_reason, e.reasons,
	coalesce(e.acknowledged_by, 0) AS acknowledged_by, e.acknowledged_at,
	coalesce(e.winback_staff_id, 0) AS winback_staff_id, e.winback_due_on, e.created_at, e.contact_at
FROM churn_episodes e JOIN clients c ON c.id = e.client_id LEFT JOIN staff o ON o.id = c.owner_id`

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func listEpisodes(ctx context.Context, db querier, sql string, args ...any) ([]Episode, error) {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Episode])
}

// loadEpisode reads one episode the actor may see; forUpdate locks it so a
// permission check and the change after it see the same row.
func loadEpisode(ctx context.Context, db querier, actor access.Actor, id int64, forUpdate bool) (Episode, error) {
	sql := selectEpisode + ` WHERE e.id = $1`
	if forUpdate {
		sql += ` FOR UPDATE OF e`
	}
	out, err := listEpisodes(ctx, db, sql, id)
	if err != nil {
		return Episode{}, fmt.Errorf("load episode %d: %w", id, err)
	}
	if len(out) == 0 || !actor.CanSee(out[0].TeamID) {
		return Episode{}, ErrNotFound
	}
	return out[0], nil
}

// Episode returns one episode of a team the actor may see; ErrNotFound
// otherwise.
func (s *Scanner) Episode(ctx context.Context, actor access.Actor, id int64) (Episode, error) {
	e, err := loadEpisode(ctx, s.db, actor, id, false)
	if err != nil {
		return Episode{}, fmt.Errorf("get churn episode: %w", err)
	}
	return e, nil
}

// Open returns the open episodes of the teams, strategic clients first,
// then key, then normal, oldest first within a tier: the at-risk list.
func (s *Scanner) Open(ctx context.Context, teamIDs ...int64) ([]Episode, error) {
	out, err := listEpisodes(ctx, s.db, selectEpisode+` WHERE e.team_id = ANY($1) AND e.ended_on IS NULL
		ORDER BY array_position(ARRAY['strategic', 'key', 'normal'], c.tier), e.started_on, e.id`, teamIDs)
	if err != nil {
		return nil, fmt.Errorf("list open churn episodes: %w", err)
	}
	return out, nil
}

// canHandle reports whether the actor may act on an episode of the team:
// the team's managers and admins. Others who can see it get ErrForbidden.
func canHandle(actor access.Actor, teamID int64) error {
	switch {
	case actor.Role == access.Admin:
		return nil
	case actor.Role == access.Manager && actor.TeamID != 0 && actor.TeamID == teamID:
		return nil
	case actor.CanSee(teamID):
		return access.ErrForbidden
	}
	return ErrNotFound
}
