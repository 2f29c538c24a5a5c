package postgres_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/tlstest"
)

// tlsServer is a PostgreSQL of one test that takes TLS connections only. Its
// certificate, signed by ca, names 127.0.0.1 and localhost; it also listens
// on 127.0.0.2, a name the certificate does not hold. Role certUser logs in
// with a client certificate and nothing else.
type tlsServer struct {
	port   int
	dir    string
	ca     *tlstest.CA
	client tlstest.Pair // CN=certUser, signed by ca
}

const certUser = "ledgerbot_cert"

// startTLSPostgres runs initdb into a temporary directory and starts the
// server on a free port until the test ends. The machine's own cluster is
// left alone: its certificate (Debian's snakeoil, self-signed for the host's
// name) is nothing a test can rely on.
func startTLSPostgres(t *testing.T) *tlsServer {
	t.Helper()
	bin := postgresBinDir(t)
	// Not t.TempDir: the server runs as postgres when the test runs as root
	// (initdb refuses root), and t.TempDir's parents are root's alone.
	dir, err := os.MkdirTemp("", "ledgerbot-pgtls-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	s := &tlsServer{port: tlstest.FreePort(t), dir: dir}
	s.ca = tlstest.NewCA(t, dir, "ca")
	server := s.ca.Server(t, dir, "server", "127.0.0.1", "localhost")
	s.client = s.ca.Client(t, dir, "client", certUser)
	data := filepath.Join(dir, "data")
	giveToPostgres(t, dir)

	runAsPostgres(t, filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
	conf := fmt.Sprintf(`
port = %d
listen_addresses = '127.0.0.1,127.0.0.2'
unix_socket_directories = '%s'
ssl = on
ssl_cert_file = '%s'
ssl_key_file = '%s'
ssl_ca_file = '%s'
fsync = off
`, s.port, dir, server.CertFile, server.KeyFile, s.ca.File)
	appendFile(t, filepath.Join(data, "postgresql.conf"), conf)
	// The pg_hba.conf of the operator's guide: TLS or nothing over TCP.
	hba := fmt.Sprintf(`local all all trust
hostssl all %s 127.0.0.0/8 cert
hostssl all all 127.0.0.0/8 trust
host all all 0.0.0.0/0 reject
`, certUser)
	if err := os.WriteFile(filepath.Join(data, "pg_hba.conf"), []byte(hba), 0o600); err != nil {
		t.Fatal(err)
	}
	giveToPostgres(t, dir)

	logFile := filepath.Join(dir, "server.log")
	pgCtl := filepath.Join(bin, "pg_ctl")
	if out, err := asPostgres(pgCtl, "-D", data, "-l", logFile, "-w", "-t", "120", "start").CombinedOutput(); err != nil {
		serverLog, _ := os.ReadFile(logFile) //nolint:gosec // G304: the log of the server this test started
		t.Fatalf("start PostgreSQL: %v\n%s\n%s", err, out, serverLog)
	}
	t.Cleanup(func() {
		if out, err := asPostgres(pgCtl, "-D", data, "-m", "immediate", "-w", "stop").CombinedOutput(); err != nil {
			t.Errorf("stop PostgreSQL: %v\n%s", err, out)
		}
	})
	runAsPostgres(t, filepath.Join(bin, "psql"), "-h", dir, "-p", strconv.Itoa(s.port), "-U", "postgres", "-d", "postgres",
		"-v", "ON_ERROR_STOP=1", "-c", "CREATE ROLE "+certUser+" LOGIN")
	return s
}

// postgresBinDir finds initdb and pg_ctl, which Debian keeps out of PATH
// under /usr/lib/postgresql/<major>/bin; the newest major wins.
func postgresBinDir(t *testing.T) string {
	t.Helper()
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Slice(found, func(i, j int) bool {
		return major(found[i]) < major(found[j])
	})
	if len(found) > 0 {
		return filepath.Dir(found[len(found)-1])
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	t.Fatal("initdb not found (/usr/lib/postgresql/*/bin or PATH): the TLS tests need the PostgreSQL server package")
	return ""
}

func major(initdb string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return n
}

// asPostgres runs a server binary as the postgres user when the test runs as
// root, and as the test's own user otherwise.
func asPostgres(bin string, args ...string) *exec.Cmd {
	if os.Geteuid() == 0 {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", bin}, args...)...)
	}
	return exec.Command(bin, args...)
}

func runAsPostgres(t *testing.T, bin string, args ...string) {
	t.Helper()
	if out, err := asPostgres(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(bin), strings.Join(args, " "), err, out)
	}
}

// giveToPostgres hands dir and everything in it to the postgres user when
// the test runs as root: the server reads its key only if it owns it.
func giveToPostgres(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		return
	}
	if out, err := exec.Command("chown", "-R", "postgres:postgres", dir).CombinedOutput(); err != nil {
		t.Fatalf("the TLS tests run PostgreSQL as the postgres user: %v\n%s", err, out)
	}
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0) //nolint:gosec // G304: a file initdb just wrote
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
