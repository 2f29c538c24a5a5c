package postgres_test

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/postgres"
	"github.com/ledgerbot/ledgerbot/internal/tlstest"
)

// TLS to PostgreSQL needs no code of ours: pgx reads sslmode, sslrootcert,
// sslcert and sslkey from DATABASE_URL. These tests pin what README and the
// operator's guide promise of such a URL, against a server of their own.
func TestDatabaseURLWithVerifyFullTrustsOnlyItsCAForTheNamedHost(t *testing.T) {
	t.Parallel()
	s := startTLSPostgres(t)
	other := tlstest.NewCA(t, t.TempDir(), "other-ca")
	url := func(host, query string) string {
		return fmt.Sprintf("postgres://postgres@%s:%d/postgres?%s", host, s.port, query)
	}

	t.Run("from DATABASE_URL_FILE with the server's CA", func(t *testing.T) {
		t.Parallel()
		secret := filepath.Join(t.TempDir(), "database_url")
		if err := os.WriteFile(secret, []byte(url("127.0.0.1", "sslmode=verify-full&sslrootcert="+s.ca.File)+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := config.Load(func(k string) string { return map[string]string{"DATABASE_URL_FILE": secret}[k] })
		if err != nil {
			t.Fatal(err)
		}
		if !usesTLS(t, cfg.DatabaseURL) {
			t.Fatal("connected without TLS")
		}
	})
	t.Run("localhost, a name the certificate holds", func(t *testing.T) {
		t.Parallel()
		if !usesTLS(t, url("localhost", "sslmode=verify-full&sslrootcert="+s.ca.File)) {
			t.Fatal("connected without TLS")
		}
	})
	refused := []struct {
		name, url string
		want      any
	}{
		{"another CA", url("127.0.0.1", "sslmode=verify-full&sslrootcert="+other.File), &x509.UnknownAuthorityError{}},
		{"the system's CAs only", url("127.0.0.1", "sslmode=verify-full"), &x509.UnknownAuthorityError{}},
		{"a host the certificate does not name", url("127.0.0.2", "sslmode=verify-full&sslrootcert="+s.ca.File), &x509.HostnameError{}},
	}
	for _, tc := range refused {
		t.Run("refuses "+tc.name, func(t *testing.T) {
			t.Parallel()
			err := connect(t, tc.url)
			switch want := tc.want.(type) {
			case *x509.UnknownAuthorityError:
				if !errors.As(err, want) {
					t.Fatalf("connect = %v; want the server's certificate refused as of an unknown authority", err)
				}
			case *x509.HostnameError:
				if !errors.As(err, want) {
					t.Fatalf("connect = %v; want the server's certificate refused for the host name", err)
				}
			}
		})
	}
	t.Run("verify-ca does not check the host name", func(t *testing.T) {
		t.Parallel()
		// Why the guide says verify-full: the same wrong host passes here.
		if !usesTLS(t, url("127.0.0.2", "sslmode=verify-ca&sslrootcert="+s.ca.File)) {
			t.Fatal("connected without TLS")
		}
	})
	t.Run("the server refuses plaintext", func(t *testing.T) {
		t.Parallel()
		var pgErr *pgconn.PgError
		if err := connect(t, url("127.0.0.1", "sslmode=disable")); !errors.As(err, &pgErr) || pgErr.Code != "28000" {
			t.Fatalf("connect without TLS = %v; want pg_hba.conf's rejection (28000)", err)
		}
	})
	t.Run("a client certificate from sslcert and sslkey logs in", func(t *testing.T) {
		t.Parallel()
		base := fmt.Sprintf("postgres://%s@127.0.0.1:%d/postgres?sslmode=verify-full&sslrootcert=%s", certUser, s.port, s.ca.File)
		if !usesTLS(t, base+"&sslcert="+s.client.CertFile+"&sslkey="+s.client.KeyFile) {
			t.Fatal("connected without TLS")
		}
		var pgErr *pgconn.PgError
		if err := connect(t, base); !errors.As(err, &pgErr) || pgErr.Code != "28000" {
			t.Fatalf("connect without a client certificate = %v; want cert authentication to refuse it (28000)", err)
		}
	})
}

// usesTLS connects through postgres.Connect, as the bot does, and reports
// whether the server sees the session as TLS.
func usesTLS(t *testing.T, url string) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	pool, err := postgres.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect to %s: %v", url, err)
	}
	defer pool.Close()
	var ssl bool
	if err := pool.QueryRow(ctx, `SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`).Scan(&ssl); err != nil {
		t.Fatal(err)
	}
	return ssl
}

func connect(t *testing.T, url string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	pool, err := postgres.Connect(ctx, url)
	if err == nil {
		pool.Close()
		t.Fatalf("connected to %s", url)
	}
	return err
}
