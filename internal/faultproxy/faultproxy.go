// Package faultproxy puts a TCP proxy between a test's process and a real
// server (PostgreSQL, Redis), so the test can take that server away from its
// own process and bring it back, while the server keeps serving every other
// test. Down closes every open connection and refuses new ones, as a server
// that stopped would; Up listens again on the same address.
package faultproxy

import (
	"context"
	"io"
	"net"
	"sync"
	"testing"
)

// Proxy forwards connections to a target address until Down.
type Proxy struct {
	t      testing.TB
	target string
	addr   string
	// ctx lives as long as the proxy, past the test's own context, so that
	// the test's cleanups still reach the server; a dial in flight when the
	// proxy stops gives up.
	ctx context.Context

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

// Start listens on a free loopback port and forwards to target; it stops
// when the test ends.
func Start(t testing.TB, target string) *Proxy {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		cancel()
		t.Fatalf("faultproxy: listen: %v", err)
	}
	p := &Proxy{t: t, ctx: ctx, target: target, addr: ln.Addr().String(), conns: map[net.Conn]struct{}{}}
	p.serve(ln)
	t.Cleanup(func() {
		cancel()
		p.Down()
		p.wg.Wait()
	})
	return p
}

// Addr is the proxy's host:port, to put in place of the target's.
func (p *Proxy) Addr() string { return p.addr }

// Host and Port split Addr.
func (p *Proxy) Host() string { h, _, _ := net.SplitHostPort(p.addr); return h }

// Port is Addr's port.
func (p *Proxy) Port() string { _, port, _ := net.SplitHostPort(p.addr); return port }

// Down cuts every connection and refuses new ones until Up.
func (p *Proxy) Down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		_ = c.Close()
	}
	clear(p.conns)
}

// Up accepts connections again, on the same address.
func (p *Proxy) Up() {
	p.t.Helper()
	var lc net.ListenConfig
	ln, err := lc.Listen(p.ctx, "tcp", p.addr)
	if err != nil {
		p.t.Fatalf("faultproxy: listen again on %s: %v", p.addr, err)
	}
	p.serve(ln)
}

func (p *Proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.wg.Go(func() { p.pipe(c) })
		}
	})
}

// track registers c while the proxy is up; false when it went down.
func (p *Proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln == nil {
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *Proxy) pipe(client net.Conn) {
	var d net.Dialer
	server, err := d.DialContext(p.ctx, "tcp", p.target)
	if err != nil {
		_ = client.Close()
		return
	}
	if !p.track(client) || !p.track(server) {
		_ = client.Close()
		_ = server.Close()
		return
	}
	var wg sync.WaitGroup
	copyThenClose := func(dst, src net.Conn) {
		defer wg.Done()
		_, _ = io.Copy(dst, src) // ends when either side goes away
		_ = dst.Close()
		_ = src.Close()
	}
	wg.Add(2)
	go copyThenClose(server, client)
	go copyThenClose(client, server)
	wg.Wait()
	p.mu.Lock()
	delete(p.conns, client)
	delete(p.conns, server)
	p.mu.Unlock()
}
