package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

func testConcurrency(t *testing.T, open Opener) {
	t.Run("reads during writes see whole articles and never fail", func(t *testing.T) {
		s := open(t)
		w := newWorld(t, s)
		const writers, perWriter, readers = 2, 20, 4
		ctx := t.Context()

		var wg sync.WaitGroup
		errs := make(chan error, writers+readers)
		done := make(chan struct{})
		var writing sync.WaitGroup
		for i := range writers {
			writing.Go(func() {
				for j := range perWriter {
					a := withTerms(published(fmt.Sprintf("w%d-%d", i, j), -time.Minute), cats(w.news, w.sport), w.oil)
					a.Authors = []news.Author{w.leyla}
					if err := s.CreateArticle(ctx, &a); err != nil {
						errs <- fmt.Errorf("writer %d: %w", i, err)
						return
					}
				}
			})
		}
		for i := range readers {
			wg.Go(func() { errs <- readUntil(ctx, s, done, fmt.Sprintf("reader %d", i)) })
		}
		writing.Wait()
		close(done)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		n, err := s.CountArticles(ctx, store.ArticleFilter{})
		must(t, err)
		if n != writers*perWriter {
			t.Errorf("CountArticles = %d, want %d", n, writers*perWriter)
		}
	})
}

// readUntil lists and counts articles until done is closed, checking that
// every article it sees was written whole and that counts only grow.
func readUntil(ctx context.Context, s store.Store, done <-chan struct{}, who string) error {
	last := 0
	for {
		select {
		case <-done:
			return nil
		default:
		}
		arts, err := s.ListArticles(ctx, store.ArticleFilter{VisibleAt: now, Limit: 10})
		if err != nil {
			return fmt.Errorf("%s: list: %w", who, err)
		}
		for _, a := range arts {
			if len(a.Categories) != 2 || len(a.Tags) != 1 || len(a.Authors) != 1 {
				return fmt.Errorf("%s: saw %s with %d categories, %d tags, %d authors; want 2, 1, 1",
					who, a.Slug, len(a.Categories), len(a.Tags), len(a.Authors))
			}
		}
		n, err := s.CountArticles(ctx, store.ArticleFilter{VisibleAt: now})
		if err != nil {
			return fmt.Errorf("%s: count: %w", who, err)
		}
		if n < last {
			return fmt.Errorf("%s: count went down from %d to %d", who, last, n)
		}
		last = n
	}
}
