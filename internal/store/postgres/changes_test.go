package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/postgres/pgtest"
)

// TestChangeVersionsDoNotMakeWritersWaitForEachOther: the version is
// taken at commit, so a transaction that has written an article and is
// still open does not hold up a rename of a tag, which would otherwise
// deadlock with it once the article links the tag.
func TestChangeVersionsDoNotMakeWritersWaitForEachOther(t *testing.T) {
	db := openAt(t, pgtest.NewSchema(t))
	ctx := t.Context()
	oil := news.Tag{Name: "Oil", Slug: "oil"}
	if err := db.CreateTag(ctx, &oil); err != nil {
		t.Fatal(err)
	}
	before, _, err := db.ChangesSince(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	renamed := make(chan error, 1)
	err = db.Atomic(ctx, func(tx store.Store) error {
		a := news.Article{Title: "Open transaction", Slug: "open", Status: news.StatusDraft}
		if err := tx.CreateArticle(ctx, &a); err != nil {
			return err
		}
		go func() {
			renamed <- db.UpdateTag(ctx, &news.Tag{ID: oil.ID, Name: "Crude oil", Slug: "oil"})
		}()
		select {
		case err := <-renamed:
			if err != nil {
				return err
			}
		case <-time.After(5 * time.Second):
			return errors.New("the tag rename waited for an open article transaction")
		}
		a.Tags = []news.Tag{oil}
		return tx.UpdateArticle(ctx, &a)
	})
	if err != nil {
		t.Fatal(err)
	}
	after, kinds, err := db.ChangesSince(context.Background(), before)
	if err != nil {
		t.Fatal(err)
	}
	if after != before+2 || len(kinds) != 2 {
		t.Errorf("versions %d → %d, kinds %v: want two commits, of tags and articles", before, after, kinds)
	}
}
