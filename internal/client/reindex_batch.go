package client

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// maxKnownWords bounds an Indexer's memory of written words: past it, the
// Indexer forgets them all and relies on ON CONFLICT again.
const maxKnownWords = 1 << 20

// Indexer rebuilds the search keys of many clients at once (ReindexTx) and
// remembers which words of the typo dictionary it has written in committed
// transactions: a long run, an import of 100,000 clients, writes the
// dictionary's variants of 科技 or 贸易 once, not in every batch. Use one
// Indexer from one goroutine.
type Indexer struct {
	known   map[string]struct{} // words in search_words for sure
	pending []string            // words the current transaction wrote
}

// NewIndexer returns an Indexer that knows no words yet.
func NewIndexer() *Indexer { return &Indexer{known: map[string]struct{}{}} }

// Committed tells the Indexer that the transaction of its last ReindexTx
// committed: the words it wrote are known from now on. Without this call
// (the transaction rolled back), they are written again next time.
func (ix *Indexer) Committed() {
	if len(ix.known)+len(ix.pending) > maxKnownWords {
		clear(ix.known)
	}
	for _, w := range ix.pending {
		ix.known[w] = struct{}{}
	}
	ix.pending = ix.pending[:0]
}

// NameKeys returns the normalised name and the search key of a client name,
// the two keys stored on the client's row: a bulk writer stores them with
// the row, so a client is a duplicate by name from the moment it exists.
func NameKeys(name string) (normName, searchKey string) {
	k := IndexKeys(name, nil)
	return k.NormName, k.SearchKey
}

// ReindexTx rebuilds the search keys of many clients at once, inside the
// caller's transaction, with the same keys reindex writes for one. It is
// ReindexTx of an Indexer that knows no words.
func ReindexTx(ctx context.Context, tx pgx.Tx, ids []int64) error {
	return NewIndexer().ReindexTx(ctx, tx, ids)
}

// ReindexTx rebuilds the search keys of many clients at once, inside the
// caller's transaction, with the same keys reindex writes for one: a bulk
// writer (the importer) keeps the index in step with the ledger without a
// round trip per client. The clients are locked first (FOR UPDATE, which
// also waits for a transaction adding a contact), so a concurrent reindex
// of one of them cannot interleave its delete and insert with these.
// Terms are inserted in index order, which keeps the inserts into the big
// term indexes local. Clients that do not exist are skipped.
func (ix *Indexer) ReindexTx(ctx context.Context, tx pgx.Tx, ids []int64) error {
	ix.forgetPending() // the last transaction did not commit, or nobody said so
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
		FROM clients c WHERE c.id = ANY($1) ORDER BY c.id FOR UPDATE`, ids)
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
	for _, c := range clients {
		ks := IndexKeys(c.Name, contacts[c.ID])
		cids, norms, keys = append(cids, c.ID), append(norms, ks.NormName), append(keys, ks.SearchKey)
		for _, t := range ks.Terms {
			terms, ranks = append(terms, t.Key), append(ranks, t.Rank)
			teams, tClients = append(teams, c.TeamID), append(tClients, c.ID)
		}
		for _, w := range ks.Words {
			if _, ok := ix.known[w]; ok {
				continue
			}
			ix.known[w] = struct{}{} // this batch writes it once; Committed keeps it
			ix.pending = append(ix.pending, w)
			for _, v := range WordVariants(w) {
				variants, words = append(variants, v), append(words, w)
			}
		}
	}
	b := &pgx.Batch{}
	// A client stored with its keys already (NameKeys) is not rewritten.
	b.Queue(`UPDATE clients c SET norm_name = x.n, search_key = x.k
		FROM unnest($1::bigint[], $2::text[], $3::text[]) AS x (id, n, k)
		WHERE c.id = x.id AND (c.norm_name, c.search_key) IS DISTINCT FROM (x.n, x.k)`, cids, norms, keys)
	b.Queue(`DELETE FROM client_terms WHERE client_id = ANY($1)`, cids)
	b.Queue(`INSERT INTO client_terms (term, team_id, client_id, rank)
		SELECT t, tm, c, r FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::int[]) AS x (t, tm, c, r)
		ORDER BY tm, t`,
		terms, teams, tClients, ranks)
	b.Queue(`INSERT INTO search_words (variant, word)
		SELECT DISTINCT v, w FROM unnest($1::text[], $2::text[]) AS x (v, w) ORDER BY v, w
		ON CONFLICT DO NOTHING`, variants, words)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		ix.forgetPending()
		return fmt.Errorf("reindex clients: %w", err)
	}
	return nil
}

// forgetPending drops from known the words of a ReindexTx whose
// transaction is not known to have committed.
func (ix *Indexer) forgetPending() {
	for _, w := range ix.pending {
		delete(ix.known, w)
	}
	ix.pending = ix.pending[:0]
}

// Today is the current calendar day in the store's time zone, as a date
// (00:00 UTC of that day): the day bulk writers start review cadences from.
func (s *Store) Today() time.Time { return s.today() }

// Location is the team's time zone the store computes days in.
func (s *Store) Location() *time.Location { return s.loc }
