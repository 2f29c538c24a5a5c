package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// backupCheck is the line of docs/OPERATIONS.md's backup script that checks
// a new dump ("$file.part") before the script keeps it.
func backupCheck(t *testing.T) string {
	t.Helper()
	doc, err := os.ReadFile("../../docs/OPERATIONS.md")
	if err != nil {
		t.Fatal(err)
	}
	_, script, ok := bytes.Cut(doc, []byte("### Backups with pg_dump"))
	if !ok {
		t.Fatal(`docs/OPERATIONS.md has no "### Backups with pg_dump"`)
	}
	sc := bufio.NewScanner(bytes.NewReader(script))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "pg_restore") && strings.Contains(line, `"$file.part"`) {
			return line
		}
		if line == "## Backup and restore" || strings.HasPrefix(line, "### ") {
			break
		}
	}
	t.Fatal(`the backup script of docs/OPERATIONS.md has no pg_restore line checking "$file.part"`)
	return ""
}

// TestRestoreBackupScriptsCheckRefusesATruncatedDump runs the backup script's
// check on a good dump and on the same dump cut short, as a full disk or a
// dropped connection leaves it: the good one passes, the cut one must fail,
// or the script keeps it as a backup and prunes good ones after it.
func TestRestoreBackupScriptsCheckRefusesATruncatedDump(t *testing.T) {
	t.Parallel()
	pgTool(t, "pg_dump")
	pgTool(t, "pg_restore")
	check := backupCheck(t)
	db := newScratchDB(t, "backupcheck")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// Rows enough that the data, not the table of contents at the head of
	// the archive, makes up most of it.
	if _, err := db.pool(t).Exec(ctx, `CREATE TABLE filler AS SELECT g, md5(g::text) AS h FROM generate_series(1, 50000) g`); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	dump, err := os.ReadFile(db.dump(t, dir, ""))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) string {
		base := filepath.Join(dir, name)
		if err := os.WriteFile(base+".part", data, 0o600); err != nil { //nolint:gosec // G703: the test's own temporary directory
			t.Fatal(err)
		}
		return base
	}
	run := func(base string) ([]byte, error) {
		cmd := exec.CommandContext(ctx, "sh", "-eu", "-c", check)
		cmd.Env = append(os.Environ(), "file="+base)
		return cmd.CombinedOutput()
	}
	if out, err := run(write("good", dump)); err != nil {
		t.Fatalf("%s on a good dump: %v\n%s", check, err, out)
	}
	if out, err := run(write("cut", dump[:len(dump)*2/3])); err == nil {
		t.Errorf("%s passed a dump cut to two thirds of its length:\n%s", check, out)
	}
}
