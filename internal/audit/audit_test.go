package audit_test

import (
	"context"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/audit"
	"github.com/ledgerbot/ledgerbot/internal/postgres/pgtest"
)

func TestWriteAndListNewestFirst(t *testing.T) {
	t.Parallel()
	pool := pgtest.New(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	for i, action := range []string{"create", "update"} {
		e := audit.Entry{Entity: "client", EntityID: 7, Action: action, At: at.Add(time.Duration(i) * time.Minute),
			Changes: audit.Diff(map[string]any{"tier": "normal"}, map[string]any{"tier": "key"})}
		if err := audit.Write(ctx, pool, e); err != nil {
			t.Fatal(err)
		}
	}
	got, err := audit.List(ctx, pool, "client", 7, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Action != "update" || got[1].Action != "create" || got[0].ActorID != 0 {
		t.Fatalf("List = %+v", got)
	}
	ch, ok := got[0].Changes["tier"].(map[string]any)
	if !ok || ch["from"] != "normal" || ch["to"] != "key" {
		t.Fatalf("changes = %#v", got[0].Changes)
	}
}

func TestDiffKeepsOnlyChangedFields(t *testing.T) {
	t.Parallel()
	d := audit.Diff(map[string]any{"a": 1, "b": "x"}, map[string]any{"a": 1, "b": "y", "c": true})
	if len(d) != 2 || d["a"] != nil {
		t.Fatalf("Diff = %#v", d)
	}
}
