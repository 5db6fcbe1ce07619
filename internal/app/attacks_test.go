package app_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// xssPayloads are what an attacker types into any field, reflected or
// stored: element injection, attribute break-outs, script URLs, breaking
// out of <title> and <script type=ld+json>, and template syntax.
var xssPayloads = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`'><svg onload=alert(1)>`,
	`javascript:alert(1)`,
	`</title><svg/onload=alert(1)>`,
	`'-alert(1)-'`,
	`";alert(1);//`,
	`{{.}}`,
	`{{template "layout" .}}`,
	`</script><script>alert(1)</script>`,
	`<a href="javascript:alert(1)">x</a>`,
	`<iframe src=//evil.example></iframe>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`" autofocus onfocus="alert(1)`,
	`<!--<img src="--><img src=x onerror=alert(1)//">`,
	"\u003cscript\u003ealert(1)\u003c/script\u003e",
}

// sqlPayloads try to break out of a quoted string, a LIKE pattern or a
// number in any query the router builds.
var sqlPayloads = []string{
	`' OR '1'='1`, `1; DROP TABLE articles--`, `%' --`, `1 OR 1=1`, `" OR ""="`, "\u2019 OR \u20191\u2019=\u20191",
	`1) UNION SELECT password_hash FROM users--`, `%_%`, `\`, `-1`, `99999999999999999999`, "\x00",
}

// queryParams are every query parameter a reader or newsroom page reads.
var queryParams = []string{"q", "category", "tag", "author", "from", "to", "page", "next", "email", "exp", "sig",
	"draft", "status", "done", "parent", "action", "user", "before", "sort", "format",
	// WordPress's query addresses, which the front page looks up as redirects.
	"p", "page_id", "attachment_id", "cat", "feed"}

// assertInert fails when a response could run the attacker's code: an
// unescaped payload with markup, an event handler, a script the site did
// not write, or a script URL.
func assertInert(t *testing.T, where string, status int, contentType, body, payload string) {
	t.Helper()
	if status >= 500 {
		t.Errorf("%s: status %d", where, status)
	}
	// The JSON Feed is left out: it is never parsed as HTML (its own type
	// and nosniff), and it writes < unescaped on purpose (feeds/jsonfeed.go).
	if strings.ContainsAny(payload, `<>`) && strings.Contains(body, payload) && !strings.HasPrefix(contentType, "application/feed+json") {
		t.Errorf("%s: the payload %q appears unescaped", where, payload)
	}
	if !strings.HasPrefix(contentType, "text/html") {
		return
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Errorf("%s: %v", where, err)
		return
	}
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range s.Nodes[0].Attr {
			if bad := activeAttr(a); bad != "" {
				t.Errorf("%s: <%s %s=%q> (%s)", where, goquery.NodeName(s), a.Key, a.Val, bad)
			}
		}
		switch name := goquery.NodeName(s); {
		case name == "script":
			src, hasSrc := s.Attr("src")
			if typ, _ := s.Attr("type"); !hasSrc && typ != "application/ld+json" {
				t.Errorf("%s: inline script %q", where, s.Text())
			}
			if hasSrc && !strings.HasPrefix(src, "/") {
				t.Errorf("%s: a script from elsewhere, %q", where, src)
			}
		case name == "meta":
			if equiv, _ := s.Attr("http-equiv"); strings.EqualFold(equiv, "refresh") {
				t.Errorf("%s: injected <meta http-equiv=refresh>", where)
			}
		case activeElements[name]:
			t.Errorf("%s: injected <%s>", where, name)
		}
	})
}

// activeElements run code, or change where a page's addresses lead or
// how it looks beyond its own stylesheet, wherever content puts them.
var activeElements = map[string]bool{"iframe": true, "frame": true, "frameset": true, "object": true, "embed": true,
	"applet": true, "svg": true, "math": true, "base": true, "style": true, "script": true}

// urlAttrs are attributes a browser loads or follows as an address.
var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true,
	"poster": true, "data": true, "background": true, "lowsrc": true, "dynsrc": true, "srcset": true}

// activeAttr says why an attribute could run code or load a document of
// the attacker's, or "" when it cannot: event handlers, script and data
// URLs (read as a browser does: entities decoded by the parser, white
// space and control characters dropped, any case) and CSS expressions.
func activeAttr(a html.Attribute) string {
	key := strings.ToLower(a.Key)
	val := strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, a.Val))
	switch {
	case strings.HasPrefix(key, "on"):
		return "event handler"
	case urlAttrs[key] && (strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "vbscript:")):
		return "script URL"
	case urlAttrs[key] && strings.HasPrefix(val, "data:"):
		return "data URL"
	case key == "style" && (strings.Contains(val, "expression(") || strings.Contains(val, "javascript:")):
		return "CSS that runs script"
	}
	return ""
}

// fetch requests a path on the shared demo, keeping the path as given.
func fetch(t *testing.T, c *http.Client, base, path string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest("GET", base+path, nil)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read: %v", path, err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// attackPages are one address of every kind of reader page in the demo.
func attackPages(t *testing.T) []string {
	t.Helper()
	_, article := articleURL(t, frenchSlug)
	p := get(t, article)
	tag, author := p.attr(`a[href^="/tag/"]`, "href"), p.attr(`a[href^="/author/"]`, "href")
	if tag == "" || author == "" {
		t.Fatalf("the demo article links no tag (%q) or author (%q)", tag, author)
	}
	return []string{"/", article, "/category/news/", tag, author, "/search", "/search.json", "/feed/", "/feed/atom/",
		"/feed/json/", tag + "feed/", "/sitemap.xml", "/news-sitemap.xml", "/signin/", "/no-such-page/", "/preview/1/"}
}

// withParams sets every query parameter, or just the one named, to v.
func withParams(path, only, v string) string {
	q := url.Values{}
	for _, k := range queryParams {
		if only == "" || k == only {
			q.Set(k, v)
		}
	}
	return path + "?" + q.Encode()
}

// readerRoutesWith turns every GET route of the reader site into an
// address with payload in each of its path segments' wildcards.
func readerRoutesWith(routes []string, payload string) []string {
	var out []string
	for _, r := range routes {
		method, path, ok := strings.Cut(r, " ")
		if !ok || method != "GET" || strings.HasPrefix(path, "/admin") {
			continue
		}
		if !strings.Contains(path, "{") {
			path += "/" + url.PathEscape(payload)
		}
		out = append(out, wildcard.ReplaceAllStringFunc(path, func(w string) string {
			if w == "{$}" {
				return ""
			}
			return url.PathEscape(payload)
		}))
	}
	return out
}

func TestReflectedXSSIsEscapedEverywhere(t *testing.T) {
	pages := attackPages(t)
	requests := 0
	for _, payload := range xssPayloads {
		for _, p := range pages {
			targets := []string{withParams(p, "", payload)}
			if strings.HasPrefix(p, "/search") {
				for _, k := range queryParams {
					targets = append(targets, withParams(p, k, payload))
				}
			}
			for _, target := range targets {
				status, ct, body := fetch(t, client, demoSite.srv.URL, target)
				assertInert(t, "GET "+target, status, ct, body, payload)
				requests++
			}
		}
		for _, target := range readerRoutesWith(demoSite.main.Routes(), payload) {
			status, ct, body := fetch(t, client, demoSite.srv.URL, target)
			assertInert(t, "GET "+target, status, ct, body, payload)
			requests++
		}
	}
	t.Logf("%d requests", requests)
}

// TestSearchShowsAReflectedQueryAsText checks the positive side: the
// query is shown back to the reader, as text.
func TestSearchShowsAReflectedQueryAsText(t *testing.T) {
	p := get(t, "/search?q="+url.QueryEscape(`<b>gas</b>`))
	if v, _ := p.doc.Find(`#search-q`).Attr("value"); v != `<b>gas</b>` {
		t.Errorf("search box holds %q", v)
	}
	if p.doc.Find("main b").Length() > 0 {
		t.Error("the query became markup")
	}
}

func TestSQLInjectionChangesNothing(t *testing.T) {
	ctx := t.Context()
	count := func() int {
		n, err := demoSite.main.Store.CountArticles(ctx, store.ArticleFilter{})
		must(t, err)
		return n
	}
	before := count()
	pages := attackPages(t)
	for _, payload := range sqlPayloads {
		for _, p := range pages {
			for _, only := range append([]string{""}, queryParams...) {
				if only != "" && !strings.HasPrefix(p, "/search") {
					continue
				}
				target := withParams(p, only, payload)
				if status, _, body := fetch(t, client, demoSite.srv.URL, target); status >= 500 {
					t.Errorf("GET %s: %d %s", target, status, body)
				}
			}
		}
		for _, target := range readerRoutesWith(demoSite.main.Routes(), payload) {
			if status, _, body := fetch(t, client, demoSite.srv.URL, target); status >= 500 {
				t.Errorf("GET %s: %d %s", target, status, body)
			}
		}
	}
	if after := count(); after != before {
		t.Errorf("%d articles before, %d after", before, after)
	}
	if p := get(t, "/search?q=energy"); p.status != http.StatusOK || p.count("main article, main li") == 0 {
		t.Errorf("search after the attacks: %d", p.status)
	}
}

func TestSQLInjectionThroughNewsroomPages(t *testing.T) {
	n := newNewsroom(t)
	admin, _ := n.staff("chief@example.org", "Chief", "administrator")
	ctx := t.Context()
	section := news.Category{Name: "News", Slug: "news"}
	must(t, n.main.Store.CreateCategory(ctx, &section))
	must(t, n.main.Store.CreateArticle(ctx, &news.Article{Title: "Kept", Slug: "kept", Status: news.StatusDraft}))
	users, err := n.main.Store.AllUsers(ctx)
	must(t, err)
	articles, err := n.main.Store.CountArticles(ctx, store.ArticleFilter{})
	must(t, err)
	checked := 0
	for _, payload := range sqlPayloads {
		for _, r := range n.main.Routes() {
			method, path, ok := strings.Cut(r, " ")
			if !ok || method != "GET" || !strings.HasPrefix(path, "/admin") {
				continue
			}
			for _, target := range []string{withParams(concretePath(path), "", payload), withParams(wildcardsTo(path, payload), "q", payload)} {
				resp, body := n.do(admin, "GET", target, nil)
				if resp.StatusCode >= 500 {
					t.Errorf("GET %s: %d %s", target, resp.StatusCode, body)
				}
				checked++
			}
		}
	}
	if checked < 40 {
		t.Fatalf("only %d newsroom requests: the route walk is broken", checked)
	}
	after, err := n.main.Store.AllUsers(ctx)
	must(t, err)
	if len(after) != len(users) {
		t.Errorf("%d users before, %d after", len(users), len(after))
	}
	if got, err := n.main.Store.CountArticles(ctx, store.ArticleFilter{}); err != nil || got != articles {
		t.Errorf("%d articles before, %d after (%v)", articles, got, err)
	}
	if resp, _ := n.do(admin, "GET", "/admin/", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the newsroom after the attacks: %d", resp.StatusCode)
	}
}

func wildcardsTo(path, v string) string {
	return wildcard.ReplaceAllStringFunc(path, func(w string) string {
		if w == "{$}" {
			return ""
		}
		return url.PathEscape(v)
	})
}

func TestPathTraversalServesNoFiles(t *testing.T) {
	for _, path := range []string{
		"/media/../../etc/passwd", "/media/..%2f..%2f..%2fetc%2fpasswd", "/media/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
		"/media/%2e%2e%2f%2e%2e%2fgo.mod", "/media/..%5c..%5cgo.mod", "/media/....//....//etc/passwd",
		"/media/%252e%252e%252fgo.mod", "/media//etc/passwd", "/media/%00../go.mod",
		"/assets/..%2f..%2fgo.mod", "/assets/%2e%2e%2fgo.mod", "/assets/..%5cgo.mod", "/assets/../../go.mod",
		"/admin/static/..%2f..%2f..%2fgo.mod", "/admin/static/%2e%2e%2fadmin.go",
	} {
		// Followed: the router redirects some to their cleaned path.
		status, _, body := fetch(t, http.DefaultClient, demoSite.srv.URL, path)
		if status == http.StatusOK || strings.Contains(body, "module github.com/mastheadhq") || strings.Contains(body, "root:x:0:0") ||
			strings.Contains(body, "package admin") {
			t.Errorf("GET %s: %d serves a file from outside the site", path, status)
		}
		if status != http.StatusNotFound && status != http.StatusBadRequest {
			t.Errorf("GET %s: %d in the end, want 404 or 400", path, status)
		}
	}
}

// strictHeaders fails unless h carries the headers every response needs.
func strictHeaders(t *testing.T, where string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	scriptSrc := ""
	for _, d := range strings.Split(csp, ";") {
		if f := strings.Fields(d); len(f) > 0 && (f[0] == "script-src" || (f[0] == "default-src" && scriptSrc == "")) {
			scriptSrc = d
		}
	}
	if scriptSrc == "" || strings.Contains(scriptSrc, "unsafe-inline") || strings.Contains(scriptSrc, "unsafe-eval") {
		t.Errorf("%s: script-src %q", where, scriptSrc)
	}
	if !strings.Contains(csp, "frame-ancestors 'none'") && !strings.Contains(csp, "frame-ancestors 'self'") {
		t.Errorf("%s: no frame-ancestors in %q", where, csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options %q", where, h.Get("X-Content-Type-Options"))
	}
	if rp := h.Get("Referrer-Policy"); rp == "" || rp == "unsafe-url" {
		t.Errorf("%s: Referrer-Policy %q", where, rp)
	}
}

func TestEveryKindOfResponseCarriesSecurityHeaders(t *testing.T) {
	_, article := articleURL(t, frenchSlug)
	p := get(t, article)
	asset := p.attr(`link[rel=stylesheet][href^="/assets/"]`, "href")
	script := p.attr(`script[src^="/assets/"]`, "src")
	media := p.attr(`img[src^="/media/"]`, "src")
	if asset == "" || media == "" {
		t.Fatalf("the demo article links no stylesheet (%q) or picture (%q)", asset, media)
	}
	kinds := map[string]string{
		"HTML": article, "JSON": "/search.json?q=gas", "RSS": "/feed/", "Atom": "/feed/atom/", "JSON Feed": "/feed/json/",
		"sitemap": "/sitemap.xml", "robots": "/robots.txt", "stylesheet": asset, "media": media, "404": "/no-such-page/",
		"404 asset": "/assets/no-such-file.css", "redirect": "/wp-sitemap.xml", "admin sign-in": "/admin/login",
		"admin redirect": "/admin/", "admin stylesheet": "/admin/admin.css", "health": "/healthz",
	}
	if script != "" {
		kinds["script"] = script
	}
	for kind, path := range kinds {
		resp, err := client.Get(demoSite.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		strictHeaders(t, kind+" "+path, resp.Header)
		if resp.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s %s: HSTS over plain HTTP, where browsers ignore it and proxies may strip TLS", kind, path)
		}
	}
	// A cross-site POST is refused before any handler: the refusal too.
	req, _ := http.NewRequest("POST", demoSite.srv.URL+"/consent", strings.NewReader("x=1"))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := client.Do(req)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d", resp.StatusCode)
	}
	strictHeaders(t, "403 cross-site POST", resp.Header)
}

func TestOverTLSTheSiteAsksForHSTSAndSecureCookies(t *testing.T) {
	n := newNewsroom(t)
	n.createUser("chief@example.org", "Chief", "administrator", "the chief's long password")
	srv := httptest.NewTLSServer(n.main.Handler())
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	c := srv.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.Transport.(*http.Transport).TLSClientConfig.MinVersion = tls.VersionTLS12

	for _, path := range []string{"/", "/no-such-page/", "/feed/", "/admin/login"} {
		resp, err := c.Get(srv.URL + path)
		must(t, err)
		resp.Body.Close()
		hsts := resp.Header.Get("Strict-Transport-Security")
		age, _ := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(strings.Split(hsts, ";")[0]), "max-age="))
		if age < 31536000 || !strings.Contains(hsts, "includeSubDomains") {
			t.Errorf("GET %s over TLS: Strict-Transport-Security %q", path, hsts)
		}
		strictHeaders(t, "TLS "+path, resp.Header)
	}
	form := url.Values{"email": {"chief@example.org"}, "password": {"the chief's long password"}}
	resp, err := c.PostForm(srv.URL+"/admin/login", form)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in over TLS: %d", resp.StatusCode)
	}
	found := false
	for _, ck := range resp.Cookies() {
		if ck.Name == "masthead_session" {
			found = true
			if !ck.Secure || !ck.HttpOnly || ck.SameSite == http.SameSiteNoneMode {
				t.Errorf("session cookie over TLS: Secure=%v HttpOnly=%v SameSite=%v", ck.Secure, ck.HttpOnly, ck.SameSite)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie set over TLS")
	}
	resp, err = c.PostForm(srv.URL+"/consent", url.Values{"choice": {"accept"}})
	must(t, err)
	resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if !ck.Secure {
			t.Errorf("cookie %s set over TLS without Secure", ck.Name)
		}
	}
}

// TestStoredXSSFromTheNewsroomIsRenderedInert types every payload into
// every field staff fill in, then reads every page that shows them.
func TestStoredXSSFromTheNewsroomIsRenderedInert(t *testing.T) {
	d := newDesk(t)
	admin, _ := d.staff("chief@example.org", "Chief", "administrator")
	ctx := context.Background()
	for i, payload := range xssPayloads {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			// The author and the picture, through their newsroom forms.
			d.posted(admin, "/admin/authors/new", url.Values{"name": {"Author " + payload}, "bio": {"Bio " + payload},
				"slug": {fmt.Sprintf("author-%d", i)}})
			authors, err := d.main.Store.AllAuthors(ctx)
			must(t, err)
			var author news.Author
			for _, a := range authors {
				if a.Slug == fmt.Sprintf("author-%d", i) {
					author = a
				}
			}
			if author.ID == 0 {
				t.Fatalf("author %d not created", i)
			}
			edit := fmt.Sprintf("/admin/media/%d", d.picture.ID)
			if resp, body := d.do(admin, "POST", edit, url.Values{"alt": {"Alt " + payload}, "caption": {"Caption " + payload},
				"credit": {"Credit " + payload}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("media edit: %d %s", resp.StatusCode, notice(body))
			}

			// The article, typed in the editor by the desk's editor.
			form := d.editorForm(d.editor, "/admin/articles/new")
			form.Set("title", "Title "+payload)
			form.Set("slug", fmt.Sprintf("stored-%d", i))
			form.Set("standfirst", "Standfirst "+payload)
			form.Set("body", "<p>Body "+payload+"</p>")
			form.Set("seo_title", "SEO "+payload)
			form.Set("seo_description", "Description "+payload)
			form.Set("tags", fmt.Sprintf("Tag %d %s", i, strings.ReplaceAll(payload, ",", " ")))
			form.Set("category", strconv.FormatInt(d.section.ID, 10))
			form.Set("authors", strconv.FormatInt(author.ID, 10))
			form.Set("image", strconv.FormatInt(d.picture.ID, 10))
			form.Set("source_kind", "translation")
			for _, k := range []string{"source_publication", "source_original_author", "source_translator", "source_note"} {
				form.Set(k, k+" "+payload)
			}
			form.Set("source_url", "https://example.org/"+url.PathEscape(payload))
			id := d.save(d.editor, "/admin/articles/", form, "saved")
			path := fmt.Sprintf("/admin/articles/%d/", id)
			form = d.editorForm(d.editor, path)
			form.Set("step", "publish")
			d.save(d.editor, path, form, "published")

			art, err := d.main.Store.Article(ctx, id)
			must(t, err)
			settings, err := d.main.Store.Settings(ctx)
			must(t, err)
			reader := news.ArticlePath(art, settings.Location())
			pages := []string{reader, "/", "/category/news/", "/author/" + author.Slug + "/", "/search?q=title",
				"/search.json?q=title", "/feed/", "/feed/atom/", "/feed/json/", "/sitemap.xml", "/news-sitemap.xml"}
			for _, tg := range art.Tags {
				pages = append(pages, "/tag/"+tg.Slug+"/")
			}
			for _, p := range pages {
				status, ct, body := fetch(t, http.DefaultClient, d.srv.URL, p)
				assertInert(t, "reader GET "+p, status, ct, body, payload)
			}
			// The payloads are shown, as text: escaping, not deleting.
			status, _, body := fetch(t, http.DefaultClient, d.srv.URL, reader)
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
			must(t, err)
			squash := func(s string) string { return strings.Join(strings.Fields(s), " ") }
			if got := squash(doc.Find("h1").First().Text()); status != http.StatusOK || got != squash("Title "+payload) {
				t.Errorf("article page: %d, headline %q", status, got)
			}
			for _, p := range []string{path, "/admin/articles/", "/admin/", edit, "/admin/media/", "/admin/authors/",
				fmt.Sprintf("/admin/authors/%d", author.ID), "/admin/tags/", "/admin/audit", path + "revisions"} {
				resp, body := d.do(admin, "GET", p, nil)
				assertInert(t, "newsroom GET "+p, resp.StatusCode, resp.Header.Get("Content-Type"), body, payload)
			}
		})
	}
}
