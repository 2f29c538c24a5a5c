package main

import (
	"context"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/staff"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

// inviteCode reads the code out of the bot's "Invite created" message.
func inviteCode(t *testing.T, m telegramtest.Message) string {
	t.Helper()
	i := strings.Index(m.Text, "/start ")
	if i < 0 {
		t.Fatalf("no /start line in the invite message:\n%s", m.Text)
	}
	return strings.TrimSuffix(strings.Fields(m.Text[i+len("/start "):])[0], "</code>")
}

func TestAdminCreatesTeamAndInvitesManagerIntoIt(t *testing.T) {
	t.Parallel()
	h := setup(t)
	h.team("East")
	admin := h.join("Ada", access.Admin, staff.Team{}, "en")
	mustContain(t, h.say(admin, "/help").Text, "/newteam")

	mustContain(t, h.say(admin, "/newteam North").Text, "Team “North” created")
	mustContain(t, h.say(admin, "/newteam north").Text, "A team with that name exists")
	mustContain(t, h.say(admin, "/newteam").Text, "Usage: /newteam NAME")
	if n := h.count(`SELECT count(*) FROM teams WHERE lower(name) = 'north'`); n != 1 {
		t.Fatalf("%d teams named north, want 1", n)
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE entity = 'team' AND action = 'create' AND actor_id = $1`, h.staffID(admin)); n != 1 {
		t.Fatalf("%d team audit rows by the admin, want 1", n)
	}
	m := h.say(admin, "/teams")
	mustContain(t, m.Text, "Teams", "East", "North")
	if strings.Index(m.Text, "East") > strings.Index(m.Text, "North") {
		t.Fatalf("teams not listed by name:\n%s", m.Text)
	}

	m = h.say(admin, "/invite")
	mustContain(t, m.Text, "Invite as which role?")
	for _, role := range []string{"sales", "manager", "admin"} {
		if !hasButton(m, role) {
			t.Fatalf("admin's invite has no %s button: %v", role, m.Inline)
		}
	}
	m = h.press(admin, m, "manager")
	mustContain(t, m.Text, "Which team?")
	if !hasButton(m, "East") || hasButton(m, "No team") {
		t.Fatalf("team buttons for a manager invite: %v", m.Inline)
	}
	m = h.press(admin, m, "North")
	mustContain(t, m.Text, "Invite created", "manager", "single use")

	newbie := telegramtest.User{ID: 8001, FirstName: "Nora", LanguageCode: "en"}
	m = h.say(newbie, "/start "+inviteCode(t, m))
	mustContain(t, m.Text, "Nora", "manager", "North")
	if n := h.count(`SELECT count(*) FROM staff s JOIN teams t ON t.id = s.team_id
		WHERE s.telegram_id = 8001 AND s.role = 'manager' AND t.name = 'North'`); n != 1 {
		t.Fatal("the invited manager is not in team North")
	}
	// The new manager may invite into North only.
	m = h.press(newbie, h.say(newbie, "/invite"), "sales")
	mustContain(t, m.Text, "Invite created", "sales")
}

func TestAdminInviteForAnotherAdminMayHaveNoTeam(t *testing.T) {
	t.Parallel()
	h := setup(t)
	h.team("East")
	admin := h.join("Ada", access.Admin, staff.Team{}, "en")
	m := h.press(admin, h.say(admin, "/invite"), "admin")
	m = h.press(admin, m, "No team")
	mustContain(t, m.Text, "Invite created", "admin")
	second := telegramtest.User{ID: 8002, FirstName: "Abe", LanguageCode: "en"}
	mustContain(t, h.say(second, "/start "+inviteCode(t, m)).Text, "Abe", "admin")
	if n := h.count(`SELECT count(*) FROM staff WHERE telegram_id = 8002 AND role = 'admin' AND team_id IS NULL`); n != 1 {
		t.Fatal("the second admin was not created without a team")
	}
}

func TestAdminSeesAndEditsClientsOfEveryTeam(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east, west := h.team("East"), h.team("West")
	alice := h.join("Alice", access.Sales, east, "en")
	wes := h.join("Wes", access.Sales, west, "en")
	admin := h.join("Ada", access.Admin, staff.Team{}, "en")
	h.createClient(alice, "Acme Trading")
	h.createClient(wes, "Westwind Logistics")

	if !hasButton(h.say(admin, "acme"), "Acme Trading") {
		t.Fatal("admin does not find East's client")
	}
	m := h.say(admin, "westwind")
	if !hasButton(m, "Westwind Logistics") {
		t.Fatalf("admin does not find West's client:\n%s", m.Text)
	}
	m = h.press(admin, m, "Westwind Logistics")
	mustContain(t, m.Text, "Westwind Logistics", "Owner: Wes · West")
	if !hasButton(m, "Edit") || !hasButton(m, "Add deal") {
		t.Fatalf("admin has no edit buttons on another team's client: %v", m.Inline)
	}
	m = h.press(admin, h.press(admin, h.press(admin, m, "Edit"), "Tier"), "strategic")
	mustContain(t, m.Text, "Westwind Logistics", "strategic")
	if n := h.count(`SELECT count(*) FROM clients WHERE name = 'Westwind Logistics' AND tier = 'strategic'`); n != 1 {
		t.Fatal("tier not changed in the database")
	}
	if n := h.count(`SELECT count(*) FROM audit_log WHERE entity = 'client' AND action = 'update' AND actor_id = $1`, h.staffID(admin)); n != 1 {
		t.Fatalf("%d client update audit rows by the admin, want 1", n)
	}
	// The admin may add a contact to any team's client too.
	m = h.press(admin, h.press(admin, h.press(admin, h.say(admin, "acme"), "Acme Trading"), "Contacts"), "Add contact")
	h.say(admin, "Zhang Wei, purchasing manager")
	h.press(admin, h.last(admin), "Skip")
	h.press(admin, h.last(admin), "Skip")
	m = h.press(admin, h.press(admin, h.last(admin), "Skip"), "Save")
	mustContain(t, m.Text, "Zhang Wei")
}

func TestAdminWithoutTeamPicksTeamAndOwnerForNewClient(t *testing.T) {
	t.Parallel()
	h := setup(t)
	h.team("East")
	west := h.team("West")
	h.join("Wes", access.Sales, west, "en")
	admin := h.join("Ada", access.Admin, staff.Team{}, "en")

	m := h.say(admin, "/new")
	mustContain(t, m.Text, "New client", "Which team?")
	m = h.press(admin, m, "West")
	mustContain(t, m.Text, "full company name")
	m = h.say(admin, "Northwind Traders")
	for _, step := range []string{"Skip", "Skip", "normal", "potential", "Skip", "Skip"} {
		m = h.press(admin, m, step)
	}
	mustContain(t, m.Text, "Who owns this client?")
	m = h.press(admin, m, "Wes")
	mustContain(t, m.Text, "Please confirm the new client", "Northwind Traders", "Owner: Wes")
	m = h.press(admin, m, "Save")
	mustContain(t, m.Text, "Northwind Traders", "Owner: Wes · West")
	var team string
	if err := h.pool.QueryRow(context.Background(), `SELECT t.name FROM clients c JOIN teams t ON t.id = c.team_id
		JOIN staff s ON s.id = c.owner_id WHERE c.name = 'Northwind Traders' AND s.name = 'Wes'`).Scan(&team); err != nil {
		t.Fatal(err)
	}
	if team != "West" {
		t.Fatalf("client placed in team %q, want West", team)
	}
}

func TestManagerAndSalesMayNotCreateTeamsAndSeeOnlyTheirOwn(t *testing.T) {
	t.Parallel()
	h := setup(t)
	east := h.team("East")
	h.team("West")
	mgr := h.join("Maria", access.Manager, east, "en")
	sales := h.join("Sam", access.Sales, east, "zh")
	mustContain(t, h.say(mgr, "/newteam South").Text, "Only admins can create teams")
	mustContain(t, h.say(sales, "/newteam 南区").Text, "只有管理员可以创建团队")
	if n := h.count(`SELECT count(*) FROM teams`); n != 2 {
		t.Fatalf("%d teams after refused /newteam, want 2", n)
	}
	m := h.say(mgr, "/teams")
	mustContain(t, m.Text, "East")
	mustNotContain(t, m.Text, "West")
	// A manager's invite has no team question: it is always their own team.
	m = h.press(mgr, h.say(mgr, "/invite"), "manager")
	mustContain(t, m.Text, "Invite created")
	if hasButton(h.say(mgr, "/invite"), "admin") {
		t.Fatal("a manager is offered to invite an admin")
	}
}
