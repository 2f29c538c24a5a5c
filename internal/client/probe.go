package client

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
)

// Caps on the index entries one prefix probe reads per key (in key order,
// so the exact key and the shortest keys come first): a query of two
// common letters must not read a hundred thousand entries. Corrections are
// guesses, so each gets a smaller share.
const (
	rangeCap = 2000
	fuzzyCap = 64
)

// probe is one look-up in client_terms: each key exactly, or every key it
// is a prefix of (prefix true), in one statement. edits[i], the number of
// typos corrected to get keys[i], ranks key i's hits after those of closer
// keys. verify, a LIKE pattern, is what the client's normalised name, its
// search_key or one of its contacts' names must match besides: a query
// longer than one key is checked whole.
type probe struct {
	keys   []string
	edits  []int
	prefix bool
	verify string
	fuzzy  bool
}

// hit is one client a probe found, with what Match shows.
type hit struct {
	ClientID  int64  `db:"client_id"`
	Rank      int32  `db:"rank"`
	Edits     int32  `db:"edits"`
	Name      string `db:"name"`
	Tier      string `db:"tier"`
	Stage     string `db:"stage"`
	TeamID    int64  `db:"team_id"`
	OwnerName string `db:"owner_name"`
	fuzzy     bool
}

// run executes p for the scope (0 = every team), best hits first. The team
// filter is part of each index probe (client_terms_team_idx leads with
// team_id), so the LIMIT counts only visible clients.
func (p probe) run(ctx context.Context, q querier, scope int64, limit int) ([]hit, error) {
	if len(p.keys) == 0 {
		return nil, nil
	}
	his := make([]string, len(p.keys))
	edits := make([]int, len(p.keys))
	for i, k := range p.keys {
		his[i] = nextPrefix(k)
		if i < len(p.edits) {
			edits[i] = p.edits[i]
		}
	}
	args := []any{p.keys, his, edits, limit}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	where := []string{"t.term = q.lo"}
	order := "t.rank, t.client_id LIMIT $4"
	if p.prefix {
		cap := rangeCap
		if p.fuzzy {
			cap = fuzzyCap
		}
		where = []string{"t.term >= q.lo", "t.term < q.hi"}
		order = fmt.Sprintf("t.term LIMIT %d", cap)
	}
	if scope != 0 {
		where = append(where, "t.team_id = "+arg(scope))
	}
	from := "client_terms t"
	if p.verify != "" {
		from += " JOIN clients c ON c.id = t.client_id"
		v := arg(p.verify)
		where = append(where, "(c.norm_name LIKE "+v+" OR c.search_key LIKE "+v+
			" OR EXISTS (SELECT 1 FROM contacts k WHERE k.client_id = c.id AND lower(k.name) LIKE "+v+")"+
			formerNameLike(v)+")")
	}
	// Per key, the best entries in index order; per client, its best hit
	// (several keys of one client can match); then the best clients.
	sql := `WITH x AS (
			SELECT DISTINCT ON (x.client_id) x.client_id, x.rank, q.e AS edits
			FROM unnest($1::text[], $2::text[], $3::int[]) AS q (lo, hi, e)
			CROSS JOIN LATERAL (SELECT t.client_id, t.rank FROM ` + from + `
				WHERE ` + strings.Join(where, " AND ") + ` ORDER BY ` + order + `) x
			ORDER BY x.client_id, q.e, x.rank
		), h AS (SELECT * FROM x ORDER BY edits, rank, client_id LIMIT $4)
		SELECT h.client_id, h.rank, h.edits, c.name, c.tier, c.stage, c.team_id,
			coalesce(s.name, '') AS owner_name
		FROM h JOIN clients c ON c.id = h.client_id LEFT JOIN staff s ON s.id = c.owner_id
		ORDER BY h.edits, h.rank, h.client_id`
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	hits, err := pgx.CollectRows(rows, pgx.RowToStructByName[hit])
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	for i := range hits {
		hits[i].fuzzy = p.fuzzy
	}
	return hits, nil
}

// nextPrefix is the smallest string greater than every string starting with
// s, in byte order (the keys are COLLATE "C"): s with its last character
// incremented.
func nextPrefix(s string) string {
	rs := []rune(s)
	for len(rs) > 0 {
		last := rs[len(rs)-1]
		rs = rs[:len(rs)-1]
		switch last {
		case utf8.MaxRune:
			continue // carry into the previous character
		case 0xD7FF:
			return string(append(rs, 0xE000)) // skip the surrogates
		default:
			return string(append(rs, last+1))
		}
	}
	return string(utf8.MaxRune) + string(utf8.MaxRune)
}

// likeContains is a LIKE pattern matching any text that contains s.
func likeContains(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}

// rarest returns the key among keys with the fewest hits in scope (counted
// up to a cap, through the index), to start an intersection with.
func rarest(ctx context.Context, q querier, scope int64, keys []string) (string, error) {
	const countCap = 500
	// Two statements, not "($2 = 0 OR team_id = $2)": a cached generic plan
	// of that could not pick the index that matches the scope.
	sql := `SELECT (SELECT count(*) FROM (SELECT 1 FROM client_terms t
			WHERE t.term = u.k LIMIT $2) s)
		FROM unnest($1::text[]) WITH ORDINALITY AS u (k, i) ORDER BY u.i`
	args := []any{keys, countCap}
	if scope != 0 {
		sql = strings.Replace(sql, "WHERE t.term", "WHERE t.team_id = $3 AND t.term", 1)
		args = append(args, scope)
	}
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return "", fmt.Errorf("count keys: %w", err)
	}
	counts, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return "", fmt.Errorf("count keys: %w", err)
	}
	best := 0
	for i, n := range counts {
		if n < counts[best] {
			best = i
		}
	}
	return keys[best], nil
}
