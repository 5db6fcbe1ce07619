package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// TestListFromNewestMatchesFullQuery shrinks listFromNewest's window so
// that, on a small archive, it both answers and gives way to the full
// query, and checks that every listing and capped count is the one the
// full query gives. Sections range from every article to one in twenty,
// with drafts and scheduled articles among them.
func TestListFromNewestMatchesFullQuery(t *testing.T) {
	ctx := t.Context()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "lists.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2025, time.March, 14, 12, 0, 0, 0, time.UTC)
	cats, tags := fillSections(t, db, now)

	var filters []store.ArticleFilter
	for _, off := range []int{0, 1, 3, 7} {
		for _, limit := range []int{1, 2, 5} {
			page := store.ArticleFilter{VisibleAt: now, Limit: limit, Offset: off}
			for _, c := range cats {
				f := page
				f.CategoryIDs = []int64{c.ID}
				filters = append(filters, f)
				f.CategoryIDs, f.PrimaryCategoryIDs = nil, []int64{c.ID}
				filters = append(filters, f)
			}
			f := page
			f.CategoryIDs, f.TagID, f.ExcludeIDs = []int64{cats[1].ID, cats[2].ID}, tags[0].ID, []int64{3}
			filters = append(filters, f)
			// A section with its sub-sections, as the front page's blocks
			// ask: an article filed in two is listed once.
			f = page
			f.CategoryIDs, f.ExcludeIDs = []int64{cats[0].ID, cats[1].ID, cats[2].ID}, []int64{5}
			filters = append(filters, f)
			f = page
			f.VisibleAt, f.Status, f.TagID = time.Time{}, news.StatusDraft, tags[1].ID
			filters = append(filters, f)
		}
	}
	want := make([][]int64, len(filters))
	saved := maxNewestWindow
	t.Cleanup(func() { newestWindow, maxNewestWindow = 50, saved })
	maxNewestWindow = 0 // the full query only
	for i, f := range filters {
		want[i] = listedIDs(t, db, f)
	}
	maxNewestWindow = saved
	answered, gaveWay := 0, 0
	for _, window := range []int{1, 2, 4, 50} {
		newestWindow = window
		for i, f := range filters {
			if got := listedIDs(t, db, f); !slices.Equal(got, want[i]) {
				t.Errorf("window %d, filter %+v: listed %v, want %v", window, f, got, want[i])
			}
			_, ok, err := db.listFromNewest(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				answered++
			} else {
				gaveWay++
			}
		}
	}
	if answered == 0 || gaveWay == 0 {
		t.Errorf("the walk answered %d and gave way %d times; the test covers both only if neither is 0", answered, gaveWay)
	}
	assertCappedCounts(t, db, cats, now)
}

// assertCappedCounts compares countInCategories, for one and for two
// overlapping sections, with the count of the full listing.
func assertCappedCounts(t *testing.T, db *DB, cats []news.Category, now time.Time) {
	t.Helper()
	sets := [][]int64{{cats[0].ID}, {cats[2].ID}, {cats[0].ID, cats[1].ID}, {cats[1].ID, cats[2].ID}}
	for _, ids := range sets {
		all, err := db.ListArticles(t.Context(), store.ArticleFilter{VisibleAt: now, CategoryIDs: ids})
		if err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{1, 3, len(all), len(all) + 1} {
			f := store.ArticleFilter{VisibleAt: now, CategoryIDs: ids, CountLimit: limit}
			n, err := db.CountArticles(t.Context(), f)
			if err != nil {
				t.Fatal(err)
			}
			if want := min(limit, len(all)); n != want {
				t.Errorf("sections %v, count limit %d: counted %d, want %d", ids, limit, n, want)
			}
		}
	}
}

func listedIDs(t *testing.T, db *DB, f store.ArticleFilter) []int64 {
	t.Helper()
	arts, err := db.ListArticles(t.Context(), f)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	return ids
}

// fillSections stores 60 articles an hour apart: all in the first
// section, every fifth in the second (as primary) and every twentieth in
// the third (as primary); every seventh is a draft and the newest two are
// scheduled after now.
func fillSections(t *testing.T, db *DB, now time.Time) ([]news.Category, []news.Tag) {
	t.Helper()
	ctx := context.Background()
	cats := make([]news.Category, 3)
	tags := make([]news.Tag, 2)
	err := db.Atomic(ctx, func(s store.Store) error {
		for i := range cats {
			cats[i] = news.Category{Name: fmt.Sprintf("Section %d", i), Slug: fmt.Sprintf("section-%d", i)}
			if err := s.CreateCategory(ctx, &cats[i]); err != nil {
				return err
			}
		}
		for i := range tags {
			tags[i] = news.Tag{Name: fmt.Sprintf("Topic %d", i), Slug: fmt.Sprintf("topic-%d", i)}
			if err := s.CreateTag(ctx, &tags[i]); err != nil {
				return err
			}
		}
		for i := range 60 {
			if err := s.CreateArticle(ctx, sectionArticle(i, now, cats, tags)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return cats, tags
}

func sectionArticle(i int, now time.Time, cats []news.Category, tags []news.Tag) *news.Article {
	a := &news.Article{
		Title: fmt.Sprintf("Story %d", i), Slug: fmt.Sprintf("story-%d", i),
		Body: "<p>Body.</p>", Status: news.StatusPublished,
		PublishedAt: now.Add(time.Duration(2-i) * time.Hour),
		Tags:        []news.Tag{tags[i%2]},
	}
	switch {
	case i%20 == 0:
		a.Categories = []news.Category{cats[2], cats[0], cats[1]}
	case i%5 == 0:
		a.Categories = []news.Category{cats[1], cats[0]}
	default:
		a.Categories = []news.Category{cats[0]}
	}
	if i%7 == 3 {
		a.Status = news.StatusDraft
	}
	return a
}
