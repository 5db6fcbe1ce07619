package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
	"github.com/mastheadhq/masthead/internal/store/storetest"
)

func openAt(tb testing.TB, path string) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), path)
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

// TestConformance ranks related stories in SQL: the related index
// (related_index.go), which may take over from it at any moment in a
// running server, has a test of its own below.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) store.Store {
		db := openAt(tb, filepath.Join(tb.TempDir(), "masthead.db"))
		sqlite.RankRelatedInSQL(db)
		return db
	})
}

// TestConformanceRankedInMemory checks the related stories' contract with
// every ranking done by the related index.
func TestConformanceRankedInMemory(t *testing.T) {
	storetest.RunRelated(t, func(tb testing.TB) store.Store {
		db := openAt(tb, filepath.Join(tb.TempDir(), "masthead.db"))
		sqlite.RankRelatedInMemory(db)
		return db
	})
}

func TestReopenKeepsSchemaAndData(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "masthead.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	first, err := db.Version(ctx)
	if err != nil || first < 1 {
		t.Fatalf("Version() = %d, %v; want at least 1", first, err)
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
		again := openAt(t, path)
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
}

func TestOpenLeavesTheFileInWALMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "masthead.db")
	openAt(t, path)
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var mode string
	if err := raw.QueryRowContext(t.Context(), "PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
}

func TestOpenRefusesFilesItDidNotCreate(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, path string)
		want    error
		mention string
	}{
		{"a text file", func(t *testing.T, path string) {
			writeFile(t, path, []byte("these are my notes, not a database\n"))
		}, sqlite.ErrNotSQLite, "not a SQLite database"},
		{"a file shorter than the header", func(t *testing.T, path string) {
			writeFile(t, path, []byte("SQLite"))
		}, sqlite.ErrNotSQLite, "not a SQLite database"},
		{"another program's SQLite database", func(t *testing.T, path string) {
			foreignDatabase(t, path, `CREATE TABLE wp_posts (id INTEGER PRIMARY KEY, post_title TEXT);
				INSERT INTO wp_posts (post_title) VALUES ('Hello world');`)
		}, sqlite.ErrForeignDatabase, "wp_posts"},
		{"a Masthead database whose first page is damaged", func(t *testing.T, path string) {
			damage(t, path, 100, 200)
		}, sqlite.ErrDamaged, "restore a backup"},
		{"a Masthead database cut short", func(t *testing.T, path string) {
			damage(t, path, -1, 0)
		}, sqlite.ErrDamaged, "malformed"},
		{"a newer Masthead database", func(t *testing.T, path string) {
			foreignDatabase(t, path, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);
				INSERT INTO schema_migrations VALUES (9999, 0);`)
		}, sqlite.ErrNewerSchema, "9999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "data.db")
			tt.prepare(t, path)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			// A Masthead database made for the test has its search file.
			beside := dirNames(t, dir)
			db, err := sqlite.Open(t.Context(), path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("Open error = %q, want %v mentioning %q", err, tt.want, tt.mention)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("Open changed the file it refused")
			}
			if after := dirNames(t, dir); !slices.Equal(after, beside) {
				t.Errorf("Open left files beside the one it refused: %v, before it %v", after, beside)
			}
		})
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestOpenAcceptsAnEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	writeFile(t, path, nil)
	db := openAt(t, path)
	if err := db.Ping(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func TestAtomicStoreCannotClosePools(t *testing.T) {
	db := openAt(t, filepath.Join(t.TempDir(), "masthead.db"))
	err := db.Atomic(t.Context(), func(tx store.Store) error { return tx.Close() })
	if err == nil {
		t.Error("Close inside Atomic succeeded")
	}
	if err := db.Ping(t.Context()); err != nil {
		t.Errorf("store unusable after Close inside Atomic: %v", err)
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// damage makes a Masthead database at path, closes it and overwrites n
// bytes at off with garbage, as a failing disk or an interrupted copy
// would; an off of -1 cuts the file to half its length instead.
func damage(t *testing.T, path string, off int64, n int) {
	t.Helper()
	db, err := sqlite.Open(t.Context(), path)
	if err == nil {
		err = db.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if off < 0 {
		data = data[:len(data)/2]
	}
	for i := range n {
		data[int(off)+i] = byte(i*7 + 3)
	}
	writeFile(t, path, data)
}

// foreignDatabase makes a SQLite file the way another program would:
// plain driver, default journal mode.
func foreignDatabase(t *testing.T, path, schema string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(t.Context(), schema); err != nil {
		t.Fatal(err)
	}
}
