package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/search"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/postgres"
	"github.com/mastheadhq/masthead/internal/store/postgres/pgtest"
)

// The bench store holds the same publication as the SQLite backend's, so
// that the figures of the two compare, with a few more words in the bodies
// for BenchmarkSearch.
const benchArticles = 10_000

// visibleBenchArticles is how many of the bench store's articles readers
// see: every tenth is a draft.
const visibleBenchArticles = benchArticles - benchArticles/10

var benchNow = time.Date(2025, time.March, 14, 12, 0, 0, 0, time.UTC)

// benchStore fills a fresh database with benchArticles articles spread
// over ten categories, fifty tags and twenty authors, one an hour going
// back from benchNow, with every tenth one still a draft. It writes
// through Atomic, as an importer would, and then has the server gather
// statistics, as autovacuum soon would, so that plans are those of a
// settled database rather than of freshly loaded tables.
func benchStore(b *testing.B) (*postgres.DB, []news.Category) {
	b.Helper()
	ctx := context.Background()
	dsn := pgtest.NewSchema(b)
	db, err := postgres.Open(ctx, dsn)
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
	analyze(b, dsn)
	return db, cats
}

func analyze(b *testing.B, dsn string) {
	b.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(context.Background())
	// Named, because a bare VACUUM would walk every schema of the
	// shared test database.
	if _, err := conn.Exec(context.Background(), `VACUUM (ANALYZE) articles, article_categories,
		article_tags, article_authors, article_search, categories, tags, authors, images`); err != nil {
		b.Fatal(err)
	}
}

// benchBody gives the bodies words of every frequency a reader might
// search for: "caspian" is in every article, "pipeline" in one in ten,
// "ferry" in one in a hundred.
func benchBody(i int) string {
	body := "<p>Body text about the Caspian region and its economy.</p>"
	if i%10 == 0 {
		body += "<p>The pipeline carries gas west.</p>"
	}
	if i%100 == 0 {
		body += "<p>A new ferry crosses to Turkmenistan.</p>"
	}
	return body
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
			Body:        benchBody(i),
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

// BenchmarkEachArticleEntry streams every visible article, as the sitemap
// files do month by month. ns/row is the figure to scale by the
// archive's size.
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

// BenchmarkSearch runs the first page of a search for a word in every
// article (ranking is capped at the newest store.SearchRankWindow), one
// in a tenth, one in a hundredth, a prefix and a phrase.
func BenchmarkSearch(b *testing.B) {
	db, _ := benchStore(b)
	ctx := context.Background()
	for _, raw := range []string{"caspian ", "pipeline ", "ferry ", "turkm", `"gas west"`} {
		q := search.Parse(raw)
		b.Run(raw, func(b *testing.B) {
			for b.Loop() {
				res, err := db.SearchArticles(ctx, q, store.SearchFilter{VisibleAt: benchNow})
				if err != nil || len(res.Hits) == 0 {
					b.Fatalf("%d hits, %v", len(res.Hits), err)
				}
			}
		})
	}
}
