package feeds_test

import (
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/feeds"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

const smallRSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><guid>one</guid><title>First story from the test server</title><link>https://t.example/1</link><pubDate>Fri, 14 Mar 2025 09:30:00 +0000</pubDate></item>
<item><guid>two</guid><title>Second story from the test server</title><link>https://t.example/2</link><pubDate>Fri, 14 Mar 2025 08:30:00 +0000</pubDate></item>
</channel></rss>`

var pollNow = time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)

func openWire(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "wire.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func addSource(t *testing.T, db *sqlite.DB, name, url string) news.WireSource {
	t.Helper()
	s := news.WireSource{Name: name, FeedURL: url, Language: "en", Interval: 10 * time.Minute}
	if err := db.CreateWireSource(t.Context(), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func source(t *testing.T, db *sqlite.DB, id int64) news.WireSource {
	t.Helper()
	s, err := db.WireSource(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func poller(db *sqlite.DB, f *feeds.Fetcher, now *time.Time) *feeds.Poller {
	if f == nil {
		f = &feeds.Fetcher{AllowPrivate: true, HostInterval: -1}
	}
	return &feeds.Poller{Store: db, Fetcher: f, Now: func() time.Time { return *now }}
}

func TestPollSendsValidatorsAndA304AddsNothing(t *testing.T) {
	var mu sync.Mutex
	var seen []http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Clone())
		mu.Unlock()
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Fri, 14 Mar 2025 09:30:00 GMT")
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, smallRSS)
	}))
	defer srv.Close()
	db := openWire(t)
	src := addSource(t, db, "Test", srv.URL+"/feed")
	now := pollNow
	p := poller(db, nil, &now)

	rep, err := p.PollDue(t.Context())
	if err != nil || rep.Polled != 1 || rep.NewItems != 2 || rep.Failed != 0 {
		t.Fatalf("first poll: %+v, %v", rep, err)
	}
	got := source(t, db, src.ID)
	if got.Poll.ETag != `"v1"` || got.Poll.LastModified != "Fri, 14 Mar 2025 09:30:00 GMT" ||
		!got.Poll.NextPollAt.Equal(now.Add(10*time.Minute)) || !got.Poll.LastOKAt.Equal(now) {
		t.Errorf("state after the first poll: %+v", got.Poll)
	}
	if rep, _ := p.PollDue(t.Context()); rep.Polled != 0 {
		t.Errorf("a source polled again before its interval: %+v", rep)
	}
	now = now.Add(11 * time.Minute)
	rep, err = p.PollDue(t.Context())
	if err != nil || rep.Polled != 1 || rep.NewItems != 0 {
		t.Fatalf("second poll: %+v, %v", rep, err)
	}
	if h := seen[1]; h.Get("If-None-Match") != `"v1"` || h.Get("If-Modified-Since") != "Fri, 14 Mar 2025 09:30:00 GMT" {
		t.Errorf("second request sent If-None-Match %q, If-Modified-Since %q", h.Get("If-None-Match"), h.Get("If-Modified-Since"))
	}
	if ua := seen[0].Get("User-Agent"); !strings.Contains(ua, "Masthead") {
		t.Errorf("User-Agent %q does not name Masthead", ua)
	}
	got = source(t, db, src.ID)
	if got.Poll.ETag != `"v1"` || !got.Poll.NextPollAt.Equal(now.Add(10*time.Minute)) {
		t.Errorf("a 304 lost the validators or the schedule: %+v", got.Poll)
	}
	items, _ := db.WireItems(t.Context(), store.WireFilter{})
	if len(items) != 2 || items[0].Title != "First story from the test server" {
		t.Errorf("inbox after a 304: %+v", items)
	}
}

func TestPollBacksOffOnErrorsAndResetsOnSuccess(t *testing.T) {
	var failing atomic.Bool
	failing.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if failing.Load() {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		fmt.Fprint(w, smallRSS)
	}))
	defer srv.Close()
	db := openWire(t)
	src := addSource(t, db, "Flaky", srv.URL)
	now := pollNow
	p := poller(db, nil, &now)
	var waits []time.Duration
	for range 3 {
		rep, err := p.PollDue(t.Context())
		if err != nil || rep.Failed != 1 {
			t.Fatalf("poll of a failing source: %+v, %v", rep, err)
		}
		got := source(t, db, src.ID)
		if !strings.Contains(got.Poll.LastError, "500") {
			t.Errorf("last error %q does not say 500", got.Poll.LastError)
		}
		waits = append(waits, got.Poll.NextPollAt.Sub(now))
		now = got.Poll.NextPollAt
	}
	if want := []time.Duration{20 * time.Minute, 40 * time.Minute, 80 * time.Minute}; fmt.Sprint(waits) != fmt.Sprint(want) {
		t.Errorf("backoff %v, want %v", waits, want)
	}
	if got := feeds.Backoff(10*time.Minute, 30); got != feeds.MaxBackoff {
		t.Errorf("backoff after 30 failures %v, want the cap %v", got, feeds.MaxBackoff)
	}
	failing.Store(false)
	if rep, _ := p.PollDue(t.Context()); rep.NewItems != 2 {
		t.Fatalf("recovered poll: %+v", rep)
	}
	got := source(t, db, src.ID)
	if got.Poll.Failures != 0 || got.Poll.LastError != "" || !got.Poll.NextPollAt.Equal(now.Add(10*time.Minute)) {
		t.Errorf("success did not reset the backoff: %+v", got.Poll)
	}
}

func pollOnce(t *testing.T, f *feeds.Fetcher, handler http.Handler) news.WirePoll {
	t.Helper()
	srv := httptest.NewServer(handler)
	defer srv.Close()
	db := openWire(t)
	src := addSource(t, db, "S", srv.URL+"/feed")
	now := pollNow
	if _, err := poller(db, f, &now).Poll(t.Context(), src); err == nil {
		t.Error("the poll succeeded")
	}
	items, _ := db.WireItemsAfter(t.Context(), 0, 10)
	if len(items) != 0 {
		t.Errorf("a failed poll stored %d items", len(items))
	}
	return source(t, db, src.ID).Poll
}

func TestPollRefusesHugeSlowMalformedLoopingAndPrivateFeeds(t *testing.T) {
	t.Run("oversize", func(t *testing.T) {
		big := strings.Repeat("<item><title>x</title></item>", 2000)
		p := pollOnce(t, &feeds.Fetcher{AllowPrivate: true, MaxBytes: 10_000}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `<rss><channel>`+big+`</channel></rss>`)
		}))
		if !strings.Contains(p.LastError, "larger than the size cap") {
			t.Errorf("error %q", p.LastError)
		}
	})
	t.Run("oversize once unzipped", func(t *testing.T) {
		p := pollOnce(t, &feeds.Fetcher{AllowPrivate: true, MaxBytes: 10_000}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			z := gzip.NewWriter(w)
			fmt.Fprint(z, `<rss><channel>`+strings.Repeat(" ", 1_000_000)+`</channel></rss>`)
			z.Close()
		}))
		if !strings.Contains(p.LastError, "larger than the size cap") {
			t.Errorf("error %q", p.LastError)
		}
	})
	t.Run("slow", func(t *testing.T) {
		release := make(chan struct{})
		defer close(release)
		p := pollOnce(t, &feeds.Fetcher{AllowPrivate: true, Timeout: 300 * time.Millisecond}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}))
		if p.LastError != "the feed took too long to answer" || p.Failures != 1 {
			t.Errorf("poll state %+v", p)
		}
	})
	t.Run("malformed", func(t *testing.T) {
		p := pollOnce(t, &feeds.Fetcher{AllowPrivate: true}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `<rss><channel><item><title>unclosed`)
		}))
		if !strings.Contains(p.LastError, "read feed") {
			t.Errorf("error %q", p.LastError)
		}
	})
	t.Run("redirect loop", func(t *testing.T) {
		p := pollOnce(t, &feeds.Fetcher{AllowPrivate: true}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/feed?again="+r.URL.Query().Get("again")+"x", http.StatusFound)
		}))
		if !strings.Contains(p.LastError, "redirects") {
			t.Errorf("error %q", p.LastError)
		}
	})
	t.Run("private address", func(t *testing.T) {
		var asked atomic.Int32
		p := pollOnce(t, &feeds.Fetcher{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			asked.Add(1)
			fmt.Fprint(w, smallRSS)
		}))
		if !strings.Contains(p.LastError, "private") || asked.Load() != 0 {
			t.Errorf("error %q, requests that reached the server: %d", p.LastError, asked.Load())
		}
	})
}

func TestPollServesGzipFeeds(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Error("no gzip asked for")
		}
		w.Header().Set("Content-Encoding", "gzip")
		z := gzip.NewWriter(w)
		fmt.Fprint(z, smallRSS)
		z.Close()
	}))
	defer srv.Close()
	db := openWire(t)
	src := addSource(t, db, "Zipped", srv.URL)
	now := pollNow
	if n, err := poller(db, nil, &now).Poll(t.Context(), src); err != nil || n != 2 {
		t.Fatalf("gzip poll: %d, %v", n, err)
	}
}

func TestFetcherWaitsBetweenRequestsToOneHost(t *testing.T) {
	var mu sync.Mutex
	var at []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		at = append(at, time.Now())
		mu.Unlock()
		fmt.Fprint(w, smallRSS)
	}))
	defer srv.Close()
	db := openWire(t)
	for _, name := range []string{"A", "B", "C"} {
		addSource(t, db, name, srv.URL+"/"+name)
	}
	now := pollNow
	const gap = 300 * time.Millisecond
	rep, err := poller(db, &feeds.Fetcher{AllowPrivate: true, HostInterval: gap}, &now).PollDue(t.Context())
	if err != nil || rep.Polled != 3 {
		t.Fatalf("poll: %+v, %v", rep, err)
	}
	for i := 1; i < len(at); i++ {
		if d := at[i].Sub(at[i-1]); d < gap-10*time.Millisecond {
			t.Errorf("requests %d and %d to one host %v apart, want at least %v", i-1, i, d, gap)
		}
	}
	items, _ := db.WireItems(t.Context(), store.WireFilter{})
	if len(items) != 2 {
		t.Errorf("inbox shows %d items, want each story once", len(items))
	}
}
