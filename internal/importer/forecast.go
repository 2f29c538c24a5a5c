package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// targetSQL finds each row's target, the client the commit would end it
// on, in a temporary table ($1 the import): a row's root is the row its
// chain of first_seq ends at (the row itself when it has none), and the
// target is the root's matched client (cid) or else the client the root
// creates (nid, the root's seq); the other is 0. The chains are resolved by
// updates that each follow every open chain one step (targetStepSQL), a
// few in all: no recursive query, whose size the planner cannot know.
var targetSQL = []string{
	`CREATE TEMP TABLE import_targets (seq integer PRIMARY KEY, root integer NOT NULL, next integer,
		cid bigint NOT NULL DEFAULT 0, nid integer NOT NULL DEFAULT 0) ON COMMIT DROP`,
	`INSERT INTO import_targets (seq, root, next) SELECT seq, seq, first_seq FROM import_rows WHERE import_id = $1`,
	`ANALYZE import_targets`,
}

const targetStepSQL = `UPDATE import_targets t SET root = f.root, next = f.next
	FROM import_targets f WHERE t.next IS NOT NULL AND f.seq = t.next`

const targetEndSQL = `UPDATE import_targets t SET cid = coalesce(o.match_id, 0),
		nid = CASE WHEN o.match_id IS NULL THEN o.seq ELSE 0 END
	FROM import_rows o WHERE o.import_id = $1 AND o.seq = t.root`

// maxChain bounds the steps of the chains' resolution; first_seq always
// points back, so chains end, and they are a few rows long.
const maxChain = 64

// forecastSQL lists every row the commit would apply with its target and,
// before the rows of each existing client they reach, that client as the
// ledger holds it: its fields, contacts, deals and visits ($1 the import,
// $2 its team). Rows come grouped by target, in seq order, the ledger's
// records (an empty action: the client at seq -1, its contacts, deals and visits
// at seq 0) first, so the dry run holds one client at a time, whatever the
// file's size. The ledger is read by index, client by client (LATERAL,
// OFFSET 0 keeps the planner from flattening it): after a big import its
// statistics lag, and a planner that takes the team for a few clients
// would compare every client with every target.
const forecastSQL = `WITH ids AS MATERIALIZED (SELECT DISTINCT cid FROM import_targets WHERE cid <> 0)
	SELECT cid, nid, seq, kind, action, data, fields, match_id, first_seq, at FROM (
		SELECT t.cid, t.nid, r.seq, r.kind, r.action, r.data, r.fields, coalesce(r.match_id, 0) AS match_id,
			coalesce(r.first_seq, 0) AS first_seq, NULL::timestamptz AS at
		FROM import_targets t JOIN import_rows r ON r.import_id = $1 AND r.seq = t.seq
		WHERE r.action IN ` + applied + `
		UNION ALL
		SELECT c.id, 0, -1, 'client', '', '{}', jsonb_build_object('name', c.name, 'industry', c.industry,
				'size', coalesce(c.size, ''), 'tier', c.tier, 'stage', c.stage, 'region', c.region,
				'address', c.address, 'source', c.source, 'needs', c.needs, 'risk_note', c.risk_note,
				'owner_id', coalesce(c.owner_id::text, ''), 'next_review_on', coalesce(c.next_review_on::text, '')),
			0, 0, c.last_contact_at
		FROM ids CROSS JOIN LATERAL (SELECT * FROM clients WHERE id = ids.cid
			AND team_id = $2 AND archived_at IS NULL OFFSET 0) c
		UNION ALL
		SELECT k.client_id, 0, 0, 'contact', '', jsonb_build_object('name', k.name, 'phone', k.phone_digits,
				'primary', k.is_primary), '{}', 0, 0, NULL
		FROM ids CROSS JOIN LATERAL (SELECT * FROM contacts WHERE client_id = ids.cid OFFSET 0) k
		UNION ALL
		SELECT d.client_id, 0, 0, 'deal', '', jsonb_build_object('on', d.deal_on::text, 'amount', d.amount::text,
				'description', d.description), '{}', 0, 0, NULL
		FROM ids CROSS JOIN LATERAL (SELECT * FROM deals WHERE client_id = ids.cid OFFSET 0) d
		UNION ALL
		SELECT v.client_id, 0, 0, 'visit', '', jsonb_build_object('kind', v.kind, 'notes', v.notes), '{}', 0, 0,
			v.visited_at
		FROM ids CROSS JOIN LATERAL (SELECT * FROM visits WHERE client_id = ids.cid OFFSET 0) v
	) x ORDER BY cid, nid, seq`

// targets fills import_targets for the import.
func targets(ctx context.Context, tx pgx.Tx, importID int64) error {
	for _, q := range targetSQL {
		var args []any
		if strings.Contains(q, "$1") {
			args = []any{importID}
		}
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("find targets: %w", err)
		}
	}
	for i := 0; ; i++ {
		tag, err := tx.Exec(ctx, targetStepSQL)
		if err != nil {
			return fmt.Errorf("find targets: %w", err)
		}
		if tag.RowsAffected() == 0 {
			break
		}
		if i == maxChain {
			return fmt.Errorf("find targets: chains of more than %d rows", maxChain)
		}
	}
	if _, err := tx.Exec(ctx, targetEndSQL, importID); err != nil {
		return fmt.Errorf("find targets: %w", err)
	}
	if _, err := tx.Exec(ctx, `ANALYZE import_targets`); err != nil {
		return fmt.Errorf("find targets: %w", err)
	}
	return nil
}

// forecast is what the commit would really do, as the dry run counts it.
type forecast struct {
	contacts, deals, visits int // added (under fill and overwrite)
	receivables, payments   int // of those deals, with a due date / a paid amount
	changeFill, changeOver  int // update rows that change their client under fill / overwrite
}

// ledgerItem is one record of an existing client in forecastSQL's stream.
type ledgerItem struct {
	Name        string `json:"name"`
	Phone       string `json:"phone"`
	Primary     bool   `json:"primary"`
	On          string `json:"on"`
	Amount      string `json:"amount"`
	Description string `json:"description"`
	Kind        string `json:"kind"`
	Notes       string `json:"notes"`
}

// forecastGroup is one target client: the ledger's state of it (nil for a
// client the import creates) and the rows that reach it.
type forecastGroup struct {
	cid    int64
	ledger *clientState
	rows   []pendingRow
}

// predict replays the commit on the classified rows, target by target,
// with the very code the commit runs (batch.apply), under overwrite and,
// for clients that update rows reach, under fill too: the dry run counts only the contacts, deals and visits
// that the ledger (or an earlier row) does not hold yet, by the commit's
// identity rules, and the matched clients that would really change. The
// rows are read in one query, after a few set-based statements find their
// targets (in a temporary table); neither the ledger nor import_rows change.
func (s *Store) predict(ctx context.Context, tx pgx.Tx, imp *Import) (forecast, error) {
	if err := targets(ctx, tx, imp.ID); err != nil {
		return forecast{}, err
	}
	rows, err := tx.Query(ctx, forecastSQL, imp.ID, imp.TeamID)
	if err != nil {
		return forecast{}, fmt.Errorf("forecast rows: %w", err)
	}
	loc, today := s.clients.Location(), s.clients.Today()
	var fc forecast
	var g *forecastGroup
	var cid, lastCID int64
	var nid, lastNID int
	var at *time.Time
	var data, fields []byte
	var r pendingRow
	_, err = pgx.ForEachRow(rows, []any{&cid, &nid, &r.Seq, &r.Kind, &r.Action, &data, &fields, &r.MatchID, &r.FirstSeq, &at}, func() error {
		if g == nil || cid != lastCID || nid != lastNID {
			if g != nil {
				fc.add(g, imp, loc, today)
			}
			g = &forecastGroup{cid: cid}
			lastCID, lastNID = cid, nid
		}
		if r.Action == "" {
			return g.ledgerRecord(r.Kind, data, fields, at, imp.TeamID, loc)
		}
		row := r
		row.Data, row.Fields = rowData{}, map[string]string{}
		if err := json.Unmarshal(data, &row.Data); err != nil {
			return err
		}
		if err := json.Unmarshal(fields, &row.Fields); err != nil {
			return err
		}
		g.rows = append(g.rows, row)
		return nil
	})
	if err != nil {
		return forecast{}, fmt.Errorf("forecast rows: %w", err)
	}
	if g != nil {
		fc.add(g, imp, loc, today)
	}
	return fc, nil
}

// ledgerRecord folds one record of the group's existing client into its
// state, as loadClients reads it for the commit.
func (g *forecastGroup) ledgerRecord(kind string, data, fields []byte, at *time.Time, team int64, loc *time.Location) error {
	if kind == "client" {
		vals := map[string]string{}
		if err := json.Unmarshal(fields, &vals); err != nil {
			return err
		}
		vals["last_contact_at"] = instantText(at)
		g.state(team).vals = vals
		return nil
	}
	var it ledgerItem
	if err := json.Unmarshal(data, &it); err != nil {
		return err
	}
	st := g.state(team)
	switch kind {
	case "contact":
		st.contacts = append(st.contacts, contactKey{staffKey(it.Name), tail(it.Phone)})
		st.hasPrimary = st.hasPrimary || it.Primary
	case "deal":
		st.deals[dealKey(dealData{On: it.On, Amount: it.Amount, Description: it.Description})] = true
	case "visit":
		if at != nil {
			st.visits[visitKey(at.In(loc).Format(time.DateOnly), it.Kind, it.Notes)] = true
		}
	}
	return nil
}

// state is the group's existing client, made on its first record.
func (g *forecastGroup) state(team int64) *clientState {
	if g.ledger == nil {
		g.ledger = &clientState{id: g.cid, team: team, deals: map[string]bool{}, visits: map[string]bool{}}
	}
	return g.ledger
}

// add replays one group's rows under overwrite and, when one of them is an
// update row (the only rows whose outcome the two policies can differ on),
// under fill.
func (fc *forecast) add(g *forecastGroup, imp *Import, loc *time.Location, today time.Time) {
	policies := []DupPolicy{DupOverwrite}
	for _, r := range g.rows {
		if r.Action == "update" {
			policies = append(policies, DupFill)
			break
		}
	}
	for _, policy := range policies {
		run := *imp
		run.Dup = policy
		b := &batch{imp: &run, loc: loc, today: today, existing: map[int64]*clientState{},
			bySeq: map[int]*outcome{}, earlier: map[int]earlierRow{}}
		if g.ledger != nil && g.ledger.vals != nil {
			b.existing[g.cid] = g.ledger.clone()
		}
		for _, r := range g.rows {
			o := &outcome{row: r}
			b.apply(o)
			b.bySeq[r.Seq] = o
			if r.Action == "update" && o.did != "skipped" && o.did != "failed" {
				if policy == DupFill {
					fc.changeFill++
				} else {
					fc.changeOver++
				}
			}
			if policy == DupOverwrite {
				fc.contacts += len(o.contacts)
				if o.deal != nil {
					fc.deals++
					if o.deal.data.DueOn != "" {
						fc.receivables++
					}
					if o.deal.data.Paid != "" {
						fc.payments++
					}
				}
				if o.visit != nil {
					fc.visits++
				}
			}
		}
	}
}

// clone copies a client's state, so each policy's replay starts from the ledger.
func (st *clientState) clone() *clientState {
	c := *st
	c.vals = maps.Clone(st.vals)
	c.contacts = append([]contactKey(nil), st.contacts...)
	c.deals = maps.Clone(st.deals)
	c.visits = maps.Clone(st.visits)
	return &c
}
