package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

func TestServeWithoutTokenExitsWithClearMessage(t *testing.T) {
	t.Parallel()
	err := run(context.Background(), []string{"serve"}, func(string) string { return "" }, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "TELEGRAM_TOKEN") {
		t.Fatalf("serve without token: %v", err)
	}
	err = run(context.Background(), nil, func(string) string { return "" }, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "TELEGRAM_TOKEN") {
		t.Fatalf("default command without token: %v", err)
	}
}

func TestInvitePrintsCodeAndStartLine(t *testing.T) {
	t.Parallel()
	pool, getenv := testDB(t)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"invite", "--role", "sales", "--team", "华东"}, getenv, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if !strings.Contains(text, "invite code: ") || !strings.Contains(text, "/start ") {
		t.Fatalf("invite output: %s", text)
	}
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM invites i JOIN teams t ON t.id = i.team_id WHERE t.name = '华东' AND i.role = 'sales'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("%d invites stored, want 1", n)
	}
	if err := run(context.Background(), []string{"invite", "--role", "sales"}, getenv, &out); err == nil {
		t.Fatal("sales invite without a team accepted")
	}
	if err := run(context.Background(), []string{"invite", "--role", "root"}, getenv, &out); err == nil {
		t.Fatal("unknown role accepted")
	}
}

func TestJobsListAndRunAsOfADate(t *testing.T) {
	t.Parallel()
	_, getenv := testDB(t)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"jobs", "list"}, getenv, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"greetings", "0 9 * * *", "reminders", "0 9 * * 1-5", "churn", "escalation", "digest", "never run"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("jobs list does not show %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := run(context.Background(), []string{"jobs", "run", "greetings", "--at", "2027-02-06"}, getenv, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "greetings as of 2027-02-06 09:00 CST: 0 message(s) enqueued") {
		t.Fatalf("jobs run output: %s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"jobs", "list"}, getenv, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2027-02-06T09:00") || !strings.Contains(out.String(), "0 enqueued") {
		t.Fatalf("jobs list after a run does not show it:\n%s", out.String())
	}
	for _, bad := range [][]string{{"jobs", "run", "nosuchjob"}, {"jobs", "run", "greetings", "--at", "06/02/2027"}, {"jobs"}, {"jobs", "frobnicate"}} {
		if err := run(context.Background(), bad, getenv, &out); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// testDB gives a command its own migrated schema: the command reaches it
// through search_path in DATABASE_URL.
func testDB(t *testing.T) (*pgxpool.Pool, func(string) string) {
	t.Helper()
	pool := pgtest.New(t)
	var schema string
	if err := pool.QueryRow(context.Background(), `SELECT current_schema()`).Scan(&schema); err != nil {
		t.Fatal(err)
	}
	url := pgtest.SchemaURL(schema)
	return pool, func(k string) string {
		if k == "DATABASE_URL" {
			return url
		}
		return ""
	}
}

// commands are the subcommands the usage must list.
var commands = []string{"serve", "migrate", "invite", "jobs list", "jobs run", "healthcheck", "sandbox", "version", "help"}

// deadEnv would let serve start and fail at once (nothing listens on port
// 1): a command that returns 0 with it did not start the bot.
func deadEnv(k string) string {
	switch k {
	case "TELEGRAM_TOKEN":
		return "123:abc"
	case "DATABASE_URL":
		return "postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=1"
	case "ADMIN_ADDR":
		return "off"
	}
	return ""
}

func TestHelpPrintsUsageListingEveryCommandAndExitsZero(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"-help"}} {
		var stdout, stderr bytes.Buffer
		if code := cli(context.Background(), args, deadEnv, &stdout, &stderr); code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", args, code, stderr.String())
		}
		for _, c := range commands {
			if !strings.Contains(stdout.String(), "  "+c) {
				t.Errorf("%v: usage does not list %q:\n%s", args, c, stdout.String())
			}
		}
		if stderr.Len() != 0 {
			t.Errorf("%v: stderr %q", args, stderr.String())
		}
	}
	for _, args := range [][]string{{"jobs", "--help"}, {"jobs", "run", "-h"}, {"invite", "-h"}} {
		var stdout, stderr bytes.Buffer
		if code := cli(context.Background(), args, deadEnv, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "usage: ledgerbot "+args[0]) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout.String(), stderr.String())
		}
	}
}

func TestAWrongCommandLinePrintsUsageToStderrAndExitsTwo(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"frobnicate"}, {"--verbose"}, {"serve", "now"}, {"migrate", "--down"}, {"version", "x"},
		{"jobs"}, {"jobs", "frobnicate"}, {"jobs", "list", "all"}, {"jobs", "run"}, {"jobs", "run", "churn", "--at", "06/02/2027"},
		{"jobs", "run", "churn", "--when", "now"}, {"invite", "--role", "root"}, {"invite", "--role", "sales"}, {"invite", "x"}} {
		var stdout, stderr bytes.Buffer
		if code := cli(context.Background(), args, deadEnv, &stdout, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2; stderr %q", args, code, stderr.String())
			continue
		}
		if !strings.Contains(stderr.String(), "usage: ") || stdout.Len() != 0 {
			t.Errorf("%v: stdout %q, stderr %q; want the usage on stderr only", args, stdout.String(), stderr.String())
		}
	}
	// A command that ran and failed is not a usage error.
	var stderr bytes.Buffer
	if code := cli(context.Background(), []string{"migrate"}, deadEnv, &bytes.Buffer{}, &stderr); code != 1 || strings.Contains(stderr.String(), "usage:") {
		t.Fatalf("migrate without a database: exit %d, stderr %q; want 1 and the error", code, stderr.String())
	}
}

// builds holds the binaries built in this test run, by version.
var builds sync.Map // version -> *binaryBuild

type binaryBuild struct {
	once sync.Once
	path string
	err  error
}

// binDir is where the test run's binaries go; TestMain removes it.
var binDir = filepath.Join(os.TempDir(), fmt.Sprintf("ledgerbot-test-%d", os.Getpid()))

func TestMain(m *testing.M) {
	// Many bots run at once, in this process and as child processes (which
	// inherit the environment): none opens the admin listener on its
	// default port unless a test asks for one.
	if os.Getenv("ADMIN_ADDR") == "" {
		_ = os.Setenv("ADMIN_ADDR", "off")
	}
	code := m.Run()
	_ = os.RemoveAll(binDir)
	os.Exit(code)
}

// binary builds ledgerbot as a release would, with its version set by
// -ldflags, in a checkout (-buildvcs=true, because a GOFLAGS of
// -buildvcs=false would leave the commit out); once per version for the
// whole test run, since the tests that need a real process are many.
func binary(t testing.TB, version string) string {
	t.Helper()
	v, _ := builds.LoadOrStore(version, &binaryBuild{})
	b := v.(*binaryBuild)
	b.once.Do(func() {
		b.path = filepath.Join(binDir, version, "ledgerbot")
		out, err := exec.Command("go", "build", "-buildvcs=true", "-ldflags", "-X main.version="+version, "-o", b.path, ".").CombinedOutput()
		if err != nil {
			b.err = fmt.Errorf("%w\n%s", err, out)
		}
	})
	if b.err != nil {
		t.Fatalf("build: %v", b.err)
	}
	return b.path
}

// exitCode runs bin with args and env and returns its status and output.
func exitCode(t *testing.T, bin string, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), o.String(), e.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, o.String(), e.String()
}

// envWithout is this process's environment without the named variables.
func envWithout(names ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		keep := true
		for _, n := range names {
			keep = keep && k != n
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}

func TestTheBuiltBinaryPrintsItsVersionAndCommitAndFollowsExitConventions(t *testing.T) {
	t.Parallel()
	_, getenv := testDB(t)
	bin := binary(t, "9.8.7-test")
	env := envWithout("TELEGRAM_TOKEN", "DATABASE_URL")

	// The toolchain stamps the commit when .git is a directory; a linked
	// worktree's .git is a file, and the build says it does not know.
	wantCommit := regexp.MustCompile(`\ncommit [0-9a-f]{40}( \(modified\))?\n`)
	if root, err := exec.Command("git", "rev-parse", "--show-toplevel").Output(); err != nil {
		t.Fatalf("the test builds in a git checkout: %v", err)
	} else if fi, err := os.Stat(filepath.Join(strings.TrimSpace(string(root)), ".git")); err != nil || !fi.IsDir() {
		wantCommit = regexp.MustCompile(`\ncommit unknown\n`)
	}
	code, out, _ := exitCode(t, bin, env, "version")
	if code != 0 || !strings.HasPrefix(out, "ledgerbot 9.8.7-test\n") || !wantCommit.MatchString(out) {
		t.Fatalf("version: exit %d, output %q; want the -X version and the commit (%s)", code, out, wantCommit)
	}
	if code, out, _ := exitCode(t, bin, env, "--help"); code != 0 || !strings.Contains(out, "usage: ledgerbot") {
		t.Fatalf("--help: exit %d, output %q", code, out)
	}
	if code, out, errOut := exitCode(t, bin, env, "frobnicate"); code != 2 || out != "" || !strings.Contains(errOut, "usage: ledgerbot") {
		t.Fatalf("unknown command: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// jobs list reads the database only: no TELEGRAM_TOKEN in its environment.
	code, out, errOut := exitCode(t, bin, append(env, "DATABASE_URL="+getenv("DATABASE_URL")), "jobs", "list")
	if code != 0 || !strings.Contains(out, "greetings") {
		t.Fatalf("jobs list without TELEGRAM_TOKEN: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestLogsWriteDurationsAsPeopleReadThem(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	newLogger(&out, "info").Info("job ran", slog.Duration("took", 3200*time.Millisecond))
	if !strings.Contains(out.String(), `"took":"3.2s"`) {
		t.Fatalf("duration logged as %s", out.String())
	}
}
