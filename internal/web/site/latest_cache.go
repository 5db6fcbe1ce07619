package site

import (
	"context"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// latestKept is how many of the newest stories the latest cache keeps:
// the front page's lead and column (homeLatest + 1) and an article's
// column with the article itself left out (latestCount + 1).
const latestKept = max(homeLatest+1, latestCount+1)

// latestCache keeps the newest visible stories, which the front page and
// every article page show: after a publication drops every article page
// from the page cache, their renders share one read of the list instead
// of one each. It is dropped by any write to what a card shows (stories
// and their links, authors, pictures, sections, topics), and expires when
// a future-dated story becomes visible.
type latestCache struct {
	feed       *store.ChangeFeed
	generation atomic.Uint64

	mu     sync.Mutex
	list   []news.Article // shared, read-only
	heldAt uint64
	until  time.Time
	ok     bool
}

func newLatestCache(feed *store.ChangeFeed) *latestCache {
	lc := &latestCache{feed: feed}
	feed.Subscribe(func(c store.Change) {
		if c.Touches(store.ChangeArticles, store.ChangeAuthors, store.ChangeImages, store.ChangeCategories, store.ChangeTags) {
			lc.generation.Add(1)
		}
	})
	return lc
}

// latestArticles returns the newest visible stories, at least n of them
// when there are (n must not exceed latestKept), from the cache when it
// holds them.
func (s *Site) latestArticles(ctx context.Context, n int) ([]news.Article, error) {
	lc := s.latest
	if lc == nil || n > latestKept {
		return s.store.ListArticles(ctx, store.ArticleFilter{VisibleAt: s.now(), Limit: n})
	}
	now := s.now()
	lc.mu.Lock()
	list, held := lc.list, lc.ok && lc.heldAt == lc.generation.Load() && now.Before(lc.until)
	lc.mu.Unlock()
	if held {
		return list, nil
	}
	gen := lc.generation.Load()
	version, _, err := s.store.ChangesSince(ctx, math.MaxInt64)
	if err != nil {
		return nil, err
	}
	list, err = s.store.ListArticles(ctx, store.ArticleFilter{VisibleAt: now, Limit: latestKept})
	if err != nil {
		return nil, err
	}
	until, ok := s.horizon.next(ctx, s)
	// Kept only if nothing changed meanwhile and the store read had seen
	// every change the feed has (a replica may lag), as the chrome is.
	if ok && version >= lc.feed.Version() {
		lc.mu.Lock()
		if lc.generation.Load() == gen {
			lc.list, lc.heldAt, lc.until, lc.ok = list, gen, until, true
		}
		lc.mu.Unlock()
	}
	return list, nil
}
