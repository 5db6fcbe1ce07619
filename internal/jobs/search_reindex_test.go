package jobs_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/jobs"
	"github.com/mastheadhq/masthead/internal/news"
)

// The drain goes batch after batch until the queue is empty, and starts
// none past its deadline.
func TestDrainSearchQueueEmptiesTheQueueInBatches(t *testing.T) {
	db := openSQLite(t)
	ctx := t.Context()
	tag := news.Tag{Name: "Harbour", Slug: "harbour"}
	if err := db.CreateTag(ctx, &tag); err != nil {
		t.Fatal(err)
	}
	articles := 2*jobs.ReindexBatch + 7
	for i := range articles {
		a := news.Article{Title: fmt.Sprintf("Cranes %d", i), Slug: fmt.Sprintf("cranes-%d", i), Body: "<p>Cranes.</p>",
			Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Hour), Tags: []news.Tag{tag}}
		if err := db.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	tag.Name = "Port"
	if err := db.UpdateTag(ctx, &tag); err != nil {
		t.Fatal(err)
	}
	if n, err := jobs.DrainSearchQueue(ctx, db, time.Now().Add(-time.Second)); n != 0 || err != nil {
		t.Errorf("a drain past its deadline took %d (%v), want none", n, err)
	}
	if n, err := jobs.DrainSearchQueue(ctx, db, time.Time{}); n != articles || err != nil {
		t.Errorf("the drain took %d (%v), want %d", n, err, articles)
	}
	if queued, err := db.QueuedForReindex(ctx); len(queued) != 0 || err != nil {
		t.Errorf("left queued: %v (%v)", queued, err)
	}
}
