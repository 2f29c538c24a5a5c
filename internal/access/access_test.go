package access

import "testing"

func TestRulesPerRole(t *testing.T) {
	t.Parallel()
	admin := Actor{StaffID: 1, Role: Admin}
	mgr := Actor{StaffID: 2, Role: Manager, TeamID: 10}
	sales := Actor{StaffID: 3, Role: Sales, TeamID: 10}
	other := Actor{StaffID: 4, Role: Sales, TeamID: 20}
	cases := []struct {
		name string
		got  bool
		want bool
	}{
		{"admin sees any team", admin.CanSee(99), true},
		{"manager sees own team", mgr.CanSee(10), true},
		{"manager does not see other team", mgr.CanSee(20), false},
		{"sales sees own team", sales.CanSee(10), true},
		{"sales of other team does not see", other.CanSee(10), false},
		{"sales edits own client", sales.CanEdit(10, 3), true},
		{"sales does not edit teammate's client", sales.CanEdit(10, 5), false},
		{"sales does not edit own id in other team", sales.CanEdit(20, 3), false},
		{"manager edits team client", mgr.CanEdit(10, 5), true},
		{"manager does not edit other team", mgr.CanEdit(20, 5), false},
		{"admin edits anything", admin.CanEdit(20, 5), true},
		{"sales records visit on teammate's client", sales.CanRecord(10), true},
		{"sales cannot record on other team", other.CanRecord(10), false},
		{"manager invites sales to own team", mgr.CanInvite(Sales, 10), true},
		{"manager cannot invite admin", mgr.CanInvite(Admin, 10), false},
		{"manager cannot invite to other team", mgr.CanInvite(Sales, 20), false},
		{"sales cannot invite", sales.CanInvite(Sales, 10), false},
		{"admin invites admin", admin.CanInvite(Admin, 0), true},
		{"only admin manages teams", mgr.CanManageTeams(), false},
		{"zero actor sees nothing", Actor{}.CanSee(0), false},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestParseRoleRejectsUnknown(t *testing.T) {
	t.Parallel()
	if _, err := ParseRole("root"); err == nil {
		t.Fatal("ParseRole(root) succeeded")
	}
	if r, err := ParseRole("manager"); err != nil || r != Manager {
		t.Fatalf("ParseRole(manager) = %v, %v", r, err)
	}
}
