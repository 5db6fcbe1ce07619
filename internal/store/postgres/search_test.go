package postgres_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/search"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/postgres"
	"github.com/mastheadhq/masthead/internal/store/postgres/pgtest"
)

// fuzzStore opens a store for a fuzz target, with a few articles to find.
func fuzzStore(f *testing.F) *postgres.DB {
	f.Helper()
	db, err := postgres.Open(context.Background(), pgtest.NewSchema(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	for i, title := range []string{"Gas corridor", "Oil output", "Москва и Баку", "Xəzər ferries", "O'Brien's back\\slash: a 'test'"} {
		a := news.Article{Title: title, Slug: "a" + strconv.Itoa(i), Body: "<p>" + title + " gas oil</p>",
			Status: news.StatusPublished, PublishedAt: benchNow.Add(-time.Hour)}
		if err := db.CreateArticle(context.Background(), &a); err != nil {
			f.Fatal(err)
		}
	}
	return db
}

// FuzzSearch feeds whatever a reader might type, through Parse, to the
// database: no input may make PostgreSQL reject the tsquery built from
// it. The seeds run with every go test; go test -fuzz=FuzzSearch
// explores further.
func FuzzSearch(f *testing.F) {
	for _, seed := range []string{
		"", "gas", "ga", `"gas corridor"`, `"gas`, `-`, `-gas`, `*`, `gas*`, `"gas co"*`, "gas & oil", "gas | oil",
		"!gas", "gas <-> oil", "gas:*", "'gas'", `\'`, `\`, "o'brien", "back\\slash", "a:b", "\x00", "ə", "Москва",
		"日本語", "\u00ad", "a\u0301", strings.Repeat("(", 600), strings.Repeat(`"a" `, 100), strings.Repeat("x", 3000),
	} {
		f.Add(seed)
	}
	db := fuzzStore(f)
	f.Fuzz(func(t *testing.T, raw string) {
		_, err := db.SearchArticles(context.Background(), search.Parse(raw), store.SearchFilter{VisibleAt: benchNow})
		if err != nil {
			t.Fatalf("search %q: %v", raw, err)
		}
	})
}

// FuzzIndex stores articles with whatever text an editor or an importer
// might send: the index entry built from it must always be accepted, and
// the article found by a word of its title. Text PostgreSQL cannot hold
// at all (NUL bytes, invalid UTF-8) is refused as news.ErrInvalid.
func FuzzIndex(f *testing.F) {
	for _, seed := range []string{
		"Plain title", "O'Brien", `back\slash`, "'quoted' lexeme", "a:1A,2B", "ə ı İ", "Москва", "日本語 テキスト",
		"e-commerce 3.5% 2025-03-14 leyla@example.org https://example.org/a?b=c", strings.Repeat("word ", 20000),
		strings.Repeat("x", 3000) + " tail", "nul\x00byte", "bad\xffutf8",
	} {
		f.Add(seed)
	}
	db := fuzzStore(f)
	n := 0
	f.Fuzz(func(t *testing.T, text string) {
		n++
		a := news.Article{Title: "Fuzzed " + text, Slug: "fuzz-" + strconv.Itoa(n), Body: "<p>" + text + "</p>",
			Standfirst: text, Status: news.StatusPublished, PublishedAt: benchNow.Add(-time.Minute)}
		err := db.CreateArticle(context.Background(), &a)
		if err != nil {
			if errors.Is(err, news.ErrInvalid) && (strings.ContainsRune(text, 0) || !utf8Valid(text)) {
				return
			}
			t.Fatalf("create article with %q: %v", text, err)
		}
		res, err := db.SearchArticles(context.Background(), search.Parse("fuzzed "), store.SearchFilter{
			VisibleAt: benchNow, From: benchNow.Add(-time.Minute)})
		if err != nil {
			t.Fatalf("search: %v", err)
		}
		found := false
		for _, h := range res.Hits {
			found = found || h.Article.ID == a.ID
		}
		if !found {
			t.Errorf("article with %q not found by the first word of its title", text)
		}
		if err := db.DeleteArticle(context.Background(), a.ID); err != nil {
			t.Fatal(err)
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "") == s }

// TestSearchRanksOnlyTheNewestWindow checks the cap on ranking, which the
// conformance suite's small archives never reach: of more matches than
// store.SearchRankWindow, only the newest by publication time are ranked
// and counted, however well older ones match and whatever their ids.
func TestSearchRanksOnlyTheNewestWindow(t *testing.T) {
	ctx := t.Context()
	db := openAt(t, pgtest.NewSchema(t))
	var old []int64
	err := db.Atomic(ctx, func(s store.Store) error {
		for i := range store.SearchRankWindow {
			a := news.Article{Title: "Ferry timetable " + strconv.Itoa(i), Slug: "recent-" + strconv.Itoa(i),
				Body: "<p>Crossings as usual.</p>", Status: news.StatusPublished, PublishedAt: benchNow.Add(-time.Duration(i) * time.Minute)}
			if err := s.CreateArticle(ctx, &a); err != nil {
				return err
			}
		}
		// Created last, so that they have the highest ids, and matching
		// best, with the word in every field: a window cut by id, or no
		// window at all, would put them first.
		for i := range 3 {
			a := news.Article{Title: "Ferry ferry ferry", Standfirst: "Ferry.", Slug: "old-" + strconv.Itoa(i),
				Body: "<p>Ferry ferry.</p>", Status: news.StatusPublished, PublishedAt: benchNow.AddDate(-1, 0, -i)}
			if err := s.CreateArticle(ctx, &a); err != nil {
				return err
			}
			old = append(old, a.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	q := search.Parse("ferry ")
	res, err := db.SearchArticles(ctx, q, store.SearchFilter{VisibleAt: benchNow, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != store.SearchRankWindow || !res.Truncated || len(res.Hits) != 50 {
		t.Errorf("Total %d, Truncated %v, %d hits; want %d, true, 50", res.Total, res.Truncated, len(res.Hits), store.SearchRankWindow)
	}
	for _, h := range res.Hits {
		if slices.Contains(old, h.Article.ID) {
			t.Errorf("%s, older than the window, was ranked", h.Article.Slug)
		}
	}
	last, err := db.SearchArticles(ctx, q, store.SearchFilter{VisibleAt: benchNow, Offset: store.SearchRankWindow - 1})
	if err != nil || len(last.Hits) != 1 || last.Total != store.SearchRankWindow {
		t.Errorf("last page of the window: %d hits, Total %d, %v; want 1 hit", len(last.Hits), last.Total, err)
	}
	past, err := db.SearchArticles(ctx, q, store.SearchFilter{VisibleAt: benchNow, Offset: store.SearchRankWindow})
	if err != nil || len(past.Hits) != 0 || past.Total != store.SearchRankWindow || !past.Truncated {
		t.Errorf("past the window: %d hits, Total %d, Truncated %v, %v; want none, the count kept", len(past.Hits), past.Total, past.Truncated, err)
	}
	// A reader after older stories narrows the dates, and finds them.
	older, err := db.SearchArticles(ctx, q, store.SearchFilter{VisibleAt: benchNow, To: benchNow.AddDate(0, -6, 0)})
	if err != nil || older.Total != 3 || older.Truncated {
		t.Errorf("older stories: Total %d, Truncated %v, %v; want 3, false", older.Total, older.Truncated, err)
	}
}

// A drain takes what it can without waiting: an article another
// transaction is writing stays queued for a later batch, and a second
// drain at the same moment skips the first one's batch.
func TestReindexQueuedSkipsRowsHeldElsewhere(t *testing.T) {
	dsn := pgtest.NewSchema(t)
	db := openAt(t, dsn)
	ctx := t.Context()
	tag := news.Tag{Name: "Harbour", Slug: "harbour"}
	must(t, db.CreateTag(ctx, &tag))
	var ids []int64
	for i := range 3 {
		a := news.Article{Title: "Cranes " + strconv.Itoa(i), Slug: "cranes-" + strconv.Itoa(i), Body: "<p>Cranes.</p>",
			Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Hour), Tags: []news.Tag{tag}}
		must(t, db.CreateArticle(ctx, &a))
		ids = append(ids, a.ID)
	}
	tag.Name = "Port"
	must(t, db.UpdateTag(ctx, &tag))

	conn, err := pgx.Connect(ctx, dsn)
	must(t, err)
	defer conn.Close(context.Background())
	tx, err := conn.Begin(ctx)
	must(t, err)
	defer tx.Rollback(context.Background())
	// The article being saved, and a queued row another drain holds.
	_, err = tx.Exec(ctx, `UPDATE articles SET title = title WHERE id = $1`, ids[0])
	must(t, err)
	_, err = tx.Exec(ctx, `SELECT 1 FROM search_reindex WHERE article_id = $1 FOR UPDATE`, ids[1])
	must(t, err)

	n, err := db.ReindexQueued(ctx, 10)
	must(t, err)
	if n != 1 {
		t.Errorf("ReindexQueued took %d with two of three rows held, want 1", n)
	}
	queued, err := db.QueuedForReindex(ctx)
	must(t, err)
	if !slices.Equal(queued, ids[:2]) {
		t.Errorf("queued after a drain beside held rows: %v, want %v", queued, ids[:2])
	}
	must(t, tx.Rollback(ctx))
	n, err = db.ReindexQueued(ctx, 10)
	must(t, err)
	if n != 2 {
		t.Errorf("ReindexQueued took %d once the rows were free, want 2", n)
	}
	res, err := db.SearchArticles(ctx, search.Parse("port "), store.SearchFilter{})
	must(t, err)
	if len(res.Hits) != 3 {
		t.Errorf("search for the new name: %d hits, want 3", len(res.Hits))
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
