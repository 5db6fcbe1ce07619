package sqlite_test

import (
	"context"
	"testing"

	"github.com/mastheadhq/masthead/internal/store"
)

// visibleBenchArticles is how many of the bench store's articles readers
// see: every tenth is a draft.
const visibleBenchArticles = benchArticles - benchArticles/10

// BenchmarkEachArticleEntry streams every visible article of the bench
// store, as the sitemap files do month by month. ns/row is the figure to
// scale by the archive's size; B/op stays flat per row because nothing is
// kept.
func BenchmarkEachArticleEntry(b *testing.B) {
	db, _ := benchStore(b)
	ctx := context.Background()
	f := store.EntryFilter{ArticleRange: store.ArticleRange{VisibleAt: benchNow}}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		err := db.EachArticleEntry(ctx, f, func(store.ArticleEntry) error {
			n++
			return nil
		})
		if err != nil || n != visibleBenchArticles {
			b.Fatalf("streamed %d entries, %v", n, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*visibleBenchArticles), "ns/row")
}

// BenchmarkArticleMonths counts the whole archive by month, as the
// sitemap index does on every request.
func BenchmarkArticleMonths(b *testing.B) {
	db, _ := benchStore(b)
	ctx := context.Background()
	for b.Loop() {
		months, err := db.ArticleMonths(ctx, store.ArticleRange{VisibleAt: benchNow})
		if err != nil || len(months) == 0 {
			b.Fatalf("%d months, %v", len(months), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*visibleBenchArticles), "ns/row")
}

// BenchmarkTermsLastModified dates every tag from its newest article, as
// the tags sitemap does; each article carries three tags.
func BenchmarkTermsLastModified(b *testing.B) {
	db, _ := benchStore(b)
	ctx := context.Background()
	for b.Loop() {
		dates, err := db.TermsLastModified(ctx, store.TermTag, benchNow)
		if err != nil || len(dates) != 50 {
			b.Fatalf("%d tags, %v", len(dates), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*visibleBenchArticles*3), "ns/row")
}
