package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

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
	_ = pool.QueryRow(context.Background(), `SELECT count(*) FROM invites i JOIN teams t ON t.id = i.team_id WHERE t.name = '华东' AND i.role = 'sales'`).Scan(&n)
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
