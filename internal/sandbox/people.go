package sandbox

import "github.com/ledgerbot/ledgerbot/internal/access"

// Person is one of the seeded people a visitor can chat as: a staff member
// who joined through an invite, with the Telegram identity the web chat
// speaks for.
type Person struct {
	TelegramID int64       `json:"id"`
	Name       string      `json:"name"`
	Role       access.Role `json:"role"`
	// Team is the team's name; "" for the admin, who belongs to none.
	Team string `json:"team"`
	// Lang is the Telegram client's language_code; the bot answers in it.
	Lang string `json:"lang"`
}

// The two teams of the demo ledger.
const (
	TeamEast  = "华东销售部"
	TeamSouth = "华南销售部"
)

// People are the seeded people, in the order the page offers them: an
// admin, a manager and two salespeople of one team (one of whom reads
// English), and a salesperson of the other team.
var People = []Person{
	{TelegramID: 710000001, Name: "王建国", Role: access.Admin, Lang: "zh-hans"},
	{TelegramID: 710000002, Name: "李娜", Role: access.Manager, Team: TeamEast, Lang: "zh-hans"},
	{TelegramID: 710000003, Name: "张伟", Role: access.Sales, Team: TeamEast, Lang: "zh-hans"},
	{TelegramID: 710000004, Name: "Lucy Liu", Role: access.Sales, Team: TeamEast, Lang: "en"},
	{TelegramID: 710000005, Name: "陈静", Role: access.Sales, Team: TeamSouth, Lang: "zh-hans"},
}

// PersonByID finds a seeded person by Telegram id.
func PersonByID(id int64) (Person, bool) {
	for _, p := range People {
		if p.TelegramID == id {
			return p, true
		}
	}
	return Person{}, false
}
