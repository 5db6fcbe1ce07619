package site

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
	"github.com/mastheadhq/masthead/internal/web"
)

// TestPaginationBeyondTheNumberedPages lowers the numbered pages to 2 (24
// articles) rather than writing 1,201 articles: a section with 30 shows
// pages 1 and 2 then "…", and its third page, reached through "Older", is
// served and numbered; a section with exactly 24 ends at page 2.
func TestPaginationBeyondTheNumberedPages(t *testing.T) {
	saved := numberedPages
	numberedPages = 2
	t.Cleanup(func() { numberedPages = saved })

	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	srv := listingServer(t, now, map[string]int{"long": 30, "exact": 24})

	tests := []struct {
		path    string
		status  int
		numbers []string // page links in order, "…" for a gap
		current string
		more    bool
		older   string
		newer   string
	}{
		{"/category/long/", 200, []string{"1", "2"}, "1", true, "/category/long/page/2/", ""},
		{"/category/long/page/2/", 200, []string{"1", "2"}, "2", true, "/category/long/page/3/", "/category/long/"},
		{"/category/long/page/3/", 200, []string{"1", "2", "3"}, "3", false, "", "/category/long/page/2/"},
		{"/category/long/page/4/", 404, nil, "", false, "", ""},
		{"/category/exact/", 200, []string{"1", "2"}, "1", false, "/category/exact/page/2/", ""},
		{"/category/exact/page/2/", 200, []string{"1", "2"}, "2", false, "", "/category/exact/"},
		{"/category/exact/page/3/", 404, nil, "", false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := http.Get(srv.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status != 200 {
				return
			}
			doc, err := goquery.NewDocumentFromReader(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			nav := doc.Find(`nav.pagination[aria-label="Pages"]`)
			if nav.Length() != 1 {
				t.Fatalf("%d pagination navs, want 1", nav.Length())
			}
			var numbers []string
			nav.Find("ul li:not(.pagination__more)").Each(func(_ int, li *goquery.Selection) {
				numbers = append(numbers, strings.TrimSpace(li.Text()))
			})
			if strings.Join(numbers, " ") != strings.Join(tt.numbers, " ") {
				t.Errorf("page links %q, want %q", numbers, tt.numbers)
			}
			if got := nav.Find(`[aria-current="page"]`).Text(); got != tt.current {
				t.Errorf("current page %q, want %q", got, tt.current)
			}
			more := nav.Find("li.pagination__more")
			if (more.Length() == 1) != tt.more {
				t.Errorf("trailing … shown: %v, want %v", more.Length() == 1, tt.more)
			}
			if tt.more && more.Find(".visually-hidden").Text() == "" {
				t.Error("the trailing … has no text for screen readers")
			}
			if got, _ := nav.Find(`a[rel="next"]`).Attr("href"); got != tt.older {
				t.Errorf("Older link %q, want %q", got, tt.older)
			}
			if got, _ := nav.Find(`a[rel="prev"]`).Attr("href"); got != tt.newer {
				t.Errorf("Newer link %q, want %q", got, tt.newer)
			}
			if got, _ := doc.Find(`link[rel="next"]`).Attr("href"); got != tt.older {
				t.Errorf(`<link rel="next"> %q, want %q`, got, tt.older)
			}
			if n := doc.Find(".card").Length(); n == 0 {
				t.Error("no articles listed")
			}
		})
	}

	t.Run("the third page lists the oldest articles", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "/category/long/page/3/")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		doc, err := goquery.NewDocumentFromReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		doc.Find(".card__title").Each(func(_ int, s *goquery.Selection) {
			titles = append(titles, strings.TrimSpace(s.Text()))
		})
		want := []string{"long 5", "long 4", "long 3", "long 2", "long 1", "long 0"}
		if strings.Join(titles, "|") != strings.Join(want, "|") {
			t.Errorf("titles %q, want %q", titles, want)
		}
	})
}

// listingServer serves a site whose SQLite store holds, for each named
// section, that many published articles an hour apart, titled "<section>
// <i>", the highest i newest.
func listingServer(t *testing.T, now time.Time, sections map[string]int) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "site.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	position := 0
	for slug, n := range sections {
		position++
		c := news.Category{Name: slug, Slug: slug, Position: position}
		if err := db.CreateCategory(ctx, &c); err != nil {
			t.Fatal(err)
		}
		for i := range n {
			a := news.Article{
				Title:       fmt.Sprintf("%s %d", slug, i),
				Slug:        fmt.Sprintf("%s-%d", slug, i),
				Body:        "<p>Text.</p>",
				WordCount:   1,
				Status:      news.StatusPublished,
				PublishedAt: now.Add(-time.Duration(n-i) * time.Hour),
				Categories:  []news.Category{c},
			}
			if err := db.CreateArticle(ctx, &a); err != nil {
				t.Fatal(err)
			}
		}
	}
	files, err := media.NewFolder(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Store: db, Media: files, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	mux := web.NewMux()
	s.Routes(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}
