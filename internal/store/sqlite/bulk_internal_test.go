package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/search"
	"github.com/mastheadhq/masthead/internal/store"
)

// TestABulkWriteLogsTheKeysOfItsRows writes tags and published articles
// in bulk transactions, as the WordPress import does, and checks what the
// change log, the search index and the next ordinary writes see.
func TestABulkWriteLogsTheKeysOfItsRows(t *testing.T) {
	ctx := t.Context()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "bulk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	version := func() int64 {
		t.Helper()
		v, _, err := db.ChangesSince(ctx, math.MaxInt64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	logRows := func() int {
		t.Helper()
		var n int
		if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM change_keys`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before, rowsBefore := version(), logRows()
	var ids []int64
	var tagID int64
	err = db.Atomic(ctx, func(s store.Store) error {
		if err := s.(store.BulkWriter).WriteInBulk(ctx); err != nil {
			return err
		}
		tag := news.Tag{Name: "Harbour", Slug: "harbour"}
		if err := s.CreateTag(ctx, &tag); err != nil {
			return err
		}
		tagID = tag.ID
		for i := range 3 {
			// Each article in a savepoint of its own, as the importer
			// writes items; the second one is rolled back.
			err := s.Atomic(ctx, func(s store.Store) error {
				a := news.Article{Title: fmt.Sprintf("Ferry number %d", i), Slug: fmt.Sprintf("ferry-%d", i), Body: "<p>The ferry sails.</p>",
					Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Hour), Tags: []news.Tag{tag}}
				if err := s.CreateArticle(ctx, &a); err != nil {
					return err
				}
				if i == 1 {
					return news.ErrConflict
				}
				ids = append(ids, a.ID)
				return nil
			})
			if err != nil && i != 1 {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	after := version()
	if after != before+1 {
		t.Errorf("the bulk transaction moved the version from %d to %d, want one step", before, after)
	}
	want := []string{store.ArticleKey(ids[0]), store.ArticleKey(ids[1]), store.KeyArticles, store.KeyLatest, store.TagListKey(tagID), store.TagKey(tagID), store.KeyTags}
	slices.Sort(want)
	if n := logRows(); n != rowsBefore+len(want) {
		t.Errorf("the bulk transaction logged %d key rows, want one per key, %d", n-rowsBefore, len(want))
	}
	_, kinds, err := db.ChangesSince(ctx, before)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(kinds)
	if !slices.Equal(kinds, []store.ChangeKind{store.ChangeArticles, store.ChangeTags}) {
		t.Errorf("kinds of the bulk change: %v, want articles and tags", kinds)
	}
	if keys, complete, err := db.ChangeKeys(ctx, before, after, store.MaxChangeKeys); err != nil || !complete || !slices.Equal(keys, want) {
		t.Errorf("keys of the bulk change: %v, complete %v, %v; want %v", keys, complete, err, want)
	}

	res, err := db.SearchArticles(ctx, search.Parse("ferry"), store.SearchFilter{VisibleAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	var found []int64
	for _, h := range res.Hits {
		found = append(found, h.Article.ID)
	}
	slices.Sort(found)
	if !slices.Equal(found, ids) {
		t.Errorf("search finds %v after the bulk write, want %v", found, ids)
	}
	// The indexer changed the search file's settings for the bulk
	// batch, and put FTS5's defaults back before its commit.
	if !db.search.bulk.Load() {
		t.Error("the indexer was not told of the bulk write")
	}
	for _, table := range []string{"article_search", "article_search_head"} {
		for _, c := range defaultSearchConfig {
			v := int64(c.value)
			err := db.search.pool.QueryRowContext(ctx, `SELECT v FROM `+table+`_config WHERE k = ?`, c.key).Scan(&v)
			if err != nil && !errors.Is(err, sql.ErrNoRows) || v != int64(c.value) {
				t.Errorf("%s %s after the bulk write: %d, %v; want FTS5's default, %d", table, c.key, v, err, c.value)
			}
		}
	}
	var rows int
	if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM bulk_changes`).Scan(&rows); err != nil || rows != 0 {
		t.Errorf("bulk_changes holds %d rows after the commit (%v)", rows, err)
	}

	// A bulk transaction that writes nothing (a re-run of the same
	// import) logs nothing.
	err = db.Atomic(ctx, func(s store.Store) error {
		if err := s.(store.BulkWriter).WriteInBulk(ctx); err != nil {
			return err
		}
		_, err := s.Article(ctx, ids[0])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if v := version(); v != after {
		t.Errorf("a bulk transaction that wrote nothing moved the version from %d to %d", after, v)
	}

	// Outside bulk transactions the triggers log each row's keys again.
	a := news.Article{Title: "Late edition", Slug: "late-edition", Body: "<p>Late.</p>", Status: news.StatusPublished,
		PublishedAt: time.Now().Add(-time.Minute)}
	if err := db.CreateArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	keys, complete, err := db.ChangeKeys(ctx, after, version(), store.MaxChangeKeys)
	if err != nil || !complete || !slices.Contains(keys, store.ArticleKey(a.ID)) || !slices.Contains(keys, store.KeyLatest) {
		t.Errorf("keys of an ordinary write after the bulk one: %v, complete %v, %v", keys, complete, err)
	}

	if err := db.WriteInBulk(context.Background()); err == nil {
		t.Error("WriteInBulk outside Atomic did not fail")
	}
}

// TestABulkWriteMovesKeptRelatedLists: an import's one change of
// everything must make a kept related list be ranked again, as the
// per-row list keys it stands in for would have.
func TestABulkWriteMovesKeptRelatedLists(t *testing.T) {
	ctx := t.Context()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "kept.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.related.mode = never // the lists kept in SQL are what is tested
	tag := news.Tag{Name: "Harbour", Slug: "harbour"}
	if err := db.CreateTag(ctx, &tag); err != nil {
		t.Fatal(err)
	}
	publish := func(s store.Store, slug string) news.Article {
		t.Helper()
		a := news.Article{Title: "Ferry " + slug, Slug: slug, Body: "<p>The ferry sails.</p>",
			Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Hour), Tags: []news.Tag{tag}}
		if err := s.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	first, second := publish(db, "first"), publish(db, "second")
	titles := func() []string {
		t.Helper()
		arts, err := db.KeptRelatedArticles(ctx, first, time.Now(), 8)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range arts {
			out = append(out, a.Title)
		}
		slices.Sort(out)
		return out
	}
	if got := titles(); !slices.Equal(got, []string{second.Title}) {
		t.Fatalf("related before the import: %q", got)
	}
	var kept int
	if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM related_kept WHERE article_id = ?`, first.ID).Scan(&kept); err != nil || kept != 1 {
		t.Fatalf("the list was not kept (%d rows, %v)", kept, err)
	}
	var third news.Article
	err = db.Atomic(ctx, func(s store.Store) error {
		if err := s.(store.BulkWriter).WriteInBulk(ctx); err != nil {
			return err
		}
		third = publish(s, "third")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(); !slices.Equal(got, []string{second.Title, third.Title}) {
		t.Errorf("related after an import added a story with the same tag: %q, want both", got)
	}
}

// TestBulkWritesKeepTheLogShort writes batches in bulk, as an import
// does, and checks that the log is checkpointed beside the writer (whose
// own automatic checkpoints a bulk write turns off): it stays about one
// batch long instead of growing with everything written.
func TestBulkWritesKeepTheLogShort(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "bulk.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	body := "<p>" + strings.Repeat("The harbour board met about the ferry timetable. ", 200) + "</p>"
	const batches, perBatch = 8, 100
	var largest int64
	for b := range batches {
		err := db.Atomic(ctx, func(s store.Store) error {
			if err := s.(store.BulkWriter).WriteInBulk(ctx); err != nil {
				return err
			}
			for i := range perBatch {
				a := news.Article{Title: fmt.Sprintf("Ferry %d-%d", b, i), Slug: fmt.Sprintf("ferry-%d-%d", b, i), Body: body,
					Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Hour)}
				if err := s.CreateArticle(ctx, &a); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		db.checkpoints.asked.Wait()
		info, err := os.Stat(path + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		largest = max(largest, info.Size())
	}
	main, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	// The file holds every batch once checkpointed; the log, reused from
	// its start after each checkpoint, holds about one.
	if largest > main.Size()/2 {
		t.Errorf("the log grew to %d bytes beside a %d-byte database: it was not checkpointed", largest, main.Size())
	}
	var n int
	if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&n); err != nil || n != batches*perBatch {
		t.Errorf("%d articles (%v), want %d", n, err, batches*perBatch)
	}
}

// TestEveryChangeTriggerLeavesBulkRowsToTheStore: a change trigger that
// stood aside for every row of a bulk write, or on a table whose new rows
// logBulkKeys does not read, would leave pages stale after an import.
func TestEveryChangeTriggerLeavesBulkRowsToTheStore(t *testing.T) {
	ctx := t.Context()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "triggers.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// An article's links are read with the article.
	read := map[string]bool{"article_categories": true, "article_tags": true, "article_authors": true}
	// Redirects have no id: in a bulk write any of them sets a flag
	// (redirects_bulk_*), and their triggers stand aside.
	flagged := map[string]bool{"redirects": true}
	for _, k := range bulkKinds {
		_, rest, _ := strings.Cut(k.query, " FROM ")
		table, _, _ := strings.Cut(rest, " ")
		read[table] = true
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%INSERT INTO change_keys%'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var name, table, sql string
		if err := rows.Scan(&name, &table, &sql); err != nil {
			t.Fatal(err)
		}
		n++
		if flagged[table] {
			if !strings.Contains(sql, "NOT EXISTS (SELECT 1 FROM bulk_changes)") {
				t.Errorf("trigger %s does not stand aside in a bulk write", name)
			}
			continue
		}
		if !strings.Contains(sql, "NOT EXISTS (SELECT 1 FROM bulk_changes WHERE ") {
			t.Errorf("trigger %s does not stand aside for the bulk write's own rows only", name)
		}
		if !read[table] {
			t.Errorf("trigger %s is on %s, whose new rows a bulk write does not log", name, table)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 40 {
		t.Errorf("found %d change triggers", n)
	}
}
