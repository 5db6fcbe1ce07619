package sqlite

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// TestKeptRelatedListIsServedUntilItMoves checks what the conformance
// suite cannot see: that a kept list is read back rather than ranked
// again (a list planted in related_kept is what comes back), and that a
// publication in a shared topic replaces it.
func TestKeptRelatedListIsServedUntilItMoves(t *testing.T) {
	ctx := t.Context()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "kept.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.related.mode = never // the lists kept in SQL are what is tested
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
	var kept string
	if err := db.reader.QueryRowContext(ctx, `SELECT related FROM related_kept WHERE article_id = ?`, source.ID).Scan(&kept); err != nil {
		t.Fatalf("no list kept: %v", err)
	}
	if _, err := db.writer.ExecContext(ctx, `UPDATE related_kept SET related = json_array(?) WHERE article_id = ?`, older.ID, source.ID); err != nil {
		t.Fatal(err)
	}
	related(older.ID) // the planted list: served, not ranked
	latest := story("latest", time.Minute)
	related(latest.ID, newer.ID, older.ID)
}
