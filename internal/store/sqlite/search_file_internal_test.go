package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/search"
	"github.com/mastheadhq/masthead/internal/store"
)

// TestSearchFileMatchesARebuild edits a random archive through two
// handles on one database, as a server and an import beside it would,
// each with its own indexer, then checks that the search file holds
// exactly what a rebuild from the articles makes: every article's entry
// under its current key, none for deleted ones, and the same answers to
// a search for each story's number and each topic.
func TestSearchFileMatchesARebuild(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	path := filepath.Join(dir, "site.db")
	a := openAt(t, path)
	b := openAt(t, path)
	rng := rand.New(rand.NewPCG(3, 9))
	archive := newRandomArchive(t, a, rng, time.Now().Truncate(time.Second))
	for range 150 {
		archive.create(a)
	}
	for i := range 200 {
		archive.change([]*DB{a, b}[i%2])
	}
	for _, db := range []*DB{a, b} {
		if err := db.WaitSearchIndexed(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	checkEntries(t, a)
	live := searchAnswers(t, a, archive)
	a.Close()
	b.Close()

	// A copy of the database alone: its search file is made anew.
	copyFile(t, path, filepath.Join(dir, "copy.db"))
	fresh := openAt(t, filepath.Join(dir, "copy.db"))
	if err := fresh.WaitSearchIndexed(ctx, nil); err != nil {
		t.Fatal(err)
	}
	checkEntries(t, fresh)
	rebuilt := searchAnswers(t, fresh, archive)
	for q, want := range rebuilt {
		if got := live[q]; !slices.Equal(got, want) {
			t.Errorf("search %q: the live index finds %v, a rebuild %v", q, got, want)
		}
	}
	if len(live) != len(rebuilt) || len(live) < 100 {
		t.Errorf("%d answers compared, %d live", len(rebuilt), len(live))
	}
}

// checkEntries holds the search file's record of entries to the
// articles: one per article, under the key its row gives now.
func checkEntries(t *testing.T, db *DB) {
	t.Helper()
	want, got := map[int64]int64{}, map[int64]int64{}
	err := readTx(t.Context(), db.reader, func(tx *sql.Tx) error {
		err := queryEach(t.Context(), tx, `SELECT a.id, `+keyExpr+` FROM articles a`, nil, scanPair(want))
		if err != nil {
			return err
		}
		return queryEach(t.Context(), tx, `SELECT article_id, key FROM search.search_entries`, nil, scanPair(got))
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("%d entries for %d articles", len(got), len(want))
	}
	for id, key := range want {
		if got[id] != key {
			t.Errorf("article %d: entry under key %d, want %d", id, got[id], key)
		}
	}
}

func scanPair(into map[int64]int64) func(*sql.Rows) error {
	return func(rows *sql.Rows) error {
		var k, v int64
		err := rows.Scan(&k, &v)
		into[k] = v
		return err
	}
}

// searchAnswers searches for every story's number, drafts included, and
// for every topic, as readers would.
func searchAnswers(t *testing.T, db *DB, archive *randomArchive) map[string][]int64 {
	t.Helper()
	out := map[string][]int64{}
	ask := func(q string, f store.SearchFilter) {
		f.Limit = store.SearchRankWindow
		res, err := db.SearchArticles(t.Context(), search.Parse(q), f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, h := range res.Hits {
			ids = append(ids, h.Article.ID)
		}
		out[fmt.Sprintf("%s %+v", q, f)] = ids
	}
	for n := range archive.made {
		ask(fmt.Sprint(n), store.SearchFilter{})
	}
	for _, tag := range archive.tags {
		ask(tag.Name, store.SearchFilter{VisibleAt: archive.now})
		ask("story", store.SearchFilter{TagID: tag.ID})
	}
	return out
}

// TestSearchFileOfAnotherDatabaseIsRebuilt puts beside a database the
// search file of another one, then that of its own future (a backup
// restored under a newer file): both are rebuilt from the articles.
func TestSearchFileOfAnotherDatabaseIsRebuilt(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	zebra := makeSite(t, filepath.Join(dir, "zebra.db"), "Zebra crossing repainted")
	yak := makeSite(t, filepath.Join(dir, "yak.db"), "Yak wool fair")
	copyFile(t, zebra+searchFileSuffix, yak+searchFileSuffix)
	db := openAt(t, yak)
	if got := titlesFound(t, db, "zebra"); len(got) != 0 {
		t.Errorf("the yak site finds %v, from the zebra site's search file", got)
	}
	if got := titlesFound(t, db, "yak"); !slices.Equal(got, []string{"Yak wool fair"}) {
		t.Errorf("the yak site finds %v for yak", got)
	}

	// A backup of the yak site, then an edit, then the backup restored
	// under the search file that took the edit in.
	db.Close()
	copyFile(t, yak, filepath.Join(dir, "backup.db"))
	db = openAt(t, yak)
	art, err := db.ArticleBySlug(ctx, "story")
	if err != nil {
		t.Fatal(err)
	}
	art.Title = "Gnu migration"
	if err := db.UpdateArticle(ctx, &art); err != nil {
		t.Fatal(err)
	}
	if got := titlesFound(t, db, "gnu"); !slices.Equal(got, []string{"Gnu migration"}) {
		t.Fatalf("after the edit the site finds %v for gnu", got)
	}
	db.Close()
	copyFile(t, filepath.Join(dir, "backup.db"), yak)
	db = openAt(t, yak)
	if got := titlesFound(t, db, "gnu"); len(got) != 0 {
		t.Errorf("the restored site finds %v for gnu, an edit it never had", got)
	}
	if got := titlesFound(t, db, "yak"); !slices.Equal(got, []string{"Yak wool fair"}) {
		t.Errorf("the restored site finds %v for yak", got)
	}
}

// TestSearchQueueOutlivesItsIndexer writes while no indexer runs, as a
// process killed between its commit and its indexer's would leave the
// database, and checks that the next one to open it applies the queue,
// then prunes it.
func TestSearchQueueOutlivesItsIndexer(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "site.db")
	db := openAt(t, path)
	db.search.cancel()
	db.search.wg.Wait()
	for i := range 30 {
		a := news.Article{Title: fmt.Sprintf("Lighthouse keeper %d", i), Slug: fmt.Sprintf("lighthouse-%d", i),
			Body: "<p>The lamp.</p>", Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Hour)}
		if err := db.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	if s, err := readSearchState(ctx, db.reader); err != nil || s.queued-s.applied != 30 {
		t.Fatalf("state %+v (%v): want 30 articles queued and not applied", s, err)
	}
	db.Close()

	defer func(idle time.Duration) { searchPruneIdle = idle }(searchPruneIdle)
	searchPruneIdle = 0
	db = openAt(t, path)
	defer db.Close() // before searchPruneIdle is put back
	if got := titlesFound(t, db, "lighthouse"); len(got) != 30 {
		t.Errorf("found %d of the 30 articles written while no indexer ran", len(got))
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		var left int
		if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM search_queue`).Scan(&left); err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d applied entries left in the queue", left)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// makeSite makes a database holding one story, and closes it.
func makeSite(t *testing.T, path, title string) string {
	t.Helper()
	db := openAt(t, path)
	a := news.Article{Title: title, Slug: "story", Body: "<p>Text.</p>", Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Hour)}
	if err := db.CreateArticle(t.Context(), &a); err != nil {
		t.Fatal(err)
	}
	if err := db.WaitSearchIndexed(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return path
}

func titlesFound(t *testing.T, db *DB, q string) []string {
	t.Helper()
	res, err := db.SearchArticles(t.Context(), search.Parse(q), store.SearchFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, h := range res.Hits {
		titles = append(titles, h.Article.Title)
	}
	return titles
}

// openAt opens the database at path, closed when the test ends if the
// test has not closed it (Close twice is harmless).
func openAt(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.WithoutCancel(t.Context()), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// copyFile copies a closed database file; the log and index of the
// target, if any, go, as a restore does.
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(to + suffix)
	}
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkSearchFileRebuild rebuilds the search file of the archive
// that MASTHEAD_BENCH_DB names (a copy of a generated archive's
// masthead.db) from its articles, as the first start after a restore
// does, and reports the process's CPU time per rebuild.
func BenchmarkSearchFileRebuild(b *testing.B) {
	path := os.Getenv("MASTHEAD_BENCH_DB")
	if path == "" {
		b.Skip("set MASTHEAD_BENCH_DB to a copy of a generated archive's masthead.db")
	}
	ctx := context.Background()
	var cpu time.Duration
	for b.Loop() {
		for _, f := range Files(path)[4:] {
			os.Remove(f)
		}
		before := processCPU(b)
		db, err := Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		err = db.WaitSearchIndexed(ctx, nil)
		cpu += processCPU(b) - before
		db.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
