// Package routefuzz fuzzes the reader router of a small publication. It
// lives apart from package app's tests so that fuzz workers do not each
// seed the whole demo publication before their first request.
package routefuzz

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/news"
)

// publication is one article in a section, with a tag, an author and a
// page: enough for every reader route to reach the database.
func publication(t testing.TB, dir string) http.Handler {
	t.Helper()
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = dir
	m, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(m.Store.SaveSettings(ctx, news.Settings{Name: "Fuzz Gazette", TimeZone: "UTC", Language: "en"}))
	section := news.Category{Name: "News", Slug: "news"}
	must(m.Store.CreateCategory(ctx, &section))
	sub := news.Category{Name: "World", Slug: "world", ParentID: section.ID}
	must(m.Store.CreateCategory(ctx, &sub))
	tag := news.Tag{Name: "Energy", Slug: "energy"}
	must(m.Store.CreateTag(ctx, &tag))
	author := news.Author{Name: "Ada Writer", Slug: "ada-writer"}
	must(m.Store.CreateAuthor(ctx, &author))
	must(m.Store.CreatePage(ctx, &news.Page{Title: "About", Slug: "about", Body: "<p>About us.</p>", Status: news.StatusPublished,
		PublishedAt: time.Now().Add(-time.Hour).UTC().Truncate(time.Second)}))
	must(m.Store.CreateArticle(ctx, &news.Article{Title: "Talks resume", Slug: "talks-resume", Body: "<h2>Gas</h2><p>Energy talks resume.</p>",
		WordCount: 3, Status: news.StatusPublished, PublishedAt: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC),
		Categories: []news.Category{sub}, Tags: []news.Tag{tag}, Authors: []news.Author{author}}))
	return m.Handler()
}

var seeds = []string{
	"/", "/2026/03/04/talks-resume/", "/2026/03/04/talks-resume", "/category/news/", "/category/news/world/",
	"/category/news/world/page/2/", "/tag/energy/", "/tag/energy/page/0/", "/tag/energy/page/-1/",
	"/tag/energy/page/99999999999999999999/", "/author/ada-writer/", "/author/ada-writer/feed/json/",
	"/feed/", "/feed/atom/", "/feed/rss/", "/feed/nonsense/", "/tag/energy/feed/", "/about/", "/sitemap.xml",
	"/news-sitemap.xml", "/sitemap-articles-2026-03.xml", "/robots.txt", "/search?q=energy", "/search?q=%22",
	"/search.json?q=gas*", "/search?q=<script>alert(1)</script>&page=2", "/assets/site.css", "/assets/..%2fgo.mod",
	"/media/../../etc/passwd", "/media/%2e%2e/%2e%2e/etc/passwd", "/preview/1/", "/preview/abc/?token=x",
	"/2026/13/45/x/", "/0000/00/00//", "/?p=1", "/?page_id=1&preview=true", "/wp-admin/", "/index.php",
	"/category/", "/category//", "/category/news/page/x/", "//evil.example/", "/%00", "/%ff%fe", "/a/b/c/d/e/f/g/h/",
	"/signin/?next=//evil.example", "/healthz", "/readyz",
}

// FuzzReaderRouter requests any path and query of the reader site: no
// address may panic, fail with a server error or reach files outside the
// site.
func FuzzReaderRouter(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	dir, err := os.MkdirTemp("", "masthead-routefuzz-")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { os.RemoveAll(dir) })
	h := publication(f, dir)
	f.Fuzz(func(t *testing.T, target string) {
		if !strings.HasPrefix(target, "/") {
			target = "/" + target
		}
		u, err := url.ParseRequestURI(target)
		if err != nil {
			t.Skip() // a client cannot send it: net/http refuses the request line
		}
		req := (&http.Request{Method: "GET", URL: u, RequestURI: target, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header: http.Header{}, Body: http.NoBody, Host: "example.org", RemoteAddr: "192.0.2.1:1234"}).WithContext(context.Background())
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("GET %q: %d\n%s", target, w.Code, w.Body.String())
		}
		if b := w.Body.String(); strings.Contains(b, "module github.com/mastheadhq") || strings.Contains(b, "root:x:0:0") {
			t.Fatalf("GET %q served a file from outside the site", target)
		}
	})
}
