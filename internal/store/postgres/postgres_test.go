package postgres_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/search"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/postgres"
	"github.com/mastheadhq/masthead/internal/store/postgres/pgtest"
	"github.com/mastheadhq/masthead/internal/store/storetest"
)

func openFresh(tb testing.TB) store.Store {
	return openAt(tb, pgtest.NewSchema(tb))
}

func openAt(tb testing.TB, dsn string) *postgres.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, openFresh)
}

// rawConn connects to dsn without Masthead, as another program would.
func rawConn(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func TestReopenKeepsSchemaAndData(t *testing.T) {
	ctx := t.Context()
	dsn := pgtest.NewDatabase(t)
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	first, err := db.Version(ctx)
	if err != nil || first < 2 {
		t.Fatalf("Version() = %d, %v; want at least 2", first, err)
	}
	tag := news.Tag{Name: "Oil", Slug: "oil"}
	if err := db.CreateTag(ctx, &tag); err != nil {
		t.Fatal(err)
	}
	a := news.Article{Title: "Kept", Slug: "kept", Status: news.StatusPublished,
		PublishedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Tags: []news.Tag{tag}}
	if err := db.CreateArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	for range 2 { // the second reopen finds nothing left to migrate either
		again, err := postgres.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		v, err := again.Version(ctx)
		if err != nil || v != first {
			t.Errorf("Version after reopen = %d, %v; want %d", v, err, first)
		}
		got, err := again.ArticleBySlug(ctx, "kept")
		if err != nil {
			t.Fatal(err)
		}
		if !got.PublishedAt.Equal(a.PublishedAt) || len(got.Tags) != 1 || got.Tags[0] != tag {
			t.Errorf("after reopen got %+v, want %+v", got, a)
		}
		if err := again.Close(); err != nil {
			t.Fatal(err)
		}
	}
	var applied int
	if err := rawConn(t, dsn).QueryRow(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if applied != first {
		t.Errorf("schema_migrations holds %d rows after three opens, want %d", applied, first)
	}
}

func TestConcurrentOpensMigrateOnce(t *testing.T) {
	ctx := t.Context()
	dsn := pgtest.NewDatabase(t)
	const nodes = 4
	var wg sync.WaitGroup
	dbs := make([]*postgres.DB, nodes)
	errs := make([]error, nodes)
	for i := range nodes {
		wg.Go(func() { dbs[i], errs[i] = postgres.Open(ctx, dsn) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("node %d: %v", i, err)
			continue
		}
		t.Cleanup(func() { dbs[i].Close() })
	}
	if t.Failed() {
		return
	}
	var rows, distinct int
	err := rawConn(t, dsn).QueryRow(ctx, `SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&rows, &distinct)
	if err != nil {
		t.Fatal(err)
	}
	want, err := dbs[0].Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rows != want || distinct != want {
		t.Errorf("schema_migrations has %d rows, %d versions; want each of %d once", rows, distinct, want)
	}
	// Every node works on the one schema.
	c := news.Category{Name: "News", Slug: "news"}
	if err := dbs[1].CreateCategory(ctx, &c); err != nil {
		t.Fatal(err)
	}
	all, err := dbs[nodes-1].AllCategories(ctx)
	if err != nil || len(all) != 1 {
		t.Errorf("another node sees %v, %v; want the one category", all, err)
	}
}

func TestOpenRefusesDatabasesItDidNotCreate(t *testing.T) {
	tests := []struct {
		name    string
		schema  string
		want    error
		mention string
	}{
		{"another program's tables", `CREATE TABLE wp_posts (id bigint PRIMARY KEY, post_title text);
			INSERT INTO wp_posts VALUES (1, 'Hello world');`,
			postgres.ErrForeignDatabase, "wp_posts"},
		{"another migration tool's schema_migrations", `CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);
			INSERT INTO schema_migrations VALUES (3, false);
			CREATE TABLE users (id bigint PRIMARY KEY);`,
			postgres.ErrForeignDatabase, "another program"},
		{"a view alone", `CREATE VIEW answer AS SELECT 42 AS n;`,
			postgres.ErrForeignDatabase, "answer"},
		{"a newer Masthead database", `CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL);
			INSERT INTO schema_migrations VALUES (9999, now());`,
			postgres.ErrNewerSchema, "9999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			dsn := pgtest.NewDatabase(t)
			conn := rawConn(t, dsn)
			if _, err := conn.Exec(ctx, tt.schema); err != nil {
				t.Fatal(err)
			}
			before := schemaFingerprint(t, conn)
			db, err := postgres.Open(ctx, dsn)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("Open error = %q, want %v mentioning %q", err, tt.want, tt.mention)
			}
			if after := schemaFingerprint(t, conn); after != before {
				t.Errorf("Open changed the database it refused:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// schemaFingerprint lists the public schema's relations and the rows of
// the tables a refused Open might have touched.
func schemaFingerprint(t *testing.T, conn *pgx.Conn) string {
	t.Helper()
	var s string
	err := conn.QueryRow(t.Context(), `SELECT
		coalesce((SELECT string_agg(relname || ':' || relkind::text, ',' ORDER BY relname) FROM pg_class
			WHERE relnamespace = 'public'::regnamespace), '')
		|| ' | ' || coalesce((SELECT string_agg(version::text, ',' ORDER BY version)
			FROM schema_migrations), '')`).Scan(&s)
	if err != nil {
		// No schema_migrations table: fingerprint the relations alone.
		err = conn.QueryRow(t.Context(), `SELECT coalesce(string_agg(relname || ':' || relkind::text, ',' ORDER BY relname), '')
			FROM pg_class WHERE relnamespace = 'public'::regnamespace`).Scan(&s)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestOpenRefusesABadDSN(t *testing.T) {
	_, err := postgres.Open(t.Context(), "postgres://user:secret@127.0.0.1:99999/x")
	if err == nil {
		t.Fatal("Open succeeded")
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("error shows the password: %v", err)
	}
}

func TestAtomicStoreCannotClosePool(t *testing.T) {
	db := openAt(t, pgtest.NewDatabase(t))
	err := db.Atomic(t.Context(), func(tx store.Store) error { return tx.Close() })
	if err == nil {
		t.Error("Close inside Atomic succeeded")
	}
	if err := db.Ping(t.Context()); err != nil {
		t.Errorf("store unusable after Close inside Atomic: %v", err)
	}
}

// TestSearchMigrationIndexesExistingArticles opens a database made before
// search existed and finds its articles by body, title and byline: the
// migration's Go step folds what SQL cannot.
func TestSearchMigrationIndexesExistingArticles(t *testing.T) {
	ctx := t.Context()
	dsn := pgtest.NewDatabase(t)
	initial, err := migrationFile("0001_initial.sql")
	if err != nil {
		t.Fatal(err)
	}
	conn := rawConn(t, dsn)
	for _, stmt := range []string{
		initial,
		`CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
		`INSERT INTO schema_migrations (version) VALUES (1)`,
		`INSERT INTO authors (name, slug) VALUES ('Zəhra Məmmədova', 'zehra')`,
		`INSERT INTO tags (name, slug) VALUES ('Middle Corridor', 'middle-corridor')`,
		`INSERT INTO articles (status, published_at, created_at, title, slug, standfirst, body)
			VALUES ('published', '2024-05-01 10:00:00Z', now(), 'Ferries on the Caspian', 'ferries', 'Old routes.',
			'<p>The <em>Xəzər</em> shipyard builds them.</p>')`,
		`INSERT INTO article_authors VALUES (1, 1, 0)`,
		`INSERT INTO article_tags VALUES (1, 1, 0)`,
	} {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			t.Fatalf("%.60s: %v", stmt, err)
		}
	}

	db := openAt(t, dsn)
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

func migrationFile(name string) (string, error) {
	b, err := os.ReadFile(filepath.Join("migrations", name))
	return string(b), err
}

// TestKeptRelatedListIsServedUntilItMoves checks what the conformance
// suite cannot see: that a kept list is read back rather than ranked
// again (a list planted in related_kept is what comes back), and that a
// publication in a shared topic replaces it.
func TestKeptRelatedListIsServedUntilItMoves(t *testing.T) {
	ctx := t.Context()
	dsn := pgtest.NewSchema(t)
	db, conn := openAt(t, dsn), rawConn(t, dsn)
	now := time.Date(2025, time.March, 14, 12, 0, 0, 0, time.UTC)
	tag := news.Tag{Name: "Oil", Slug: "oil"}
	if err := db.CreateTag(ctx, &tag); err != nil {
		t.Fatal(err)
	}
	story := func(slug string, age time.Duration) news.Article {
		a := news.Article{Title: slug, Slug: slug, Body: "<p>x</p>", Status: news.StatusPublished,
			PublishedAt: now.Add(-age), Tags: []news.Tag{tag}}
		if err := db.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	source, older, newer := story("source", time.Hour), story("older", 3*time.Hour), story("newer", 2*time.Hour)
	related := func(want ...int64) {
		t.Helper()
		arts, err := db.KeptRelatedArticles(ctx, source, now, 8)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, a := range arts {
			got = append(got, a.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("related ids = %v, want %v", got, want)
		}
	}
	related(newer.ID, older.ID)
	tag2, err := conn.Exec(ctx, `UPDATE related_kept SET related = ARRAY[$1::bigint] WHERE article_id = $2`, older.ID, source.ID)
	if err != nil || tag2.RowsAffected() != 1 {
		t.Fatalf("no list kept: %v, %d rows", err, tag2.RowsAffected())
	}
	related(older.ID) // the planted list: served, not ranked
	latest := story("latest", time.Minute)
	related(latest.ID, newer.ID, older.ID)
}
