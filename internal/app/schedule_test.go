package app_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

func TestScheduledArticleAppearsOnTheSiteAtItsTime(t *testing.T) {
	ctx := context.Background()
	st := demoSite.main.Store
	a := news.Article{
		Title: "Embargoed: ministers sign the transit accord", Slug: "embargoed-transit-accord",
		Body: "<p>Signed at noon.</p>", WordCount: 3, Status: news.StatusScheduled,
		PublishedAt: time.Now().Add(time.Second).Truncate(time.Second).Add(time.Second).UTC(),
	}
	if err := st.CreateArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	_, path := articleURL(t, a.Slug)
	scheduler := demoSite.main.Scheduler()
	scheduler.RunOnce(ctx)
	if p := get(t, path); p.status != http.StatusNotFound {
		t.Fatalf("before its time: %d, want 404", p.status)
	}
	time.Sleep(time.Until(a.PublishedAt) + 50*time.Millisecond)
	if n := scheduler.RunOnce(ctx); n != 1 {
		t.Fatalf("scheduler published %d articles, want 1", n)
	}
	p := get(t, path)
	if p.status != http.StatusOK || p.text("h1") != a.Title {
		t.Fatalf("at its time: %d %q", p.status, p.text("h1"))
	}
	if home := get(t, "/"); !strings.Contains(home.body, path) {
		t.Error("the front page does not link the newly published article")
	}
}
