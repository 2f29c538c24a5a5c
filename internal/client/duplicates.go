package client

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// similarName is the trigram similarity of two names' Latin-keyboard forms
// (pinyin, Latin words) from which they count as likely duplicates.
const similarName = 0.6

// maxDuplicates bounds the list Duplicates returns.
const maxDuplicates = 10

// Duplicates returns the clients, in the whole ledger, that are likely the
// same company as a new client with this name and contact phone: the same
// normalised name (Normalize), a very similar name (trigram similarity of
// the pinyin or Latin form at least 0.6, which also catches homophones such
// as 华为 and 华维), a Latin name Search would correct to the client (a typo
// in a short name, Siemans Ltd for Siemens Ltd, that trigrams miss), or a
// contact with the same phone (last 11 digits). A client in a team the
// actor may not see is reported with Visible false and without its name,
// owner, tier or stage: the actor is warned without learning anything about
// it. Best first: equal name, then phone, then by similarity, then typo
// corrections.
func (s *Store) Duplicates(ctx context.Context, actor access.Actor, name, phone string) ([]Match, error) {
	keys := IndexKeys(name, nil)
	tail := phoneTail(digitsOf(phone))
	if len(tail) < 7 {
		tail = "" // too short to say two phones are the same
	}
	// The typo check runs beside the main query, on its own connection: it
	// costs a Latin name no time, and a Han name needs none.
	type typoHits struct {
		hits []hit
		err  error
	}
	typos := make(chan typoHits, 1)
	go func() {
		h, err := s.typoDuplicates(ctx, name)
		typos <- typoHits{h, err}
	}()
	var found []hit
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		// The % operator (which the trigram index serves) uses this threshold.
		if _, err := tx.Exec(ctx, `SELECT set_config('pg_trgm.similarity_threshold', $1, true)`,
			fmt.Sprint(similarName)); err != nil {
			return fmt.Errorf("set similarity threshold: %w", err)
		}
		// A merged client's name stands for its survivor; archived clients
		// are no one's duplicates.
		rows, err := tx.Query(ctx, `WITH m AS (
				SELECT coalesce(merged_into, id) AS client_id, 0 AS rank FROM clients WHERE $1 <> '' AND norm_name = $1
				UNION ALL
				SELECT client_id, 1 FROM contacts WHERE $3 <> '' AND phone_digits <> '' AND right(phone_digits, 11) = $3
				UNION ALL
				SELECT coalesce(merged_into, id), 2 + (1000 * (1 - similarity(search_key, $2)))::int FROM clients
				WHERE length($2) >= 3 AND search_key % $2
			), best AS (SELECT m.client_id, min(m.rank) AS rank FROM m JOIN clients x ON x.id = m.client_id
				WHERE x.archived_at IS NULL GROUP BY m.client_id ORDER BY 2, 1 LIMIT $4)
			SELECT b.client_id, b.rank, 0 AS edits, c.name, c.tier, c.stage, c.team_id, coalesce(s.name, '') AS owner_name
			FROM best b JOIN clients c ON c.id = b.client_id LEFT JOIN staff s ON s.id = c.owner_id
			ORDER BY b.rank, b.client_id`,
			keys.NormName, keys.SearchKey, tail, maxDuplicates)
		if err != nil {
			return fmt.Errorf("find duplicates: %w", err)
		}
		found, err = pgx.CollectRows(rows, pgx.RowToStructByName[hit])
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find duplicates: %w", err)
	}
	out := make([]Match, 0, len(found))
	seen := map[int64]bool{}
	for _, h := range found {
		// rank: 0 equal name, 1 same phone, 2 + 1000 * (1 - similarity).
		m := Match{ClientID: h.ClientID, TeamID: h.TeamID}
		switch h.Rank {
		case 0:
			m.Reason, m.Score = "name", 1
		case 1:
			m.Reason, m.Score = "phone", 1
		default:
			m.Reason, m.Score = "fuzzy", 1-float64(h.Rank-2)/1000
		}
		out = append(out, reveal(m, h, actor))
		seen[h.ClientID] = true
	}
	t := <-typos
	if t.err != nil {
		return nil, fmt.Errorf("find duplicates: %w", t.err)
	}
	for _, h := range t.hits {
		if !seen[h.ClientID] && len(out) < maxDuplicates {
			seen[h.ClientID] = true
			out = append(out, reveal(Match{ClientID: h.ClientID, TeamID: h.TeamID, Reason: "fuzzy", Score: scoreOf(h)}, h, actor))
		}
	}
	return out, nil
}

// typoDuplicates is the typo tolerance of Search applied to a new client's
// name, in the whole ledger: for a name of Latin words, the clients found
// by respelling its words with dictionary words one or two edits away. A
// name with Han characters gets none, as in Search: its homophones are the
// trigram check's.
func (s *Store) typoDuplicates(ctx context.Context, name string) ([]hit, error) {
	units := queryUnits(name)
	if len(units) == 0 || hasHan(units) || allDigits(units) {
		return nil, nil
	}
	return s.respelled(ctx, 0, units, maxDuplicates)
}

// reveal fills in what the actor may learn of a duplicate: everything when
// they may see its team, nothing but its existence otherwise.
func reveal(m Match, h hit, actor access.Actor) Match {
	m.Visible = actor.CanSee(h.TeamID)
	if m.Visible {
		m.Name, m.Tier, m.Stage, m.OwnerName = h.Name, h.Tier, h.Stage, h.OwnerName
	}
	return m
}
