package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/search"
	"github.com/mastheadhq/masthead/internal/store"
)

// A rename leaves its articles' search entries to the queue; the server's
// periodic jobs drain it, after which readers find the new name.
func TestServerDrainsTheSearchQueueOfARename(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	m, err := app.Open(t.Context(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	ctx := t.Context()
	section := news.Category{Name: "City", Slug: "city"}
	tag := news.Tag{Name: "Boulevard", Slug: "boulevard"}
	must(t, m.Store.CreateCategory(ctx, &section))
	must(t, m.Store.CreateTag(ctx, &tag))
	for i, slug := range []string{"first", "second", "third"} {
		a := news.Article{Title: "Seaside walk " + slug, Slug: slug, Body: "<p>Benches and lamps.</p>", WordCount: 3,
			Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Duration(i+1) * time.Hour).Truncate(time.Second),
			Categories: []news.Category{section}, Tags: []news.Tag{tag}}
		must(t, m.Store.CreateArticle(ctx, &a))
	}
	tag.Name = "Promenade"
	must(t, m.Store.UpdateTag(ctx, &tag))
	if queued, err := m.Store.QueuedForReindex(ctx); err != nil || len(queued) != 3 {
		t.Fatalf("queued after the rename: %v, %v; want the three articles", queued, err)
	}

	site := serveExpress(t, m).URL

	deadline := time.Now().Add(20 * time.Second)
	for {
		queued, err := m.Store.QueuedForReindex(ctx)
		must(t, err)
		if len(queued) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server left %v queued", queued)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for word, want := range map[string]int{"promenade": 3, "boulevard": 0} {
		_, _, body := fetch(t, client, site, "/search?"+url.Values{"q": {word}}.Encode())
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		must(t, err)
		if got := resultTitles(page{doc: doc}); len(got) != want {
			t.Errorf("search %q shows %q, want %d of the renamed tag's articles", word, got, want)
		}
	}
}

// "import wordpress" drains the queue at its end: a re-import renames the
// tags and authors changed in WordPress, and no server may be running.
func TestImportDrainsTheSearchQueue(t *testing.T) {
	dir := t.TempDir()
	importInto := func() {
		t.Helper()
		args := []string{"import", "wordpress", filepath.Join("..", "wpimport", "testdata", "site.xml"), "--data", dir}
		var out, errs bytes.Buffer
		env := app.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }}
		if code := app.CLI(context.Background(), args, env); code != 0 {
			t.Fatalf("import exited %d:\n%s\n%s", code, out.String(), errs.String())
		}
	}
	open := func() *app.Main {
		t.Helper()
		cfg := config.Default()
		cfg.DataDir = dir
		m, err := app.Open(t.Context(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		must(t, err)
		return m
	}
	importInto()
	m := open()
	ctx := t.Context()
	counts, err := m.Store.TagArticleCounts(ctx)
	must(t, err)
	tags, err := m.Store.AllTags(ctx)
	must(t, err)
	var tag news.Tag
	for _, tg := range tags {
		if counts[tg.ID] > counts[tag.ID] {
			tag = tg
		}
	}
	if tag.ID == 0 {
		t.Fatal("the fixture has no tagged article")
	}
	tag.Name = "Quayside"
	must(t, m.Store.UpdateTag(ctx, &tag))
	queued, err := m.Store.QueuedForReindex(ctx)
	must(t, err)
	if len(queued) != counts[tag.ID] {
		t.Fatalf("queued after the rename: %v, want the tag's %d articles", queued, counts[tag.ID])
	}
	must(t, m.Close())

	importInto()
	m = open()
	defer m.Close()
	queued, err = m.Store.QueuedForReindex(ctx)
	must(t, err)
	if len(queued) != 0 {
		t.Errorf("left queued after the import: %v", queued)
	}
	res, err := m.Store.SearchArticles(ctx, search.Parse("quayside"), store.SearchFilter{})
	must(t, err)
	if len(res.Hits) != counts[tag.ID] {
		t.Errorf("search for the new name after the import: %d hits, want %d", len(res.Hits), counts[tag.ID])
	}
}
