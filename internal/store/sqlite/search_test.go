package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/search"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

// TestSearchMigrationIndexesExistingArticles opens a database made before
// search existed and finds its articles by body, title and byline.
func TestSearchMigrationIndexesExistingArticles(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "old.db")
	initial, err := os.ReadFile("migrations/0001_initial.sql")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	published := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC).Unix()
	for _, stmt := range []string{
		string(initial),
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT`,
		`INSERT INTO schema_migrations VALUES (1, 0)`,
		`INSERT INTO authors (id, name, slug) VALUES (1, 'Zəhra Məmmədova', 'zehra')`,
		`INSERT INTO tags (id, name, slug) VALUES (1, 'Middle Corridor', 'middle-corridor')`,
		`INSERT INTO articles (id, status, published_at, created_at, title, slug, standfirst, body)
			VALUES (1, 'published', ` + strconv.FormatInt(published, 10) + `, 0, 'Ferries on the Caspian', 'ferries', 'Old routes.',
			'<p>The <em>Xəzər</em> shipyard builds them.</p>')`,
		`INSERT INTO article_authors VALUES (1, 1, 0)`,
		`INSERT INTO article_tags VALUES (1, 1, 0)`,
	} {
		if _, err := raw.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%.60s: %v", stmt, err)
		}
	}
	raw.Close()

	db := openAt(t, path)
	if v, err := db.Version(ctx); err != nil || v < 2 {
		t.Fatalf("Version = %d, %v; want the search migration applied", v, err)
	}
	for _, q := range []string{"xezer ", "ferries ", "memmedova ", `"middle corridor"`} {
		res, err := db.SearchArticles(ctx, search.Parse(q), store.SearchFilter{VisibleAt: time.Now()})
		if err != nil || len(res.Hits) != 1 || res.Hits[0].Article.Slug != "ferries" {
			t.Errorf("search %q after migration: %+v, %v", q, res, err)
		}
	}
}

// FuzzSearch feeds whatever a reader might type, through Parse, to the
// database: no input may make SQLite reject the query. The seeds run with
// every go test; go test -fuzz=FuzzSearch explores further.
func FuzzSearch(f *testing.F) {
	for _, seed := range []string{
		"", "gas", "ga", `"gas corridor"`, `"gas`, `-`, `-gas`, `*`, `gas*`, `"gas co"*`, "NEAR(gas oil)",
		"gas AND NOT oil", "title:gas", "^gas", "{title}: gas", `'`, `\"`, "\x00", "ə", "Москва",
		"日本語", "\u00ad", "\u0378", "a\u0301", strings.Repeat("(", 600), strings.Repeat(`"a" `, 100),
	} {
		f.Add(seed)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	for i, title := range []string{"Gas corridor", "Oil output", "Москва и Баку", "Xəzər ferries"} {
		a := news.Article{Title: title, Slug: "a" + strconv.Itoa(i), Body: "<p>" + title + " gas oil</p>",
			Status: news.StatusPublished, PublishedAt: benchNow.Add(-time.Hour)}
		if err := db.CreateArticle(context.Background(), &a); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, raw string) {
		_, err := db.SearchArticles(context.Background(), search.Parse(raw), store.SearchFilter{VisibleAt: benchNow})
		if err != nil {
			t.Fatalf("search %q: %v", raw, err)
		}
	})
}

// TestArticlesCreatedInOneTransactionAreAllIndexed creates more articles
// in one Atomic than one statement indexes at its end, published in an
// order unlike their ids, and finds each by the one word only it holds.
func TestArticlesCreatedInOneTransactionAreAllIndexed(t *testing.T) {
	ctx := t.Context()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "batch.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const n = 1200
	word := func(i int) string { // letters only, so that no word is a prefix of another's
		w := []byte("zq")
		for ; i > 0; i /= 20 {
			w = append(w, byte('a'+i%20))
		}
		return string(append(w, 'x'))
	}
	err = db.Atomic(ctx, func(tx store.Store) error {
		for i := range n {
			a := news.Article{Title: "Report " + word(i), Slug: "report-" + strconv.Itoa(i), Body: "<p>Harbour figures.</p>",
				Status: news.StatusPublished, PublishedAt: benchNow.Add(-time.Duration(i*7919%n+1) * time.Hour)}
			if err := tx.CreateArticle(ctx, &a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		res, err := db.SearchArticles(ctx, search.Parse(word(i)+" "), store.SearchFilter{VisibleAt: benchNow})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 || len(res.Hits) != 1 || res.Hits[0].Article.Slug != "report-"+strconv.Itoa(i) {
			t.Fatalf("search %q: %d found (%+v), want report-%d alone", word(i), res.Total, res.Hits, i)
		}
	}
}
