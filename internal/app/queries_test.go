package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store/querystats"
)

// queryWorld builds a publication of articles stories, each with perStory
// topics, authors and sections and a picture of its own, and returns the
// app (no page cache: every request renders) and the newest story's path.
func queryWorld(t *testing.T, articles, perStory int) (*app.Main, string) {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.PageCache = 0
	m, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	must(t, err)
	t.Cleanup(func() { m.Close() })
	ctx, st := t.Context(), m.Store
	must(t, st.SaveSettings(ctx, news.Settings{Name: "Counted", TimeZone: "UTC", Language: "en", FeedFullText: true}))
	news0 := news.Category{Name: "News", Slug: "news"}
	must(t, st.CreateCategory(ctx, &news0))
	sections := []news.Category{news0}
	for i := 1; i < perStory; i++ {
		c := news.Category{Name: fmt.Sprintf("Desk %d", i), Slug: fmt.Sprintf("desk%d", i), ParentID: news0.ID}
		must(t, st.CreateCategory(ctx, &c))
		sections = append(sections, c)
	}
	var tags []news.Tag
	var authors []news.Author
	for i := range perStory {
		tg := news.Tag{Name: fmt.Sprintf("Topic %d", i), Slug: fmt.Sprintf("t%d", i)}
		must(t, st.CreateTag(ctx, &tg))
		tags = append(tags, tg)
		avatar := news.Image{Path: fmt.Sprintf("2026/12/face%d.jpg", i), MIME: "image/jpeg", Width: 400, Height: 400, Alt: "Face"}
		must(t, st.CreateImage(ctx, &avatar))
		au := news.Author{Name: fmt.Sprintf("Writer %d", i), Slug: fmt.Sprintf("a%d", i), Avatar: &avatar,
			Links: []news.SocialLink{{Network: "x", URL: "https://x.com/w"}}}
		must(t, st.CreateAuthor(ctx, &au))
		authors = append(authors, au)
	}
	page := news.Page{Title: "About", Slug: "about", Body: "<p>Us.</p>", Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Hour)}
	must(t, st.CreatePage(ctx, &page))
	var newest news.Article
	for i := range articles {
		img := news.Image{Path: fmt.Sprintf("2026/12/p%d.jpg", i), MIME: "image/jpeg", Width: 1600, Height: 900, Alt: "Picture",
			Variants: []news.Variant{{Path: fmt.Sprintf("2026/12/p%d-640.jpg", i), MIME: "image/jpeg", Width: 640, Height: 360}}}
		must(t, st.CreateImage(ctx, &img))
		a := news.Article{Title: fmt.Sprintf("Story %d", i), Slug: fmt.Sprintf("story-%d", i), Body: "<h2>One</h2><p>Text.</p><h2>Two</h2><p>More.</p>",
			WordCount: 3, Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Duration(articles-i) * time.Minute),
			Categories: sections, Tags: tags, Authors: authors, Image: &img}
		must(t, st.CreateArticle(ctx, &a))
		newest = a
	}
	return m, news.ArticlePath(newest, time.UTC)
}

// countQueries renders path once to warm what is cached between changes
// (the chrome), then counts the statements of one more render. Between
// the two it waits for the related index to stand for every write so far
// (the first render may have kept an article's related list): whether a
// render ranks in memory or in SQL then does not depend on how fast the
// index caught up under the machine's load.
func countQueries(t *testing.T, m *app.Main, path string) int64 {
	t.Helper()
	h := m.Handler()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	if ix, ok := m.Store.(interface{ LoadRelatedIndex(context.Context) error }); ok {
		must(t, ix.LoadRelatedIndex(t.Context()))
	}
	var n atomic.Int64
	req := httptest.NewRequest("GET", path, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req.WithContext(querystats.WithCounter(req.Context(), &n)))
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: %d", path, rec.Code)
	}
	return n.Load()
}

// TestQueriesDoNotGrowWithTheItemsShown renders every page type of a
// publication whose pages show N items (stories in lists and feeds, and
// topics, authors and sections on each story) and of one showing 3N: a
// page that queried per item (N+1) would need more statements for more.
func TestQueriesDoNotGrowWithTheItemsShown(t *testing.T) {
	small, smallStory := queryWorld(t, 5, 1)
	large, largeStory := queryWorld(t, 15, 3)
	pages := []struct{ name, small, large string }{
		{"front page", "/", "/"},
		{"article", smallStory, largeStory},
		{"section", "/category/news/", "/category/news/"},
		{"topic", "/tag/t0/", "/tag/t0/"},
		{"author", "/author/a0/", "/author/a0/"},
		{"static page", "/about/", "/about/"},
		{"site feed", "/feed/", "/feed/"},
		{"topic feed, Atom", "/tag/t0/feed/atom/", "/tag/t0/feed/atom/"},
		{"JSON Feed", "/feed/json/", "/feed/json/"},
		{"sitemap index", "/sitemap.xml", "/sitemap.xml"},
		{"news sitemap", "/news-sitemap.xml", "/news-sitemap.xml"},
		{"topic sitemap", "/sitemap-tags.xml", "/sitemap-tags.xml"},
		{"author sitemap", "/sitemap-authors.xml", "/sitemap-authors.xml"},
		{"section sitemap", "/sitemap-categories.xml", "/sitemap-categories.xml"},
		{"search", "/search?q=story", "/search?q=story"},
	}
	for _, p := range pages {
		n, n3 := countQueries(t, small, p.small), countQueries(t, large, p.large)
		t.Logf("%-16s %2d statements showing N items, %2d showing 3N", p.name, n, n3)
		if n == 0 {
			t.Errorf("%s: no statements counted", p.name)
		}
		if n3 > n {
			t.Errorf("%s: %d statements for N items, %d for 3N: a query per item", p.name, n, n3)
		}
	}
}
