package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
)

// demoSite is one demo publication shared by the read-only tests of this
// package: seeding it once keeps the suite fast.
var demoSite struct {
	main *app.Main
	srv  *httptest.Server
	now  time.Time
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "masthead-app-test-")
	if err != nil {
		panic(err)
	}
	code := func() int {
		defer os.RemoveAll(dir)
		main, err := openDemo(dir)
		if err != nil {
			panic(err)
		}
		defer main.Close()
		demoSite.main = main
		demoSite.srv = httptest.NewServer(main.Handler())
		defer demoSite.srv.Close()
		return m.Run()
	}()
	os.Exit(code)
}

func openDemo(dir string) (*app.Main, error) {
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = dir
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	m, err := app.Open(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	demoSite.now = time.Now()
	if err := m.SeedDemo(ctx, demoSite.now); err != nil {
		m.Close()
		return nil, err
	}
	return m, nil
}

// client follows no redirects, so tests see them.
var client = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       30 * time.Second,
}

type page struct {
	status int
	header http.Header
	body   string
	doc    *goquery.Document
}

func get(t testing.TB, path string) page {
	t.Helper()
	resp, err := client.Get(demoSite.srv.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read: %v", path, err)
	}
	p := page{status: resp.StatusCode, header: resp.Header, body: string(b)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		p.doc, err = goquery.NewDocumentFromReader(strings.NewReader(p.body))
		if err != nil {
			t.Fatalf("GET %s: parse HTML: %v", path, err)
		}
	}
	return p
}

// text returns the trimmed text of the first element matching sel.
func (p page) text(sel string) string {
	return strings.Join(strings.Fields(p.doc.Find(sel).First().Text()), " ")
}

func (p page) count(sel string) int { return p.doc.Find(sel).Length() }

func (p page) attr(sel, name string) string {
	v, _ := p.doc.Find(sel).First().Attr(name)
	return v
}
