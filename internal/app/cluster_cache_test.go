package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/jobs"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store/postgres/pgtest"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

// chromeOf reads what the home page shows around its content: the
// publication's name and the header menu's labels.
func chromeOf(t *testing.T, n node) (name string, menu []string) {
	t.Helper()
	code, body := n.get(t, "/")
	if code != http.StatusOK {
		t.Fatalf("home page: %d", code)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	name = strings.TrimSpace(doc.Find(".brand__name").First().Text())
	doc.Find(".main-nav__list > li > a").Each(func(_ int, s *goquery.Selection) {
		menu = append(menu, strings.TrimSpace(s.Text()))
	})
	return name, menu
}

// waitForChrome polls node n until its home page shows name and a header
// menu that starts with firstItem, and returns how long that took; it
// fails the test past the deadline.
func waitForChrome(t *testing.T, n node, name, firstItem string, deadline time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		gotName, menu := chromeOf(t, n)
		if gotName == name && len(menu) > 0 && menu[0] == firstItem {
			return time.Since(start)
		}
		if time.Since(start) > deadline {
			t.Fatalf("after %v the page still shows %q with menu %v, want %q with %q first",
				deadline, gotName, menu, name, firstItem)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func setChrome(t *testing.T, n node, name, firstItem string) {
	t.Helper()
	ctx := context.Background()
	if err := n.main.Store.SaveSettings(ctx, news.Settings{Name: name, TimeZone: "UTC", Language: "en"}); err != nil {
		t.Fatal(err)
	}
	if err := n.main.Store.SetMenu(ctx, news.MenuHeader, []news.MenuItem{{Label: firstItem, URL: "/"}, {Label: "About", URL: "/about/"}}); err != nil {
		t.Fatal(err)
	}
}

// TestAChangeOnOneNodeShowsOnTheOtherWithinASecond changes the settings
// and the header menu through node A's store while node B serves pages
// from its cache: B shows the change within a second, through
// LISTEN/NOTIFY, and still does after its listening connection is cut,
// through the poll.
func TestAChangeOnOneNodeShowsOnTheOtherWithinASecond(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	a, b := startNode(t, dsn), startNode(t, dsn)
	setChrome(t, a, "First Edition", "Front page")
	took := waitForChrome(t, b, "First Edition", "Front page", time.Second)
	t.Logf("node B showed node A's first change after %v", took)

	setChrome(t, a, "Second Edition", "Today")
	took = waitForChrome(t, b, "Second Edition", "Today", time.Second)
	t.Logf("node B showed node A's second change after %v", took)

	// A node's own change shows on its very next request.
	setChrome(t, b, "Third Edition", "Latest")
	if name, menu := chromeOf(t, b); name != "Third Edition" || menu[0] != "Latest" {
		t.Errorf("node B's own change is not on its next page: %q, %v", name, menu)
	}
	waitForChrome(t, a, "Third Edition", "Latest", time.Second)

	// Cut node B's listening connection: the poll covers until it is back.
	cut := terminateListeners(t, dsn)
	if cut == 0 {
		t.Fatal("found no listening connection to cut")
	}
	setChrome(t, a, "Fourth Edition", "Breaking")
	took = waitForChrome(t, b, "Fourth Edition", "Breaking", time.Second)
	t.Logf("with %d listening connections cut, node B showed the change after %v", cut, took)
}

// terminateListeners ends every connection of the test database that is
// listening for changes, as a network fault or a server restart would.
func terminateListeners(t *testing.T, dsn string) int {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	err = conn.QueryRow(context.Background(), `SELECT count(*) FROM (
		SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%') s`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAChangeShowsOnTheNextRequestOnSQLite: one process, so the change is
// passed on inside it, before the write returns.
func TestAChangeShowsOnTheNextRequestOnSQLite(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	m, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(func() { srv.Close(); m.Close() })
	n := node{main: m, srv: srv}
	for _, edition := range []string{"Morning", "Noon", "Evening"} {
		setChrome(t, n, edition+" Post", edition+" news")
		if name, menu := chromeOf(t, n); name != edition+" Post" || menu[0] != edition+" news" {
			t.Fatalf("next request after the %s change: %q, %v", edition, name, menu)
		}
		chromeOf(t, n) // served from the cache
	}
	if err := m.Store.SetBanners(context.Background(), []news.Banner{{Title: "Our archive", URL: "/archive/"}}); err != nil {
		t.Fatal(err)
	}
	if _, body := n.get(t, "/"); !strings.Contains(body, "Our archive") {
		t.Error("a new banner is not on the next page")
	}

	// Another process writing the file (a command run beside serve) is
	// not seen at once, which shows the chrome is cached, but within the
	// poll interval.
	other, err := sqlite.Open(context.Background(), filepath.Join(cfg.DataDir, "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.SaveSettings(context.Background(), news.Settings{Name: "Night Post", TimeZone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	if name, _ := chromeOf(t, n); name != "Evening Post" {
		t.Errorf("right after another process's write the page shows %q: the chrome is not cached", name)
	}
	took := waitForChrome(t, n, "Night Post", "Evening news", time.Second)
	t.Logf("another process's change showed after %v", took)
}

// TestSignInLimitsHoldAcrossNodes spreads wrong passwords for one account
// over two nodes: the fifth locks the account on both, even for the right
// password.
func TestSignInLimitsHoldAcrossNodes(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	a, b := startNode(t, dsn), startNode(t, dsn)
	resp, err := client.PostForm(a.srv.URL+"/admin/setup", url.Values{
		"email": {"chief@example.org"}, "name": {"Chief Editor"}, "password": {"the right password"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	login := func(n node, password string) (int, string) {
		t.Helper()
		resp, err := client.PostForm(n.srv.URL+"/admin/login", url.Values{"email": {"Chief@Example.org"}, "password": {password}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	for i, n := range []node{a, b, a, b, a} {
		if code, _ := login(n, "a wrong guess"); code != http.StatusUnauthorized {
			t.Fatalf("wrong guess %d: %d, want 401", i+1, code)
		}
	}
	for name, n := range map[string]node{"A": a, "B": b} {
		code, body := login(n, "the right password")
		if code != http.StatusTooManyRequests || !strings.Contains(body, "Too many attempts") {
			t.Errorf("node %s after five failures across both nodes: %d, want 429", name, code)
		}
	}

	// Both nodes' periodic jobs start at once: the hour's housekeeping
	// runs on one of them, and keeps the recent failures.
	var finished atomic.Int32
	var wg sync.WaitGroup
	for _, n := range []node{a, b} {
		r := n.main.Periodic()
		// Only housekeeping: the digest and alerts are once per period too,
		// and would be counted alongside it.
		r.Jobs = slices.DeleteFunc(r.Jobs, func(j jobs.Periodic) bool { return j.Name != "housekeeping" })
		wg.Go(func() { finished.Add(int32(r.RunOnce(context.Background()))) })
	}
	wg.Wait()
	if n := finished.Load(); n != 1 {
		t.Errorf("housekeeping ran %d times across two nodes, want once", n)
	}
	if code, _ := login(b, "the right password"); code != http.StatusTooManyRequests {
		t.Errorf("after housekeeping the account is no longer limited: %d", code)
	}
}
