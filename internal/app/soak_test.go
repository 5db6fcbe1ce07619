package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// soakDuration is how long the soak runs: half a minute by default, so
// that it fits in the ordinary test run, or MASTHEAD_SOAK (e.g. 5m).
func soakDuration(t *testing.T) time.Duration {
	if s := os.Getenv("MASTHEAD_SOAK"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatalf("MASTHEAD_SOAK=%q: %v", s, err)
		}
		return d
	}
	return 30 * time.Second
}

// usage is what the process holds once the load has stopped.
type usage struct {
	goroutines int
	files      int
	heap       uint64
}

func (u usage) String() string {
	return fmt.Sprintf("%d goroutines, %d open files, %.1f MiB heap", u.goroutines, u.files, float64(u.heap)/(1<<20))
}

// measure lets connections wind down and garbage be collected, then reads
// what the process holds.
func measure(t *testing.T, clients []*http.Client) usage {
	t.Helper()
	for _, c := range clients {
		c.CloseIdleConnections()
	}
	time.Sleep(time.Second)
	runtime.GC()
	runtime.GC()
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("cannot count open files: %v", err)
	}
	return usage{goroutines: runtime.NumGoroutine(), files: len(fds), heap: mem.HeapAlloc}
}

// load runs readers and writers against the site until ctx ends and
// returns how many requests each made and every unexpected answer.
type load struct {
	base     string
	readers  []*http.Client
	writers  []*http.Client
	paths    []string
	requests atomic.Int64
	mu       sync.Mutex
	errs     []string
	written  atomic.Int64
	// publish holds what a published article needs besides its text: a
	// section, an author and a featured picture, taken from the demo.
	publish url.Values
}

func (l *load) fail(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.errs) < 20 {
		l.errs = append(l.errs, fmt.Sprintf(format, args...))
	}
}

func (l *load) run(ctx context.Context) {
	var wg sync.WaitGroup
	for i, c := range l.readers {
		wg.Go(func() {
			for n := i; ctx.Err() == nil; n++ {
				path := l.paths[n%len(l.paths)]
				resp, err := c.Get(l.base + path)
				l.requests.Add(1)
				if err != nil {
					if ctx.Err() == nil {
						l.fail("GET %s: %v", path, err)
					}
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || len(body) == 0 {
					l.fail("GET %s: %d", path, resp.StatusCode)
				}
			}
		})
	}
	for i, c := range l.writers {
		wg.Go(func() {
			for ctx.Err() == nil {
				n := l.written.Add(1)
				form := url.Values{"title": {fmt.Sprintf("Soak story %d by %d", n, i)}, "body": {fmt.Sprintf("<p>Soak text %d.</p>", n)}}
				if n%3 == 0 {
					for k, v := range l.publish {
						form[k] = v
					}
				}
				resp, err := c.PostForm(l.base+"/admin/articles/", form)
				l.requests.Add(1)
				if err != nil {
					if ctx.Err() == nil {
						l.fail("save %d: %v", n, err)
					}
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/articles/") {
					l.fail("save %d: %d to %q", n, resp.StatusCode, resp.Header.Get("Location"))
				}
			}
		})
	}
	wg.Wait()
}

var readerLink = regexp.MustCompile(`href="(/(?:category|tag|author)/[^"?#]+|/\d{4}/[^"?#]+)"`)

// readerPaths are the pages readers ask for: the front page, feeds,
// searches, and the sections, topics, authors and articles it links to.
func readerPaths(t *testing.T, base string) []string {
	t.Helper()
	resp, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	front, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	paths := []string{"/", "/feed/", "/feed/json/", "/sitemap.xml", "/search?q=harbour", "/search?q=oil+prices", "/search.json?q=baku"}
	seen := map[string]bool{}
	for _, m := range readerLink.FindAllStringSubmatch(string(front), -1) {
		if !seen[m[1]] && len(seen) < 30 {
			seen[m[1]] = true
			paths = append(paths, m[1])
		}
	}
	if len(seen) < 5 {
		t.Fatalf("the front page links to only %d reader pages", len(seen))
	}
	return paths
}

// publishFields copies the section, author and picture of a demo article
// that is published.
func publishFields(t *testing.T, m *app.Main) url.Values {
	t.Helper()
	list, err := m.Store.ListArticles(t.Context(), store.ArticleFilter{Status: news.StatusPublished, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.Image != nil && a.Image.ID != 0 && len(a.Categories) > 0 && len(a.Authors) > 0 {
			return url.Values{"step": {"publish"}, "category": {strconv.FormatInt(a.Categories[0].ID, 10)},
				"authors": {strconv.FormatInt(a.Authors[0].ID, 10)}, "image": {strconv.FormatInt(a.Image.ID, 10)}}
		}
	}
	t.Fatal("no demo article has a section, an author and a picture")
	return nil
}

// TestSoakUnderConcurrentReadsAndWrites serves readers and newsroom
// writers at once on loopback, expects not one error, and fails when
// goroutines, open files or the heap grow between a warmed-up start and
// the end.
func TestSoakUnderConcurrentReadsAndWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("soak runs for half a minute or more")
	}
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	m, err := app.Open(t.Context(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := m.SeedDemo(t.Context(), time.Now()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	n := &newsroomSite{t: t, cfg: cfg, srv: srv, main: m}
	n.createUser("soak@example.org", "Soak Desk", "editor", "a long soak password")

	l := &load{base: srv.URL, paths: readerPaths(t, srv.URL), publish: publishFields(t, m)}
	for range 6 {
		l.readers = append(l.readers, &http.Client{Timeout: 30 * time.Second})
	}
	for range 2 {
		c := n.browser()
		if resp, _ := n.do(c, "POST", "/admin/login", url.Values{"email": {"soak@example.org"}, "password": {"a long soak password"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in: %d", resp.StatusCode)
		}
		l.writers = append(l.writers, c)
	}
	clients := append(append([]*http.Client(nil), l.readers...), l.writers...)

	duration := soakDuration(t)
	warm, cancel := context.WithTimeout(t.Context(), min(duration/5, 10*time.Second))
	l.run(warm)
	cancel()
	start := measure(t, clients)

	ctx, cancel := context.WithTimeout(t.Context(), duration)
	began := time.Now()
	l.run(ctx)
	cancel()
	end := measure(t, clients)
	t.Logf("%d requests (%d saves) in %s, %.0f/s", l.requests.Load(), l.written.Load(), time.Since(began).Round(time.Second), float64(l.requests.Load())/time.Since(began).Seconds())
	t.Logf("after warm-up: %s", start)
	t.Logf("at the end:    %s", end)

	for _, e := range l.errs {
		t.Error(e)
	}
	if end.goroutines > start.goroutines+5 {
		t.Errorf("goroutines grew from %d to %d", start.goroutines, end.goroutines)
	}
	if end.files > start.files+5 {
		t.Errorf("open files grew from %d to %d", start.files, end.files)
	}
	if end.heap > start.heap+start.heap/2+16<<20 {
		t.Errorf("heap grew from %.1f to %.1f MiB", float64(start.heap)/(1<<20), float64(end.heap)/(1<<20))
	}
}
