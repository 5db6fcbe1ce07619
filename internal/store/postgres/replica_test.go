package postgres_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/postgres"
	"github.com/mastheadhq/masthead/internal/store/postgres/pgtest"
)

// readOnly makes every transaction of the DSN's connections read-only,
// as on a hot-standby replica.
func readOnly(dsn string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "options=-c%20default_transaction_read_only%3Don"
}

func TestReplicaServesReadsAndNeverMigrates(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.NewDatabase(t)
	if _, err := postgres.OpenReplica(ctx, readOnly(dsn)); err == nil {
		t.Fatal("a replica of an empty database was accepted")
	}
	primary, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer primary.Close()
	a := news.Article{Title: "Read from the replica", Slug: "replica", Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Hour).UTC().Truncate(time.Second)}
	if err := primary.CreateArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	replica, err := postgres.OpenReplica(ctx, readOnly(dsn))
	if err != nil {
		t.Fatal(err)
	}
	defer replica.Close()
	got, err := replica.ListArticles(ctx, store.ArticleFilter{VisibleAt: time.Now()})
	if err != nil || len(got) != 1 || got[0].Title != a.Title {
		t.Fatalf("replica read %v, %v", got, err)
	}
	err = replica.CreateArticle(ctx, &news.Article{Title: "x", Slug: "x", Status: news.StatusDraft})
	if err == nil || errors.Is(err, news.ErrConflict) {
		t.Fatalf("a write through the read-only replica: %v", err)
	}
}
