package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// classifySQL decides, set-based, what each error-free row will do ($1 the
// import, $2 its team). A clients row matches an existing client of the
// team by 客户编号, else by normalised name, else by a contact's phone
// (last 11 digits). A clients row repeating an earlier row of the file (the
// same normalised name, else a phone of it) follows that first row: it
// merges into it when it only adds contacts (its other fields are a subset
// of the first's), is skipped when it adds nothing, and is an in-file
// duplicate otherwise. The rest create or update. A row whose name is
// similar (trigram similarity of the pinyin form, as client.Duplicates) to
// an existing client's is flagged. Contacts, deals and visits rows find
// their client by 客户编号 in the ledger, by name in the file, or by name in
// the ledger, and are errors otherwise. Archived clients (and merge
// tombstones) match nothing: a 客户编号 of a merged client leads to its survivor.
var classifySQL = []string{
	`UPDATE import_rows r SET match_id = s.id, match_by = 'id'
	FROM clients c JOIN clients s ON s.id = coalesce(c.merged_into, c.id)
	WHERE r.import_id = $1 AND r.action = '' AND c.id = r.ref_id AND s.team_id = $2 AND s.archived_at IS NULL`,

	`UPDATE import_rows r SET match_id = m.id, match_by = 'name' FROM (
		SELECT DISTINCT ON (r.seq) r.seq, c.id FROM import_rows r
		JOIN clients c ON c.norm_name = r.norm_name AND c.team_id = $2 AND c.archived_at IS NULL
		WHERE r.import_id = $1 AND r.kind = 'clients' AND r.action = '' AND r.match_id IS NULL AND r.norm_name <> ''
		ORDER BY r.seq, c.id) m
	WHERE r.import_id = $1 AND r.seq = m.seq`,

	`UPDATE import_rows r SET match_id = m.id, match_by = 'phone' FROM (
		SELECT DISTINCT ON (r.seq) r.seq, c.id FROM import_rows r CROSS JOIN unnest(r.phones) AS p (tail)
		JOIN contacts k ON right(k.phone_digits, 11) = p.tail AND k.phone_digits <> ''
		JOIN clients c ON c.id = k.client_id AND c.team_id = $2 AND c.archived_at IS NULL
		WHERE r.import_id = $1 AND r.kind = 'clients' AND r.action = '' AND r.match_id IS NULL
		ORDER BY r.seq, c.id) m
	WHERE r.import_id = $1 AND r.seq = m.seq`,

	`UPDATE import_rows r SET first_seq = f.first FROM (
		SELECT seq, min(seq) OVER (PARTITION BY norm_name) AS first FROM import_rows
		WHERE import_id = $1 AND kind = 'clients' AND action = '') f
	WHERE r.import_id = $1 AND r.seq = f.seq AND f.first < f.seq`,

	`WITH ph AS (
		SELECT r.seq, p.tail FROM import_rows r CROSS JOIN unnest(r.phones) AS p (tail)
		WHERE r.import_id = $1 AND r.kind = 'clients' AND r.action = ''
	), firsts AS (SELECT tail, min(seq) AS first FROM ph GROUP BY tail),
	m AS (SELECT ph.seq, min(f.first) AS first FROM ph JOIN firsts f USING (tail) WHERE f.first < ph.seq GROUP BY ph.seq)
	UPDATE import_rows r SET first_seq = coalesce(e.first_seq, e.seq)
	FROM m JOIN import_rows e ON e.import_id = $1 AND e.seq = m.first
	WHERE r.import_id = $1 AND r.seq = m.seq AND r.first_seq IS NULL`,

	`UPDATE import_rows r SET action = CASE
			WHEN r.norm_name <> f.norm_name OR NOT r.fields <@ f.fields THEN 'dup_file'
			WHEN jsonb_array_length(coalesce(r.data -> 'contacts', '[]')) > 0 THEN 'merge'
			ELSE 'skip' END
	FROM import_rows f
	WHERE r.import_id = $1 AND f.import_id = $1 AND f.seq = r.first_seq AND r.kind = 'clients' AND r.action = ''`,

	`UPDATE import_rows SET action = CASE WHEN match_id IS NULL THEN 'create' ELSE 'update' END
	WHERE import_id = $1 AND kind = 'clients' AND action = ''`,

	`SELECT set_config('pg_trgm.similarity_threshold', '0.6', true)`,

	`UPDATE import_rows r SET similar_id = m.id FROM (
		SELECT r.seq, (SELECT c.id FROM clients c WHERE c.team_id = $2 AND c.archived_at IS NULL AND c.search_key % r.search_key
			ORDER BY similarity(c.search_key, r.search_key) DESC, c.id LIMIT 1) AS id
		FROM import_rows r
		WHERE r.import_id = $1 AND r.action = 'create' AND length(r.search_key) >= 3
			AND EXISTS (SELECT 1 FROM clients WHERE team_id = $2)) m
	WHERE r.import_id = $1 AND r.seq = m.seq AND m.id IS NOT NULL`,

	`UPDATE import_rows r SET first_seq = f.seq FROM (
		SELECT norm_name, min(seq) AS seq FROM import_rows
		WHERE import_id = $1 AND kind = 'clients' AND action <> 'error' GROUP BY norm_name) f
	WHERE r.import_id = $1 AND r.kind <> 'clients' AND r.action = '' AND r.match_id IS NULL
		AND r.norm_name <> '' AND r.norm_name = f.norm_name`,

	`UPDATE import_rows r SET match_id = m.id, match_by = 'name' FROM (
		SELECT DISTINCT ON (r.seq) r.seq, c.id FROM import_rows r
		JOIN clients c ON c.norm_name = r.norm_name AND c.team_id = $2 AND c.archived_at IS NULL
		WHERE r.import_id = $1 AND r.kind <> 'clients' AND r.action = '' AND r.match_id IS NULL
			AND r.first_seq IS NULL AND r.norm_name <> ''
		ORDER BY r.seq, c.id) m
	WHERE r.import_id = $1 AND r.seq = m.seq`,
}

// orphanSQL makes errors of the child rows that found no client: $2 when
// the client's own row has errors, $3 when it is nowhere.
const orphanSQL = `UPDATE import_rows r SET action = 'error', errors = CASE
		WHEN EXISTS (SELECT 1 FROM import_rows e WHERE e.import_id = $1 AND e.kind = 'clients'
			AND e.action = 'error' AND e.norm_name = r.norm_name AND r.norm_name <> '') THEN $2::jsonb
		ELSE $3::jsonb END
	WHERE r.import_id = $1 AND r.kind <> 'clients' AND r.action = '' AND r.match_id IS NULL AND r.first_seq IS NULL`

const childSQL = `UPDATE import_rows SET action = rtrim(kind, 's')
	WHERE import_id = $1 AND kind <> 'clients' AND action = ''`

func classify(ctx context.Context, tx pgx.Tx, importID, team int64) error {
	for i, q := range classifySQL {
		args := []any{importID, team}
		switch {
		case !strings.Contains(q, "$1"):
			args = nil
		case !strings.Contains(q, "$2"):
			args = args[:1]
		}
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("classify rows (step %d): %w", i, err)
		}
	}
	bad, err := json.Marshal([]rowError{whyBadRef})
	if err != nil {
		return err
	}
	none, err := json.Marshal([]rowError{whyNoClient})
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, orphanSQL, importID, string(bad), string(none)); err != nil {
		return fmt.Errorf("classify rows: %w", err)
	}
	if _, err := tx.Exec(ctx, childSQL, importID); err != nil {
		return fmt.Errorf("classify rows: %w", err)
	}
	return nil
}
