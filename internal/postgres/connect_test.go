package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

func TestWithMaxConnsSizesThePoolUnlessTheURLDoes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := pgtest.DatabaseURL()
	pool, err := postgres.Connect(ctx, url, postgres.WithMaxConns(20))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if n := pool.Config().MaxConns; n != 20 {
		t.Errorf("MaxConns = %d, want 20", n)
	}
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	set, err := postgres.Connect(ctx, url+sep+"pool_max_conns=3", postgres.WithMaxConns(20))
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	if n := set.Config().MaxConns; n != 3 {
		t.Errorf("MaxConns = %d with pool_max_conns=3 in the URL, want 3", n)
	}
}
