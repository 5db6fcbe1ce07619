package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/dbcopy"
	"github.com/mastheadhq/masthead/internal/demo"
	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/postgres"
	"github.com/mastheadhq/masthead/internal/store/postgres/pgtest"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

// newsDesk keeps writing articles into a store until stopped, and
// remembers every write the store acknowledged, in order.
type newsDesk struct {
	mu    sync.Mutex
	acked []news.Article
	errs  []error
	stop  chan struct{}
	wg    sync.WaitGroup
}

func startWriting(st store.Store, writers int) *newsDesk {
	d := &newsDesk{stop: make(chan struct{})}
	for w := range writers {
		d.wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-d.stop:
					return
				default:
				}
				slug := fmt.Sprintf("desk-%d-%d", w, i)
				a := news.Article{Title: "Desk story " + slug, Slug: slug, Body: "<p>Text of " + slug + ".</p>",
					WordCount: 3, Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Minute)}
				err := st.CreateArticle(context.Background(), &a)
				d.mu.Lock()
				if err != nil {
					d.errs = append(d.errs, err)
				} else {
					d.acked = append(d.acked, a)
				}
				d.mu.Unlock()
			}
		})
	}
	return d
}

// soFar is what has been acknowledged up to now.
func (d *newsDesk) soFar() []news.Article {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]news.Article(nil), d.acked...)
}

// waitFor waits until n writes are acknowledged, however busy the
// machine: a fixed sleep saw too few on a loaded one.
func (d *newsDesk) waitFor(t *testing.T, n int) []news.Article {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		got := d.soFar()
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d writes in a minute", len(got))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (d *newsDesk) finish(t *testing.T) {
	t.Helper()
	close(d.stop)
	d.wg.Wait()
	if len(d.errs) > 0 {
		t.Errorf("%d writes failed during the backup, first: %v", len(d.errs), d.errs[0])
	}
}

func runCLI(t *testing.T, args ...string) string {
	t.Helper()
	var out, errs bytes.Buffer
	env := app.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }}
	if code := app.CLI(context.Background(), args, env); code != 0 {
		t.Fatalf("masthead %s: exit %d: %s", strings.Join(args, " "), code, errs.String())
	}
	return out.String()
}

// assertHolds checks that st holds every article, with its text.
func assertHolds(t *testing.T, st store.Store, articles []news.Article) {
	t.Helper()
	for _, want := range articles {
		got, err := st.Article(t.Context(), want.ID)
		if err != nil || got.Slug != want.Slug || got.Body != want.Body {
			t.Fatalf("acknowledged article %d %q is missing or differs: %q, %v", want.ID, want.Slug, got.Slug, err)
		}
	}
}

// assertSame checks, through dbcopy's record-by-record checksums, that
// two stores hold the same publication.
func assertSame(t *testing.T, got, want store.Store) {
	t.Helper()
	report, err := dbcopy.Copy(t.Context(), want, got, nil)
	if err != nil || !report.AlreadyCopied {
		t.Fatalf("restored publication differs from the backup: %v (already copied: %v)", err, report.AlreadyCopied)
	}
}

func TestBackupWhileServingRestoresEveryAcknowledgedWrite(t *testing.T) {
	dir := t.TempDir()
	cfg := config.Default()
	cfg.DataDir = filepath.Join(dir, "live")
	m, err := app.Open(t.Context(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := m.SeedDemo(t.Context(), time.Now()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()

	desk := startWriting(m.Store, 3)
	readerErrs := make(chan error, 1)
	readingDone := make(chan struct{})
	go func() {
		defer close(readingDone)
		for {
			select {
			case <-desk.stop:
				return
			default:
			}
			resp, err := http.Get(srv.URL + "/")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					err = fmt.Errorf("front page: %d", resp.StatusCode)
				}
			}
			if err != nil {
				readerErrs <- err
				return
			}
		}
	}()
	before := desk.waitFor(t, 10)
	backup := filepath.Join(dir, "backup.db")
	out := runCLI(t, "backup", "--data", cfg.DataDir, "--to", backup)
	desk.finish(t)
	<-readingDone
	select {
	case err := <-readerErrs:
		t.Fatalf("a reader failed during the backup: %v", err)
	default:
	}
	if !strings.Contains(out, "Backed up") || !strings.Contains(out, "Media files are not in the backup") {
		t.Errorf("backup said %q", out)
	}
	all := desk.soFar()
	if len(before) < 10 || len(all) <= len(before) {
		t.Fatalf("writes did not go on around the backup: %d before, %d in all", len(before), len(all))
	}

	restored := filepath.Join(dir, "restored")
	out = runCLI(t, "restore", "--from", backup, "--data", restored)
	if !strings.Contains(out, "articles") {
		t.Errorf("restore printed no counts: %q", out)
	}
	st, err := sqlite.Open(t.Context(), filepath.Join(restored, "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	assertHolds(t, st, before)
	n, err := st.CountArticles(t.Context(), store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("backup holds %d articles; %d writes acknowledged before it began, %d by the end", n, len(before), len(all))
	kept, err := sqlite.Open(t.Context(), backup)
	if err != nil {
		t.Fatal(err)
	}
	defer kept.Close()
	assertSame(t, st, kept)

	// A second restore over content is refused unless forced, and forced
	// it keeps the database it replaced.
	var errs bytes.Buffer
	env := app.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errs, Getenv: func(string) string { return "" }}
	if err := st.CreateTag(t.Context(), &news.Tag{Name: "Extra", Slug: "extra"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if code := app.CLI(t.Context(), []string{"restore", "--from", backup, "--data", restored}, env); code != 1 || !strings.Contains(errs.String(), "--force") {
		t.Errorf("restore over content: exit %d, %q", code, errs.String())
	}
	out = runCLI(t, "restore", "--from", backup, "--data", restored, "--force")
	if !strings.Contains(out, "was moved to") {
		t.Errorf("forced restore does not say where the old database went: %q", out)
	}
	again, err := sqlite.Open(t.Context(), filepath.Join(restored, "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	assertSame(t, again, kept)
}

func TestBackupOfPostgreSQLRestoresIntoSQLiteAndBack(t *testing.T) {
	ctx := t.Context()
	source := pgtest.NewSchema(t)
	pg, err := postgres.Open(ctx, source)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	folder, err := media.NewFolder(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, pg, &media.Library{Storage: folder}, time.Now()); err != nil {
		t.Fatal(err)
	}
	reader := addReader(t, pg)
	dir := t.TempDir()
	desk := startWriting(pg, 2)
	before := desk.waitFor(t, 10)
	first := filepath.Join(dir, "from-postgres.db")
	err = app.Backup(ctx, source, first)
	desk.finish(t)
	if err != nil {
		t.Fatal(err)
	}

	local := filepath.Join(dir, "local.db")
	if _, err := app.Restore(ctx, first, "sqlite:"+local, false); err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(dir, "from-sqlite.db")
	if err := app.Backup(ctx, "sqlite:"+local, second); err != nil {
		t.Fatal(err)
	}
	target := pgtest.NewSchema(t)
	if _, err := app.Restore(ctx, second, target, false); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Restore(ctx, second, target, true); err == nil || !strings.Contains(err.Error(), "only a SQLite") {
		t.Errorf("--force over PostgreSQL: %v", err)
	}

	back, err := postgres.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	assertHolds(t, back, before)
	assertReaderKept(t, back, reader)
	kept, err := sqlite.Open(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	defer kept.Close()
	assertSame(t, back, kept)
}

// keptReader is what addReader stored: a reader with a saved article and
// a confirmed newsletter subscription.
type keptReader struct {
	reader     news.Reader
	saved      int64
	subscriber news.Subscriber
}

func addReader(t *testing.T, st store.Store) keptReader {
	t.Helper()
	ctx := t.Context()
	arts, err := st.ArticlesAfter(ctx, 0, 1)
	if err != nil || len(arts) == 0 {
		t.Fatalf("no article to save: %v", err)
	}
	cats, err := st.AllCategories(ctx)
	if err != nil || len(cats) == 0 {
		t.Fatalf("no section to be alerted of: %v", err)
	}
	at := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	k := keptReader{saved: arts[0].ID}
	k.reader = news.Reader{Email: "reader@example.org", Name: "Nigar", PasswordHash: "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA",
		VerifiedAt: at, CreatedAt: at, UpdatedAt: at}
	must(t, st.CreateReader(ctx, &k.reader))
	must(t, st.SaveArticle(ctx, k.reader.ID, k.saved, at))
	k.subscriber = news.Subscriber{Email: k.reader.Email, ReaderID: k.reader.ID, Digest: true,
		AlertCategoryIDs: []int64{cats[0].ID}, ConfirmedAt: at, CreatedAt: at, UpdatedAt: at}
	must(t, st.CreateSubscriber(ctx, &k.subscriber))
	return k
}

// assertReaderKept checks that the reader, the saved article and the
// subscription survived, ids and all.
func assertReaderKept(t *testing.T, st store.Store, k keptReader) {
	t.Helper()
	ctx := t.Context()
	r, err := st.ReaderByEmail(ctx, k.reader.Email)
	if err != nil || r != k.reader {
		t.Errorf("reader after restore: %+v, %v; want %+v", r, err, k.reader)
	}
	saved, err := st.SavedList(ctx, k.reader.ID)
	if err != nil || len(saved) != 1 || saved[0].ArticleID != k.saved || !saved[0].SavedAt.Equal(k.reader.CreatedAt) {
		t.Errorf("saved articles after restore: %+v, %v; want article %d", saved, err, k.saved)
	}
	sub, err := st.Subscriber(ctx, k.subscriber.ID)
	if err != nil || sub.Email != k.subscriber.Email || sub.ReaderID != k.reader.ID || !sub.Confirmed() || !sub.Digest ||
		len(sub.AlertCategoryIDs) != 1 || sub.AlertCategoryIDs[0] != k.subscriber.AlertCategoryIDs[0] {
		t.Errorf("subscriber after restore: %+v, %v; want %+v", sub, err, k.subscriber)
	}
}

func TestBackupAndRestoreRefuseClearly(t *testing.T) {
	dir := t.TempDir()
	notSQLite := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notSQLite, []byte("shopping list, not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"backup", "--data", dir}, "needs --to"},
		{[]string{"backup", "--data", filepath.Join(dir, "none"), "--to", filepath.Join(dir, "b.db")}, "no such file"},
		{[]string{"backup", "--data", dir, "--to", filepath.Join(dir, "masthead.db")}, "own database"},
		{[]string{"restore", "--data", dir}, "needs --from"},
		{[]string{"restore", "--data", dir, "--from", filepath.Join(dir, "missing.db")}, "no such file"},
		{[]string{"restore", "--data", dir, "--from", notSQLite}, "not a SQLite file"},
	}
	for _, tt := range tests {
		var errs bytes.Buffer
		env := app.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &errs, Getenv: func(string) string { return "" }}
		if code := app.CLI(t.Context(), tt.args, env); code != 1 || !strings.Contains(errs.String(), tt.want) {
			t.Errorf("masthead %v: exit %d, %q; want exit 1 mentioning %q", tt.args, code, errs.String(), tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "b.db")); err == nil {
		t.Error("a failed backup left a file behind")
	}
}
