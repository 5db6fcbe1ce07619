package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/store/postgres"
	"github.com/mastheadhq/masthead/internal/store/postgres/pgtest"
)

// TestBenchmarkRunsAtATinySize generates a publication of 200 articles
// in a database of its own and measures every page type with a few
// requests, so that the benchmark cannot rot between the occasions it
// is run for real: a schema change that breaks the loader, or a page
// that stops answering 200 with its content, fails here.
func TestBenchmarkRunsAtATinySize(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.NewDatabase(t)
	const size, requests = 200, 5
	if err := generate(ctx, dsn, size, 1, testLog{t}); err != nil {
		t.Fatal(err)
	}

	t.Run("the rows are all there", func(t *testing.T) {
		conn := connectTest(t, dsn)
		var articles, searchEntries, untagged int
		err := conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_search),
			(SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id))`).
			Scan(&articles, &searchEntries, &untagged)
		if err != nil {
			t.Fatal(err)
		}
		if articles != size || searchEntries != size || untagged != 0 {
			t.Errorf("%d articles, %d search entries, %d without tags; want %d, %d, 0", articles, searchEntries, untagged, size, size)
		}
	})

	t.Run("search entries are the backend's own", func(t *testing.T) {
		searchEntriesMatchTheBackend(t, dsn)
	})

	t.Run("every page type is measured", func(t *testing.T) {
		targets, err := pageTargets(ctx, dsn, requests, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		timings, err := measure(ctx, dsn, targets, 1, requests, testLog{t})
		if err != nil {
			t.Fatal(err)
		}
		if len(timings) != len(targets) {
			t.Fatalf("%d timings for %d targets", len(timings), len(targets))
		}
		for _, tm := range timings {
			if len(tm.samples) != requests || tm.percentile(50) <= 0 {
				t.Errorf("%s: %d samples, p50 %s", tm.name, len(tm.samples), tm.percentile(50))
			}
		}
		var table strings.Builder
		writeTable(&table, []sizeRun{{size: size, timings: timings}, {size: size, timings: timings}})
		if !strings.Contains(table.String(), "| front page |") {
			t.Errorf("table lacks the front page:\n%s", table.String())
		}
	})
}

// searchEntriesMatchTheBackend has the backend re-index loaded articles
// (UpdateArticle writes the entry afresh, in Go, by its own rules) and
// requires the entries to be unchanged: the benchmark's copy of the
// backend's tsvector building must not drift from the original.
func searchEntriesMatchTheBackend(t *testing.T, dsn string) {
	ctx := context.Background()
	conn := connectTest(t, dsn)
	entries := func() map[int64]string {
		rows, err := conn.Query(ctx, `SELECT article_id, document::text FROM article_search ORDER BY article_id`)
		if err != nil {
			t.Fatal(err)
		}
		m := map[int64]string{}
		for rows.Next() {
			var id int64
			var doc string
			if err := rows.Scan(&id, &doc); err != nil {
				t.Fatal(err)
			}
			m[id] = doc
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return m
	}
	loaded := entries()
	st, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for id := int64(1); id <= 40; id++ {
		a, err := st.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.UpdateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	reindexed := entries()
	for id := int64(1); id <= 40; id++ {
		if loaded[id] != reindexed[id] {
			t.Errorf("article %d: loaded entry differs from the backend's\nloaded:  %.300s\nbackend: %.300s", id, loaded[id], reindexed[id])
		}
	}
}

// testLog writes progress to the test log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Helper()
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

var _ io.Writer = testLog{}

func connectTest(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}
