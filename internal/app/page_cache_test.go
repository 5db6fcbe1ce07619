package app_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/brotli"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/postgres/pgtest"
	"github.com/mastheadhq/masthead/internal/web/pagecache"
	"github.com/mastheadhq/masthead/internal/web/site"
)

// cacheWorld is a small publication whose every page the page cache
// holds, to change one thing at a time and check every page showing it.
type cacheWorld struct {
	st                    store.Store
	news, economy, sport  news.Category
	oil, gas              news.Tag
	ann, ben              news.Author
	picture               news.Image
	quince, rowan, filler news.Article
	about                 news.Page
	articlePaths          map[string]string // by slug
	now                   time.Time
}

func seedCacheWorld(t *testing.T, st store.Store) *cacheWorld {
	t.Helper()
	ctx := t.Context()
	w := &cacheWorld{st: st, now: time.Now().UTC().Truncate(time.Second), articlePaths: map[string]string{}}
	must(t, st.SaveSettings(ctx, news.Settings{Name: "Cache Courier", TimeZone: "UTC", Language: "en"}))
	must(t, st.SetMenu(ctx, news.MenuHeader, []news.MenuItem{{Label: "Frontpage", URL: "/"}}))
	w.news = news.Category{Name: "News", Slug: "news"}
	must(t, st.CreateCategory(ctx, &w.news))
	w.economy = news.Category{Name: "Economy", Slug: "economy", ParentID: w.news.ID}
	must(t, st.CreateCategory(ctx, &w.economy))
	w.sport = news.Category{Name: "Sport", Slug: "sport"}
	must(t, st.CreateCategory(ctx, &w.sport))
	w.oil, w.gas = news.Tag{Name: "Oil", Slug: "oil"}, news.Tag{Name: "Gas", Slug: "gas"}
	must(t, st.CreateTag(ctx, &w.oil))
	must(t, st.CreateTag(ctx, &w.gas))
	w.ann, w.ben = news.Author{Name: "Ann Arbour", Slug: "ann"}, news.Author{Name: "Ben Birch", Slug: "ben"}
	must(t, st.CreateAuthor(ctx, &w.ann))
	must(t, st.CreateAuthor(ctx, &w.ben))
	w.picture = news.Image{Path: "2026/12/pier.jpg", MIME: "image/jpeg", Width: 1600, Height: 900, Alt: "A pier at dawn"}
	must(t, st.CreateImage(ctx, &w.picture))
	w.quince = w.article(t, "Quince harvest", "quince", w.economy, w.oil, w.ann, -2*time.Hour)
	w.rowan = w.article(t, "Rowan derby", "rowan", w.sport, w.gas, w.ben, -time.Hour)
	w.rowan.Image = &w.picture
	w.rowan.Version = 0
	must(t, st.UpdateArticle(ctx, &w.rowan))
	w.filler = w.article(t, "Filler note", "filler", w.sport, w.gas, w.ben, -3*time.Hour)
	w.about = news.Page{Title: "About us", Slug: "about", Body: "<p>We report.</p>", Status: news.StatusPublished, PublishedAt: w.now.Add(-time.Hour)}
	must(t, st.CreatePage(ctx, &w.about))
	return w
}

func (w *cacheWorld) article(t *testing.T, title, slug string, cat news.Category, tag news.Tag, au news.Author, age time.Duration) news.Article {
	t.Helper()
	a := news.Article{Title: title, Slug: slug, Body: "<p>Words about " + slug + ".</p>", WordCount: 3,
		Status: news.StatusPublished, PublishedAt: w.now.Add(age),
		Categories: []news.Category{cat}, Tags: []news.Tag{tag}, Authors: []news.Author{au}}
	must(t, w.st.CreateArticle(t.Context(), &a))
	w.articlePaths[slug] = news.ArticlePath(a, time.UTC)
	return a
}

// pages lists every page of the world the cache keeps.
func (w *cacheWorld) pages() []string {
	pages := []string{
		"/", w.articlePaths["quince"], w.articlePaths["rowan"], w.articlePaths["filler"],
		"/category/news/", "/category/news/economy/", "/category/sport/", "/tag/oil/", "/tag/gas/",
		"/author/ann/", "/author/ben/", "/about/",
		"/feed/", "/feed/atom/", "/feed/json/", "/category/news/feed/", "/tag/oil/feed/", "/tag/gas/feed/", "/author/ann/feed/", "/author/ben/feed/",
		"/sitemap.xml", "/news-sitemap.xml", "/sitemap-tags.xml", "/sitemap-authors.xml", "/sitemap-pages.xml", "/sitemap-categories.xml", "/robots.txt",
	}
	return append(pages, searchPages...)
}

// searchPages are search result pages of the world, which the cache
// keeps by their query.
var searchPages = []string{"/search?q=harvest", "/search?q=zephyr", "/search?tag=gas&q=derby"}

// htmlPages are the pages of pages() that are HTML.
func (w *cacheWorld) htmlPages() []string {
	var out []string
	for _, p := range w.pages() {
		if !strings.Contains(p, "feed") && !strings.Contains(p, ".xml") && !strings.Contains(p, ".txt") {
			out = append(out, p)
		}
	}
	return out
}

// reader reads pages from one node.
type reader struct {
	main *app.Main
	srv  *httptest.Server
	// sync brings the node up to date with changes made elsewhere, as
	// its listener or poll would within half a second.
	sync func()
}

func (rd reader) fetch(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := freshClient.Get(rd.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// warm fetches every page twice and checks that the second time every
// one came from the cache, so that a later check proves invalidation
// rather than no caching.
// Pages that are gone (404) are not cached and are left out.
func (rd reader) warm(t *testing.T, paths []string) {
	t.Helper()
	var found []string
	for _, p := range paths {
		if code, _ := rd.fetch(t, p); code == http.StatusOK {
			found = append(found, p)
		}
	}
	before := rd.main.PageCache().Stats().Hits
	for _, p := range found {
		if code, _ := rd.fetch(t, p); code != http.StatusOK {
			t.Fatalf("warming %s: %d", p, code)
		}
	}
	if got := rd.main.PageCache().Stats().Hits - before; got != uint64(len(found)) {
		t.Fatalf("warming: %d of %d pages came from the cache", got, len(found))
	}
}

// shows reports whether a page's content holds text: the text of an HTML
// document (parsed, so markup cannot fake it) or of its attributes named
// in attrs, or the raw text of a feed or sitemap.
func shows(t *testing.T, path, body, text string) bool {
	t.Helper()
	if !strings.HasPrefix(strings.TrimSpace(body), "<!DOCTYPE html>") && !strings.HasPrefix(strings.TrimSpace(body), "<!doctype html>") {
		return strings.Contains(body, text)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if strings.Contains(strings.Join(strings.Fields(doc.Text()), " "), text) {
		return true
	}
	found := false
	doc.Find("img[alt], a[href]").Each(func(_ int, s *goquery.Selection) {
		alt, _ := s.Attr("alt")
		href, _ := s.Attr("href")
		found = found || strings.Contains(alt, text) || strings.Contains(href, text)
	})
	return found
}

// expect checks that each page shows want (when not empty) and does not
// show gone (when not empty), straight after a change.
func (rd reader) expect(t *testing.T, change string, paths []string, want, gone string) {
	t.Helper()
	for _, p := range paths {
		code, body := rd.fetch(t, p)
		if code != http.StatusOK {
			t.Errorf("after %s, %s: %d", change, p, code)
			continue
		}
		if want != "" && !shows(t, p, body, want) {
			t.Errorf("after %s, %s does not show %q: stale", change, p, want)
		}
		if gone != "" && shows(t, p, body, gone) {
			t.Errorf("after %s, %s still shows %q: stale", change, p, gone)
		}
	}
}

// runInvalidations makes each kind of change through st and checks on rd
// that every page showing it is fresh at once.
func runInvalidations(t *testing.T, st store.Store, w *cacheWorld, rd reader) {
	ctx := t.Context()
	var html []string // every HTML page but the story unpublished below
	for _, p := range w.htmlPages() {
		if p != w.articlePaths["quince"] {
			html = append(html, p)
		}
	}
	step := func(change string, write func()) {
		t.Helper()
		rd.warm(t, w.pages())
		write()
		rd.sync()
	}

	var zephyr news.Article
	step("publishing", func() {
		zephyr = news.Article{Title: "Zephyr rising", Slug: "zephyr", Body: "<p>Wind.</p>", WordCount: 1,
			Status: news.StatusPublished, PublishedAt: w.now.Add(-time.Minute),
			Categories: []news.Category{w.economy}, Tags: []news.Tag{w.oil}, Authors: []news.Author{w.ann}}
		must(t, st.CreateArticle(ctx, &zephyr))
	})
	onZephyr := []string{"/", w.articlePaths["rowan"], "/category/news/", "/category/news/economy/", "/tag/oil/", "/author/ann/",
		"/feed/", "/feed/atom/", "/feed/json/", "/category/news/feed/", "/tag/oil/feed/", "/author/ann/feed/"}
	rd.expect(t, "publishing", append(onZephyr, "/search?q=zephyr"), "Zephyr rising", "")
	rd.expect(t, "publishing", []string{"/news-sitemap.xml", "/sitemap-pages.xml"}, "", "")
	if _, body := rd.fetch(t, "/news-sitemap.xml"); !strings.Contains(body, "/zephyr/") {
		t.Error("after publishing, the news sitemap lacks the story")
	}

	onQuince := []string{"/", w.articlePaths["quince"], "/category/news/", "/category/news/economy/", "/tag/oil/", "/author/ann/",
		"/feed/", "/category/news/feed/", "/tag/oil/feed/", "/author/ann/feed/", "/news-sitemap.xml"}
	step("editing", func() {
		w.quince.Title, w.quince.Version = "Quartz harvest", 0
		must(t, st.UpdateArticle(ctx, &w.quince))
	})
	rd.expect(t, "editing", append(onQuince, "/search?q=harvest"), "Quartz harvest", "Quince harvest")

	step("unpublishing", func() {
		w.quince.Status, w.quince.Version = news.StatusDraft, 0
		must(t, st.UpdateArticle(ctx, &w.quince))
	})
	rd.expect(t, "unpublishing", onQuince[2:], "", "Quartz harvest")
	rd.expect(t, "unpublishing", append(onQuince[:1:1], "/search?q=harvest"), "", "Quartz harvest")
	if code, _ := rd.fetch(t, w.articlePaths["quince"]); code != http.StatusNotFound {
		t.Errorf("after unpublishing, the article answers %d", code)
	}

	step("deleting", func() { must(t, st.DeleteArticle(ctx, zephyr.ID)) })
	rd.expect(t, "deleting", append(onZephyr, "/news-sitemap.xml", "/search?q=zephyr"), "", "Zephyr")

	step("scheduled publishing", func() {
		yonder := news.Article{Title: "Yonder hills", Slug: "yonder", Body: "<p>Far.</p>", WordCount: 1,
			Status: news.StatusScheduled, PublishedAt: w.now.Add(-time.Second),
			Categories: []news.Category{w.sport}, Tags: []news.Tag{w.gas}, Authors: []news.Author{w.ben}}
		must(t, st.CreateArticle(ctx, &yonder))
		rd.sync()
		rd.expect(t, "scheduling", []string{"/", "/tag/gas/"}, "", "Yonder hills")
		published, err := st.PublishDue(ctx, time.Now())
		must(t, err)
		if len(published) != 1 {
			t.Fatalf("the scheduler published %d articles", len(published))
		}
	})
	rd.expect(t, "scheduled publishing", []string{"/", w.articlePaths["rowan"], "/category/sport/", "/tag/gas/", "/author/ben/", "/feed/", "/tag/gas/feed/"},
		"Yonder hills", "")

	// A search page that found stories depends on no list: a new story
	// it would find must still drop it.
	step("publishing a story a search finds", func() {
		replay := news.Article{Title: "Derby replay", Slug: "derby-replay", Body: "<p>Again.</p>", WordCount: 1,
			Status: news.StatusPublished, PublishedAt: w.now.Add(-time.Minute),
			Categories: []news.Category{w.sport}, Tags: []news.Tag{w.gas}, Authors: []news.Author{w.ben}}
		must(t, st.CreateArticle(ctx, &replay))
	})
	rd.expect(t, "publishing a story a search finds", []string{"/search?tag=gas&q=derby"}, "Derby replay", "")

	step("a menu change", func() {
		must(t, st.SetMenu(ctx, news.MenuHeader, []news.MenuItem{{Label: "Wirelessly", URL: "/"}}))
	})
	rd.expect(t, "a menu change", html, "Wirelessly", "Frontpage")

	step("a settings change", func() {
		must(t, st.SaveSettings(ctx, news.Settings{Name: "Gazette Nova", TimeZone: "UTC", Language: "en"}))
	})
	rd.expect(t, "a settings change", append(html, "/feed/", "/tag/oil/feed/", "/news-sitemap.xml"), "Gazette Nova", "Cache Courier")

	step("renaming a section", func() {
		w.sport.Name = "Athletics"
		must(t, st.UpdateCategory(ctx, &w.sport))
	})
	rd.expect(t, "renaming a section", html, "Athletics", "")

	step("renaming a topic", func() {
		w.gas.Name = "Methane"
		must(t, st.UpdateTag(ctx, &w.gas))
	})
	rd.expect(t, "renaming a topic", append([]string{w.articlePaths["rowan"], w.articlePaths["filler"], "/tag/gas/", "/tag/gas/feed/", "/feed/"},
		searchPages...), "Methane", "")

	step("renaming an author", func() {
		w.ben.Name = "Bea Nightingale"
		must(t, st.UpdateAuthor(ctx, &w.ben))
	})
	rd.expect(t, "renaming an author", append([]string{"/", w.articlePaths["rowan"], w.articlePaths["filler"], "/category/sport/", "/tag/gas/",
		"/author/ben/", "/feed/", "/author/ben/feed/"}, searchPages...), "Bea Nightingale", "Ben Birch")

	step("changing a picture's words", func() {
		w.picture.Alt = "A jetty at dusk"
		must(t, st.UpdateImage(ctx, &w.picture))
	})
	rd.expect(t, "changing a picture's words", []string{"/", w.articlePaths["rowan"], "/category/sport/", "/tag/gas/", "/author/ben/"},
		"A jetty at dusk", "A pier at dawn")

	step("changing the useful links", func() {
		must(t, st.SetBanners(ctx, []news.Banner{{Title: "Almanac", URL: "/almanac/"}}))
	})
	rd.expect(t, "changing the useful links", []string{"/", w.articlePaths["rowan"], w.articlePaths["filler"]}, "Almanac", "")

	step("editing a page", func() {
		w.about.Body = "<p>We report from Kestrel Bay.</p>"
		must(t, st.UpdatePage(ctx, &w.about))
		contact := news.Page{Title: "Contact", Slug: "contact", Body: "<p>Write.</p>", Status: news.StatusPublished, PublishedAt: w.now.Add(-time.Minute)}
		must(t, st.CreatePage(ctx, &contact))
	})
	rd.expect(t, "editing a page", []string{"/about/"}, "Kestrel Bay", "")
	rd.expect(t, "adding a page", []string{"/sitemap-pages.xml"}, "/contact/", "")

	if code, _ := rd.fetch(t, "/old-story/"); code != http.StatusNotFound {
		t.Fatalf("/old-story/ before its redirect: %d", code)
	}
	step("adding a redirect", func() {
		must(t, st.SetRedirect(ctx, news.Redirect{Path: "/old-story/", Target: "/about/"}))
	})
	resp, err := freshClient.Get(rd.srv.URL + "/old-story/")
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/about/" {
		t.Errorf("after adding a redirect: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	// Time alone: a story published with a date a moment ahead appears
	// when the moment comes, with no write to tell the cache.
	var umbra news.Article
	step("publishing for later", func() {
		umbra = news.Article{Title: "Umbra falls", Slug: "umbra", Body: "<p>Shade.</p>", WordCount: 1,
			Status: news.StatusPublished, PublishedAt: time.Now().Add(2 * time.Second).Truncate(time.Second),
			Categories: []news.Category{w.sport}, Tags: []news.Tag{w.gas}, Authors: []news.Author{w.ben}}
		must(t, st.CreateArticle(ctx, &umbra))
	})
	rd.warm(t, []string{"/", "/tag/gas/", "/feed/"})
	rd.expect(t, "publishing for later", []string{"/", "/tag/gas/", "/feed/"}, "", "Umbra falls")
	time.Sleep(time.Until(umbra.PublishedAt) + 50*time.Millisecond)
	rd.expect(t, "the moment passing", []string{"/", "/tag/gas/", "/feed/"}, "Umbra falls", "")
}

func openCached(t *testing.T, cfg config.Config) reader {
	t.Helper()
	m, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return reader{main: m, srv: serveExpress(t, m), sync: func() {}}
}

// freshClient makes a connection per request, so that with the express
// lane every hit is the lane's to answer: a connection it has handed to
// net/http for a miss stays with net/http.
var freshClient = &http.Client{
	Transport:     &http.Transport{DisableKeepAlives: true},
	CheckRedirect: client.CheckRedirect,
	Timeout:       client.Timeout,
}

// serveExpress serves m as "masthead serve" does, through Main.Serve with
// the express lane in front of net/http, until the test ends, and returns
// a stand-in for an httptest.Server with the site's URL (not to be
// closed: the test's end stops it).
func serveExpress(t *testing.T, m *app.Main) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return &httptest.Server{URL: "http://" + ln.Addr().String(), Listener: ln}
}

// TestEveryChangeRefreshesEveryPageShowingIt warms every page, changes
// one thing of each kind through the store, and reads every page that
// shows it straight after: none is stale.
func TestEveryChangeRefreshesEveryPageShowingIt(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	rd := openCached(t, cfg)
	w := seedCacheWorld(t, rd.main.Store)
	runInvalidations(t, rd.main.Store, w, rd)
	// Each request on a connection of its own: every hit is the lane's.
	if st := rd.main.PageCache().Stats(); st.Quick == 0 || st.Quick != st.Hits {
		t.Errorf("of %d hits the express lane answered %d, want all", st.Hits, st.Quick)
	}
}

// TestEveryChangeOnOneNodeRefreshesTheOther runs the same changes on node
// A of two sharing a PostgreSQL database and reads node B, once B has
// followed the change (its listener or poll does that within half a
// second; here it is asked to check at once).
func TestEveryChangeOnOneNodeRefreshesTheOther(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	a, b := startNode(t, dsn), startNode(t, dsn)
	w := seedCacheWorld(t, a.main.Store)
	rd := reader{main: b.main, srv: b.srv, sync: func() {
		if err := b.main.Changes.Check(context.Background()); err != nil {
			t.Fatal(err)
		}
	}}
	rd.sync()
	runInvalidations(t, a.main.Store, w, rd)
}

// TestACorrectionDropsOnlyThePagesShowingTheStory: fixing an old story's
// title leaves pages that do not show it in the cache.
func TestACorrectionDropsOnlyThePagesShowingTheStory(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	rd := openCached(t, cfg)
	w := seedCacheWorld(t, rd.main.Store)
	rd.warm(t, w.pages())
	w.filler.Title, w.filler.Version = "Filler, corrected", 0
	must(t, rd.main.Store.UpdateArticle(t.Context(), &w.filler))
	unaffected := []string{"/about/", "/tag/oil/", "/author/ann/", "/category/news/economy/", "/robots.txt"}
	before := rd.main.PageCache().Stats().Hits
	for _, p := range unaffected {
		rd.fetch(t, p)
	}
	if got := rd.main.PageCache().Stats().Hits - before; got != uint64(len(unaffected)) {
		t.Errorf("after correcting one story, %d of %d pages that do not show it were still cached", got, len(unaffected))
	}
	rd.expect(t, "a correction", []string{w.articlePaths["filler"], w.articlePaths["rowan"], "/tag/gas/", "/author/ben/", "/category/sport/"},
		"Filler, corrected", "")
}

// fetchWith sends a GET (or HEAD) with extra headers and returns the
// response with its body read.
func fetchWith(t *testing.T, srvURL, method, path string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srvURL+path, nil)
	must(t, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := freshClient.Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	must(t, err)
	return resp, b
}

// TestCachedPagesCarryValidatorsEncodingsAndCacheHeaders reads each kind
// of cached response plain, as gzip and as brotli (decoding them to the
// same bytes), conditionally (304) and with HEAD.
func TestCachedPagesCarryValidatorsEncodingsAndCacheHeaders(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.CDNKeys = true
	rd := openCached(t, cfg)
	w := seedCacheWorld(t, rd.main.Store)
	defaults := config.Default()
	defaults.DataDir = t.TempDir()
	plainSite := openCached(t, defaults)
	seedCacheWorld(t, plainSite.main.Store)
	for range 2 {
		if resp, _ := fetchWith(t, plainSite.srv.URL, "GET", "/", nil); resp.Header.Get("Surrogate-Key") != "" || resp.Header.Get("Cache-Tag") != "" {
			t.Error("without --cdn-keys or --purge-url, pages name their keys")
		}
	}
	for _, path := range []string{"/", w.articlePaths["rowan"], "/tag/gas/", "/feed/", "/feed/json/", "/sitemap.xml", "/robots.txt"} {
		t.Run(path, func(t *testing.T) {
			plain, body := fetchWith(t, rd.srv.URL, "GET", path, map[string]string{"Accept-Encoding": "identity"})
			again, _ := fetchWith(t, rd.srv.URL, "GET", path, map[string]string{"Accept-Encoding": "identity"})
			h := again.Header
			if plain.StatusCode != 200 || again.StatusCode != 200 {
				t.Fatalf("status %d, %d", plain.StatusCode, again.StatusCode)
			}
			etag := h.Get("ETag")
			if !strings.HasPrefix(etag, `"`) || etag != plain.Header.Get("ETag") {
				t.Errorf("ETag %q then %q: want one strong tag", plain.Header.Get("ETag"), etag)
			}
			if _, err := http.ParseTime(h.Get("Last-Modified")); err != nil {
				t.Errorf("Last-Modified %q: %v", h.Get("Last-Modified"), err)
			}
			cc := h.Get("Cache-Control")
			for _, want := range []string{"public", "max-age=0,", "s-maxage=", "stale-while-revalidate="} {
				if !strings.Contains(cc, want) {
					t.Errorf("Cache-Control %q lacks %s", cc, want)
				}
			}
			if h.Get("Vary") != "Accept-Encoding" {
				t.Errorf("Vary %q", h.Get("Vary"))
			}
			if !strings.Contains(h.Get("Surrogate-Key"), store.KeyChrome) || !strings.Contains(h.Get("Cache-Tag"), store.KeyChrome+",") && h.Get("Cache-Tag") != store.KeyChrome {
				t.Errorf("Surrogate-Key %q, Cache-Tag %q: want the page's keys, chrome among them", h.Get("Surrogate-Key"), h.Get("Cache-Tag"))
			}
			for _, sec := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"} {
				if h.Get(sec) == "" {
					t.Errorf("a cached response lacks %s", sec)
				}
			}
			if id := h.Get("X-Request-Id"); id == "" || id == plain.Header.Get("X-Request-Id") {
				t.Errorf("request ids %q then %q: want a new one per response", plain.Header.Get("X-Request-Id"), id)
			}
			if h.Get("Content-Length") != strconv.Itoa(len(body)) {
				t.Errorf("Content-Length %q for %d bytes", h.Get("Content-Length"), len(body))
			}

			for _, cond := range []map[string]string{{"If-None-Match": etag}, {"If-None-Match": `"other", ` + etag}, {"If-Modified-Since": h.Get("Last-Modified")}} {
				cond["Accept-Encoding"] = "identity"
				resp, b := fetchWith(t, rd.srv.URL, "GET", path, cond)
				if resp.StatusCode != http.StatusNotModified || len(b) != 0 || resp.Header.Get("ETag") != etag {
					t.Errorf("%v: %d with %d bytes and ETag %q, want 304 with the tag", cond, resp.StatusCode, len(b), resp.Header.Get("ETag"))
				}
			}
			if resp, _ := fetchWith(t, rd.srv.URL, "GET", path, map[string]string{"If-None-Match": `"stale"`}); resp.StatusCode != 200 {
				t.Errorf("a stale ETag: %d, want 200", resp.StatusCode)
			}
			if resp, b := fetchWith(t, rd.srv.URL, "HEAD", path, nil); resp.StatusCode != 200 || len(b) != 0 || resp.Header.Get("ETag") == "" {
				t.Errorf("HEAD: %d with %d bytes", resp.StatusCode, len(b))
			}

			for _, enc := range []string{"gzip", "br"} {
				if len(body) < 512 {
					break // too short to gain from compression
				}
				resp, got := waitForEncoding(t, rd.srv.URL, path, enc)
				decoded := decode(t, enc, got)
				if string(decoded) != string(body) {
					t.Errorf("%s: decodes to %d bytes that differ from the %d plain ones", enc, len(decoded), len(body))
				}
				if resp.Header.Get("ETag") == etag || resp.Header.Get("Content-Length") != strconv.Itoa(len(got)) {
					t.Errorf("%s: ETag %q (plain %q), Content-Length %q for %d bytes", enc, resp.Header.Get("ETag"), etag, resp.Header.Get("Content-Length"), len(got))
				}
				if resp.Header.Get("Vary") != "Accept-Encoding" {
					t.Errorf("%s: Vary %q", enc, resp.Header.Get("Vary"))
				}
			}
		})
	}
}

// waitForEncoding asks for path in enc until the page cache has made it
// (it compresses in the background, serving the plain bytes meanwhile).
func waitForEncoding(t *testing.T, srvURL, path, enc string) (*http.Response, []byte) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, b := fetchWith(t, srvURL, "GET", path, map[string]string{"Accept-Encoding": enc + ", identity;q=0.5"})
		if resp.Header.Get("Content-Encoding") == enc {
			return resp, b
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: never served as %s", path, enc)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func decode(t *testing.T, enc string, b []byte) []byte {
	t.Helper()
	var r io.Reader
	if enc == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		must(t, err)
		r = zr
	} else {
		r = brotli.NewReader(bytes.NewReader(b))
	}
	out, err := io.ReadAll(r)
	must(t, err)
	return out
}

// TestSignedInReadersAndQueriesBypassTheCache: a reader's session cookie
// is never answered from the cache nor stored, and is sent private; an
// address with a query string is rendered each time; the consent cookie
// picks its own cached variant.
func TestSignedInReadersAndQueriesOtherThanSearchesBypassTheCache(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	rd := openCached(t, cfg)
	seedCacheWorld(t, rd.main.Store)
	rd.warm(t, []string{"/"})
	pc := rd.main.PageCache()

	before := pc.Stats()
	for range 3 {
		resp, body := fetchWith(t, rd.srv.URL, "GET", "/", map[string]string{"Cookie": "consent=1; " + site.ReaderCookie + "=token"})
		if resp.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("a signed-in reader's page is sent %q", resp.Header.Get("Cache-Control"))
		}
		if !strings.Contains(string(body), "Rowan derby") {
			t.Error("a signed-in reader's page lacks its content")
		}
	}
	after := pc.Stats()
	if after.Hits != before.Hits || after.Stores != before.Stores || after.Bypasses != before.Bypasses+3 {
		t.Errorf("signed-in requests: %+v → %+v, want three bypasses and no hit or store", before, after)
	}

	before = pc.Stats()
	for _, q := range []string{"/?utm_source=x", "/?utm_source=y", "/?utm_source=x"} {
		if resp, _ := fetchWith(t, rd.srv.URL, "GET", q, nil); resp.StatusCode != 200 {
			t.Errorf("%s: %d", q, resp.StatusCode)
		}
	}
	if after := pc.Stats(); after.Hits != before.Hits || after.Stores != before.Stores {
		t.Errorf("addresses with queries: %+v → %+v, want no hit or store", before, after)
	}

	// A search is kept by what it asks for, however it is spelled.
	before = pc.Stats()
	var bodies []string
	for _, q := range []string{"/search?q=derby&tag=gas", "/search?tag=gas&utm_source=x&q=derby", "/search?q=+derby+&tag=gas&page=1"} {
		_, body := fetchWith(t, rd.srv.URL, "GET", q, nil)
		bodies = append(bodies, string(body))
	}
	if after := pc.Stats(); after.Stores != before.Stores+1 || after.Hits != before.Hits+2 {
		t.Errorf("one search spelled three ways: %+v → %+v, want one store and two hits", before, after)
	}
	if !shows(t, "/search", bodies[0], "Rowan derby") || bodies[1] != bodies[0] || bodies[2] != bodies[0] {
		t.Error("a search spelled another way is not answered with the same page")
	}

	_, withBar := fetchWith(t, rd.srv.URL, "GET", "/", nil)
	_, consented := fetchWith(t, rd.srv.URL, "GET", "/", map[string]string{"Cookie": "consent=1"})
	_, consentedAgain := fetchWith(t, rd.srv.URL, "GET", "/", map[string]string{"Cookie": "other=2; consent=1"})
	if !strings.Contains(string(withBar), `action="/consent"`) || strings.Contains(string(consented), `action="/consent"`) ||
		string(consented) != string(consentedAgain) {
		t.Error("the consent bar does not follow the consent cookie through the cache")
	}
}

// TestPreviewsAreNeverCached: a preview link shows an unpublished story to
// whoever holds it, and is never kept.
func TestPreviewsAreNeverCached(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	rd := openCached(t, cfg)
	w := seedCacheWorld(t, rd.main.Store)
	ctx := t.Context()
	w.quince.Status, w.quince.Version = news.StatusDraft, 0
	must(t, rd.main.Store.UpdateArticle(ctx, &w.quince))
	path, err := newsroom.PreviewPath(ctx, rd.main.Store, w.quince.ID, time.Now().Add(time.Hour))
	must(t, err)
	before := rd.main.PageCache().Stats()
	for range 2 {
		resp, body := fetchWith(t, rd.srv.URL, "GET", path, nil)
		if resp.StatusCode != 200 || !strings.Contains(string(body), "Quince harvest") || resp.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("preview: %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
	}
	if after := rd.main.PageCache().Stats(); after.Stores != before.Stores || after.Hits != before.Hits {
		t.Errorf("previews: %+v → %+v, want nothing stored", before, after)
	}
}

// TestPurgeHooksReceiveTheKeysOfEachChange: every --purge-url is POSTed
// the keys of each change as JSON.
func TestPurgeHooksReceiveTheKeysOfEachChange(t *testing.T) {
	got := make(chan map[string]any, 100)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&body) != nil {
			t.Errorf("purge hook got %s %s", r.Method, r.Header.Get("Content-Type"))
		}
		got <- body
	}))
	defer hook.Close()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.PurgeURLs = []string{hook.URL + "/purge"}
	rd := openCached(t, cfg)
	w := seedCacheWorld(t, rd.main.Store)
	w.gas.Name = "Shale"
	must(t, rd.main.Store.UpdateTag(t.Context(), &w.gas))
	want := []string{store.TagKey(w.gas.ID), store.KeyTags}
	deadline := time.After(5 * time.Second)
	for {
		select {
		case body := <-got:
			keys, _ := body["keys"].([]any)
			var names []string
			for _, k := range keys {
				names = append(names, fmt.Sprint(k))
			}
			if slices.Equal(names, want) && body["all"] == false {
				return
			}
		case <-deadline:
			t.Fatalf("the purge hook never received %v", want)
		}
	}
}

// TestAssetsAreServedCompressedAndConditionally: the stylesheet and
// scripts come as brotli or gzip (made at start-up) that decode to the
// file, and answer 304 to either validator.
func TestAssetsAreServedCompressedAndConditionally(t *testing.T) {
	home := get(t, "/")
	var assets []string
	home.doc.Find(`link[rel=stylesheet], script[src]`).Each(func(_ int, s *goquery.Selection) {
		if u := s.AttrOr("href", s.AttrOr("src", "")); strings.HasPrefix(u, "/assets/") {
			assets = append(assets, u)
		}
	})
	if len(assets) < 2 {
		t.Fatalf("found assets %v", assets)
	}
	srv := demoSite.srv.URL
	for _, a := range assets {
		plain, body := fetchWith(t, srv, "GET", a, map[string]string{"Accept-Encoding": "identity"})
		if plain.StatusCode != 200 || plain.Header.Get("Vary") != "Accept-Encoding" || plain.Header.Get("Last-Modified") == "" {
			t.Errorf("%s: %d, Vary %q, Last-Modified %q", a, plain.StatusCode, plain.Header.Get("Vary"), plain.Header.Get("Last-Modified"))
		}
		for _, cond := range []map[string]string{{"If-None-Match": plain.Header.Get("ETag")}, {"If-Modified-Since": plain.Header.Get("Last-Modified")}} {
			if resp, _ := fetchWith(t, srv, "GET", a, cond); resp.StatusCode != http.StatusNotModified {
				t.Errorf("%s with %v: %d, want 304", a, cond, resp.StatusCode)
			}
		}
		if len(body) < 512 {
			continue
		}
		for _, enc := range []string{"br", "gzip"} {
			resp, got := waitForEncoding(t, srv, a, enc)
			if string(decode(t, enc, got)) != string(body) || len(got) >= len(body) {
				t.Errorf("%s as %s: %d bytes that do not decode to the %d of the file", a, enc, len(got), len(body))
			}
			if resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
				t.Errorf("%s as %s: Cache-Control %q", a, enc, resp.Header.Get("Cache-Control"))
			}
		}
	}
}

// TestAFeedThatCannotReadTheDatabaseDoesNotPurgeTheCDN: while a node
// cannot read the change version it drops its own pages, but sends no
// purge: the CDN's copies keep the site up meanwhile.
func TestAFeedThatCannotReadTheDatabaseDoesNotPurgeTheCDN(t *testing.T) {
	got := make(chan string, 100)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- string(b)
	}))
	defer hook.Close()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.PurgeURLs = []string{hook.URL}
	m, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	must(t, err)
	defer m.Close()
	must(t, m.Store.SaveSettings(t.Context(), news.Settings{Name: "Before the outage"}))
	select {
	case <-got: // the change's own purge
	case <-time.After(5 * time.Second):
		t.Fatal("no purge for a change")
	}
	must(t, m.Store.Close())
	for range 3 {
		if err := m.Changes.Check(t.Context()); err == nil {
			t.Fatal("a closed database answered")
		}
	}
	select {
	case body := <-got:
		t.Errorf("a purge went out while the database could not be read: %s", body)
	case <-time.After(300 * time.Millisecond):
	}
}

// TestARestartPurgesNothing: a node starting on a publication with a
// history sends no purge for the changes made before it started.
func TestARestartPurgesNothing(t *testing.T) {
	got := make(chan string, 100)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- string(b)
	}))
	defer hook.Close()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	first, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	must(t, err)
	must(t, first.Store.SaveSettings(t.Context(), news.Settings{Name: "Earlier"}))
	must(t, first.Close())
	cfg.PurgeURLs = []string{hook.URL}
	m, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	must(t, err)
	defer m.Close()
	select {
	case body := <-got:
		t.Errorf("starting sent a purge: %s", body)
	case <-time.After(time.Second):
	}
}

// TestPublishingRendersOnlyTheLatestColumnOfOtherArticlePages: a new
// story changes the "New articles" column of every article page, but an
// article page that shows the story nowhere else is not rendered again
// whole: the cache renders the column alone and splices it in, so the
// page is fresh, with a new ETag, at the cost of the column.
func TestPublishingRendersOnlyTheLatestColumnOfOtherArticlePages(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.CDNKeys = true
	rd := openCached(t, cfg)
	w := seedCacheWorld(t, rd.main.Store)
	rd.warm(t, w.pages())
	others := []string{w.articlePaths["rowan"], w.articlePaths["filler"]} // sport and gas; the new story is economy and oil
	tags := map[string]string{}
	for _, p := range others {
		resp, body := fetchWith(t, rd.srv.URL, "GET", p, nil)
		tags[p] = resp.Header.Get("Etag")
		if strings.Contains(string(body), pagecache.FragmentMark) {
			t.Fatalf("%s carries the fragment mark", p)
		}
	}
	zephyr := news.Article{Title: "Zephyr rising", Slug: "zephyr", Body: "<p>Wind.</p>", WordCount: 1,
		Status: news.StatusPublished, PublishedAt: w.now.Add(-time.Minute),
		Categories: []news.Category{w.economy}, Tags: []news.Tag{w.oil}, Authors: []news.Author{w.ann}}
	must(t, rd.main.Store.CreateArticle(t.Context(), &zephyr))

	before := rd.main.PageCache().Stats()
	for _, p := range others {
		resp, body := fetchWith(t, rd.srv.URL, "GET", p, map[string]string{"If-None-Match": tags[p]})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s with the copy from before the publication: %d", p, resp.StatusCode)
		}
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
		must(t, err)
		column := doc.Find("aside.sidebar section.new-articles")
		if column.Length() != 1 || !strings.Contains(column.Text(), "Zephyr rising") {
			t.Errorf("%s: the latest column does not show the new story: %q", p, column.Text())
		}
		if n, _ := strconv.Atoi(resp.Header.Get("Content-Length")); n != len(body) {
			t.Errorf("%s: Content-Length %d for %d bytes", p, n, len(body))
		}
		if tag := resp.Header.Get("Etag"); tag == "" || tag == tags[p] {
			t.Errorf("%s: ETag %q after the publication, %q before", p, tag, tags[p])
		}
		if keys := strings.Fields(resp.Header.Get("Surrogate-Key")); !slices.Contains(keys, "list:latest") || !slices.Contains(keys, store.ArticleKey(zephyr.ID)) {
			t.Errorf("%s: Surrogate-Key %v lacks the column's keys", p, keys)
		}
		if doc.Find("html").Length() != 1 || !strings.HasSuffix(strings.TrimSpace(string(body)), "</html>") {
			t.Errorf("%s: the assembled page is not one whole document", p)
		}
	}
	after := rd.main.PageCache().Stats()
	if after.Quick-before.Quick != uint64(len(others)) {
		t.Errorf("the express lane answered %d of the %d pages", after.Quick-before.Quick, len(others))
	}
	if after.Misses != before.Misses || after.Refreshes-before.Refreshes != uint64(len(others)) {
		t.Errorf("%d misses and %d column renders for %d article pages after a publication, want 0 and %d",
			after.Misses-before.Misses, after.Refreshes-before.Refreshes, len(others), len(others))
	}
	// The page that shows the new story among its related articles is
	// rendered again whole, and shows it there.
	rd.expect(t, "publishing", []string{w.articlePaths["quince"]}, "Zephyr rising", "")
}
