package jobs_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/jobs"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

func TestSchedulerPublishesDueArticlesOnceAtStartAndOnEachTick(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "site.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	overdue := news.Article{Title: "Fell due while the site was down", Slug: "overdue", Status: news.StatusScheduled, PublishedAt: start.Add(-time.Hour)}
	soon := news.Article{Title: "Due a minute after start", Slug: "soon", Status: news.StatusScheduled, PublishedAt: start.Add(time.Minute)}
	for _, a := range []*news.Article{&overdue, &soon} {
		if err := db.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	clock := start
	var published []string
	s := &jobs.Scheduler{
		Store: db, Interval: 10 * time.Millisecond, Now: func() time.Time { return clock },
		Published: func(_ context.Context, a news.Article) { published = append(published, a.Slug) },
	}
	if n := s.RunOnce(ctx); n != 1 || len(published) != 1 || published[0] != "overdue" {
		t.Fatalf("first run published %d: %v, want only the overdue article", n, published)
	}
	if n := s.RunOnce(ctx); n != 0 {
		t.Fatalf("a second run at the same time published %d more", n)
	}
	clock = start.Add(2 * time.Minute)
	runCtx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	s.Run(runCtx)
	cancel()
	if len(published) != 2 || published[1] != "soon" {
		t.Fatalf("published %v, want overdue then soon, each once", published)
	}
	a, err := db.ArticleBySlug(ctx, "soon")
	if err != nil || a.Status != news.StatusPublished || !a.VisibleAt(clock) {
		t.Fatalf("soon is %v (%v), want published and visible", a.Status, err)
	}
}
