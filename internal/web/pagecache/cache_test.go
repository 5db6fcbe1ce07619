package pagecache

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// pageHandler serves path-named pages through Serve, each depending on
// the keys named in its query-free path ("/a" depends on "a"), counting
// renders.
type pageHandler struct {
	renders int
	size    int
	before  func() // runs mid-render, as a change landing then would
}

func (h *pageHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.renders++
	if h.before != nil {
		h.before()
	}
	key := strings.Trim(r.URL.Path, "/")
	Serve(w, r, Page{Body: []byte(strings.Repeat(key+" ", h.size/(len(key)+1)+1)), ContentType: "text/plain",
		CacheControl: "public, max-age=60", Deps: []string{key, "all"}})
}

func get(t *testing.T, h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestPagesAreRenderedOnceUntilAKeyTheyShowChanges(t *testing.T) {
	c := New(Config{MaxBytes: 1 << 20})
	defer c.Close()
	ph := &pageHandler{size: 100}
	h := c.Handler(ph)
	for range 3 {
		get(t, h, "/a")
		get(t, h, "/b")
	}
	if ph.renders != 2 {
		t.Fatalf("%d renders for two pages asked three times", ph.renders)
	}
	c.Invalidate([]string{"a"}, false)
	get(t, h, "/a")
	get(t, h, "/b")
	if ph.renders != 3 {
		t.Errorf("after a change of a: %d renders, want only /a again", ph.renders)
	}
	c.Invalidate([]string{"all"}, false)
	get(t, h, "/a")
	get(t, h, "/b")
	if ph.renders != 5 {
		t.Errorf("after a change both show: %d renders, want 5", ph.renders)
	}
	c.Invalidate(nil, true)
	get(t, h, "/a")
	if ph.renders != 6 {
		t.Errorf("after dropping everything: %d renders, want 6", ph.renders)
	}
}

func TestAPageRenderedWhileItsDataChangedIsNotKept(t *testing.T) {
	c := New(Config{MaxBytes: 1 << 20})
	defer c.Close()
	ph := &pageHandler{size: 100}
	ph.before = func() { c.Invalidate([]string{"a"}, false) }
	h := c.Handler(ph)
	get(t, h, "/a")
	ph.before = nil
	get(t, h, "/a")
	if ph.renders != 2 {
		t.Errorf("a page whose key changed during its render was kept: %d renders", ph.renders)
	}
	ph.before = func() { c.Invalidate([]string{"unrelated"}, false) }
	get(t, h, "/b")
	ph.before = nil
	get(t, h, "/b")
	if ph.renders != 3 {
		t.Errorf("a change of another key kept a page out: %d renders", ph.renders)
	}
}

func TestTheBudgetBoundsMemoryAndKeepsPagesInUse(t *testing.T) {
	const budget = 64 << 10
	c := New(Config{MaxBytes: budget})
	defer c.Close()
	ph := &pageHandler{size: 4 << 10}
	h := c.Handler(ph)
	for i := range 200 {
		get(t, h, "/hot")
		get(t, h, fmt.Sprintf("/cold%d", i))
		if st := c.Stats(); st.Bytes > budget {
			t.Fatalf("after %d pages: %d bytes held, budget %d", i, st.Bytes, budget)
		}
	}
	st := c.Stats()
	if st.Evictions == 0 || st.Pages < 5 {
		t.Errorf("%+v: want evictions and a few pages kept", st)
	}
	renders := ph.renders
	get(t, h, "/hot")
	if ph.renders != renders {
		t.Error("the page read on every round was evicted")
	}
}

func TestExpiredPagesAreRenderedAgain(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	c := New(Config{MaxBytes: 1 << 20, Now: func() time.Time { return now }})
	defer c.Close()
	renders := 0
	h := c.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renders++
		Serve(w, r, Page{Body: []byte("x"), ContentType: "text/plain", Expires: now.Add(time.Minute)})
	}))
	get(t, h, "/")
	get(t, h, "/")
	now = now.Add(time.Minute)
	get(t, h, "/")
	if renders != 2 {
		t.Errorf("%d renders, want one before the expiry and one at it", renders)
	}
}

func TestCookiesAndNotCachedResponsesAreNeverKept(t *testing.T) {
	c := New(Config{MaxBytes: 1 << 20, Classify: func(r *http.Request) (uint8, bool) {
		return 0, r.Header.Get("Cookie") == ""
	}})
	defer c.Close()
	renders := 0
	h := c.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renders++
		if r.URL.Path == "/sets-cookie" {
			http.SetCookie(w, &http.Cookie{Name: "s", Value: "1"})
		}
		Serve(w, r, Page{Body: []byte("page"), ContentType: "text/plain"})
	}))
	for range 2 {
		get(t, h, "/sets-cookie")
		get(t, h, "/personal", "Cookie", "reader=1")
	}
	if renders != 4 {
		t.Errorf("%d renders, want every request rendered", renders)
	}
}

func TestPagesWithAQueryAreKeptByTheQueryConfigGives(t *testing.T) {
	// The handler's pages show the query they were asked with, so that
	// a page answered from the wrong entry shows it.
	renders := 0
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renders++
		Serve(w, r, Page{Body: []byte("q=" + r.URL.Query().Get("q")), ContentType: "text/plain", Deps: []string{"found"}})
	})
	t.Run("without Config.Query, never", func(t *testing.T) {
		c := New(Config{MaxBytes: 1 << 20})
		defer c.Close()
		renders = 0
		h := c.Handler(next)
		get(t, h, "/search?q=oil")
		get(t, h, "/search?q=oil")
		if renders != 2 || c.Stats().Pages != 0 {
			t.Errorf("%d renders and %d pages kept, want 2 and none", renders, c.Stats().Pages)
		}
	})
	t.Run("with it, one page per canonical query", func(t *testing.T) {
		c := New(Config{MaxBytes: 1 << 20, Query: func(r *http.Request) (string, bool) {
			if r.URL.Path != "/search" {
				return "", false
			}
			return "q=" + r.URL.Query().Get("q"), true // other parameters ignored
		}})
		defer c.Close()
		renders = 0
		h := c.Handler(next)
		for _, path := range []string{"/search?q=oil", "/search?utm=x&q=oil", "/search?q=gas", "/search?q=oil"} {
			want := "q=" + strings.TrimPrefix(path[strings.LastIndex(path, "q="):], "q=")
			if got := get(t, h, path).Body.String(); got != want {
				t.Errorf("%s answered %q, want %q", path, got, want)
			}
		}
		if renders != 2 {
			t.Errorf("%d renders for two searches, want 2", renders)
		}
		for range 2 {
			get(t, h, "/other?q=oil")
		}
		if renders != 4 {
			t.Errorf("%d renders after a query Config.Query refuses twice, want 4", renders)
		}
		c.Invalidate([]string{"found"}, false)
		get(t, h, "/search?q=oil")
		if renders != 5 {
			t.Errorf("after a change the search shows: %d renders, want 5", renders)
		}
	})
}

func TestAcceptEncodingIsReadWithQualities(t *testing.T) {
	for _, c := range []struct {
		header   string
		gzip, br bool
	}{
		{"", false, false},
		{"gzip, deflate, br", true, true},
		{"br;q=0, gzip", true, false},
		{"gzip;q=0.0,br;q=1", false, true},
		{"*", true, true},
		{"identity", false, false},
		{"GZIP ; q=0.5", true, false},
	} {
		gz, br := acceptedEncodings([]string{c.header})
		if gz != c.gzip || br != c.br {
			t.Errorf("%q: gzip %v br %v, want %v %v", c.header, gz, br, c.gzip, c.br)
		}
	}
}

// BenchmarkHit is the cost of answering from the cache, the path every
// popular page takes: it should allocate next to nothing.
func BenchmarkHit(b *testing.B) {
	c := New(Config{MaxBytes: 64 << 20, RequestID: func() string { return "0123456789abcdef" }})
	defer c.Close()
	body := []byte(strings.Repeat("<p>article text</p>", 80<<10/19))
	h := c.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'")
		Serve(w, r, Page{Body: body, ContentType: "text/html; charset=utf-8", CacheControl: "public, max-age=60",
			Deps: []string{"chrome", "list:latest", "article:1"}})
	}))
	req := httptest.NewRequest("GET", "/2026/12/06/story/", nil)
	req.Header.Set("Accept-Encoding", "identity")
	w := &discardWriter{h: http.Header{}}
	h.ServeHTTP(w, req)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
}

type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) WriteHeader(int)             {}
func (d *discardWriter) Write(b []byte) (int, error) { return io.Discard.Write(b) }

func TestTheSchemeInTheKeyIsTheOneIsTLSGives(t *testing.T) {
	trusted := func(r *http.Request) bool {
		return r.Header.Get("X-Forwarded-Proto") == "https" && r.Header.Get("X-Via") == "proxy"
	}
	c := New(Config{MaxBytes: 1 << 20, IsTLS: trusted})
	defer c.Close()
	ph := &pageHandler{size: 100}
	h := c.Handler(ph)
	// A client that says https itself gets the plain page's entry.
	get(t, h, "/a", "X-Forwarded-Proto", "https")
	get(t, h, "/a")
	if ph.renders != 1 {
		t.Fatalf("%d renders: an untrusted X-Forwarded-Proto chose its own entry", ph.renders)
	}
	get(t, h, "/a", "X-Forwarded-Proto", "https", "X-Via", "proxy")
	get(t, h, "/a", "X-Forwarded-Proto", "https", "X-Via", "proxy")
	if ph.renders != 2 {
		t.Errorf("%d renders, want one more for the page over TLS", ph.renders)
	}
}
