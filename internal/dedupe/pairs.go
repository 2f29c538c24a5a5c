package dedupe

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Similarity is the pg_trgm similarity of two names' Latin-keyboard forms
// from which they are listed as likely duplicates: the threshold of the
// duplicate warning (internal/client).
const Similarity = 0.6

// Why two clients are listed, best first.
const (
	ReasonName    = "name"    // the same normalised name
	ReasonPhone   = "phone"   // a contact phone in common (last 11 digits)
	ReasonSimilar = "similar" // similar names
)

// Side is one client of a pair.
type Side struct {
	ID        int64  `db:"id"`
	Name      string `db:"name"`
	OwnerName string `db:"owner_name"`
}

// Pair is two clients that are likely one company. A is the older one
// (smaller id), the natural survivor of a merge.
type Pair struct {
	A, B   Side
	Reason string
	// Score is 1 for equal names and phones, the similarity otherwise.
	Score float64
}

// Similar names are found by a prefix filter: two names of the given
// similarity share at least one of each other's rarest trigrams. Exact
// prefixes (40% of a name's trigrams) make a candidate of nearly every pair
// of a large team whose names share pinyin like "keji" (minutes at 100,000
// clients), so each name keeps only its prefixGrams rarest trigrams that
// another name has too (a trigram of its own finds no partner: a typo's),
// and a trigram more than commonGram names share joins nothing: a pair sharing
// nothing rarer is missed, which a list of likely duplicates can afford
// and the duplicate warning of a new client (internal/client) still catches.
const (
	prefixGrams = "3"
	commonGram  = "50"
)

// pairsSQL lists a team's ($1) likely duplicate pairs, best first: equal
// names, then shared phones, then by similarity (at least $2); $3 rows
// from row $4.
const pairsSQL = `WITH live AS (
	SELECT id, norm_name, search_key FROM clients WHERE team_id = $1 AND archived_at IS NULL
), same_name AS (
	SELECT a.id AS a, b.id AS b, 0 AS rank
	FROM live a JOIN live b ON b.norm_name = a.norm_name AND b.id > a.id
	WHERE a.norm_name <> ''
), phones AS (
	SELECT DISTINCT k.client_id AS id, right(k.phone_digits, 11) AS tail
	FROM contacts k JOIN live l ON l.id = k.client_id
	WHERE length(k.phone_digits) >= 7
), same_phone AS (
	SELECT x.id AS a, y.id AS b, 1 AS rank FROM phones x JOIN phones y ON y.tail = x.tail AND y.id > x.id
), grams AS (
	SELECT DISTINCT l.id, g FROM live l CROSS JOIN LATERAL unnest(show_trgm(l.search_key)) AS g
	WHERE length(l.search_key) >= 3
), freq AS (
	SELECT g, count(*) AS n FROM grams GROUP BY g
), ranked AS (
	SELECT s.id, s.g, f.n, row_number() OVER (PARTITION BY s.id ORDER BY f.n, s.g) AS pos,
		count(*) OVER (PARTITION BY s.id) AS len
	FROM grams s JOIN freq f ON f.g = s.g AND f.n > 1
), prefix AS (
	SELECT id, g FROM ranked
	WHERE pos <= least(` + prefixGrams + `, len - ceil($2::float8 * len) + 1) AND n <= ` + commonGram + `
), candidates AS (
	SELECT DISTINCT p.id AS a, q.id AS b FROM prefix p JOIN prefix q ON q.g = p.g AND q.id > p.id
), similar_name AS (
	SELECT c.a, c.b, 2 + (1000 * (1 - similarity(x.search_key, y.search_key)))::int AS rank
	FROM candidates c JOIN live x ON x.id = c.a JOIN live y ON y.id = c.b
	WHERE similarity(x.search_key, y.search_key) >= $2::float4
), pairs AS (
	SELECT a, b, min(rank) AS rank
	FROM (SELECT * FROM same_name UNION ALL SELECT * FROM same_phone UNION ALL SELECT * FROM similar_name) u
	GROUP BY a, b
)
SELECT p.a, x.name AS a_name, coalesce(xo.name, '') AS a_owner,
	p.b, y.name AS b_name, coalesce(yo.name, '') AS b_owner, p.rank
FROM pairs p
JOIN clients x ON x.id = p.a LEFT JOIN staff xo ON xo.id = x.owner_id
JOIN clients y ON y.id = p.b LEFT JOIN staff yo ON yo.id = y.owner_id
WHERE NOT EXISTS (SELECT 1 FROM duplicate_dismissals d WHERE d.client_a = p.a AND d.client_b = p.b)
ORDER BY p.rank, p.a, p.b
LIMIT $3 OFFSET $4`

// querier is a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// teamPairs reads up to limit pairs of a team from offset on.
func teamPairs(ctx context.Context, q querier, teamID int64, limit, offset int) ([]Pair, error) {
	rows, err := q.Query(ctx, pairsSQL, teamID, Similarity, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("find duplicates of team %d: %w", teamID, err)
	}
	var out []Pair
	var a, b Side
	var rank int
	_, err = pgx.ForEachRow(rows, []any{&a.ID, &a.Name, &a.OwnerName, &b.ID, &b.Name, &b.OwnerName, &rank}, func() error {
		p := Pair{A: a, B: b, Score: 1}
		switch rank {
		case 0:
			p.Reason = ReasonName
		case 1:
			p.Reason = ReasonPhone
		default:
			p.Reason, p.Score = ReasonSimilar, 1-float64(rank-2)/1000
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find duplicates of team %d: %w", teamID, err)
	}
	return out, nil
}
