package config

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/redis/go-redis/v9"
)

// RedisTLS is what a rediss:// REDIS_URL cannot say by itself: go-redis
// builds its TLS settings from the URL's host name alone and trusts only the
// system's CAs, while a managed or self-run Redis often has a private CA and
// may ask for a client certificate.
type RedisTLS struct {
	// RootCAs, from REDIS_TLS_CA_FILE, replaces the system's CAs.
	RootCAs *x509.CertPool
	// ClientCert, from REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE, is
	// presented to a Redis that requires client certificates.
	ClientCert *tls.Certificate
}

// RedisOptions turns REDIS_URL and the REDIS_TLS_* files into go-redis
// options. Use it instead of redis.ParseURL, whose errors quote the whole
// URL, password included.
func (c *Config) RedisOptions() (*redis.Options, error) {
	opt, err := parseRedisURL(c.RedisURL)
	if err != nil {
		return nil, err
	}
	if opt.TLSConfig != nil {
		opt.TLSConfig.RootCAs = c.RedisTLS.RootCAs
		if c.RedisTLS.ClientCert != nil {
			opt.TLSConfig.Certificates = []tls.Certificate{*c.RedisTLS.ClientCert}
		}
	}
	return opt, nil
}

// parseRedisURL reports a URL it cannot parse without quoting it: the
// password is part of it, and percent-encoding mistakes in the password are
// the usual reason it does not parse.
func parseRedisURL(raw string) (*redis.Options, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("REDIS_URL: not a URL (percent-encode any special characters of the password)")
	}
	if u.Scheme != "redis" && u.Scheme != "rediss" {
		return nil, fmt.Errorf("REDIS_URL: want a redis:// or rediss:// URL, got scheme %q", u.Scheme)
	}
	opt, err := redis.ParseURL(raw)
	if err != nil {
		// What is left to go wrong is the path (database number) or a query
		// option, which come after the password and do not contain it.
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	return opt, nil
}

// loadRedisTLS reads the REDIS_TLS_* files, so a wrong path or a key that
// does not match its certificate stops the start instead of the first
// connection.
func loadRedisTLS(get func(string, string) string, readFile ReadFile, redisURL string, errs *[]error) RedisTLS {
	var rt RedisTLS
	caPath, certPath, keyPath := get("REDIS_TLS_CA_FILE", ""), get("REDIS_TLS_CERT_FILE", ""), get("REDIS_TLS_KEY_FILE", "")
	if caPath == "" && certPath == "" && keyPath == "" {
		return rt
	}
	if !strings.HasPrefix(strings.ToLower(redisURL), "rediss://") {
		var set []string
		for name, v := range map[string]string{"REDIS_TLS_CA_FILE": caPath, "REDIS_TLS_CERT_FILE": certPath, "REDIS_TLS_KEY_FILE": keyPath} {
			if v != "" {
				set = append(set, name)
			}
		}
		slices.Sort(set)
		*errs = append(*errs, fmt.Errorf("%s: set, but REDIS_URL is not rediss://, so TLS is off", strings.Join(set, ", ")))
		return rt
	}
	if caPath != "" {
		pem, err := readPath(readFile, caPath)
		pool := x509.NewCertPool()
		switch {
		case err != nil:
			*errs = append(*errs, fmt.Errorf("REDIS_TLS_CA_FILE: %w", err))
		case !pool.AppendCertsFromPEM(pem):
			*errs = append(*errs, fmt.Errorf("REDIS_TLS_CA_FILE: no PEM certificate in %s", caPath))
		default:
			rt.RootCAs = pool
		}
	}
	if (certPath == "") != (keyPath == "") {
		*errs = append(*errs, errors.New("REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE: set both for a client certificate, or neither"))
		return rt
	}
	if certPath != "" {
		certPEM, err := readPath(readFile, certPath)
		if err != nil {
			*errs = append(*errs, fmt.Errorf("REDIS_TLS_CERT_FILE: %w", err))
			return rt
		}
		keyPEM, err := readPath(readFile, keyPath)
		if err != nil {
			*errs = append(*errs, fmt.Errorf("REDIS_TLS_KEY_FILE: %w", err))
			return rt
		}
		// tls.X509KeyPair's errors describe the mismatch, never the key.
		cert, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			*errs = append(*errs, fmt.Errorf("REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE: %s and %s: %w", certPath, keyPath, err))
			return rt
		}
		rt.ClientCert = &cert
	}
	return rt
}
