package client

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// ReindexTx rebuilds the search keys of many clients at once, inside the
// caller's transaction, with the same keys reindex writes for one: a bulk
// writer (the importer) keeps the index in step with the ledger without a
// round trip per client. Terms are inserted in index order, which keeps
// the inserts into the big term indexes local. Clients that do not exist
// are skipped.
func ReindexTx(ctx context.Context, tx pgx.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	type named struct {
		ID      int64  `db:"id"`
		TeamID  int64  `db:"team_id"`
		Name    string `db:"name"`
		Special bool   `db:"special"`
	}
	// An archived client, or a survivor of merges (indexed under its former
	// names too), goes through reindex, the one place that knows those rules.
	rows, err := tx.Query(ctx, `SELECT c.id, c.team_id, c.name, c.archived_at IS NOT NULL
			OR EXISTS (SELECT 1 FROM clients m WHERE m.merged_into = c.id) AS special
		FROM clients c WHERE c.id = ANY($1) ORDER BY c.id`, ids)
	if err != nil {
		return fmt.Errorf("reindex clients: %w", err)
	}
	all, err := pgx.CollectRows(rows, pgx.RowToStructByName[named])
	if err != nil {
		return fmt.Errorf("reindex clients: %w", err)
	}
	clients := all[:0]
	for _, c := range all {
		if !c.Special {
			clients = append(clients, c)
			continue
		}
		if err := reindex(ctx, tx, c.ID); err != nil {
			return err
		}
	}
	ids = make([]int64, len(clients))
	for i, c := range clients {
		ids[i] = c.ID
	}
	rows, err = tx.Query(ctx, `SELECT client_id, name, phone FROM (
			SELECT client_id, name, phone, row_number() OVER (PARTITION BY client_id ORDER BY is_primary DESC, id) AS n
			FROM contacts WHERE client_id = ANY($1)) x
		WHERE n <= $2 ORDER BY client_id, n`, ids, maxIndexed)
	if err != nil {
		return fmt.Errorf("reindex clients: %w", err)
	}
	contacts := map[int64][]ContactKey{}
	var cid int64
	var k ContactKey
	_, err = pgx.ForEachRow(rows, []any{&cid, &k.Name, &k.Phone}, func() error {
		contacts[cid] = append(contacts[cid], k)
		return nil
	})
	if err != nil {
		return fmt.Errorf("reindex clients: %w", err)
	}
	var (
		cids, teams, tClients []int64
		norms, keys, terms    []string
		ranks                 []int32
		variants, words       []string
	)
	seenWord := map[string]bool{}
	for _, c := range clients {
		ks := IndexKeys(c.Name, contacts[c.ID])
		cids, norms, keys = append(cids, c.ID), append(norms, ks.NormName), append(keys, ks.SearchKey)
		for _, t := range ks.Terms {
			terms, ranks = append(terms, t.Key), append(ranks, t.Rank)
			teams, tClients = append(teams, c.TeamID), append(tClients, c.ID)
		}
		for _, w := range ks.Words {
			if seenWord[w] {
				continue
			}
			seenWord[w] = true
			for _, v := range WordVariants(w) {
				variants, words = append(variants, v), append(words, w)
			}
		}
	}
	b := &pgx.Batch{}
	b.Queue(`UPDATE clients c SET norm_name = x.n, search_key = x.k
		FROM unnest($1::bigint[], $2::text[], $3::text[]) AS x (id, n, k) WHERE c.id = x.id`, cids, norms, keys)
	b.Queue(`DELETE FROM client_terms WHERE client_id = ANY($1)`, cids)
	b.Queue(`INSERT INTO client_terms (term, team_id, client_id, rank)
		SELECT t, tm, c, r FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::int[]) AS x (t, tm, c, r)
		ORDER BY tm, t`,
		terms, teams, tClients, ranks)
	b.Queue(`INSERT INTO search_words (variant, word)
		SELECT DISTINCT v, w FROM unnest($1::text[], $2::text[]) AS x (v, w) ORDER BY v, w
		ON CONFLICT DO NOTHING`, variants, words)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("reindex clients: %w", err)
	}
	return nil
}

// Today is the current calendar day in the store's time zone, as a date
// (00:00 UTC of that day): the day bulk writers start review cadences from.
func (s *Store) Today() time.Time { return s.today() }

// Location is the team's time zone the store computes days in.
func (s *Store) Location() *time.Location { return s.loc }
