package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store/postgres/pgtest"
)

// node is one masthead serve process's worth of app, on a shared database.
type node struct {
	main *app.Main
	srv  *httptest.Server
}

func startNode(t *testing.T, dsn string) node {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.DB = dsn
	m, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(func() { srv.Close(); m.Close() })
	return node{main: m, srv: srv}
}

func (n node) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := client.Get(n.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestTwoNodesOnOnePostgreSQLDatabaseBehaveAsOneSite starts two app nodes
// on one database: what one publishes, the other serves at once, and a
// scheduled article is published exactly once although both run the
// scheduler.
func TestTwoNodesOnOnePostgreSQLDatabaseBehaveAsOneSite(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	a, b := startNode(t, dsn), startNode(t, dsn)
	ctx := context.Background()
	if err := a.main.Store.SaveSettings(ctx, news.Settings{Name: "Two Node Times", TimeZone: "UTC", Language: "en"}); err != nil {
		t.Fatal(err)
	}

	story := news.Article{Title: "Published on node A", Slug: "published-on-a", Body: "<p>Hello.</p>", WordCount: 1,
		Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Minute).UTC().Truncate(time.Second)}
	if err := a.main.Store.CreateArticle(ctx, &story); err != nil {
		t.Fatal(err)
	}
	path := story.PublishedAt.Format("/2006/01/02/") + story.Slug + "/"
	if code, body := b.get(t, path); code != 200 || !strings.Contains(body, story.Title) {
		t.Fatalf("node B: %d for the article node A published", code)
	}
	story.Title = "Corrected on node A"
	if err := a.main.Store.UpdateArticle(ctx, &story); err != nil {
		t.Fatal(err)
	}
	// Node B keeps pages in its page cache; node A's change reaches it
	// over LISTEN/NOTIFY (or the 500 ms poll), not inside A's write.
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, body := b.get(t, path)
		if strings.Contains(body, "Corrected on node A") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("node B still shows the old title 5 s after node A's correction")
		}
		time.Sleep(20 * time.Millisecond)
	}

	due := time.Now().Add(time.Second).Truncate(time.Second).Add(time.Second).UTC()
	embargoed := news.Article{Title: "Embargo lifts on both nodes", Slug: "embargo-lifts", Body: "<p>Now.</p>", WordCount: 1,
		Status: news.StatusScheduled, PublishedAt: due}
	if err := b.main.Store.CreateArticle(ctx, &embargoed); err != nil {
		t.Fatal(err)
	}
	var published atomic.Int32
	var wg sync.WaitGroup
	for _, n := range []node{a, b} {
		s := n.main.Scheduler()
		s.Interval = 20 * time.Millisecond
		s.Published = func(context.Context, news.Article) { published.Add(1) }
		runCtx, cancel := context.WithTimeout(ctx, time.Until(due)+time.Second)
		defer cancel()
		wg.Add(1)
		go func() { defer wg.Done(); s.Run(runCtx) }()
	}
	wg.Wait()
	if n := published.Load(); n != 1 {
		t.Fatalf("the scheduled article was published %d times across two nodes, want once", n)
	}
	embargoPath := due.Format("/2006/01/02/") + embargoed.Slug + "/"
	for name, n := range map[string]node{"A": a, "B": b} {
		if code, _ := n.get(t, embargoPath); code != http.StatusOK {
			t.Errorf("node %s: %d for the scheduled article after its time", name, code)
		}
	}
}

// TestDemoPublicationOnPostgreSQL runs the whole reader site on PostgreSQL:
// the demo seeds into it and a crawl finds every page and file answering.
func TestDemoPublicationOnPostgreSQL(t *testing.T) {
	n := startNode(t, pgtest.NewDatabase(t))
	if err := n.main.SeedDemo(context.Background(), time.Now()); err != nil {
		t.Fatal(err)
	}
	pages, addresses := crawl(t, n.srv.URL, nil)
	if pages < 100 {
		t.Errorf("crawl of the PostgreSQL demo reached only %d pages", pages)
	}
	t.Logf("PostgreSQL demo: crawled %d pages, %d addresses", pages, addresses)
	code, body := n.get(t, "/search?q=corridor")
	if code != 200 || !strings.Contains(body, "<mark>") {
		t.Errorf("search on PostgreSQL: %d, no highlighted match", code)
	}
}

// TestReaderPagesCanComeFromAReadReplica gives a node a read-only replica
// (here: the same database through read-only connections): reader pages
// are served from it, and the newsroom still writes to the primary.
func TestReaderPagesCanComeFromAReadReplica(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	primary := startNode(t, dsn) // migrates the database
	ctx := context.Background()
	if err := primary.main.Store.SaveSettings(ctx, news.Settings{Name: "Replica Review", TimeZone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.DataDir, cfg.DB = t.TempDir(), dsn
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	cfg.DBRead = dsn + sep + "options=-c%20default_transaction_read_only%3Don"
	m, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if m.ReadStore == m.Store {
		t.Fatal("--db-read did not give the reader pages a store of their own")
	}
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	story := news.Article{Title: "Served by the replica", Slug: "served-by-replica", Body: "<p>x</p>", WordCount: 1,
		Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Minute).UTC().Truncate(time.Second)}
	if err := m.Store.CreateArticle(ctx, &story); err != nil {
		t.Fatalf("the primary refused a write: %v", err)
	}
	if err := m.ReadStore.CreateArticle(ctx, &news.Article{Title: "x", Slug: "x", Status: news.StatusDraft}); err == nil {
		t.Fatal("the replica store accepted a write")
	}
	resp, err := http.Get(srv.URL + story.PublishedAt.Format("/2006/01/02/") + story.Slug + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), story.Title) {
		t.Fatalf("article via the replica: %d", resp.StatusCode)
	}
	ready, err := http.Get(srv.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	ready.Body.Close()
	if ready.StatusCode != 200 {
		t.Errorf("/readyz with a replica: %d", ready.StatusCode)
	}
}

// TestStaffSessionsWorkOnEveryNode signs in through one node and uses the
// session on the other, and signs out on the second: sessions live in the
// shared database, not in a node's memory.
func TestStaffSessionsWorkOnEveryNode(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	a, b := startNode(t, dsn), startNode(t, dsn)
	setup := url.Values{"email": {"chief@example.org"}, "name": {"Chief Editor"}, "password": {"a long enough password"}}
	resp, err := client.PostForm(a.srv.URL+"/admin/setup", setup)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "masthead_session" {
			session = c
		}
	}
	if resp.StatusCode != http.StatusSeeOther || session == nil {
		t.Fatalf("set-up on node A: %d, cookie %v", resp.StatusCode, session)
	}
	dashboard := func(n node) int {
		req, _ := http.NewRequest("GET", n.srv.URL+"/admin/", nil)
		req.AddCookie(session)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := dashboard(b); code != http.StatusOK {
		t.Fatalf("node B does not know node A's session: %d", code)
	}
	req, _ := http.NewRequest("POST", b.srv.URL+"/admin/logout", nil)
	req.AddCookie(session)
	if resp, err := client.Do(req); err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out on node B: %v", err)
	}
	if code := dashboard(a); code != http.StatusSeeOther {
		t.Errorf("node A still accepts a session ended on node B: %d", code)
	}
}
