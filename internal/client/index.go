package client

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// reindex rebuilds the search keys of one client (norm_name, search_key, its
// rows in client_terms, its words in the typo dictionary) from its name and
// contacts, inside the transaction that changed them, so the index never
// disagrees with the ledger.
func reindex(ctx context.Context, tx pgx.Tx, id int64) error {
	var name string
	var team int64
	var hidden bool
	if err := tx.QueryRow(ctx, `SELECT name, team_id, archived_at IS NOT NULL FROM clients WHERE id = $1`, id).Scan(&name, &team, &hidden); err != nil {
		return fmt.Errorf("reindex client %d: %w", id, err)
	}
	if hidden {
		return unindex(ctx, tx, id) // archived or merged: found by nobody's search
	}
	rows, err := tx.Query(ctx, `SELECT name, phone FROM contacts WHERE client_id = $1
		ORDER BY is_primary DESC, id LIMIT $2`, id, maxIndexed)
	if err != nil {
		return fmt.Errorf("reindex client %d: %w", id, err)
	}
	contacts, err := pgx.CollectRows(rows, pgx.RowToStructByPos[ContactKey])
	if err != nil {
		return fmt.Errorf("reindex client %d: %w", id, err)
	}
	keys := IndexKeys(name, contacts)
	if err := addFormerNames(ctx, tx, id, &keys); err != nil {
		return fmt.Errorf("reindex client %d: %w", id, err)
	}
	terms := make([]string, len(keys.Terms))
	ranks := make([]int32, len(keys.Terms))
	for i, t := range keys.Terms {
		terms[i], ranks[i] = t.Key, t.Rank
	}
	var variants, words []string
	for _, w := range keys.Words {
		for _, v := range WordVariants(w) {
			variants, words = append(variants, v), append(words, w)
		}
	}
	b := &pgx.Batch{}
	b.Queue(`UPDATE clients SET norm_name = $2, search_key = $3 WHERE id = $1`, id, keys.NormName, keys.SearchKey)
	b.Queue(`DELETE FROM client_terms WHERE client_id = $1`, id)
	b.Queue(`INSERT INTO client_terms (term, team_id, client_id, rank)
		SELECT t, $3, $4, r FROM unnest($1::text[], $2::int[]) AS x (t, r)`, terms, ranks, team, id)
	b.Queue(`INSERT INTO search_words (variant, word)
		SELECT v, w FROM unnest($1::text[], $2::text[]) AS x (v, w) ORDER BY v, w
		ON CONFLICT DO NOTHING`, variants, words)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("reindex client %d: %w", id, err)
	}
	return nil
}
