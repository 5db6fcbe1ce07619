package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// benchDB names a generated publication to benchmark against, such as
// the 100,000-article database that bench/scale leaves with -keep
// (postgres://…/masthead_bench_100000); without it the benchmarks use the
// demo publication of the package's tests.
const benchDBEnv = "MASTHEAD_BENCH_DB"

// openBench opens the benchmark publication with the page cache as asked.
func openBench(b *testing.B, pageCache int64) *app.Main {
	b.Helper()
	dsn := os.Getenv(benchDBEnv)
	if dsn == "" {
		dsn = "sqlite:" + demoSite.main.Config.DataDir + "/masthead.db"
	}
	cfg := config.Default()
	cfg.DataDir = b.TempDir()
	cfg.DB = dsn
	cfg.PageCache = pageCache
	m, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { m.Close() })
	return m
}

// articlePaths returns the addresses of up to n visible articles spread
// over the archive.
func articlePaths(b *testing.B, st store.Store, n int) []string {
	b.Helper()
	ctx := context.Background()
	total, err := st.CountArticles(ctx, store.ArticleFilter{VisibleAt: time.Now()})
	if err != nil || total == 0 {
		b.Fatalf("%d articles: %v", total, err)
	}
	settings, _ := st.Settings(ctx)
	var paths []string
	step := max(total/n, 1)
	for off := 0; off < total && len(paths) < n; off += step {
		list, err := st.ListArticles(ctx, store.ArticleFilter{VisibleAt: time.Now(), Limit: 1, Offset: off})
		if err != nil {
			b.Fatal(err)
		}
		paths = append(paths, news.ArticlePath(list[0], settings.Location()))
	}
	return paths
}

// BenchmarkArticleCold renders article pages with no page cache, from
// across the archive: the server time of a page nobody has asked for
// since it last changed (the chrome is cached, as between changes).
func BenchmarkArticleCold(b *testing.B) {
	m := openBench(b, 0)
	paths := articlePaths(b, m.Store, 200)
	h := m.Handler()
	for _, p := range paths { // warm the database's own caches and the chrome
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", p, nil))
	}
	b.ReportAllocs()
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", paths[i%len(paths)], nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d", paths[i%len(paths)], rec.Code)
		}
		i++
	}
	reportCPU(b, cpu, i)
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU time per operation since start, which on a
// machine shared with other work says more than the wall time: it is
// what the render costs the server, whatever else waits for the cores.
func reportCPU(b *testing.B, start time.Duration, ops int) {
	if ops > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(ops), "cpu-ns/op")
	}
}

// BenchmarkArticleCached answers an article page from the page cache
// through the whole handler: the path a popular story takes.
func BenchmarkArticleCached(b *testing.B) {
	m := openBench(b, config.DefaultPageCache)
	path := articlePaths(b, m.Store, 1)[0]
	h := m.Handler()
	req := httptest.NewRequest("GET", path, nil)
	w := &nullWriter{h: http.Header{}}
	h.ServeHTTP(w, req)
	h.ServeHTTP(w, req)
	if hits := m.PageCache().Stats().Hits; hits != 1 {
		b.Fatalf("%d hits after warming", hits)
	}
	b.ReportAllocs()
	cpu, n := cpuTime(), 0
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
		n++
	}
	reportCPU(b, cpu, n)
}

// BenchmarkArticleAfterPublish is the server time of an article page the
// page cache held when a story was published, per page: "column" as the
// cache does it (the latest column rendered again and spliced in),
// "whole" as a page rendered again from scratch costs (every page
// dropped). The site's own caches of the chrome and the newest stories
// stay warm in both, as they are after their first page.
func BenchmarkArticleAfterPublish(b *testing.B) {
	for _, c := range []struct {
		name       string
		keys       []string
		everything bool
	}{{"column", []string{store.KeyLatest}, false}, {"whole", nil, true}} {
		b.Run(c.name, func(b *testing.B) {
			m := openBench(b, config.DefaultPageCache)
			paths := articlePaths(b, m.Store, 100)
			h := m.Handler()
			w := &nullWriter{h: http.Header{}}
			serveAll := func() {
				for _, p := range paths {
					clear(w.h)
					h.ServeHTTP(w, httptest.NewRequest("GET", p, nil))
				}
			}
			serveAll()
			serveAll()
			b.ReportAllocs()
			cpu, pages := cpuTime(), 0
			for b.Loop() {
				m.PageCache().Invalidate(c.keys, c.everything)
				serveAll()
				pages += len(paths)
			}
			b.StopTimer()
			b.ReportMetric(float64(cpuTime()-cpu)/float64(pages), "cpu-ns/page")
			if st := m.PageCache().Stats(); c.name == "column" && st.Refreshes < uint64(pages) {
				b.Fatalf("%d of %d pages refreshed their column", st.Refreshes, pages)
			}
		})
	}
}

// BenchmarkStartToFirstPage opens the publication and serves its front
// page: start-up as a restarted node sees it (migrations already run).
func BenchmarkStartToFirstPage(b *testing.B) {
	openBench(b, 0) // migrate once, outside the loop
	dsn := os.Getenv(benchDBEnv)
	if dsn == "" {
		dsn = "sqlite:" + demoSite.main.Config.DataDir + "/masthead.db"
	}
	for b.Loop() {
		cfg := config.Default()
		cfg.DataDir = b.TempDir()
		cfg.DB = dsn
		m, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			b.Fatal(err)
		}
		rec := httptest.NewRecorder()
		m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("front page: %d", rec.Code)
		}
		m.Close()
	}
}

type nullWriter struct{ h http.Header }

func (w *nullWriter) Header() http.Header         { return w.h }
func (w *nullWriter) WriteHeader(int)             {}
func (w *nullWriter) Write(b []byte) (int, error) { return len(b), nil }
