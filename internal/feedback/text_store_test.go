package feedback

import (
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// unstorable are texts the chat refuses at its step; Create and Resolve
// refuse them too, with the package's ErrInvalid rather than whatever
// PostgreSQL would say (it cannot store a NUL at all).
var unstorable = []struct{ name, text string }{
	{"NUL", "质量\x00问题"},
	{"only zero-width characters", "\u200b\ufeff\u200b"},
	{"over the limit", strings.Repeat("汉", MaxText+1)},
}

func TestCreateRefusesUnstorableBodyWithErrInvalid(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, c := range unstorable {
		d := Draft{ClientID: b.clientA, Kind: Complaint, Severity: Low, Body: c.text}
		_, _, err := b.store.Create(b.ctx, b.ownerA, d, 0)
		var pgErr *pgconn.PgError
		if !errors.Is(err, ErrInvalid) || errors.As(err, &pgErr) {
			t.Errorf("%s: Create err = %v, want ErrInvalid and no PostgreSQL error", c.name, err)
		}
	}
	var n int
	if err := b.pool.QueryRow(b.ctx, `SELECT count(*) FROM feedback`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d rows after refused bodies (%v), want 0", n, err)
	}
}

func TestResolveRefusesUnstorableResolutionWithErrInvalid(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := b.create(t, b.mateA, Draft{ClientID: b.clientA})
	for _, c := range unstorable {
		_, err := b.store.Resolve(b.ctx, b.ownerA, f.ID, c.text, 0)
		var pgErr *pgconn.PgError
		if !errors.Is(err, ErrInvalid) || errors.As(err, &pgErr) {
			t.Errorf("%s: Resolve err = %v, want ErrInvalid and no PostgreSQL error", c.name, err)
		}
	}
	if got, err := b.store.Get(b.ctx, b.ownerA, f.ID); err != nil || got.Status != Open || got.Resolution != "" {
		t.Fatalf("after refused resolutions: %+v, %v; want it open without resolution", got, err)
	}
}

func TestCreateAndResolveStoreNormalTextUnchanged(t *testing.T) {
	t.Parallel()
	b := setup(t)
	body := "客户反映：\n\t1. 交货晚了两周\n\t2. 发票抬头错误 (Acme Ltd.)"
	f := b.create(t, b.mateA, Draft{ClientID: b.clientA, Body: body})
	resolution := "已补发货物并致歉；\n新发票已寄出 ✅"
	done, err := b.store.Resolve(b.ctx, b.ownerA, f.ID, resolution, 0)
	if err != nil {
		t.Fatal(err)
	}
	var storedBody, storedResolution string
	if err := b.pool.QueryRow(b.ctx, `SELECT body, resolution FROM feedback WHERE id = $1`, f.ID).
		Scan(&storedBody, &storedResolution); err != nil {
		t.Fatal(err)
	}
	if f.Body != body || storedBody != body || done.Resolution != resolution || storedResolution != resolution {
		t.Fatalf("stored body %q resolution %q (returned %q, %q); want %q, %q",
			storedBody, storedResolution, f.Body, done.Resolution, body, resolution)
	}
}
