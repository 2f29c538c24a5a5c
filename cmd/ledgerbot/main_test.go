package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

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
	pool := pgtest.New(t)
	// The invite command reaches the test schema through search_path in the URL.
	var schema string
	if err := pool.QueryRow(context.Background(), `SELECT current_schema()`).Scan(&schema); err != nil {
		t.Fatal(err)
	}
	url := pgtest.URL() + "&search_path=" + schema + ",public"
	getenv := func(k string) string {
		if k == "DATABASE_URL" {
			return url
		}
		return ""
	}
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
