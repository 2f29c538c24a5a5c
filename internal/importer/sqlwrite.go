package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/client"
)

// writer queues a batch's statements, one per table, each writing all the
// batch's rows of that table from arrays: a batch costs a few round trips,
// whatever its size.
type writer struct {
	b     *batch
	now   time.Time
	q     pgx.Batch
	audit struct {
		entity  []string
		id      []int64
		action  []string
		changes []string
	}
}

func (w *writer) log(entity string, id int64, action string, changes map[string]any) {
	changes["import"] = w.b.imp.ID
	body, err := json.Marshal(changes)
	if err != nil {
		body = []byte(`{}`)
	}
	w.audit.entity = append(w.audit.entity, entity)
	w.audit.id = append(w.audit.id, id)
	w.audit.action = append(w.audit.action, action)
	w.audit.changes = append(w.audit.changes, string(body))
}

// columns holds one array per clients column.
type columns struct {
	id, owner                                                              []*int64
	name, industry, tier, stage, region, address, source, needs, risk_note []string
	size                                                                   []*string
	last, review                                                           []*time.Time
}

func (c *columns) add(st *clientState, loc *time.Location) {
	v := st.vals
	id := st.id
	c.id = append(c.id, &id)
	owner, _ := dbValue("owner_id", v["owner_id"], loc).(int64)
	if owner != 0 {
		c.owner = append(c.owner, &owner)
	} else {
		c.owner = append(c.owner, nil)
	}
	c.name = append(c.name, v["name"])
	c.industry = append(c.industry, v["industry"])
	c.tier = append(c.tier, v["tier"])
	c.stage = append(c.stage, v["stage"])
	c.region = append(c.region, v["region"])
	c.address = append(c.address, v["address"])
	c.source = append(c.source, v["source"])
	c.needs = append(c.needs, v["needs"])
	c.risk_note = append(c.risk_note, v["risk_note"])
	size := v["size"]
	if size != "" {
		c.size = append(c.size, &size)
	} else {
		c.size = append(c.size, nil)
	}
	last, _ := dbValue("last_contact_at", v["last_contact_at"], loc).(time.Time)
	review, _ := dbValue("next_review_on", v["next_review_on"], loc).(time.Time)
	c.last = append(c.last, timePtr(last))
	c.review = append(c.review, timePtr(review))
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

const clientArrays = `unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
	$8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::timestamptz[], $14::date[])
	AS x (id, owner_id, name, industry, size, tier, stage, region, address, source, needs, risk_note, last_contact_at, next_review_on)`

func (c *columns) args() []any {
	return []any{c.id, c.owner, c.name, c.industry, c.size, c.tier, c.stage, c.region, c.address, c.source,
		c.needs, c.risk_note, c.last, c.review}
}

// clients inserts the batch's new clients, with their name keys: a client
// is a duplicate by name from the moment it exists, while its search terms
// follow from the run's indexer.
func (w *writer) clients(fresh []*clientState) {
	if len(fresh) == 0 {
		return
	}
	var c columns
	norms, keys := make([]string, len(fresh)), make([]string, len(fresh))
	for i, st := range fresh {
		c.add(st, w.b.loc)
		norms[i], keys[i] = client.NameKeys(st.vals["name"])
		w.log("client", st.id, "create", map[string]any{"name": st.vals["name"], "team_id": st.team,
			"owner_id": dbValue("owner_id", st.vals["owner_id"], w.b.loc), "industry": st.vals["industry"],
			"size": st.vals["size"], "tier": st.vals["tier"], "stage": st.vals["stage"],
			"region": st.vals["region"], "source": st.vals["source"]})
	}
	w.q.Queue(`INSERT INTO clients (id, team_id, owner_id, name, industry, size, tier, stage, region, address,
			source, needs, risk_note, created_at, updated_at, last_contact_at, next_review_on, norm_name, search_key)
		SELECT x.id, $15, x.owner_id, x.name, x.industry, x.size, x.tier, x.stage, x.region, x.address, x.source,
			x.needs, x.risk_note, $16, $16, x.last_contact_at, x.next_review_on, x.norm_name, x.search_key
		FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
			$8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::timestamptz[], $14::date[],
			$17::text[], $18::text[])
		AS x (id, owner_id, name, industry, size, tier, stage, region, address, source, needs, risk_note,
			last_contact_at, next_review_on, norm_name, search_key)`,
		append(c.args(), w.b.imp.TeamID, w.now, norms, keys)...)
}

// changed writes the existing clients the batch changed, and audits each
// row's changes.
func (w *writer) changed() {
	var c columns
	for _, st := range w.b.existing {
		if st.changed {
			c.add(st, w.b.loc)
		}
	}
	for _, o := range w.b.outs {
		if o.new == nil {
			continue
		}
		ch := map[string]any{}
		for col, to := range o.new {
			ch[col] = audit.Change{From: o.old[col], To: to}
		}
		w.log("client", o.client.id, "update", ch)
	}
	if len(c.id) == 0 {
		return
	}
	w.q.Queue(`UPDATE clients c SET owner_id = x.owner_id, name = x.name, industry = x.industry, size = x.size,
			tier = x.tier, stage = x.stage, region = x.region, address = x.address, source = x.source,
			needs = x.needs, risk_note = x.risk_note, last_contact_at = x.last_contact_at,
			next_review_on = x.next_review_on, updated_at = greatest(c.updated_at, $15)
		FROM `+clientArrays+` WHERE c.id = x.id`, append(c.args(), w.now)...)
}

func (w *writer) contacts(cs []*newContact) {
	if len(cs) == 0 {
		return
	}
	n := len(cs)
	ids, clients := make([]int64, n), make([]int64, n)
	names, positions, phones, digitsOf, emails := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	birthdays := make([]*time.Time, n)
	primary := make([]bool, n)
	for i, c := range cs {
		ids[i], clients[i] = c.id, c.client.id
		names[i], positions[i], phones[i], emails[i] = c.data.Name, c.data.Position, c.data.Phone, c.data.Email
		digitsOf[i] = digits(c.data.Phone)
		if d, err := time.Parse(time.DateOnly, c.data.Birthday); err == nil {
			birthdays[i] = &d
		}
		primary[i] = c.primary
		w.log("contact", c.id, "create", map[string]any{"client_id": c.client.id, "name": c.data.Name,
			"position": c.data.Position, "greeting_opt_in": false})
	}
	w.q.Queue(`INSERT INTO contacts (id, client_id, name, position, phone, phone_digits, email, birthday, is_primary,
			created_at, updated_at)
		SELECT x.id, x.c, x.n, x.p, x.ph, x.d, x.e, x.b, x.pr, $10, $10
		FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
			$8::date[], $9::bool[]) AS x (id, c, n, p, ph, d, e, b, pr)`,
		ids, clients, names, positions, phones, digitsOf, emails, birthdays, primary, w.now)
}

// deals inserts the batch's new deals with their receivable terms: the
// amount invoiced (NULL: the deal's amount) and the due date (NULL: no
// receivable tracked), as client.SetTerms stores them.
func (w *writer) deals(ds []*newDeal) {
	if len(ds) == 0 {
		return
	}
	n := len(ds)
	ids, clients := make([]int64, n), make([]int64, n)
	days := make([]time.Time, n)
	amounts, descs := make([]string, n), make([]string, n)
	invoiced := make([]*string, n)
	dues := make([]*time.Time, n)
	for i, d := range ds {
		ids[i], clients[i] = d.id, d.client.id
		days[i], _ = time.Parse(time.DateOnly, d.data.On)
		amounts[i], descs[i] = d.data.Amount, d.data.Description
		changes := map[string]any{"client_id": d.client.id, "amount": d.data.Amount, "deal_on": d.data.On}
		if v := d.data.Invoiced; v != "" {
			invoiced[i] = &v
			changes["invoiced"] = v
		}
		if due, err := time.Parse(time.DateOnly, d.data.DueOn); err == nil {
			dues[i] = &due
			changes["due_on"] = d.data.DueOn
		}
		w.log("deal", d.id, "create", changes)
	}
	w.q.Queue(`INSERT INTO deals (id, client_id, deal_on, amount, description, created_by, created_at, invoiced, due_on)
		SELECT x.id, x.c, x.d, x.a::numeric, x.t, $6, $7, x.i::numeric, x.due
		FROM unnest($1::bigint[], $2::bigint[], $3::date[], $4::text[], $5::text[], $8::text[], $9::date[])
			AS x (id, c, d, a, t, i, due)`,
		ids, clients, days, amounts, descs, w.b.imp.ActorID, w.now, invoiced, dues)
}

// payments inserts the payment of each new deal with a paid amount: one
// row for what the file says was received in all, by the importer, audited
// on the deal as client.AddPayment audits a payment typed in the chat.
func (w *writer) payments(ds []*newDeal) {
	var ids, deals []int64
	var amounts []string
	var days []time.Time
	for _, d := range ds {
		if d.payment == 0 {
			continue
		}
		on, err := time.Parse(time.DateOnly, d.data.PaidOn)
		if err != nil {
			continue // the dry run always sets it with the amount
		}
		ids, deals = append(ids, d.payment), append(deals, d.id)
		amounts, days = append(amounts, d.data.Paid), append(days, on)
		w.log("deal", d.id, "payment", map[string]any{"payment_id": d.payment, "amount": d.data.Paid,
			"paid_on": d.data.PaidOn})
	}
	if len(ids) == 0 {
		return
	}
	w.q.Queue(`INSERT INTO deal_payments (id, deal_id, amount, paid_on, created_by, created_at)
		SELECT x.id, x.d, x.a::numeric, x.p, $5, $6
		FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::date[]) AS x (id, d, a, p)`,
		ids, deals, amounts, days, w.b.imp.ActorID, w.now)
}

func (w *writer) visits(vs []*newVisit) {
	if len(vs) == 0 {
		return
	}
	n := len(vs)
	ids, clients, authors := make([]int64, n), make([]int64, n), make([]int64, n)
	ats := make([]time.Time, n)
	kinds, notes := make([]string, n), make([]string, n)
	for i, v := range vs {
		ids[i], clients[i], authors[i] = v.id, v.client.id, v.author
		ats[i], kinds[i], notes[i] = v.at, v.data.Kind, v.data.Notes
		w.log("visit", v.id, "create", map[string]any{"client_id": v.client.id, "kind": v.data.Kind,
			"visited_on": v.data.On, "author_id": v.author})
	}
	w.q.Queue(`INSERT INTO visits (id, client_id, author_id, kind, notes, visited_at, created_at)
		SELECT x.id, x.c, x.a, x.k, x.n, x.t, $7
		FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::timestamptz[])
			AS x (id, c, a, k, n, t)`,
		ids, clients, authors, kinds, notes, ats, w.now)
}

// audits queues the audit entries gathered so far, as the importer's.
func (w *writer) audits() {
	if len(w.audit.id) == 0 {
		return
	}
	w.q.Queue(`INSERT INTO audit_log (actor_id, entity, entity_id, action, changes, at)
		SELECT $1, x.e, x.id, x.a, x.c, $2
		FROM unnest($3::text[], $4::bigint[], $5::text[], $6::jsonb[]) AS x (e, id, a, c)`,
		w.b.imp.ActorID, w.now, w.audit.entity, w.audit.id, w.audit.action, w.audit.changes)
}

func (w *writer) send(ctx context.Context, tx pgx.Tx) error {
	if w.q.Len() == 0 {
		return nil
	}
	if err := tx.SendBatch(ctx, &w.q).Close(); err != nil {
		return fmt.Errorf("write batch: %w", err)
	}
	return nil
}
