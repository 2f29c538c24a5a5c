package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

const healthcheckUsage = `usage: ledgerbot healthcheck [--live] [--addr HOST:PORT] [--timeout D]

Asks a running ledgerbot's admin server (ADMIN_ADDR) whether it is ready
(/readyz: PostgreSQL, Redis, migrations, the intake) or, with --live, only
alive (/healthz). Exit status 0 when it is, 1 with the reason otherwise.

  --live      check /healthz instead of /readyz
  --addr      the admin server's address (default: ADMIN_ADDR)
  --timeout   how long to wait for the answer (default 5s)
`

// maxHealthBody bounds what healthcheck reads of an answer: a few lines.
const maxHealthBody = 64 << 10

// healthcheck asks the admin server of a running instance whether it is
// ready (or alive), for container health checks: the image has no shell
// and no curl, only this binary.
func healthcheck(ctx context.Context, adminAddr string, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	live := fs.Bool("live", false, "check /healthz instead of /readyz")
	addr := fs.String("addr", adminAddr, "the admin server's address")
	timeout := fs.Duration("timeout", 5*time.Second, "how long to wait for the answer")
	if err := parseFlags(fs, args, healthcheckUsage, stdout); err != nil {
		return err
	}
	if *addr == "" {
		return errors.New("healthcheck: ADMIN_ADDR is off, so there is no admin server to ask")
	}
	if *timeout <= 0 {
		return &usageError{msg: "--timeout must be positive", usage: healthcheckUsage}
	}
	path := "/readyz"
	if *live {
		path = "/healthz"
	}
	url := "http://" + dialable(*addr) + path
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	res, err := healthClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %s: %w", url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxHealthBody))
	if err != nil {
		return fmt.Errorf("healthcheck: %s: read answer: %w", url, err)
	}
	text := strings.TrimSpace(string(body))
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s:\n%s", url, res.Status, text)
	}
	fmt.Fprintln(stdout, text)
	return nil
}

// healthClient asks the admin server directly: never through the
// HTTP_PROXY a container may set for its way out, and without following a
// redirect, since only the admin server's own 200 means ready.
var healthClient = &http.Client{
	Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	},
}

// dialable turns a listen address into one to connect to: a server
// listening on every interface (":9090", "0.0.0.0:9090", "[::]:9090", as
// in a container) is reached on IPv4 loopback. "[::]" too: Go listens
// there on both families, or on IPv4 alone where IPv6 is disabled (as
// Docker does in a container on a network without IPv6), and then ::1
// would refuse.
func dialable(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	switch host {
	case "", "0.0.0.0", "::":
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
