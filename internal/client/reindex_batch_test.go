package client

import (
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/ledgerbot/ledgerbot/internal/postgres"
)

// A client stored with NameKeys and no terms (as the importer writes it)
// becomes searchable by every kind of key once ReindexTx has run.
func TestReindexTxIndexesAClientStoredWithItsNameKeys(t *testing.T) {
	t.Parallel()
	b := setup(t)
	norm, key := NameKeys("深圳市鹏程贸易有限公司")
	var id int64
	if err := b.pool.QueryRow(b.ctx, `INSERT INTO clients (team_id, name, norm_name, search_key, created_at, updated_at)
		VALUES ($1, '深圳市鹏程贸易有限公司', $2, $3, now(), now()) RETURNING id`, b.teamA, norm, key).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := b.pool.Exec(b.ctx, `INSERT INTO contacts (client_id, name, phone, phone_digits, is_primary, created_at, updated_at)
		VALUES ($1, '欧阳娜', '13912345678', '13912345678', true, now(), now())`, id); err != nil {
		t.Fatal(err)
	}
	if err := postgres.InTx(b.ctx, b.pool, func(tx pgx.Tx) error { return ReindexTx(b.ctx, tx, []int64{id, 999999}) }); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"鹏程", "pengcheng", "szspc", "欧阳", "5678", "pengchen"} {
		ms, err := b.store.Search(b.ctx, b.mgrA, q, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 1 || ms[0].ClientID != id {
			t.Errorf("search %q: %+v, want the client", q, ms)
		}
	}
}

// An Indexer takes a word for written only once its transaction is said to
// have committed: a rolled-back batch's words are written again.
func TestIndexerWritesTheWordsOfARolledBackTransactionAgain(t *testing.T) {
	t.Parallel()
	b := setup(t)
	one := b.create(t, b.mgrA, Draft{Name: "Zhongtai Logistics"})
	two := b.create(t, b.mgrA, Draft{Name: "Zhongtai Freight"})
	if _, err := b.pool.Exec(b.ctx, `DELETE FROM search_words`); err != nil {
		t.Fatal(err)
	}
	ix := NewIndexer()
	tx, err := b.pool.Begin(b.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.ReindexTx(b.ctx, tx, []int64{one.ID}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(b.ctx); err != nil {
		t.Fatal(err)
	}
	// No Committed: the next batch, with the same word, writes it.
	if err := postgres.InTx(b.ctx, b.pool, func(tx pgx.Tx) error { return ix.ReindexTx(b.ctx, tx, []int64{two.ID}) }); err != nil {
		t.Fatal(err)
	}
	ix.Committed()
	if n := b.count(t, `SELECT count(*) FROM search_words WHERE word = 'zhongtai'`); n != len(WordVariants("zhongtai")) {
		t.Fatalf("%d variants of zhongtai, want %d", n, len(WordVariants("zhongtai")))
	}
	// Known now: a later batch skips it, and the typo lookup finds both.
	if err := postgres.InTx(b.ctx, b.pool, func(tx pgx.Tx) error { return ix.ReindexTx(b.ctx, tx, []int64{one.ID}) }); err != nil {
		t.Fatal(err)
	}
	ix.Committed()
	ms, err := b.store.Search(b.ctx, b.mgrA, "zhongtia", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 {
		t.Errorf("typo search found %+v, want both clients", ms)
	}
}

// Deleting clients deletes their search terms (a statement trigger, where
// a foreign key used to cascade).
func TestDeletingClientsDropsTheirTerms(t *testing.T) {
	t.Parallel()
	b := setup(t)
	gone := b.create(t, b.mgrA, Draft{Name: "华夏建材", Contact: &ContactDraft{Name: "王强", Phone: "13800001111"}})
	kept := b.create(t, b.mgrA, Draft{Name: "华夏家具"})
	if _, err := b.pool.Exec(b.ctx, `DELETE FROM contacts WHERE client_id = $1`, gone.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := b.pool.Exec(b.ctx, `DELETE FROM clients WHERE id = $1`, gone.ID); err != nil {
		t.Fatal(err)
	}
	if n := b.count(t, `SELECT count(*) FROM client_terms WHERE client_id = $1`, gone.ID); n != 0 {
		t.Errorf("%d terms left of the deleted client", n)
	}
	if n := b.count(t, `SELECT count(*) FROM client_terms WHERE client_id = $1`, kept.ID); n == 0 {
		t.Error("the other client lost its terms")
	}
}
