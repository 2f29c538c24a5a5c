package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// followID is the SQL for "the client $1 names": the client itself, or,
// for a merged client, its survivor. Merges keep merged_into one hop from a
// live client, so one look-up suffices.
const followID = `(SELECT coalesce(m.merged_into, m.id) FROM clients m WHERE m.id = $1)`

// loadFollowing reads the client id names (its survivor for a merged one)
// if the scope may see it.
func loadFollowing(ctx context.Context, q querier, scope, id int64) (Client, error) {
	return queryClient(ctx, q, clientSelect+` WHERE c.id = `+followID+` AND ($2::bigint = 0 OR c.team_id = $2)`, id, scope)
}

// unindex removes a client from search: an archived or merged client is
// found by no query. Its norm_name and search_key stay, for the record;
// the duplicate checks skip archived clients themselves.
func unindex(ctx context.Context, tx pgx.Tx, id int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM client_terms WHERE client_id = $1`, id); err != nil {
		return fmt.Errorf("unindex client %d: %w", id, err)
	}
	return nil
}

// maxFormerNames bounds the merged names one survivor is indexed under.
const maxFormerNames = 20

// addFormerNames adds to keys the search keys of the names of the clients
// merged into id, so a search for a merged client's name finds its
// survivor ("search keys follow"). The merged clients' phones need nothing:
// their contacts moved to the survivor.
func addFormerNames(ctx context.Context, tx pgx.Tx, id int64, keys *Keys) error {
	rows, err := tx.Query(ctx, `SELECT name FROM clients WHERE merged_into = $1 ORDER BY id LIMIT $2`, id, maxFormerNames)
	if err != nil {
		return fmt.Errorf("former names: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(names) == 0 {
		return err
	}
	set := termSet{}
	for _, t := range keys.Terms {
		set.add(t.Key, t.Rank)
	}
	words := map[string]bool{}
	for _, w := range keys.Words {
		words[w] = true
	}
	for _, n := range names {
		k := IndexKeys(n, nil)
		for _, t := range k.Terms {
			set.add(t.Key, t.Rank)
		}
		for _, w := range k.Words {
			if !words[w] {
				words[w] = true
				keys.Words = append(keys.Words, w)
			}
		}
	}
	keys.Terms = set.sorted()
	return nil
}

// formerNameLike is the SQL that lets a search's whole-query check (probe
// verify, the LIKE pattern v) match a survivor by a merged client's name.
func formerNameLike(v string) string {
	return " OR EXISTS (SELECT 1 FROM clients m WHERE m.merged_into = c.id AND (m.norm_name LIKE " + v +
		" OR m.search_key LIKE " + v + "))"
}

// Follow returns the id of the client id names: its survivor when it was
// merged, id itself otherwise (also when there is no such client; the
// read that follows tells).
func (s *Store) Follow(ctx context.Context, id int64) (int64, error) {
	var into *int64
	err := s.db.QueryRow(ctx, `SELECT merged_into FROM clients WHERE id = $1`, id).Scan(&into)
	switch {
	case errors.Is(err, pgx.ErrNoRows), err == nil && into == nil:
		return id, nil
	case err != nil:
		return 0, fmt.Errorf("follow merged client: %w", err)
	}
	return *into, nil
}
