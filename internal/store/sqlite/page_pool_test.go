package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

// poolChild names, in a child test process's environment, which of the
// pool's cases it runs: SQLite takes the setting only before its first
// use in a process, and the parent's other tests have used it.
const poolChild = "MASTHEAD_TEST_PAGE_POOL"

// TestPoolPageCaches runs each case in a process of its own.
func TestPoolPageCaches(t *testing.T) {
	if c := os.Getenv(poolChild); c != "" {
		runPoolCase(t, c)
		return
	}
	for _, c := range []string{"caps", "late"} {
		t.Run(c, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestPoolPageCaches$", "-test.v")
			cmd.Env = append(os.Environ(), poolChild+"="+c, "TMPDIR="+t.TempDir())
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "--- PASS: TestPoolPageCaches") {
				t.Errorf("child process: %v\n%s", err, out)
			}
		})
	}
}

func runPoolCase(t *testing.T, c string) {
	path := filepath.Join(t.TempDir(), "pool.db")
	switch c {
	case "caps":
		const size = 1 << 20
		if err := sqlite.PoolPageCaches(size); err != nil {
			t.Fatal(err)
		}
		if err := sqlite.PoolPageCaches(size); err == nil {
			t.Error("a second pool was taken")
		}
		db := openAt(t, path)
		readMorePagesThan(t, db, 2*size)
		pooled, outside := sqlite.PageCacheUse()
		t.Logf("pages: %d bytes in the pool, %d outside", pooled, outside)
		// Reads take their pages from the pool until it runs low, then
		// reuse their own: the pool is full, and nearly nothing is
		// outside it.
		if pooled < size*3/4 || pooled > size {
			t.Errorf("%d bytes of pages in a pool of %d", pooled, size)
		}
		if outside > size/8 {
			t.Errorf("%d bytes of pages outside a full pool of %d: the pool did not cap the caches", outside, size)
		}
	case "late":
		openAt(t, path)
		err := sqlite.PoolPageCaches(1 << 20)
		if !errors.Is(err, sqlite.ErrPageCachesInUse) {
			t.Errorf("a pool after the first Open: %v, want ErrPageCachesInUse", err)
		}
		if _, outside := sqlite.PageCacheUse(); outside <= 0 {
			t.Errorf("%d bytes of pages without a pool, want the schema's pages at least", outside)
		}
	default:
		t.Fatalf("no pool case %q", c)
	}
}

// readMorePagesThan writes articles whose bodies take more than n bytes,
// then reads every one of them back.
func readMorePagesThan(t *testing.T, db *sqlite.DB, n int) {
	ctx := t.Context()
	body := "<p>" + strings.Repeat("The harbour master counts the ferries. ", 200) + "</p>"
	count := n/len(body) + 1
	ids := make([]int64, count)
	for i := range ids {
		a := news.Article{Title: fmt.Sprintf("Ferry %d", i), Slug: fmt.Sprintf("ferry-%d", i), Body: body,
			Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Hour)}
		if err := db.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		ids[i] = a.ID
	}
	for _, id := range ids {
		a, err := db.Article(context.WithoutCancel(ctx), id)
		if err != nil || a.Body != body {
			t.Fatalf("article %d read back: %v", id, err)
		}
	}
	if _, err := db.CountArticles(ctx, store.ArticleFilter{}); err != nil {
		t.Fatal(err)
	}
}
