package sqlite_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

// archiveDB opens the database named by MASTHEAD_BENCH_DB, a generated
// archive such as bench/pages writes (copy it first: opening migrates
// it). These benchmarks measure the reader pages' queries at the size of
// that archive rather than at benchArticles.
func archiveDB(b *testing.B) *sqlite.DB {
	b.Helper()
	path := os.Getenv("MASTHEAD_BENCH_DB")
	if path == "" {
		b.Skip("set MASTHEAD_BENCH_DB to a copy of a generated archive's masthead.db")
	}
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

func archiveCategories(b *testing.B, db *sqlite.DB) []news.Category {
	b.Helper()
	cats, err := db.AllCategories(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return cats
}

// BenchmarkArchiveSectionBlocks lists six articles of each category, as
// the front page's section blocks do.
func BenchmarkArchiveSectionBlocks(b *testing.B) {
	db := archiveDB(b)
	cats := archiveCategories(b, db)
	ctx, now := context.Background(), time.Now()
	for b.Loop() {
		for _, c := range cats {
			_, err := db.ListArticles(ctx, store.ArticleFilter{VisibleAt: now, CategoryIDs: []int64{c.ID}, Limit: 6})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkArchiveSectionPage counts and lists a category's first page,
// as a section page does.
func BenchmarkArchiveSectionPage(b *testing.B) {
	db := archiveDB(b)
	cats := archiveCategories(b, db)
	ctx, now := context.Background(), time.Now()
	for b.Loop() {
		for _, c := range cats {
			f := store.ArticleFilter{VisibleAt: now, CategoryIDs: []int64{c.ID}, CountLimit: 2001}
			if _, err := db.CountArticles(ctx, f); err != nil {
				b.Fatal(err)
			}
			f.CountLimit, f.Limit = 0, 20
			if _, err := db.ListArticles(ctx, f); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkArchiveRelated ranks the related articles of a few articles
// spread over the archive.
func BenchmarkArchiveRelated(b *testing.B) {
	db := archiveDB(b)
	ctx, now := context.Background(), time.Now()
	var arts []news.Article
	for _, id := range []int64{1, 25_000, 50_000, 75_000, 99_000} {
		a, err := db.Article(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		arts = append(arts, a)
	}
	for b.Loop() {
		for _, a := range arts {
			if _, err := db.RelatedArticles(ctx, a, now, 8); err != nil {
				b.Fatal(err)
			}
		}
	}
}
