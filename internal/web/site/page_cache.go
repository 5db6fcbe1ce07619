package site

import (
	"context"
	"math"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/web/pagecache"
)

// Cache-Control of the pages the site renders.
const (
	// pageCacheControl has browsers ask again each time (a 304 when
	// nothing changed: the ETag names the bytes) and lets shared caches (a
	// CDN) keep a page five minutes, serving it stale for a minute more
	// while they fetch it again; purge hooks (--purge-url) drop it from a
	// CDN as soon as it changes. Browsers may not keep it for a while
	// themselves: the same address shows a different page once the reader
	// answers the consent bar or signs in, and a kept copy would show the
	// bar or the signed-out header again (the reader browser tests saw it).
	pageCacheControl = "public, max-age=0, s-maxage=300, stale-while-revalidate=60"
	// personalCacheControl is for pages rendered for a signed-in reader.
	personalCacheControl = "private, no-store"
)

// Variants of a cached page.
const (
	variantConsentBar = 0 // the reader has not accepted the privacy notice
	variantConsented  = 1
)

// Classify tells the page cache whether r may be answered from it, and
// with which variant of the page: a signed-in reader's request may not;
// the consent bar is shown until the consent cookie is set.
func (s *Site) Classify(r *http.Request) (variant uint8, ok bool) {
	if hasCookie(r, ReaderCookie) {
		return 0, false
	}
	if hasCookie(r, consentCookie) {
		return variantConsented, true
	}
	return variantConsentBar, true
}

// hasCookie reports whether the request carries a cookie named name,
// without parsing every cookie into a value (r.Cookie allocates for all
// of them). The consent bar and the cache key both use it, so they agree.
func hasCookie(r *http.Request, name string) bool {
	for _, line := range r.Header["Cookie"] {
		for line != "" {
			var part string
			part, line, _ = strings.Cut(line, ";")
			part = strings.TrimSpace(part)
			if k, _, ok := strings.Cut(part, "="); ok && k == name {
				return true
			}
		}
	}
	return false
}

// deps collects the change keys a page shows (store/keys.go), for the
// page cache and the Surrogate-Key header.
type deps struct {
	keys []string
	// expires, when set, is when the page goes stale by itself (the news
	// sitemap's window moves on).
	expires time.Time
	// fragment is the part of the page the cache keeps apart, with keys
	// of its own (an article page's latest column).
	fragment *pagecache.Fragment
}

func (d *deps) add(keys ...string) { d.keys = append(d.keys, keys...) }

// chrome adds what every page shows around its content: settings,
// sections and menus, and the logo and banner pictures.
func (d *deps) chrome(c chrome) {
	d.add(store.KeyChrome)
	d.image(c.settings.Logo)
	for _, b := range c.banners {
		d.image(b.Image)
	}
}

func (d *deps) image(img *news.Image) {
	if img != nil {
		d.add(store.ImageKey(img.ID))
	}
}

// cards adds articles shown as teasers: their words, picture and byline.
func (d *deps) cards(list []news.Article) {
	for _, a := range list {
		d.add(store.ArticleKey(a.ID))
		d.image(a.Image)
		for _, au := range a.Authors {
			d.add(store.AuthorKey(au.ID))
		}
	}
}

// article adds an article shown in full: its topics by name, its authors
// with their profiles, and the lists its related articles come from.
func (d *deps) article(a news.Article) {
	d.cards([]news.Article{a})
	for _, au := range a.Authors {
		d.image(au.Avatar)
	}
	for _, t := range a.Tags {
		d.add(store.TagKey(t.ID), store.TagListKey(t.ID))
	}
	for _, c := range a.Categories {
		d.add(store.CategoryListKey(c.ID))
	}
}

// categoryLists adds the lists of a section and its sub-sections, which
// its page shows together.
func (d *deps) categoryLists(c chrome, id int64) {
	for _, sub := range c.tree.Descendants(id) {
		d.add(store.CategoryListKey(sub))
	}
}

// renderCached writes a page template through the page cache.
func (s *Site) renderCached(w http.ResponseWriter, r *http.Request, name string, page any, d *deps) error {
	body, err := s.theme.Render(name, page)
	if err != nil {
		return err
	}
	s.serveCached(w, r, "text/html; charset=utf-8", time.Time{}, body, d)
	return nil
}

// serveCached answers with a generated response that the page cache may
// keep: with validators, compression, caching headers naming its keys,
// and an expiry at the next moment the passing of time alone changes what
// readers may see.
func (s *Site) serveCached(w http.ResponseWriter, r *http.Request, contentType string, lastMod time.Time, body []byte, d *deps) {
	p := pagecache.Page{Body: body, ContentType: contentType, CacheControl: pageCacheControl, LastModified: lastMod,
		Deps: d.keys, Fragment: d.fragment}
	switch {
	case hasCookie(r, ReaderCookie):
		p.CacheControl, p.NoStore = personalCacheControl, true
	case s.horizon == nil || !pagecache.Recording(r):
		p.NoStore = true
	default:
		state, _ := r.Context().Value(renderStateKey{}).(*renderState)
		expires, ok := s.horizon.next(r.Context(), s)
		if !ok || (state != nil && state.version < s.horizon.feed.Version()) {
			// The replica this was read from had not seen every change
			// the cache has dropped pages for: keep nothing from it.
			p.NoStore = true
		}
		p.Expires = expires
		if !d.expires.IsZero() && d.expires.Before(expires) {
			p.Expires = d.expires
		}
	}
	pagecache.Serve(w, r, p)
}

type renderStateKey struct{}

// renderState is what a render notes before reading, for the cache.
type renderState struct {
	// version is the change version of the store read from, taken before
	// anything else is read.
	version int64
}

// cacheable marks a handler whose pages the page cache may keep. When the
// site reads a replica, a request that will be stored first reads the
// replica's change version, so that a page read from a replica that lags
// behind the changes already invalidated is never kept.
func (s *Site) cacheable(h handlerFunc) handlerFunc {
	if !s.readsReplica {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		if !pagecache.Recording(r) {
			return h(w, r)
		}
		v, _, err := s.store.ChangesSince(r.Context(), math.MaxInt64)
		if err != nil {
			return err
		}
		return h(w, r.WithContext(context.WithValue(r.Context(), renderStateKey{}, &renderState{version: v})))
	}
}

// horizon keeps the next moment at which the passing of time alone
// changes what readers see: an article or page published with a future
// date becomes visible, or a new year starts (the footer's copyright).
// Scheduled articles are not among them: the scheduler's write makes
// them visible, and that write invalidates what it touches. Cached pages
// expire at that moment.
type horizon struct {
	feed       *store.ChangeFeed
	generation atomic.Uint64 // moves on every change to articles or pages

	mu     sync.Mutex
	at     time.Time // zero: no future-dated content
	heldAt uint64
	ok     bool
}

func newHorizon(feed *store.ChangeFeed) *horizon {
	h := &horizon{feed: feed}
	feed.Subscribe(func(c store.Change) {
		if c.Touches(store.ChangeArticles, store.ChangePages, store.ChangeSettings) {
			h.generation.Add(1)
		}
	})
	return h
}

// next returns when pages rendered now expire, reading the store when the
// moment it holds is unknown or past; ok is false when it could not be
// read, and such pages must not be kept.
func (h *horizon) next(ctx context.Context, s *Site) (time.Time, bool) {
	now := s.now()
	h.mu.Lock()
	at := h.at
	held := h.ok && h.heldAt == h.generation.Load() && (at.IsZero() || now.Before(at))
	h.mu.Unlock()
	if !held {
		gen := h.generation.Load()
		version, _, err := s.store.ChangesSince(ctx, math.MaxInt64)
		if err != nil {
			return time.Time{}, false
		}
		if at, err = s.store.NextVisible(ctx, now); err != nil {
			return time.Time{}, false
		}
		if version >= h.feed.Version() {
			h.mu.Lock()
			if h.generation.Load() == gen {
				h.at, h.heldAt, h.ok = at, gen, true
			}
			h.mu.Unlock()
		}
	}
	c, err := s.loadChrome(ctx)
	if err != nil {
		return time.Time{}, false
	}
	year := time.Date(now.In(c.loc).Year()+1, time.January, 1, 0, 0, 0, 0, c.loc)
	if at.IsZero() || year.Before(at) {
		at = year
	}
	return at, true
}
