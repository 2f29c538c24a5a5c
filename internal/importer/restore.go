package importer

import (
	"context"
	"fmt"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/audit"
)

// restore puts back the fields the import overwrote on existing clients,
// where they still hold the value the import wrote; a field changed since
// keeps its current value and its client is returned in kept (id -> name).
func (u *undoer) restore(ctx context.Context, now time.Time) (int, map[int64]string, []audit.Entry, error) {
	ids := make([]int64, 0, len(u.fields))
	for id := range u.fields {
		ids = append(ids, id)
	}
	loc := u.s.clients.Location()
	states, err := loadClients(ctx, u.tx, u.imp.TeamID, ids, loc)
	if err != nil {
		return 0, nil, nil, err
	}
	kept := map[int64]string{}
	var entries []audit.Entry
	var c columns
	restored := 0
	for id, fields := range u.fields {
		st := states[id]
		if st == nil {
			continue // removed since
		}
		changes := map[string]any{}
		for col, f := range fields {
			if !sameValue(col, st.vals[col], f.to, loc) {
				kept[id] = st.vals["name"]
				continue
			}
			changes[col] = audit.Change{From: st.vals[col], To: f.from}
			st.vals[col] = f.from
		}
		if len(changes) == 0 {
			continue
		}
		restored++
		c.add(st, loc)
		changes["import"], changes["undo"] = u.imp.ID, true
		entries = append(entries, audit.Entry{ActorID: u.actor.StaffID, Entity: "client", EntityID: id,
			Action: "update", At: now, Changes: changes})
	}
	if len(c.id) > 0 {
		if _, err := u.tx.Exec(ctx, `UPDATE clients c SET owner_id = x.owner_id, name = x.name, industry = x.industry,
				size = x.size, tier = x.tier, stage = x.stage, region = x.region, address = x.address,
				source = x.source, needs = x.needs, risk_note = x.risk_note, last_contact_at = x.last_contact_at,
				next_review_on = x.next_review_on, updated_at = $15
			FROM `+clientArrays+` WHERE c.id = x.id`, append(c.args(), now)...); err != nil {
			return 0, nil, nil, fmt.Errorf("restore clients: %w", err)
		}
	}
	return restored, kept, entries, nil
}

// sameValue compares a field's current text with the text the import
// wrote; instants compare as instants (the import wrote a day, the ledger
// reads back a timestamp).
func sameValue(col, current, wrote string, loc *time.Location) bool {
	if col != "last_contact_at" {
		return current == wrote
	}
	a, okA := parseInstant(current, loc).(time.Time)
	b, okB := parseInstant(wrote, loc).(time.Time)
	return okA == okB && a.Equal(b)
}
