package export

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

func TestExportShowsEachRoleOnlyWhatItMaySee(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.client(b.alice, "甲 Alice's", "key", "active")
	b.client(b.bob, "乙 Bob's", "normal", "new")
	b.client(b.mia, "丙 Mia's", "strategic", "active")
	b.client(b.carol, "丁 Carol's", "key", "active")
	name := sheet.Label(sheet.ClientName, i18n.ZH)
	for _, c := range []struct {
		who    string
		actor  access.Actor
		filter Filter
		want   string
	}{
		{"a salesperson their own", b.alice, Filter{}, "甲 Alice's"},
		{"a salesperson naming their team still their own", b.bob, Filter{TeamID: b.east}, "乙 Bob's"},
		{"a manager their team", b.mia, Filter{}, "丙 Mia's,乙 Bob's,甲 Alice's"},
		{"a manager one colleague", b.mia, Filter{OwnerID: b.bob.StaffID}, "乙 Bob's"},
		{"an admin every team", b.admin, Filter{}, "丁 Carol's,丙 Mia's,乙 Bob's,甲 Alice's"},
		{"an admin one team", b.admin, Filter{TeamID: b.west}, "丁 Carol's"},
		{"another team's salesperson", b.carol, Filter{}, "丁 Carol's"},
	} {
		c.filter.Lang = i18n.ZH
		x, sum, _ := b.export(c.actor, c.filter)
		got := sortedJoin(column(t, rows(t, x, "客户"), name))
		if got != c.want {
			t.Errorf("%s: clients %q, want %q", c.who, got, c.want)
		}
		if sum.Clients != len(column(t, rows(t, x, "客户"), name)) {
			t.Errorf("%s: summary counts %d clients", c.who, sum.Clients)
		}
	}
}

func TestExportRefusesWhatTheActorMayNotExport(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	for _, c := range []struct {
		who    string
		actor  access.Actor
		filter Filter
		want   error
	}{
		{"a manager another team", b.mia, Filter{TeamID: b.west}, access.ErrForbidden},
		{"a salesperson another team", b.alice, Filter{TeamID: b.west}, access.ErrForbidden},
		{"a salesperson a colleague's clients", b.alice, Filter{OwnerID: b.bob.StaffID}, access.ErrForbidden},
		{"a manager another team's salesperson", b.mia, Filter{OwnerID: b.carol.StaffID}, ErrInvalid},
		{"an admin a team's owner in another team", b.admin, Filter{TeamID: b.east, OwnerID: b.carol.StaffID}, ErrInvalid},
		{"an owner nobody is", b.mia, Filter{OwnerID: 999999}, ErrInvalid},
		{"a team that does not exist", b.admin, Filter{TeamID: 999999}, ErrInvalid},
		{"a tier that does not exist", b.mia, Filter{Tier: "gold"}, ErrInvalid},
		{"a stage that does not exist", b.mia, Filter{Stage: "dead"}, ErrInvalid},
		{"a period ending before it starts", b.mia, Filter{Period: Period{From: ThisMonth(dayOf(now)).To, To: ThisMonth(dayOf(now)).From}}, ErrInvalid},
		{"nobody", access.Actor{StaffID: 1}, Filter{}, access.ErrForbidden},
		{"a manager without a team", access.Actor{StaffID: b.mia.StaffID, Role: access.Manager}, Filter{}, access.ErrForbidden},
	} {
		if _, err := b.store.Export(ctx, c.actor, c.filter, io.Discard, nil); !errors.Is(err, c.want) {
			t.Errorf("%s: Export = %v, want %v", c.who, err, c.want)
		}
		if err := b.store.Check(ctx, c.actor, c.filter); !errors.Is(err, c.want) {
			t.Errorf("%s: Check = %v, want %v", c.who, err, c.want)
		}
	}
	if err := b.store.Check(ctx, b.mia, Filter{OwnerID: b.alice.StaffID, Tier: "key", Stage: "active"}); err != nil {
		t.Errorf("Check of an allowed export: %v", err)
	}
}

func TestExportKeepsOneOwnerTierOrStage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.client(b.alice, "A key active", "key", "active")
	b.client(b.alice, "A key new", "key", "new")
	b.client(b.bob, "B normal active", "normal", "active")
	b.client(b.bob, "B key sleeping", "key", "sleeping")
	name := sheet.Label(sheet.ClientName, i18n.EN)
	for _, c := range []struct {
		filter Filter
		want   string
	}{
		{Filter{Tier: "key"}, "A key active,A key new,B key sleeping"},
		{Filter{Stage: "active"}, "A key active,B normal active"},
		{Filter{OwnerID: b.bob.StaffID}, "B key sleeping,B normal active"},
		{Filter{OwnerID: b.alice.StaffID, Tier: "key", Stage: "new"}, "A key new"},
		{Filter{Tier: "strategic"}, ""},
	} {
		c.filter.Lang = i18n.EN
		x, _, _ := b.export(b.mia, c.filter)
		if got := sortedJoin(column(t, rows(t, x, "Clients"), name)); got != c.want {
			t.Errorf("%+v: clients %q, want %q", c.filter, got, c.want)
		}
	}
}

func TestExportLeavesArchivedAndMergedClientsOut(t *testing.T) {
	t.Parallel()
	b := setup(t)
	live := b.client(b.alice, "Live Co", "key", "active")
	archived := b.client(b.alice, "Archived Co", "key", "active")
	merged := b.client(b.alice, "Merged Co", "key", "active")
	for _, id := range []int64{live, archived, merged} {
		b.exec(`INSERT INTO contacts (client_id, name, created_at, updated_at) SELECT id, name || ' contact', $2, $2 FROM clients WHERE id = $1`, id, now)
		b.exec(`INSERT INTO deals (client_id, deal_on, amount, created_at) VALUES ($1, '2026-11-02', 10, $2)`, id, now)
	}
	// A tombstone's own rows, as a merge that left some would keep them.
	b.exec(`UPDATE clients SET archived_at = $2, archived_by = $3 WHERE id = $1`, archived, now, b.mia.StaffID)
	b.exec(`UPDATE clients SET archived_at = $3, merged_at = $3, merged_into = $2 WHERE id = $1`, merged, live, now)
	x, sum, _ := b.export(b.mia, Filter{Lang: i18n.EN})
	if got := sortedJoin(column(t, rows(t, x, "Clients"), "Client name")); got != "Live Co" {
		t.Errorf("clients %q, want the live one", got)
	}
	if got := sortedJoin(column(t, rows(t, x, "Contacts"), "Contact")); got != "Live Co contact" {
		t.Errorf("contacts %q, want the live client's", got)
	}
	if sum != (Summary{Clients: 1, Contacts: 1, Deals: 1}) {
		t.Errorf("summary %+v", sum)
	}
}
