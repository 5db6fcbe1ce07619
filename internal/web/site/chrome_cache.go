package site

import (
	"context"
	"math"
	"sync"
	"sync/atomic"

	"github.com/mastheadhq/masthead/internal/store"
)

// chromeKinds are the changes that alter the chrome: the logo and banner
// pictures are images, the rest are read directly.
var chromeKinds = []store.ChangeKind{
	store.ChangeSettings, store.ChangeCategories, store.ChangeMenus,
	store.ChangeBanners, store.ChangeImages,
}

// chromeCache keeps the chrome every page shows (settings, the section
// tree, three menus, banners: six queries) between the changes that
// alter it. The store's ChangeFeed tells it of those, on this node and on
// every other one; it is dropped on any change of a kind it shows, and on
// any doubt (a feed that cannot read the version).
//
// The cached value is shared by concurrent requests and must be treated
// as read-only, as every page does with the chrome it is given.
type chromeCache struct {
	feed *store.ChangeFeed
	// generation moves on every change that touches the chrome; a value
	// loaded under an older generation is never kept.
	generation atomic.Uint64

	// hits and misses count lookups, for the metrics page.
	hits, misses atomic.Uint64

	mu     sync.Mutex
	held   chrome
	heldAt uint64 // generation held was loaded under
	ok     bool
}

func newChromeCache(feed *store.ChangeFeed) *chromeCache {
	cc := &chromeCache{feed: feed}
	feed.Subscribe(func(c store.Change) {
		if c.Touches(chromeKinds...) {
			cc.generation.Add(1)
		}
	})
	return cc
}

func (cc *chromeCache) get() (chrome, bool) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return cc.held, cc.ok && cc.heldAt == cc.generation.Load()
}

// keep stores c, loaded under generation gen from a database at change
// version loadedAt, unless a change has come since or the database it was
// read from (a replica that lags) had not yet seen every change the feed
// has.
func (cc *chromeCache) keep(c chrome, gen uint64, loadedAt int64) {
	if loadedAt < cc.feed.Version() {
		return
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.generation.Load() == gen {
		cc.held, cc.heldAt, cc.ok = c, gen, true
	}
}

// loadChrome returns the chrome, from the cache when a change feed keeps
// it current.
func (s *Site) loadChrome(ctx context.Context) (chrome, error) {
	if s.chromes == nil {
		return s.readChrome(ctx)
	}
	if c, ok := s.chromes.get(); ok {
		s.chromes.hits.Add(1)
		return c, nil
	}
	s.chromes.misses.Add(1)
	gen := s.chromes.generation.Load()
	// The version is read before the chrome, so the chrome is at least
	// that new; both come from the store pages read, replica or not.
	version, _, err := s.store.ChangesSince(ctx, math.MaxInt64)
	if err != nil {
		return chrome{}, err
	}
	c, err := s.readChrome(ctx)
	if err != nil {
		return c, err
	}
	s.chromes.keep(c, gen, version)
	return c, nil
}

// ChromeCacheCounts reports how many pages found the chrome cached and how
// many read it from the database; both are zero when nothing keeps the
// cache current and every page reads it.
func (s *Site) ChromeCacheCounts() (hits, misses uint64) {
	if s.chromes == nil {
		return 0, 0
	}
	return s.chromes.hits.Load(), s.chromes.misses.Load()
}
