package app_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestArticlePageWeight(t *testing.T) {
	_, path := articleURL(t, frenchSlug)
	p := get(t, path)
	total, js := len(p.body), 0
	p.doc.Find("link[rel=stylesheet], script[src]").Each(func(_ int, s *goquery.Selection) {
		ref, ok := s.Attr("href")
		if !ok {
			ref, _ = s.Attr("src")
		}
		a := get(t, ref)
		if a.status != 200 {
			t.Fatalf("GET %s: %d", ref, a.status)
		}
		total += len(a.body)
		if goquery.NodeName(s) == "script" {
			js += len(a.body)
		}
	})
	t.Logf("article page: %d bytes of HTML, CSS and JS, %d of them JavaScript", total, js)
	if total >= 100_000 {
		t.Errorf("article page weighs %d bytes without images, want under 100 KB", total)
	}
	if js >= 10_000 {
		t.Errorf("JavaScript weighs %d bytes, want under 10 KB", js)
	}
}

func TestPagesCarryNoInlineScriptAndStrictHeaders(t *testing.T) {
	_, path := articleURL(t, frenchSlug)
	for _, u := range []string{"/", path, "/category/news/", "/no-such-page/"} {
		p := get(t, u)
		csp := p.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("GET %s: weak Content-Security-Policy %q", u, csp)
		}
		if p.header.Get("X-Content-Type-Options") != "nosniff" || p.header.Get("Referrer-Policy") == "" {
			t.Errorf("GET %s: missing nosniff or Referrer-Policy", u)
		}
		p.doc.Find("script").Each(func(_ int, s *goquery.Selection) {
			_, hasSrc := s.Attr("src")
			typ, _ := s.Attr("type")
			if !hasSrc && typ != "application/ld+json" {
				t.Errorf("GET %s: inline script %q", u, s.Text())
			}
		})
		if p.doc.Find("[style]").Length() > 0 {
			t.Errorf("GET %s: style attributes would be blocked by the CSP", u)
		}
	}
}

func TestAssetsAreHashedAndCachedForever(t *testing.T) {
	p := get(t, "/")
	css := p.attr("link[rel=stylesheet]", "href")
	if !strings.HasPrefix(css, "/assets/site.") || strings.Count(css, ".") != 2 {
		t.Fatalf("stylesheet address %q is not content-hashed", css)
	}
	a := get(t, css)
	if a.status != 200 || !strings.Contains(a.header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(a.header.Get("Content-Type"), "text/css") {
		t.Errorf("GET %s: %d %q %q", css, a.status, a.header.Get("Cache-Control"), a.header.Get("Content-Type"))
	}
	if !strings.Contains(a.body, "--accent") {
		t.Errorf("GET %s: not the theme's stylesheet", css)
	}
	req, _ := http.NewRequest("GET", demoSite.srv.URL+css, nil)
	req.Header.Set("If-None-Match", a.header.Get("ETag"))
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET %s: %d, want 304", css, resp.StatusCode)
	}
	if g := get(t, "/assets/nothing.123.css"); g.status != 404 {
		t.Errorf("unknown asset: %d", g.status)
	}
}

func TestConsentIsRememberedWithoutJavaScript(t *testing.T) {
	tests := []struct{ next, location, choice, cookie string }{
		{"/category/news/", "/category/news/", "accept", "1"},
		{"/category/news/", "/category/news/", "refuse", "0"},
		{"/", "/", "", "1"}, // a form from before Refuse existed
		{"//evil.example/", "/", "accept", "1"},
		{"https://evil.example/", "/", "refuse", "0"},
		{"/\\evil.example", "/", "accept", "1"},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("POST", demoSite.srv.URL+"/consent", strings.NewReader(url.Values{"next": {tt.next}, "choice": {tt.choice}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != tt.location {
			t.Errorf("next=%q: %d to %q, want 303 to %q", tt.next, resp.StatusCode, resp.Header.Get("Location"), tt.location)
		}
		var cookie *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == "consent" {
				cookie = c
			}
		}
		if cookie == nil || cookie.MaxAge < 86400*300 || cookie.Value != tt.cookie {
			t.Fatalf("choice %q: consent cookie %v, want %q for a year", tt.choice, cookie, tt.cookie)
		}
	}
	req, _ := http.NewRequest("GET", demoSite.srv.URL+"/", nil)
	req.AddCookie(&http.Cookie{Name: "consent", Value: "1"})
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Find("#consent").Length() != 0 {
		t.Error("consent bar shown again after it was accepted")
	}
	if get(t, "/").count("#consent") != 1 {
		t.Error("consent bar missing for a new reader")
	}
}

func TestCrossSiteFormPostsAreRefused(t *testing.T) {
	req, _ := http.NewRequest("POST", demoSite.srv.URL+"/consent", strings.NewReader("next=/"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", resp.StatusCode)
	}
}

func TestHealthEndpoints(t *testing.T) {
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready"} {
		p := get(t, path)
		if p.status != 200 || !strings.Contains(p.body, want) {
			t.Errorf("GET %s: %d %q", path, p.status, p.body)
		}
	}
}
