package store_test

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

// recorder keeps the changes a subscriber was told of.
type recorder struct {
	mu      sync.Mutex
	changes []store.Change
}

func (r *recorder) add(c store.Change) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.changes = append(r.changes, c)
}

func (r *recorder) take() []store.Change {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.changes
	r.changes = nil
	return out
}

func TestChangeFeedTellsSubscribersOfEachCommitBeforeTheWriteReturns(t *testing.T) {
	ctx := t.Context()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "site.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	feed := store.NewChangeFeed(db)
	var rec recorder
	unsubscribe := feed.Subscribe(rec.add)
	stop := feed.Start(ctx, db, time.Hour, nil) // no poll to speak of: only the commit hook
	defer stop()

	if err := db.SetMenu(ctx, news.MenuHeader, []news.MenuItem{{Label: "Home", URL: "/"}}); err != nil {
		t.Fatal(err)
	}
	got := rec.take()
	if len(got) != 1 || !slices.Equal(got[0].Kinds, []store.ChangeKind{store.ChangeMenus}) || got[0].Version != feed.Version() {
		t.Fatalf("after SetMenu: %+v (feed at %d), want one change of menus", got, feed.Version())
	}
	if !got[0].Touches(store.ChangeSettings, store.ChangeMenus) || got[0].Touches(store.ChangeArticles) {
		t.Error("Touches does not follow the kinds")
	}
	if err := db.RecordFailure(ctx, "staff-account", "k", time.Now()); err != nil {
		t.Fatal(err)
	}
	if got := rec.take(); len(got) != 0 {
		t.Errorf("a write readers never see was announced: %+v", got)
	}
	unsubscribe()
	if err := db.SaveSettings(ctx, news.Settings{Name: "Daily"}); err != nil {
		t.Fatal(err)
	}
	if got := rec.take(); len(got) != 0 {
		t.Errorf("told after unsubscribing: %+v", got)
	}
}

func TestChangeFeedDropsEverythingWhenItCannotReadTheVersion(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "site.db"))
	if err != nil {
		t.Fatal(err)
	}
	feed := store.NewChangeFeed(db)
	var rec recorder
	feed.Subscribe(rec.add)
	if err := feed.Check(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := feed.Check(ctx); err == nil {
		t.Fatal("Check on a closed database succeeded")
	}
	got := rec.take()
	if len(got) != 1 || got[0].Kinds != nil || !got[0].Touches(store.ChangeSettings) {
		t.Fatalf("after a failed check: %+v, want one change that touches everything", got)
	}
}
