package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// sample returns the value of the series named exactly as series (name
// and labels as the text format writes them), or -1 when absent.
func sample(text, series string) float64 {
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`)
	m := re.FindStringSubmatch(text)
	if m == nil {
		return -1
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

func TestMetricsAreServedApartFromTheSite(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.MetricsAddr = freeAddr(t)
	m, err := app.Open(t.Context(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	ctx := t.Context()
	section := news.Category{Name: "City", Slug: "city"}
	if err := m.Store.CreateCategory(ctx, &section); err != nil {
		t.Fatal(err)
	}
	later := news.Article{Title: "Tomorrow's story", Slug: "tomorrow", Body: "<p>Soon.</p>", WordCount: 1,
		Status: news.StatusScheduled, PublishedAt: time.Now().Add(24 * time.Hour), Categories: []news.Category{section}}
	if err := m.Store.CreateArticle(ctx, &later); err != nil {
		t.Fatal(err)
	}

	serveCtx, stop := context.WithCancel(context.Background())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- m.Serve(serveCtx, ln) }()
	defer func() {
		stop()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	site := "http://" + ln.Addr().String()
	for _, tt := range []struct {
		path   string
		status int
	}{
		{"/", 200}, {"/", 200}, {"/", 200},
		{"/no-such-page-1/", 404}, {"/no-such-page-2/", 404},
		{"/admin/", 303},
		{"/metrics", 301}, {"/metrics/", 404},
	} {
		resp, err := client.Get(site + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("GET %s: %d, want %d", tt.path, resp.StatusCode, tt.status)
		}
		if strings.Contains(string(body), "masthead_http_request") {
			t.Errorf("the public site serves metrics at %s", tt.path)
		}
	}

	var text string
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get("http://" + cfg.MetricsAddr + "/metrics")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				text = string(b)
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no metrics on --metrics-addr %s: %v", cfg.MetricsAddr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}

	for series, want := range map[string]float64{
		`masthead_http_request_duration_seconds_count{route="GET /{$}",status="2xx"}`: 3,
		`masthead_http_request_duration_seconds_count{route="GET /",status="4xx"}`:    3,
		`masthead_scheduled_articles`: 1,
	} {
		if got := sample(text, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	if got := sample(text, `masthead_http_request_duration_seconds_count{route="GET /admin/{$}",status="3xx"}`); got != 1 {
		t.Errorf("the newsroom's redirect is not counted under its route: %v", got)
	}
	if strings.Contains(text, "no-such-page") {
		t.Error("raw paths became labels")
	}
	hits := sample(text, `masthead_cache_requests_total{cache="chrome",result="hit"}`)
	misses := sample(text, `masthead_cache_requests_total{cache="chrome",result="miss"}`)
	if hits < 2 || misses < 1 {
		t.Errorf("chrome cache: %v hits, %v misses; want at least 2 and 1", hits, misses)
	}
	if got := sample(text, `masthead_cache_requests_total{cache="page",result="hit"}`); got != 2 {
		t.Errorf("page cache: %v hits, want 2 (the home page after its first render)", got)
	}
	if sample(text, "masthead_page_cache_bytes") <= 0 {
		t.Error("the page cache's memory is not reported")
	}
	// A test's process takes no pool, so its pages are all outside one.
	if got := sample(text, `masthead_sqlite_page_cache_bytes{where="outside"}`); got < 4096 {
		t.Errorf("SQLite's page caches: %v bytes outside the pool, want the pages the server read", got)
	}
	if n := sample(text, "masthead_db_query_seconds_count"); n < 5 {
		t.Errorf("%v database round trips timed, want the pages' queries", n)
	}
	if sample(text, "go_goroutines") <= 0 {
		t.Error("no Go runtime metrics")
	}
}

func TestMetricsAreOffByDefault(t *testing.T) {
	srv := httptest.NewServer(demoSite.main.MetricsHandler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("metrics without --metrics-addr: %d", resp.StatusCode)
	}
}

func TestJobQueueDepthIsMeasuredAtEachScrape(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.MetricsAddr = freeAddr(t) // measured, though nothing serves here
	m, err := app.Open(t.Context(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	must(t, err)
	srv := httptest.NewServer(m.MetricsHandler())
	defer srv.Close()
	scrape := func() string {
		t.Helper()
		resp, err := http.Get(srv.URL + "/metrics")
		must(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /metrics: %d\n%s", resp.StatusCode, b)
		}
		return string(b)
	}
	want := func(text string, series map[string]float64) {
		t.Helper()
		for s, v := range series {
			// sample's -1 for a missing series must not pass for a -1 sent.
			if got := sample(text, s); got != v || !strings.Contains(text, "\n"+s+" ") {
				t.Errorf("%s = %v, want %v", s, got, v)
			}
		}
	}

	want(scrape(), map[string]float64{
		`masthead_job_queue{job="publish_scheduled",state="due"}`: 0,
		`masthead_job_queue{job="housekeeping",state="due"}`:      0,
		`masthead_job_queue{job="housekeeping",state="running"}`:  0,
	})

	// Two articles past their time that no scheduler has published (none
	// runs here), one still to come; a digest run under way on a node,
	// and one whose node died half-way.
	ctx := t.Context()
	for i, at := range []time.Duration{-time.Hour, -time.Minute, time.Hour} {
		a := news.Article{Title: fmt.Sprintf("Story %d", i), Slug: fmt.Sprintf("story-%d", i), Body: "<p>Text.</p>", WordCount: 1,
			Status: news.StatusScheduled, PublishedAt: time.Now().Add(at)}
		must(t, m.Store.CreateArticle(ctx, &a))
	}
	for _, run := range []struct {
		period, node string
		claimed      time.Time
	}{{"today", "node-a", time.Now()}, {"yesterday", "node-b", time.Now().Add(-time.Hour)}} {
		got, err := m.Store.ClaimRun(ctx, store.JobRun{Job: "digest", Period: run.period, Node: run.node}, run.claimed, 10*time.Minute)
		if err != nil || !got {
			t.Fatalf("claim %s: %v, %v", run.period, got, err)
		}
	}
	want(scrape(), map[string]float64{
		`masthead_job_queue{job="publish_scheduled",state="due"}`: 2,
		`masthead_job_queue{job="digest",state="running"}`:        1,
		`masthead_job_queue{job="digest",state="due"}`:            1,
		`masthead_job_queue{job="housekeeping",state="due"}`:      0,
		`masthead_scheduled_articles`:                             3,
	})

	// The scheduler empties its queue.
	if n := m.Scheduler().RunOnce(ctx); n != 2 {
		t.Errorf("the scheduler published %d articles, want 2", n)
	}
	want(scrape(), map[string]float64{`masthead_job_queue{job="publish_scheduled",state="due"}`: 0})

	// A database that cannot be read shows as -1, not as an empty queue.
	must(t, m.Close())
	want(scrape(), map[string]float64{
		`masthead_job_queue{job="publish_scheduled",state="due"}`: -1,
		`masthead_job_queue{job="housekeeping",state="due"}`:      -1,
	})
}
