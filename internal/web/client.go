package web

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// The browser's address and whether it reached the site over TLS, as seen
// through the reverse proxies the operator trusts (--trusted-proxies).
// Every use of either — sign-in limits, logs, the audit trail, HSTS,
// Secure cookies, absolute addresses — asks ClientAddr or IsTLS, so that
// one rule decides what a forwarded header may change.

type clientKey struct{}

// client is what resolveClient found out about a request.
type client struct {
	addr string
	tls  bool
}

// ClientAddr returns the address of the browser that sent r: the direct
// peer, or, when the peer is a trusted proxy, the right-most address in
// X-Forwarded-For that is not itself a trusted proxy. It has no port.
func ClientAddr(r *http.Request) string {
	if c, ok := r.Context().Value(clientKey{}).(client); ok {
		return c.addr
	}
	return peerAddr(r.RemoteAddr)
}

// IsTLS reports whether the browser reached the site over TLS: directly,
// or through a trusted proxy that says X-Forwarded-Proto: https.
func IsTLS(r *http.Request) bool {
	if c, ok := r.Context().Value(clientKey{}).(client); ok {
		return c.tls
	}
	return r.TLS != nil
}

// TLSBehind is IsTLS for code that runs before Chain has resolved the
// client (the page cache): whether r came over TLS to this server, or to
// a trusted proxy that says so.
func TLSBehind(r *http.Request, trusted []netip.Prefix) bool {
	if r.TLS != nil {
		return true
	}
	peer, err := netip.ParseAddr(peerAddr(r.RemoteAddr))
	return err == nil && isTrusted(peer, trusted) && lastValue(r.Header.Values("X-Forwarded-Proto")) == "https"
}

// resolveClient works out each request's client once, before anything
// else reads it. Forwarded headers count only when the direct peer is in
// trusted; without trusted proxies they are ignored, so a browser cannot
// claim another address or TLS by sending them itself.
func resolveClient(next http.Handler, trusted []netip.Prefix) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := client{addr: peerAddr(r.RemoteAddr), tls: r.TLS != nil}
		if peer, err := netip.ParseAddr(c.addr); err == nil && isTrusted(peer, trusted) {
			c.addr = forwardedFor(r.Header.Values("X-Forwarded-For"), c.addr, trusted)
			c.tls = c.tls || lastValue(r.Header.Values("X-Forwarded-Proto")) == "https"
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientKey{}, c)))
	})
}

// forwardedFor walks X-Forwarded-For from the right, where each trusted
// proxy appended the address it saw, and returns the first address that
// is not a trusted proxy: everything left of it was written by the client
// and may be invented. An entry that is not an address ends the walk at
// the last address read, as does reaching the left end.
func forwardedFor(headers []string, peer string, trusted []netip.Prefix) string {
	var hops []string
	for _, h := range headers {
		hops = append(hops, strings.Split(h, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		addr, ok := parseHop(hops[i])
		if !ok {
			break
		}
		client = addr.String()
		if !isTrusted(addr, trusted) {
			break
		}
	}
	return client
}

// parseHop reads one X-Forwarded-For entry: an address, possibly with a
// port as some proxies write it ("192.0.2.1:5000", "[2001:db8::1]:80").
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil && a.Zone() == "" {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil && ap.Addr().Zone() == "" {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// lastValue is the right-most value of a header that may be repeated or
// comma-separated: the one the nearest proxy set.
func lastValue(values []string) string {
	if len(values) == 0 {
		return ""
	}
	last := values[len(values)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	return strings.ToLower(strings.TrimSpace(last))
}

// peerAddr is the host part of a RemoteAddr ("192.0.2.1:51234",
// "[::1]:51234"), with IPv4-mapped IPv6 addresses written as IPv4.
func peerAddr(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	if a, err := netip.ParseAddr(host); err == nil {
		return a.Unmap().String()
	}
	return host
}
