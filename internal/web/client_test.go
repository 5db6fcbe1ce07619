package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/mastheadhq/masthead/internal/web"
)

func TestClientAddressAndTLSBehindTrustedProxies(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8:1::/48")}
	tests := []struct {
		name     string
		trusted  []netip.Prefix
		peer     string
		xff      []string
		proto    string
		wantAddr string
		wantTLS  bool
	}{
		{"no proxies trusted: the headers are ignored", nil, "203.0.113.5:4000", []string{"198.51.100.1"}, "https", "203.0.113.5", false},
		{"peer outside the trusted ranges: ignored", trusted, "203.0.113.5:4000", []string{"198.51.100.1"}, "https", "203.0.113.5", false},
		{"one trusted proxy", trusted, "10.1.2.3:4000", []string{"198.51.100.1"}, "https", "198.51.100.1", true},
		{"addresses the client made up are left of the real one", trusted, "10.1.2.3:4000", []string{"192.0.2.66, 192.0.2.77, 198.51.100.1"}, "https", "198.51.100.1", true},
		{"two trusted proxies in a row", trusted, "10.1.2.3:4000", []string{"198.51.100.1, 10.9.9.9"}, "", "198.51.100.1", false},
		{"the header repeated, as lines", trusted, "10.1.2.3:4000", []string{"192.0.2.66", "198.51.100.1", "10.9.9.9"}, "", "198.51.100.1", false},
		{"an address with a port", trusted, "10.1.2.3:4000", []string{"198.51.100.1:5555"}, "", "198.51.100.1", false},
		{"IPv6 behind an IPv6 proxy", trusted, "[2001:db8:1::7]:4000", []string{"2001:db8:ffff::1"}, "https", "2001:db8:ffff::1", true},
		{"IPv4 written as IPv6 by a dual-stack listener", trusted, "[::ffff:10.1.2.3]:4000", []string{"::ffff:198.51.100.1"}, "", "198.51.100.1", false},
		{"garbage ends the walk at the last address", trusted, "10.1.2.3:4000", []string{"<script>, 10.9.9.9"}, "", "10.9.9.9", false},
		{"only garbage: the proxy itself", trusted, "10.1.2.3:4000", []string{"unknown"}, "", "10.1.2.3", false},
		{"no header: the proxy itself", trusted, "10.1.2.3:4000", nil, "", "10.1.2.3", false},
		{"every hop trusted: the left-most", trusted, "10.1.2.3:4000", []string{"10.7.7.7, 10.8.8.8"}, "", "10.7.7.7", false},
		{"the nearest proxy's scheme counts", trusted, "10.1.2.3:4000", nil, "https, http", "10.1.2.3", false},
		{"scheme in capitals", trusted, "10.1.2.3:4000", nil, "HTTPS", "10.1.2.3", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var addr string
			var tls bool
			h := web.Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				addr, tls = web.ClientAddr(r), web.IsTLS(r)
			}), slog.New(slog.NewTextHandler(io.Discard, nil)), tt.trusted...)
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.peer
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if tt.proto != "" {
				r.Header.Set("X-Forwarded-Proto", tt.proto)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if addr != tt.wantAddr || tls != tt.wantTLS {
				t.Errorf("client %q, TLS %v; want %q, %v", addr, tls, tt.wantAddr, tt.wantTLS)
			}
			if got := web.TLSBehind(r, tt.trusted); got != tt.wantTLS {
				t.Errorf("TLSBehind %v, IsTLS in the chain %v", got, tt.wantTLS)
			}
			if hsts := rec.Header().Get("Strict-Transport-Security"); (hsts != "") != tt.wantTLS {
				t.Errorf("Strict-Transport-Security %q with TLS %v", hsts, tt.wantTLS)
			}
		})
	}
}

func TestOutsideTheChainTheDirectPeerCounts(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "[::1]:8080"
	r.Header.Set("X-Forwarded-For", "198.51.100.1")
	r.Header.Set("X-Forwarded-Proto", "https")
	if got := web.ClientAddr(r); got != "::1" {
		t.Errorf("ClientAddr = %q, want ::1", got)
	}
	if web.IsTLS(r) {
		t.Error("IsTLS believed a header without trusted proxies")
	}
}
