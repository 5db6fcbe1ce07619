package sqlite

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// TestRelatedIndexRanksAsSQL ranks every article of a random archive in
// memory and in SQL (relatedQuery) and requires the same ids in the same
// order: first as loaded, then after rounds of random edits (re-tagging,
// re-filing, re-dating, unpublishing, translating, deleting, new stories,
// a deleted section) caught up from the change log, then after a
// bulk write, and after the log was pruned, which makes it load again.
// One topic holds more than store.RelatedTagWindow stories, so windows
// are cut; dates repeat, so ties fall to ids.
func TestRelatedIndexRanksAsSQL(t *testing.T) {
	ctx := t.Context()
	db := openIndexed(t)
	rng := rand.New(rand.NewPCG(9, 9))
	now := time.Date(2026, time.June, 1, 12, 0, 0, 0, time.UTC)
	a := newRandomArchive(t, db, rng, now)
	for range 420 {
		a.create(db)
	}
	x := db.related
	if err := x.update(ctx, db); err != nil {
		t.Fatal(err)
	}
	a.compare(x, "as loaded")

	loaded := x.state
	for round := range 4 {
		for range 30 {
			a.change(db)
		}
		if err := x.update(ctx, db); err != nil {
			t.Fatal(err)
		}
		if x.state != loaded {
			t.Fatalf("round %d: the index was loaded again, not caught up", round)
		}
		// A story whose sections lost their position 0, which only SQL
		// written by hand makes: it has no primary section.
		id := a.arts[a.rng.IntN(len(a.arts))].ID
		if _, err := db.writer.ExecContext(ctx, `UPDATE article_categories SET position = position + 1 WHERE article_id = ?`, id); err != nil {
			t.Fatal(err)
		}
		if err := x.update(ctx, db); err != nil {
			t.Fatal(err)
		}
		a.compare(x, fmt.Sprintf("after round %d of edits", round))
	}

	if err := db.DeleteCategory(ctx, a.cats[1].ID); err != nil {
		t.Fatal(err)
	}
	a.cats = slices.Delete(a.cats, 1, 2)
	if err := db.Atomic(ctx, func(s store.Store) error {
		if err := s.(*DB).WriteInBulk(ctx); err != nil {
			return err
		}
		for range 40 {
			a.create(s)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := x.update(ctx, db); err != nil {
		t.Fatal(err)
	}
	if x.state != loaded {
		t.Fatal("a deleted section and a bulk write were loaded again, not caught up")
	}
	a.compare(x, "after a deleted section and a bulk write")

	a.change(db)
	if err := db.PruneChangeKeys(ctx, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := x.update(ctx, db); err != nil {
		t.Fatal(err)
	}
	if x.state == loaded {
		t.Fatal("a pruned log was caught up from")
	}
	a.compare(x, "loaded again after the log was pruned")
}

// TestRelatedIndexFollowsWritesWhilePagesRead loads the index as a server
// does, then edits stories while pages read their related lists, and
// checks that the goroutine caught up with every edit (run it with -race
// too: pages read the index while it changes).
func TestRelatedIndexFollowsWritesWhilePagesRead(t *testing.T) {
	ctx := t.Context()
	db := openIndexed(t)
	a := newRandomArchive(t, db, rand.New(rand.NewPCG(3, 4)), time.Now())
	for range 120 {
		a.create(db)
	}
	if err := db.LoadRelatedIndex(ctx); err != nil {
		t.Fatal(err)
	}
	loaded := db.related.state
	slugs := make([]string, len(a.arts))
	for i, art := range a.arts {
		slugs[i] = art.Slug
	}
	stop := make(chan struct{})
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					errs <- nil
					return
				default:
				}
				if _, _, err := db.ArticleWithRelated(ctx, slugs[i%len(slugs)], time.Now(), 5); err != nil && !errors.Is(err, news.ErrNotFound) {
					errs <- err
					return
				}
			}
		}()
	}
	for range 60 {
		a.change(db)
	}
	close(stop)
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if err := db.LoadRelatedIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if db.related.state != loaded {
		t.Fatal("the index was loaded again, not caught up")
	}
	a.compare(db.related, "after edits while pages read")
}

// openIndexed opens a new database for a test of the related index.
func openIndexed(t *testing.T) *DB {
	t.Helper()
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// randomArchive makes and edits a random archive through the store.
type randomArchive struct {
	t    *testing.T
	ctx  context.Context
	db   *DB
	rng  *rand.Rand
	now  time.Time
	cats []news.Category
	tags []news.Tag
	arts []news.Article
	made int // stories made, deleted ones included: their slugs' numbers
}

func newRandomArchive(t *testing.T, db *DB, rng *rand.Rand, now time.Time) *randomArchive {
	a := &randomArchive{t: t, ctx: t.Context(), db: db, rng: rng, now: now}
	for i := range 6 {
		c := news.Category{Name: fmt.Sprintf("Section %d", i), Slug: fmt.Sprintf("section-%d", i)}
		if err := db.CreateCategory(a.ctx, &c); err != nil {
			t.Fatal(err)
		}
		a.cats = append(a.cats, c)
	}
	for i := range 10 {
		g := news.Tag{Name: fmt.Sprintf("Topic %d", i), Slug: fmt.Sprintf("topic-%d", i)}
		if err := db.CreateTag(a.ctx, &g); err != nil {
			t.Fatal(err)
		}
		a.tags = append(a.tags, g)
	}
	return a
}

// randomize gives an article random links, status, date and language.
func (a *randomArchive) randomize(art *news.Article) {
	r := a.rng
	art.Categories, art.Tags = nil, nil
	for _, i := range r.Perm(len(a.cats))[:r.IntN(3)] {
		art.Categories = append(art.Categories, a.cats[i])
	}
	if r.IntN(10) < 8 { // topic 0 is on most stories: more than a window
		art.Tags = append(art.Tags, a.tags[0])
	}
	for _, i := range r.Perm(len(a.tags) - 1)[:r.IntN(4)] {
		art.Tags = append(art.Tags, a.tags[i+1])
	}
	art.Status, art.PublishedAt = news.StatusPublished, a.now.Add(-time.Duration(r.IntN(200))*time.Hour)
	switch r.IntN(12) {
	case 0:
		art.Status, art.PublishedAt = news.StatusDraft, time.Time{}
	case 1:
		art.Status, art.PublishedAt = news.StatusScheduled, a.now.Add(time.Hour)
	case 2:
		art.PublishedAt = a.now.Add(time.Hour) // published, but not yet visible
	}
	art.Lang = ""
	if r.IntN(6) == 0 {
		art.Lang = "fr"
	}
}

func (a *randomArchive) create(s store.Store) {
	a.t.Helper()
	n := a.made
	a.made++
	art := news.Article{Title: fmt.Sprintf("Story %d", n), Slug: fmt.Sprintf("story-%d", n), Body: "<p>Text.</p>"}
	a.randomize(&art)
	if err := s.CreateArticle(a.ctx, &art); err != nil {
		a.t.Fatal(err)
	}
	a.arts = append(a.arts, art)
}

// change edits, deletes or adds one story.
func (a *randomArchive) change(db *DB) {
	a.t.Helper()
	i := a.rng.IntN(len(a.arts))
	switch a.rng.IntN(8) {
	case 0:
		if err := db.DeleteArticle(a.ctx, a.arts[i].ID); err != nil {
			a.t.Fatal(err)
		}
		a.arts = slices.Delete(a.arts, i, i+1)
	case 1:
		a.create(db)
	default:
		art, err := db.Article(a.ctx, a.arts[i].ID)
		if err != nil {
			a.t.Fatal(err)
		}
		a.randomize(&art)
		if err := db.UpdateArticle(a.ctx, &art); err != nil {
			a.t.Fatal(err)
		}
	}
}

// compare ranks a random 100 stories both ways, with the limit of a
// page, and a quarter of them with none too.
func (a *randomArchive) compare(x *relatedIndex, when string) {
	a.t.Helper()
	for n, i := range a.rng.Perm(len(a.arts))[:min(100, len(a.arts))] {
		stub := a.arts[i]
		art, err := a.db.Article(a.ctx, stub.ID)
		if err != nil {
			a.t.Fatal(err)
		}
		terms := rankTerms{id: art.ID, lang: art.Lang, cats: categoryIDs(art.Categories), tags: tagIDs(art.Tags)}
		stored, ok := x.state.termsOf(art.ID)
		if ok && fmt.Sprint(normal(stored)) != fmt.Sprint(normal(terms)) || !ok && a.hasPrimary(art.ID) {
			a.t.Fatalf("%s: the index holds %+v (%v) for story %d, want %+v", when, stored, ok, art.ID, terms)
		}
		limits := []int{5}
		if n%4 == 0 {
			limits = append(limits, 0)
		}
		for _, limit := range limits {
			want, err := a.db.RelatedArticles(a.ctx, art, a.now, limit)
			if err != nil {
				a.t.Fatal(err)
			}
			var wantIDs []int64
			for _, w := range want {
				wantIDs = append(wantIDs, w.ID)
			}
			if got := x.state.rank(terms, a.now.Unix(), limit); !slices.Equal(got, wantIDs) {
				a.t.Fatalf("%s: story %d (limit %d) ranks %v in memory, %v in SQL", when, art.ID, limit, got, wantIDs)
			}
		}
	}
}

// normal sorts what order does not matter in: the topics, and the
// sections after the primary.
func normal(t rankTerms) rankTerms {
	t.tags = slices.Sorted(slices.Values(t.tags))
	if len(t.cats) > 1 {
		t.cats = append(t.cats[:1:1], slices.Sorted(slices.Values(t.cats[1:]))...)
	}
	return t
}

// hasPrimary reports whether an article with sections has one at
// position 0.
func (a *randomArchive) hasPrimary(id int64) bool {
	var n int
	err := a.db.reader.QueryRowContext(a.ctx, `SELECT count(*) FROM article_categories WHERE article_id = ? AND position = 0`, id).Scan(&n)
	if err != nil {
		a.t.Fatal(err)
	}
	return n == 1 || !a.hasSections(id)
}

func (a *randomArchive) hasSections(id int64) bool {
	var n int
	err := a.db.reader.QueryRowContext(a.ctx, `SELECT count(*) FROM article_categories WHERE article_id = ?`, id).Scan(&n)
	if err != nil {
		a.t.Fatal(err)
	}
	return n > 0
}

// BenchmarkRelatedIndexLoad loads the related index of the archive that
// MASTHEAD_BENCH_DB names (a copy of a generated archive's masthead.db,
// as for the archive benchmarks) whole, as a server does as it starts,
// and reports the heap the index keeps.
func BenchmarkRelatedIndexLoad(b *testing.B) {
	path := os.Getenv("MASTHEAD_BENCH_DB")
	if path == "" {
		b.Skip("set MASTHEAD_BENCH_DB to a copy of a generated archive's masthead.db")
	}
	ctx := context.Background()
	db, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	for b.Loop() {
		if err := newRelatedIndex().reload(ctx, db); err != nil {
			b.Fatal(err)
		}
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	x := newRelatedIndex()
	if err := x.reload(ctx, db); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MiB-kept")
	b.ReportMetric(float64(len(x.state.arts)), "articles")
	runtime.KeepAlive(x)
}
