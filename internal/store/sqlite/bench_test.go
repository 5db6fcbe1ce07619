package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

const benchArticles = 10_000

var benchNow = time.Date(2025, time.March, 14, 12, 0, 0, 0, time.UTC)

// benchStore fills a fresh database with benchArticles articles spread
// over ten categories, fifty tags and twenty authors, one a day going
// back from benchNow, with every tenth one still a draft.
func benchStore(b *testing.B) (*sqlite.DB, []news.Category) {
	b.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	var cats []news.Category
	err = db.Atomic(ctx, func(s store.Store) error {
		var err error
		cats, err = fillStore(ctx, s)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return db, cats
}

func fillStore(ctx context.Context, s store.Store) ([]news.Category, error) {
	img := news.Image{Path: "bench.jpg", MIME: "image/jpeg", Width: 1600, Height: 900,
		Variants: []news.Variant{{Path: "bench-480.webp", MIME: "image/webp", Width: 480, Height: 270}}}
	if err := s.CreateImage(ctx, &img); err != nil {
		return nil, err
	}
	cats := make([]news.Category, 10)
	for i := range cats {
		cats[i] = news.Category{Name: fmt.Sprintf("Section %d", i), Slug: fmt.Sprintf("section-%d", i)}
		if err := s.CreateCategory(ctx, &cats[i]); err != nil {
			return nil, err
		}
	}
	tags := make([]news.Tag, 50)
	for i := range tags {
		tags[i] = news.Tag{Name: fmt.Sprintf("Topic %d", i), Slug: fmt.Sprintf("topic-%d", i)}
		if err := s.CreateTag(ctx, &tags[i]); err != nil {
			return nil, err
		}
	}
	authors := make([]news.Author, 20)
	for i := range authors {
		authors[i] = news.Author{Name: fmt.Sprintf("Writer %d", i), Slug: fmt.Sprintf("writer-%d", i), Avatar: &img}
		if err := s.CreateAuthor(ctx, &authors[i]); err != nil {
			return nil, err
		}
	}
	for i := range benchArticles {
		a := news.Article{
			Title:       fmt.Sprintf("Story number %d", i),
			Slug:        fmt.Sprintf("story-%d", i),
			Standfirst:  "A standfirst of ordinary length for a news story.",
			Body:        "<p>Body text.</p>",
			WordCount:   600,
			Status:      news.StatusPublished,
			PublishedAt: benchNow.Add(-time.Duration(i) * time.Hour),
			Categories:  []news.Category{cats[i%10], cats[(i+3)%10]},
			Tags:        []news.Tag{tags[i%50], tags[(i+17)%50], tags[(i+33)%50]},
			Authors:     []news.Author{authors[i%20]},
			Image:       &img,
		}
		if i%10 == 9 {
			a.Status = news.StatusDraft
		}
		if err := s.CreateArticle(ctx, &a); err != nil {
			return nil, err
		}
	}
	return cats, nil
}

// BenchmarkListArticlesVisible reads the third page of the front page.
func BenchmarkListArticlesVisible(b *testing.B) {
	db, _ := benchStore(b)
	ctx := context.Background()
	f := store.ArticleFilter{VisibleAt: benchNow, Limit: 20, Offset: 40}
	for b.Loop() {
		arts, err := db.ListArticles(ctx, f)
		if err != nil || len(arts) != 20 {
			b.Fatalf("got %d articles, %v", len(arts), err)
		}
	}
}

// BenchmarkListArticlesInCategory reads the first page of a section that
// holds a fifth of the articles, as primary or extra category.
func BenchmarkListArticlesInCategory(b *testing.B) {
	db, cats := benchStore(b)
	ctx := context.Background()
	f := store.ArticleFilter{VisibleAt: benchNow, CategoryIDs: []int64{cats[4].ID}, Limit: 20}
	for b.Loop() {
		arts, err := db.ListArticles(ctx, f)
		if err != nil || len(arts) != 20 {
			b.Fatalf("got %d articles, %v", len(arts), err)
		}
	}
}

// BenchmarkArticleBySlug loads article pages spread over the archive, so
// that the cache is not always hot on one row.
func BenchmarkArticleBySlug(b *testing.B) {
	db, _ := benchStore(b)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		slug := fmt.Sprintf("story-%d", (i*7919)%benchArticles)
		if _, err := db.ArticleBySlug(ctx, slug); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkRelatedArticles ranks the six related articles shown under an
// article whose tags each hold about 600 articles.
func BenchmarkRelatedArticles(b *testing.B) {
	db, _ := benchStore(b)
	ctx := context.Background()
	a, err := db.ArticleBySlug(ctx, "story-500")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		arts, err := db.RelatedArticles(ctx, a, benchNow, 6)
		if err != nil || len(arts) != 6 {
			b.Fatalf("got %d articles, %v", len(arts), err)
		}
	}
}
