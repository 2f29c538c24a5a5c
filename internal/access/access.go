// Package access holds the one set of rules for who may see and change what.
// Domain packages call these rules on every read and write, so a forged
// button or a guessed id is refused below the Telegram edge, not only in menus.
package access

import (
	"errors"
	"fmt"
)

// Role is a staff member's role.
type Role string

// The roles, from least to most rights.
const (
	Sales   Role = "sales"
	Manager Role = "manager"
	Admin   Role = "admin"
)

// ErrForbidden is returned when an actor asks for something their role does not allow.
var ErrForbidden = errors.New("forbidden")

// ParseRole accepts exactly the three role names.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case Sales, Manager, Admin:
		return r, nil
	}
	return "", fmt.Errorf("unknown role %q (want admin, manager or sales)", s)
}

// Actor is who is asking: a staff member with a role and, except for some
// admins, a team.
type Actor struct {
	StaffID int64
	Role    Role
	TeamID  int64 // 0 when the actor has no team (admins only)
}

// SeesAll reports whether the actor sees every team's clients.
func (a Actor) SeesAll() bool { return a.Role == Admin }

// CanSee reports whether the actor may read a record of the given team.
func (a Actor) CanSee(teamID int64) bool {
	return a.Role == Admin || (a.TeamID != 0 && a.TeamID == teamID)
}

// CanEdit reports whether the actor may change a client (profile, contacts,
// deals) of the given team and owner: admins anything, managers their
// team's clients, salespeople the clients they own.
func (a Actor) CanEdit(teamID, ownerID int64) bool {
	switch a.Role {
	case Admin:
		return true
	case Manager:
		return a.TeamID != 0 && a.TeamID == teamID
	case Sales:
		return a.TeamID != 0 && a.TeamID == teamID && ownerID == a.StaffID
	}
	return false
}

// CanRecord reports whether the actor may log a visit or feedback on a client
// of the given team: anyone who can see it, since a visit is the visitor's own
// record even on a teammate's client.
func (a Actor) CanRecord(teamID int64) bool { return a.CanSee(teamID) }

// CanInvite reports whether the actor may create an invite for the role and
// team: admins any; managers salespeople and managers of their own team.
func (a Actor) CanInvite(role Role, teamID int64) bool {
	switch a.Role {
	case Admin:
		return true
	case Manager:
		return role != Admin && teamID == a.TeamID && a.TeamID != 0
	}
	return false
}

// CanManageTeams reports whether the actor may create and rename teams.
func (a Actor) CanManageTeams() bool { return a.Role == Admin }
