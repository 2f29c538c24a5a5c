package config

import (
	"crypto/tls"
	"strings"
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/tlstest"
)

func TestRedisOptionsAddTheTLSFilesToARedissURL(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ca := tlstest.NewCA(t, dir, "ca")
	client := ca.Client(t, dir, "client", "ledgerbot")
	c, err := LoadFrom(env(map[string]string{
		"REDIS_URL":           "rediss://:pw@cache.internal:6380/2",
		"REDIS_TLS_CA_FILE":   "/run/secrets/redis_ca",
		"REDIS_TLS_CERT_FILE": "/run/secrets/redis_cert",
		"REDIS_TLS_KEY_FILE":  "/run/secrets/redis_key",
	}), files(map[string]string{
		"/run/secrets/redis_ca":   string(ca.PEM),
		"/run/secrets/redis_cert": string(client.CertPEM),
		"/run/secrets/redis_key":  string(client.KeyPEM),
	}))
	if err != nil {
		t.Fatal(err)
	}
	opt, err := c.RedisOptions()
	if err != nil {
		t.Fatal(err)
	}
	tc := opt.TLSConfig
	if opt.Addr != "cache.internal:6380" || opt.DB != 2 || opt.Password != "pw" || tc == nil {
		t.Fatalf("options %+v", opt)
	}
	if tc.ServerName != "cache.internal" || tc.MinVersion != tls.VersionTLS12 || tc.InsecureSkipVerify ||
		tc.RootCAs == nil || len(tc.Certificates) != 1 {
		t.Fatalf("TLS config: server name %q, min version %x, skip verify %v, root CAs %v, %d client certificates",
			tc.ServerName, tc.MinVersion, tc.InsecureSkipVerify, tc.RootCAs != nil, len(tc.Certificates))
	}
	// Each call builds its own options: a caller changing one client's
	// settings does not change the next one's.
	again, err := c.RedisOptions()
	if err != nil || again == opt || again.TLSConfig == tc {
		t.Fatalf("RedisOptions shares its result: %v", err)
	}

	plain, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if opt, err := plain.RedisOptions(); err != nil || opt.TLSConfig != nil || opt.Addr != "127.0.0.1:6379" {
		t.Fatalf("default REDIS_URL: %+v, %v", opt, err)
	}
}

func TestRedisTLSFileErrorsNameTheVariable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ca := tlstest.NewCA(t, dir, "ca")
	client := ca.Client(t, dir, "client", "ledgerbot")
	other := ca.Client(t, dir, "other", "ledgerbot")
	fs := files(map[string]string{
		"/ca": string(ca.PEM), "/cert": string(client.CertPEM), "/key": string(client.KeyPEM),
		"/other.key": string(other.KeyPEM), "/junk": "not a certificate\n",
	})
	const rediss = "rediss://cache.internal:6380/0"
	cases := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"a CA for a plain redis:// URL", map[string]string{"REDIS_TLS_CA_FILE": "/ca"},
			[]string{"REDIS_TLS_CA_FILE", "REDIS_URL is not rediss://"}},
		{"a CA file that is missing", map[string]string{"REDIS_URL": rediss, "REDIS_TLS_CA_FILE": "/nope"},
			[]string{"REDIS_TLS_CA_FILE: cannot read /nope"}},
		{"a CA file without a certificate", map[string]string{"REDIS_URL": rediss, "REDIS_TLS_CA_FILE": "/junk"},
			[]string{"REDIS_TLS_CA_FILE: no PEM certificate in /junk"}},
		{"a certificate without its key", map[string]string{"REDIS_URL": rediss, "REDIS_TLS_CERT_FILE": "/cert"},
			[]string{"REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE"}},
		{"a key without its certificate", map[string]string{"REDIS_URL": rediss, "REDIS_TLS_KEY_FILE": "/key"},
			[]string{"REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE"}},
		{"a key of another certificate", map[string]string{"REDIS_URL": rediss, "REDIS_TLS_CERT_FILE": "/cert", "REDIS_TLS_KEY_FILE": "/other.key"},
			[]string{"REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE", "/cert", "/other.key"}},
		{"a key file that is missing", map[string]string{"REDIS_URL": rediss, "REDIS_TLS_CERT_FILE": "/cert", "REDIS_TLS_KEY_FILE": "/nope"},
			[]string{"REDIS_TLS_KEY_FILE: cannot read /nope"}},
		{"not a Redis URL", map[string]string{"REDIS_URL": "http://cache.internal"},
			[]string{"REDIS_URL", "redis:// or rediss://"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := LoadFrom(env(tc.env), fs)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "PRIVATE KEY") {
				t.Errorf("error %q shows a key", err)
			}
		})
	}
}
