// Package pagecache keeps rendered reader pages in memory, ready to send:
// the bytes, their gzip and brotli forms, a strong ETag, Last-Modified
// and every header, so that answering a request it holds is a map lookup
// and one write. Each page names the change keys it depends on
// (store/keys.go); Invalidate drops exactly the pages that name a changed
// key. Memory is bounded by a byte budget with CLOCK eviction.
//
// The cache is the outermost handler: a hit skips routing and the
// middleware chain, whose work (security headers, the request id) the
// stored response already carries or the hit repeats cheaply. A miss
// passes the request on with a recorder in its context; a handler that
// renders a cacheable page gives it to Serve, which stores it and answers
// from the stored copy.
package pagecache

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Key identifies one cached response: the path, the scheme and host it
// was asked on (pages carry absolute addresses made from them unless a
// base address is configured), and a variant the site tells apart (such
// as the consent bar shown or not).
type Key struct {
	Path string
	// Query is the query string of a page that takes one, in the form
	// Config.Query gives it; empty for every other page.
	Query   string
	Host    string
	Variant uint8
}

// Observer times requests, as a Prometheus histogram does.
type Observer interface{ Observe(seconds float64) }

// Config is what New needs.
type Config struct {
	// MaxBytes bounds the memory held: bodies in every encoding, headers
	// and dependency lists.
	MaxBytes int64
	// Classify says whether a GET or HEAD without a query string may be
	// answered from the cache, and which variant of the page it asks
	// for. Requests it refuses (a signed-in reader's) bypass the cache
	// both ways: never answered from it, never stored.
	Classify func(r *http.Request) (variant uint8, ok bool)
	// Query says whether a GET or HEAD with a query string may be
	// answered from the cache, and returns the query as the page's key
	// holds it: in one canonical form, so that the same page asked for
	// with its parameters in another order, or with some it ignores, is
	// one entry. Requests it refuses, and every request with a query
	// when it is nil, go past the cache both ways.
	Query func(r *http.Request) (string, bool)
	// Now is the clock pages expire by; time.Now when nil.
	Now func() time.Time
	// RequestID makes the X-Request-Id of a hit; none is sent when nil.
	RequestID func() string
	// Log hears of hits at debug level, like the access log.
	Log *slog.Logger
	// Observe returns the timer of a route's responses of a status, for
	// hits; nil times none.
	Observe func(route string, status int) Observer
	// SurrogateKeys sends each page's keys in Surrogate-Key and Cache-Tag,
	// for a CDN that purges by them. Off, they are left out: on an
	// article page they are a kilobyte or two, which every response
	// would carry for nothing (measured: a third of the hit rate).
	SurrogateKeys bool
	// IsTLS says whether a request came over TLS, to this server or to a
	// trusted proxy in front of it; nil counts r.TLS alone. Pages differ
	// by scheme (links, HSTS), so the scheme is part of the key, and it
	// must be the one the page is rendered for: a forwarded header from a
	// client that is not a trusted proxy must not choose it.
	IsTLS func(r *http.Request) bool
	// RenderFragment renders again the fragment of a cached page (see
	// Fragment) after one of its keys changed, given the page's
	// Fragment.Arg and the request that found the page. Without it, a
	// page whose fragment changed is rendered again whole.
	RenderFragment func(r *http.Request, arg string) (Fragment, error)
	// FragmentKey, when set, says which Fragment.Key RenderFragment would
	// render for arg, cheaply: a page finds a fragment another page has
	// already rendered again without rendering it itself.
	FragmentKey func(r *http.Request, arg string) (string, error)
}

// Cache is the page cache. Its zero value is not usable; call New.
type Cache struct {
	cfg Config
	now func() time.Time

	mu      sync.RWMutex
	entries map[Key]*entry
	deps    map[string]map[*entry]struct{}
	// frags are the fragments pages are assembled with, by host and
	// Fragment.Key; fragDeps indexes them by their keys.
	frags    map[string]*fragment
	fragDeps map[string]map[*fragment]struct{}
	ring     []*entry // every live entry, for CLOCK eviction
	hand     int
	used     int64
	// seq counts invalidations; recent keeps the last few, so that a
	// page rendered while one happened is stored only if none of its
	// dependencies changed meanwhile.
	seq    uint64
	recent [64]invalidation

	queue chan *entry // pages waiting for their gzip and brotli forms
	stop  chan struct{}
	done  chan struct{}

	// flights are the renders under way of pages a change dropped, and
	// dropped the keys of such pages not rendered since (both guarded
	// by mu).
	flights map[Key]*flight
	dropped map[Key]struct{}

	hits, misses, bypasses, stores, evictions, refreshes, quick, coalesced atomic.Uint64
}

type invalidation struct {
	keys []string // sorted
	all  bool
}

// New returns a cache with the given budget and starts its compressor,
// which Close stops.
func New(cfg Config) *Cache {
	c := &Cache{
		cfg: cfg, now: cfg.Now,
		entries: map[Key]*entry{}, deps: map[string]map[*entry]struct{}{},
		frags: map[string]*fragment{}, fragDeps: map[string]map[*fragment]struct{}{},
		flights: map[Key]*flight{}, dropped: map[Key]struct{}{},
		queue: make(chan *entry, 1024), stop: make(chan struct{}), done: make(chan struct{}),
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.cfg.Classify == nil {
		c.cfg.Classify = func(*http.Request) (uint8, bool) { return 0, true }
	}
	go c.compressLoop()
	return c
}

// Close stops the compressor. The cache still answers, without
// compressing what it stores from then on.
func (c *Cache) Close() {
	select {
	case <-c.stop:
	default:
		close(c.stop)
		<-c.done
	}
}

type recorderKey struct{}

// recorder travels with a request that missed, so that Serve can store
// the page it renders.
type recorder struct {
	cache *Cache
	key   Key
	seq   uint64
}

// Handler answers hits itself and passes everything else to next.
func (c *Cache) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		query, ok := c.queryOf(r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		k, ok := c.keyOf(r, query)
		if !ok {
			c.bypasses.Add(1)
			next.ServeHTTP(w, r)
			return
		}
		if c.tryHit(w, r, k) {
			return
		}
		c.misses.Add(1)
		ctx := r.Context()
		f, leader := c.joinFlight(k)
		switch {
		case leader:
			defer c.land(k, f)
			// The page is rendered for every reader waiting for it, so
			// the one who asked first leaving does not stop it.
			ctx = context.WithoutCancel(ctx)
		case f != nil:
			if !c.await(ctx, f) {
				return // the reader left
			}
			if c.tryHit(w, r, k) {
				c.coalesced.Add(1)
				return
			}
		}
		c.mu.RLock()
		rec := &recorder{cache: c, key: k, seq: c.seq}
		c.mu.RUnlock()
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, recorderKey{}, rec)))
	})
}

// tryHit answers r from the cache if it can.
func (c *Cache) tryHit(w http.ResponseWriter, r *http.Request, k Key) bool {
	e := c.lookup(k)
	if e == nil || e.reps[encIdentity].Load().stale() && !c.refresh(e, r, k.Host) {
		return false
	}
	c.hits.Add(1)
	c.serveHit(w, r, e)
	return true
}

// A flight is the render of a page that a change dropped from the
// cache, or that expired. Readers who ask for the page meanwhile wait
// for it rather than render it again each: on a busy page, a change would otherwise set off
// as many renders at once as there are readers, none finishing in time
// (measured: thousands of timeouts at 300 requests/s while an import
// invalidated pages). Only pages the cache held before are waited for;
// anything else (a page never stored, a route the cache never keeps)
// goes straight to its handler, so that requests that are never stored
// are not made to queue behind one another.
type flight struct{ done chan struct{} }

// flightWait bounds how long a reader waits for another's render before
// rendering the page itself.
const flightWait = 5 * time.Second

// maxDropped bounds the keys remembered as dropped.
const maxDropped = 200_000

// joinFlight returns the flight rendering k, or starts one (leader) when
// k was dropped by a change or has expired, and none is under way; nil
// when k is not waited for.
func (c *Cache) joinFlight(k Key) (f *flight, leader bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f := c.flights[k]; f != nil {
		return f, false
	}
	if _, ok := c.dropped[k]; !ok && !c.expired(c.entries[k]) {
		return nil, false
	}
	f = &flight{done: make(chan struct{})}
	c.flights[k] = f
	return f, true
}

// land ends the leader's flight: the page is stored, or will not be.
func (c *Cache) land(k Key, f *flight) {
	c.mu.Lock()
	delete(c.flights, k)
	delete(c.dropped, k)
	c.mu.Unlock()
	close(f.done)
}

// await waits for f, for at most flightWait; false if ctx ended first.
func (c *Cache) await(ctx context.Context, f *flight) bool {
	t := time.NewTimer(flightWait)
	defer t.Stop()
	select {
	case <-f.done:
	case <-t.C:
	case <-ctx.Done():
		return false
	}
	return true
}

// droppedLocked remembers that a change dropped k, so that the readers
// who next ask for it wait for one render.
func (c *Cache) droppedLocked(k Key) {
	if len(c.dropped) >= maxDropped {
		clear(c.dropped)
	}
	c.dropped[k] = struct{}{}
}

// queryOf returns the query string of r as a key holds it, or false when
// r is not a request the cache could answer: not a GET or HEAD, or a
// query that Config.Query does not take.
func (c *Cache) queryOf(r *http.Request) (string, bool) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return "", false
	}
	if r.URL.RawQuery == "" && !r.URL.ForceQuery {
		return "", true
	}
	if c.cfg.Query == nil {
		return "", false
	}
	return c.cfg.Query(r)
}

// keyOf is the key of the page r asks for with the given query (queryOf),
// or false when r is not to be answered from the cache (Config.Classify
// refused it).
func (c *Cache) keyOf(r *http.Request, query string) (Key, bool) {
	variant, ok := c.cfg.Classify(r)
	if !ok {
		return Key{}, false
	}
	return Key{Path: r.URL.Path, Query: query, Host: c.hostOf(r), Variant: variant}, true
}

// hostOf is the scheme and host a request came in on.
func (c *Cache) hostOf(r *http.Request) string {
	tls := r.TLS != nil
	if c.cfg.IsTLS != nil {
		tls = c.cfg.IsTLS(r)
	}
	if tls {
		return "https://" + r.Host
	}
	return r.Host
}

// expired reports whether e, if there is one, has outlived its Expires.
func (c *Cache) expired(e *entry) bool {
	return e != nil && e.expires != 0 && c.now().UnixNano() >= e.expires
}

func (c *Cache) lookup(k Key) *entry {
	c.mu.RLock()
	e := c.entries[k]
	c.mu.RUnlock()
	if e == nil {
		return nil
	}
	if c.expired(e) {
		return nil
	}
	if !e.ref.Load() {
		e.ref.Store(true)
	}
	return e
}

func (c *Cache) serveHit(w http.ResponseWriter, r *http.Request, e *entry) {
	// The clock is read only for someone who uses it: a hit is short
	// enough for a clock read to show.
	logged := c.cfg.Log != nil && c.cfg.Log.Enabled(r.Context(), slog.LevelDebug)
	var start time.Time
	if logged || e.timers[0] != nil {
		start = time.Now()
	}
	if c.cfg.RequestID != nil {
		w.Header()["X-Request-Id"] = []string{c.cfg.RequestID()}
	}
	status := c.serveEntry(w, r, e)
	if t := e.timers[min(status/100-2, 1)]; t != nil {
		t.Observe(time.Since(start).Seconds())
	}
	if logged {
		c.cfg.Log.DebugContext(r.Context(), "request", "id", w.Header().Get("X-Request-Id"), "method", r.Method,
			"path", r.URL.Path, "status", status, "cache", "hit", "duration", time.Since(start))
	}
}

// Invalidate drops every page that depends on one of keys, or every page
// when all is set.
func (c *Cache) Invalidate(keys []string, all bool) {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	c.mu.Lock()
	c.seq++
	c.recent[c.seq%uint64(len(c.recent))] = invalidation{keys: keys, all: all}
	if all {
		for _, e := range c.ring {
			e.ring = -1
			c.droppedLocked(e.key)
		}
		for _, f := range c.frags {
			f.dropped.Store(true)
		}
		c.entries, c.deps, c.ring, c.hand, c.used = map[Key]*entry{}, map[string]map[*entry]struct{}{}, nil, 0, 0
		c.frags, c.fragDeps = map[string]*fragment{}, map[string]map[*fragment]struct{}{}
	} else {
		for _, k := range keys {
			for e := range c.deps[k] {
				c.removeLocked(e)
				c.droppedLocked(e.key)
			}
			for f := range c.fragDeps[k] {
				c.dropFragmentLocked(f)
			}
		}
	}
	c.mu.Unlock()
}

// Stats are the cache's counters since it started, and what it holds.
// Refreshes counts pages answered after rendering only their fragment
// again; Quick counts the hits answered through Quick (the express
// lane), which Hits includes; Coalesced counts misses answered from the
// cache after waiting for another reader's render of the page (counted in
// Misses and Hits both); Fragments is how many fragments are held.
type Stats struct {
	Hits, Misses, Bypasses, Stores, Evictions, Refreshes, Quick, Coalesced uint64
	Pages, Fragments                                                       int
	Bytes                                                                  int64
}

// Stats reports the counters.
func (c *Cache) Stats() Stats {
	c.mu.RLock()
	pages, frags, used := len(c.entries), len(c.frags), c.used
	c.mu.RUnlock()
	return Stats{
		Hits: c.hits.Load(), Misses: c.misses.Load(), Bypasses: c.bypasses.Load(), Stores: c.stores.Load(),
		Evictions: c.evictions.Load(), Refreshes: c.refreshes.Load(), Quick: c.quick.Load(), Coalesced: c.coalesced.Load(), Pages: pages, Fragments: frags, Bytes: used,
	}
}

// Recording reports whether r missed the cache and a page given to Serve
// for it may be stored, so that a handler does the extra work storing
// needs only then.
func Recording(r *http.Request) bool {
	_, ok := r.Context().Value(recorderKey{}).(*recorder)
	return ok
}
