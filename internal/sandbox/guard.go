package sandbox

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// guard keeps other web sites out of the web chat. The sandbox listens on
// the visitor's own machine and anyone who reaches it acts as any seeded
// person, so two ways in from a page the visitor merely opens are closed:
//   - a cross-site form or fetch that posts to 127.0.0.1:8088 (CSRF): the
//     JSON endpoints read any body whatever its Content-Type, and a
//     multipart upload needs no preflight, so the browser's Sec-Fetch-Site
//     and Origin headers decide (http.CrossOriginProtection);
//   - a site that re-points its own name at 127.0.0.1 (DNS rebinding) and
//     then reads and posts as a same-origin page: the request names that
//     site in Host, so only an IP address or localhost is served.
func guard(next http.Handler) http.Handler {
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
		writeError(rw, http.StatusForbidden, "another site may not act in the sandbox")
	}))
	checked := csrf.Handler(next)
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !localHost(r.Host) {
			writeError(rw, http.StatusMisdirectedRequest, "open the sandbox by its IP address or as localhost")
			return
		}
		checked.ServeHTTP(rw, r)
	})
}

// localHost says whether a Host header names this machine the way the
// sandbox is opened: an IP address (127.0.0.1, or the LAN address of a
// sandbox on 0.0.0.0 opened from a phone), or localhost.
func localHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	_, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil
}
