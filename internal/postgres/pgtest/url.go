package pgtest

import (
	"net/url"
	"os"

	"github.com/ledgerbot/ledgerbot/internal/config"
)

// Database is the database the tests' schemas live in, beside whatever
// database TEST_DATABASE_URL names, so that nothing an operator migrates
// or creates there can show through.
const Database = "ledgerbot_test"

// ExtSchema holds the test database's extensions (pg_trgm). It comes after
// a test's own schema on its search_path; public is not on it.
const ExtSchema = "ext"

// serverURL names the server the tests use, through a database that already
// exists there (TEST_DATABASE_URL, default the bot's default database).
func serverURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return config.DefaultDatabaseURL
}

// DatabaseURL is the test database on the server of TEST_DATABASE_URL, with
// the server's default search_path: for administering the test database,
// never for a test's queries.
func DatabaseURL() string {
	u, err := withDatabase(serverURL(), Database)
	if err != nil {
		// prepared reports the same error, before any caller gets here.
		return ""
	}
	return u.String()
}

// SchemaURL is a connection URL that sees schema and the extensions only:
// what a test hands a subprocess or a config as DATABASE_URL. It is the one
// place a test's search_path is written.
func SchemaURL(schema string) string {
	u, err := withDatabase(serverURL(), Database)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("search_path", schema+","+ExtSchema)
	u.RawQuery = q.Encode()
	return u.String()
}

// withDatabase is raw, a postgres:// URL, pointed at database db.
func withDatabase(raw, db string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, errNotURL
	}
	u.Path = "/" + db
	u.RawPath = ""
	q := u.Query()
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u, nil
}
