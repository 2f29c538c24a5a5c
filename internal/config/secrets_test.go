package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// files is an in-memory file system for LoadFrom: a missing name is
// fs.ErrNotExist, as os.ReadFile says it.
func files(m map[string]string) ReadFile {
	return func(name string) ([]byte, error) {
		v, ok := m[name]
		if !ok {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
		return []byte(v), nil
	}
}

func TestSecretsComeFromFilesWithTheTrailingNewlineTrimmed(t *testing.T) {
	t.Parallel()
	const pgURL = "postgres://ledgerbot:pg-Secret-1@db.internal:5432/ledgerbot?sslmode=verify-full&sslrootcert=/run/secrets/pg_ca" //nolint:gosec // G101: a made-up password the test reads back
	const redisURL = "rediss://:redis-Secret-2@cache.internal:6380/0"
	cases := []struct {
		name, key, content, want string
	}{
		{"echo's newline", "TELEGRAM_TOKEN", "123456:ABC-def\n", "123456:ABC-def"},
		{"Windows line end", "WEBHOOK_SECRET", "hook_Secret-3\r\n", "hook_Secret-3"},
		{"blank lines and spaces around", "DATABASE_URL", "\n  " + pgURL + " \n\n", pgURL},
		{"no newline at all", "REDIS_URL", redisURL, redisURL},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := "/run/secrets/" + strings.ToLower(tc.key)
			kv := map[string]string{tc.key + "_FILE": path}
			if tc.key == "WEBHOOK_SECRET" {
				kv["WEBHOOK_URL"] = "https://bot.example.com/hook"
			}
			c, err := LoadFrom(env(kv), files(map[string]string{path: tc.content}))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{"TELEGRAM_TOKEN": c.TelegramToken, "WEBHOOK_SECRET": c.WebhookSecret,
				"DATABASE_URL": c.DatabaseURL, "REDIS_URL": c.RedisURL}[tc.key]
			if got != tc.want {
				t.Errorf("%s = %q, want %q", tc.key, got, tc.want)
			}
		})
	}
}

func TestSecretFileErrorsNameTheVariableAndPathButNeverTheSecret(t *testing.T) {
	t.Parallel()
	const secret = "123456:TOPSECRET"
	cases := []struct {
		name  string
		env   map[string]string
		files map[string]string
		want  []string // every one appears in the error
		is    error    // errors.Is target, when there is one
	}{
		{
			name:  "both the variable and its file",
			env:   map[string]string{"TELEGRAM_TOKEN": secret, "TELEGRAM_TOKEN_FILE": "/run/secrets/token"},
			files: map[string]string{"/run/secrets/token": secret},
			want:  []string{"TELEGRAM_TOKEN and TELEGRAM_TOKEN_FILE", "set one"},
		},
		{
			name: "missing file",
			env:  map[string]string{"DATABASE_URL_FILE": "/run/secrets/nope"},
			want: []string{"DATABASE_URL_FILE", "/run/secrets/nope"},
			is:   fs.ErrNotExist,
		},
		{
			name:  "empty file",
			env:   map[string]string{"REDIS_URL_FILE": "/run/secrets/redis"},
			files: map[string]string{"/run/secrets/redis": ""},
			want:  []string{"REDIS_URL_FILE", "/run/secrets/redis", "empty"},
		},
		{
			name:  "only whitespace",
			env:   map[string]string{"WEBHOOK_SECRET_FILE": "/run/secrets/hook"},
			files: map[string]string{"/run/secrets/hook": " \n\n"},
			want:  []string{"WEBHOOK_SECRET_FILE", "/run/secrets/hook", "empty"},
		},
		{
			name:  "a whole env file",
			env:   map[string]string{"TELEGRAM_TOKEN_FILE": "/run/secrets/env"}, //nolint:gosec // G101: a path, not a credential
			files: map[string]string{"/run/secrets/env": "TELEGRAM_TOKEN=" + secret + "\nWEBHOOK_SECRET=x\n"},
			want:  []string{"TELEGRAM_TOKEN_FILE", "/run/secrets/env", "more than one line"},
		},
		{
			name:  "a secret the rules refuse",
			env:   map[string]string{"WEBHOOK_SECRET_FILE": "/run/secrets/hook"},
			files: map[string]string{"/run/secrets/hook": "TOPSECRET with spaces\n"},
			want:  []string{"WEBHOOK_SECRET"},
		},
		{
			name:  "a Redis URL that does not parse, password in it",
			env:   map[string]string{"REDIS_URL_FILE": "/run/secrets/redis"},
			files: map[string]string{"/run/secrets/redis": "redis://:TOPSECRET@cache:port/0\n"}, //nolint:gosec // G101: the made-up secret errors must not show
			want:  []string{"REDIS_URL"},
		},
		{
			name:  "a Redis URL with an unknown option, password in it",
			env:   map[string]string{"REDIS_URL_FILE": "/run/secrets/redis"},
			files: map[string]string{"/run/secrets/redis": "redis://:TOPSECRET@cache:6379/0?colour=blue\n"}, //nolint:gosec // G101: the made-up secret errors must not show
			want:  []string{"REDIS_URL", "colour"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := LoadFrom(env(tc.env), files(tc.files))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "TOPSECRET") {
				t.Errorf("error %q shows the secret", err)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
		})
	}
}

func TestLoadReadsSecretFilesFromDisk(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	token := filepath.Join(dir, "telegram_token")
	if err := os.WriteFile(token, []byte("42:from-disk\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(map[string]string{"TELEGRAM_TOKEN_FILE": token}))
	if err != nil {
		t.Fatal(err)
	}
	if c.TelegramToken != "42:from-disk" || c.RequireToken() != nil {
		t.Fatalf("TelegramToken = %q", c.TelegramToken)
	}
	// A directory where the file should be: the mount went wrong.
	_, err = Load(env(map[string]string{"TELEGRAM_TOKEN_FILE": dir}))
	if err == nil || !strings.Contains(err.Error(), "TELEGRAM_TOKEN_FILE: cannot read "+dir) {
		t.Fatalf("error = %v; want it to name TELEGRAM_TOKEN_FILE and %s", err, dir)
	}
}

func TestSecretFilesWrittenOnWindowsGiveTheirValueOrAreRefusedByPath(t *testing.T) {
	t.Parallel()
	const token = "123456:TOPSECRET-win"
	// Notepad's "UTF-8 with BOM" and CRLF: the value, without the mark.
	c, err := LoadFrom(env(map[string]string{"TELEGRAM_TOKEN_FILE": "/run/secrets/token"}),
		files(map[string]string{"/run/secrets/token": "\uFEFF" + token + "\r\n"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.TelegramToken != token {
		t.Errorf("TELEGRAM_TOKEN = %q, want %q", c.TelegramToken, token)
	}
	// Windows PowerShell 5's `echo $token > token`: UTF-16LE with its BOM.
	utf16 := []byte{0xFF, 0xFE}
	for _, b := range []byte(token + "\r\n") { // ASCII: one UTF-16 unit each
		utf16 = append(utf16, b, 0)
	}
	_, err = LoadFrom(env(map[string]string{"TELEGRAM_TOKEN_FILE": "/run/secrets/token"}),
		files(map[string]string{"/run/secrets/token": string(utf16)}))
	if err == nil || !strings.Contains(err.Error(), "TELEGRAM_TOKEN_FILE") || !strings.Contains(err.Error(), "/run/secrets/token") ||
		!strings.Contains(err.Error(), "UTF-8") {
		t.Fatalf("a UTF-16 token file: error %v, want one naming the variable, the path and the encoding", err)
	}
	if strings.Contains(err.Error(), "TOPSECRET") {
		t.Errorf("error %q shows the secret", err)
	}
}

func TestSecretFilesAreReadThroughKubernetesSymlinks(t *testing.T) {
	t.Parallel()
	// A Secret volume as the kubelet lays it out: token -> ..data/token,
	// ..data -> ..<timestamp>, swapped atomically on an update.
	dir := t.TempDir()
	stamp := filepath.Join(dir, "..2026_11_28_16_00_00.123456789")
	if err := os.Mkdir(stamp, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stamp, "database_url"), []byte("postgres://ledgerbot@db/ledgerbot\n"), 0o644); err != nil { //nolint:gosec // G306: a test file
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Base(stamp), filepath.Join(dir, "..data")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..data", "database_url"), filepath.Join(dir, "database_url")); err != nil {
		t.Fatal(err)
	}
	c, err := Load(env(map[string]string{"DATABASE_URL_FILE": filepath.Join(dir, "database_url")}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "postgres://ledgerbot@db/ledgerbot" {
		t.Errorf("DATABASE_URL = %q", c.DatabaseURL)
	}
}

func TestADatabaseURLWithAnUnencodedAtInItsPasswordIsRefusedWithoutQuotingIt(t *testing.T) {
	t.Parallel()
	// pgx would take "SECRET-9@db.internal" for the host and quote it in
	// its lookup error, at every start.
	for _, url := range []string{
		"postgres://ledgerbot:TOP@SECRET-9@db.internal:5432/ledgerbot",
		"postgresql://ledgerbot:TOP@SECRET-9@db.internal/ledgerbot?sslmode=verify-full",
	} {
		_, err := LoadFrom(env(map[string]string{"DATABASE_URL_FILE": "/run/secrets/database_url"}),
			files(map[string]string{"/run/secrets/database_url": url + "\n"}))
		if err == nil || !strings.Contains(err.Error(), "DATABASE_URL") || !strings.Contains(err.Error(), "%40") {
			t.Errorf("a password with an unencoded @: error %v, want one naming DATABASE_URL and %%40", err)
		} else if strings.Contains(err.Error(), "SECRET") {
			t.Errorf("error %q shows the password", err)
		}
	}
	// Encoded, and an "@" after the host (a query value): accepted.
	for _, url := range []string{
		"postgres://ledgerbot:TOP%40SECRET@db.internal:5432/ledgerbot",
		"postgres://db.internal/ledgerbot?user=ledgerbot@server",
		"host=db.internal user=ledgerbot password=TOP@SECRET",
	} {
		if _, err := LoadFrom(env(map[string]string{"DATABASE_URL": url}), files(nil)); err != nil {
			t.Errorf("DATABASE_URL %q refused: %v", url, err)
		}
	}
}
