package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// TestChangesAreReadWhileEveryReaderIsBusy holds every connection of the
// readers' pool, as page renders do under a herd of cache misses, and
// checks that the change version and keys are still read at once: a
// check that timed out waiting would make the site drop its page caches
// (see DB.follower).
func TestChangesAreReadWhileEveryReaderIsBusy(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "masthead.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	since, _, err := db.ChangesSince(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateTag(ctx, &news.Tag{Name: "Harbour", Slug: "harbour"}); err != nil {
		t.Fatal(err)
	}
	var held []*sql.Tx
	for range db.reader.Stats().MaxOpenConnections {
		tx, err := db.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, tx)
	}
	defer func() {
		for _, tx := range held {
			tx.Rollback()
		}
	}()
	// The pool is exhausted: a read on it now waits.
	busy, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := db.AllTags(busy); err == nil {
		t.Fatal("a read went through with every reader held; the test holds too few")
	}

	check, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	v, kinds, err := db.ChangesSince(check, since)
	if err != nil {
		t.Fatalf("changes since %d with every reader busy: %v", since, err)
	}
	if v <= since || len(kinds) == 0 {
		t.Fatalf("version %d (was %d), kinds %v: the new tag is not seen", v, since, kinds)
	}
	keys, complete, err := db.ChangeKeys(check, since, v, 100)
	if err != nil || !complete || len(keys) == 0 {
		t.Fatalf("change keys with every reader busy: %v, complete %v, %v", keys, complete, err)
	}
}
