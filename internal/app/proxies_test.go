package app_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/store"
)

// Behind a reverse proxy every request comes from the proxy's address.
// These tests stand in for a proxy on the loopback address the test
// client connects from: with --trusted-proxies naming it, the forwarded
// client address and scheme count; without, they are a browser's
// inventions and are ignored.

// syncBuffer collects log output written from the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newProxiedNewsroom is a publication whose --trusted-proxies is trusted
// (empty: none), logging every request into logs.
func newProxiedNewsroom(t *testing.T, trusted string, logs *syncBuffer) *newsroomSite {
	t.Helper()
	env := map[string]string{"MASTHEAD_DATA": t.TempDir(), "MASTHEAD_TRUSTED_PROXIES": trusted}
	cfg := config.Default()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg.BindServe(fs)
	must(t, cfg.Parse(fs, nil, func(k string) string { return env[k] }))
	if trusted != "" && len(cfg.TrustedProxies) == 0 {
		t.Fatalf("MASTHEAD_TRUSTED_PROXIES=%s was not read", trusted)
	}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	m, err := app.Open(context.Background(), cfg, log)
	must(t, err)
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(func() { srv.Close(); m.Close() })
	return &newsroomSite{t: t, cfg: cfg, srv: srv, main: m}
}

// forwarded sends a request as a proxy would pass it on: with the
// client's address appended to X-Forwarded-For and the scheme it used.
func (n *newsroomSite) forwarded(c *http.Client, method, path string, form url.Values, xff, proto string) *http.Response {
	n.t.Helper()
	var body *strings.Reader
	if form == nil {
		body = strings.NewReader("")
	} else {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, n.srv.URL+path, body)
	must(n.t, err)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	if proto != "" {
		req.Header.Set("X-Forwarded-Proto", proto)
	}
	resp, err := c.Do(req)
	must(n.t, err)
	n.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// failSignIns makes count failed sign-ins, each for another unknown
// account (so that only the client limit can stop them), from xff.
func (n *newsroomSite) failSignIns(count int, xff func(i int) string) {
	n.t.Helper()
	for i := range count {
		form := url.Values{"email": {fmt.Sprintf("nobody%d@example.org", i)}, "password": {"not the password"}}
		if resp := n.forwarded(n.browser(), "POST", "/admin/login", form, xff(i), ""); resp.StatusCode != http.StatusUnauthorized {
			n.t.Fatalf("failed sign-in %d answered %d, want 401", i+1, resp.StatusCode)
		}
	}
}

func (n *newsroomSite) signInStatus(email, xff string) int {
	n.t.Helper()
	form := url.Values{"email": {email}, "password": {"not the password"}}
	return n.forwarded(n.browser(), "POST", "/admin/login", form, xff, "").StatusCode
}

// auditAddresses lists the addresses of the failed sign-ins recorded.
func (n *newsroomSite) auditAddresses() map[string]int {
	n.t.Helper()
	entries, err := n.main.Store.AuditLog(context.Background(), store.AuditFilter{Limit: 100})
	must(n.t, err)
	ips := map[string]int{}
	for _, e := range entries {
		if strings.HasPrefix(e.Action, "signin.") {
			ips[e.IP]++
		}
	}
	return ips
}

// secureSignals reports what a response says about TLS: HSTS, whether
// every cookie it sets is Secure, and the scheme of its canonical link.
func secureSignals(t *testing.T, resp *http.Response) (hsts, secureCookies bool, canonical string) {
	t.Helper()
	hsts = resp.Header.Get("Strict-Transport-Security") != ""
	secureCookies = len(resp.Cookies()) > 0
	for _, c := range resp.Cookies() {
		secureCookies = secureCookies && c.Secure
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		doc, err := goquery.NewDocumentFromReader(resp.Body)
		must(t, err)
		canonical, _ = doc.Find(`link[rel=canonical]`).Attr("href")
	}
	return hsts, secureCookies, canonical
}

func TestForwardedHeadersAreIgnoredWithoutTrustedProxies(t *testing.T) {
	logs := &syncBuffer{}
	n := newProxiedNewsroom(t, "", logs)

	// A guesser who makes up a new address for every attempt still
	// spends the one budget of the address it connects from.
	n.failSignIns(20, func(i int) string { return fmt.Sprintf("198.51.100.%d", i+1) })
	if status := n.signInStatus("someone@example.org", "198.51.100.200"); status != http.StatusTooManyRequests {
		t.Errorf("the 21st failure from one connection with a new X-Forwarded-For: %d, want 429", status)
	}
	if ips := n.auditAddresses(); len(ips) != 1 || ips["127.0.0.1"] == 0 {
		t.Errorf("the audit log records sign-ins from %v, want only 127.0.0.1", ips)
	}
	if strings.Contains(logs.String(), "198.51.100.") || !strings.Contains(logs.String(), "client=127.0.0.1") {
		t.Errorf("the access log believes X-Forwarded-For:\n%s", lastLines(logs.String(), 3))
	}

	// Claiming HTTPS in a header is not HTTPS.
	for _, path := range []string{"/", "/admin/login"} {
		resp := n.forwarded(n.browser(), "GET", path, nil, "", "https")
		if hsts, _, canonical := secureSignals(t, resp); hsts || strings.HasPrefix(canonical, "https:") {
			t.Errorf("GET %s with X-Forwarded-Proto: https from an untrusted peer: HSTS %v, canonical %q", path, hsts, canonical)
		}
	}
	resp := n.forwarded(n.browser(), "POST", "/consent", url.Values{"choice": {"accept"}}, "", "https")
	if _, secure, _ := secureSignals(t, resp); secure || len(resp.Cookies()) == 0 {
		t.Errorf("the consent cookie is Secure (%v) on a plain-HTTP request that claims HTTPS", secure)
	}
}

func TestBehindTrustedProxiesTheForwardedClientCounts(t *testing.T) {
	logs := &syncBuffer{}
	n := newProxiedNewsroom(t, "127.0.0.0/8,::1", logs)
	n.createUser("chief@example.org", "Chief", "administrator", "the chief's long password")

	// The client limit follows the browser's address, not the proxy's:
	// one guesser is stopped, and the readers and staff behind the same
	// proxy are not. Addresses left of the browser's are its own
	// inventions and change nothing.
	n.failSignIns(20, func(i int) string { return fmt.Sprintf("192.0.2.%d, 198.51.100.7", i+1) })
	if status := n.signInStatus("someone@example.org", "198.51.100.7"); status != http.StatusTooManyRequests {
		t.Errorf("the guesser's 21st failure: %d, want 429", status)
	}
	if status := n.signInStatus("someone@example.org", "198.51.100.7, 127.0.0.9"); status != http.StatusTooManyRequests {
		t.Errorf("the guesser through two trusted proxies: %d, want 429", status)
	}
	if status := n.signInStatus("someone@example.org", "198.51.100.8"); status != http.StatusUnauthorized {
		t.Errorf("another client behind the same proxy: %d, want 401 (not blocked)", status)
	}
	if ips := n.auditAddresses(); ips["198.51.100.7"] < 20 || ips["127.0.0.1"] != 0 {
		t.Errorf("the audit log records sign-ins from %v, want 198.51.100.7", ips)
	}
	if !strings.Contains(logs.String(), "client=198.51.100.7") || strings.Contains(logs.String(), "client=192.0.2.") {
		t.Errorf("the access log does not name the forwarded client:\n%s", lastLines(logs.String(), 3))
	}

	// X-Forwarded-Proto: https from the proxy is TLS: HSTS, Secure
	// cookies, https addresses; plain HTTP through the proxy is not.
	for _, path := range []string{"/", "/admin/login"} {
		hsts, _, canonical := secureSignals(t, n.forwarded(n.browser(), "GET", path, nil, "198.51.100.9", "https"))
		if !hsts || (path == "/" && !strings.HasPrefix(canonical, "https://")) {
			t.Errorf("GET %s forwarded over HTTPS: HSTS %v, canonical %q", path, hsts, canonical)
		}
		hsts, _, canonical = secureSignals(t, n.forwarded(n.browser(), "GET", path, nil, "198.51.100.9", "http"))
		if hsts || strings.HasPrefix(canonical, "https:") {
			t.Errorf("GET %s forwarded over HTTP: HSTS %v, canonical %q", path, hsts, canonical)
		}
	}
	signIn := url.Values{"email": {"chief@example.org"}, "password": {"the chief's long password"}}
	resp := n.forwarded(n.browser(), "POST", "/admin/login", signIn, "198.51.100.9", "https")
	if hsts, secure, _ := secureSignals(t, resp); resp.StatusCode != http.StatusSeeOther || !hsts || !secure {
		t.Errorf("sign-in forwarded over HTTPS: %d, HSTS %v, Secure cookies %v", resp.StatusCode, hsts, secure)
	}
	resp = n.forwarded(n.browser(), "POST", "/consent", url.Values{"choice": {"refuse"}}, "198.51.100.9", "https")
	if _, secure, _ := secureSignals(t, resp); !secure {
		t.Error("the consent cookie is not Secure when the proxy says HTTPS")
	}
	sessions, err := n.main.Store.AuditLog(context.Background(), store.AuditFilter{Limit: 1})
	must(t, err)
	if len(sessions) != 1 || sessions[0].Action != "signin.success" || sessions[0].IP != "198.51.100.9" {
		t.Errorf("the sign-in is audited as %+v, want signin.success from 198.51.100.9", sessions)
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
