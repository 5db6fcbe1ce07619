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
	byLang map[string]latestList
}

// latestList is one edition's newest stories.
type latestList struct {
	list   []news.Article // shared, read-only
	heldAt uint64
	until  time.Time
}

func newLatestCache(feed *store.ChangeFeed) *latestCache {
	lc := &latestCache{feed: feed, byLang: map[string]latestList{}}
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
func (s *Site) latestArticles(ctx context.Context, lang string, n int) ([]news.Article, error) {
	lc := s.latest
	langs := []string{lang}
	if lc == nil || n > latestKept {
		return s.store.ListArticles(ctx, store.ArticleFilter{VisibleAt: s.now(), Limit: n, Langs: langs})
	}
	now := s.now()
	lc.mu.Lock()
	kept, ok := lc.byLang[lang]
	list, held := kept.list, ok && kept.heldAt == lc.generation.Load() && now.Before(kept.until)
	lc.mu.Unlock()
	if held {
		return list, nil
	}
	gen := lc.generation.Load()
	version, _, err := s.store.ChangesSince(ctx, math.MaxInt64)
	if err != nil {
		return nil, err
	}
	list, err = s.store.ListArticles(ctx, store.ArticleFilter{VisibleAt: now, Limit: latestKept, Langs: langs})
	if err != nil {
		return nil, err
	}
	until, ok := s.horizon.next(ctx, s)
	// Kept only if nothing changed meanwhile and the store read had seen
	// every change the feed has (a replica may lag), as the chrome is.
	if ok && version >= lc.feed.Version() {
		lc.mu.Lock()
		if lc.generation.Load() == gen {
			lc.byLang[lang] = latestList{list: list, heldAt: gen, until: until}
		}
		lc.mu.Unlock()
	}
	return list, nil
}
