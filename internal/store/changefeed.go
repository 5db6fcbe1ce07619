package store

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Change tells subscribers of a ChangeFeed that what readers see has
// moved on to Version. Kinds lists what was written; nil means the feed
// cannot tell (it failed to read the versions), and every cache should
// drop everything. Keys lists the change keys written (keys.go) when
// KeysExact is set; otherwise the keys are unknown (the log was pruned,
// too many were written, or reading them failed) and a cache that goes
// by keys should drop everything.
type Change struct {
	Version   int64
	Kinds     []ChangeKind
	Keys      []string
	KeysExact bool
}

// MaxChangeKeys is how many keys one Change carries at most: past it (a
// bulk import, a tag merge over thousands of articles) dropping a whole
// cache is cheaper than dropping its pages one key at a time.
const MaxChangeKeys = 5000

// Touches reports whether the change may have written any of kinds.
func (c Change) Touches(kinds ...ChangeKind) bool {
	if c.Kinds == nil {
		return true
	}
	for _, k := range kinds {
		if slices.Contains(c.Kinds, k) {
			return true
		}
	}
	return false
}

// ChangeListener is a backend that can wake a ChangeFeed the moment a
// change commits: SQLite after its own commits, PostgreSQL after its own
// and, through LISTEN/NOTIFY, after those of every other node.
type ChangeListener interface {
	// ListenChanges calls wake on each commit that may have changed
	// something, from the moment it returns until ctx is done; wait
	// blocks until it has stopped. wake must return quickly.
	ListenChanges(ctx context.Context, wake func()) (wait func())
}

// DefaultChangePoll is how often a ChangeFeed reads the change version
// even without a notification, so that a lost notification or listening
// connection leaves a node stale for at most this long (plus a query).
const DefaultChangePoll = 500 * time.Millisecond

// ChangeFeed follows the publication's change version on one node and
// tells subscribers (caches) what changed. Notifications from the backend
// make it prompt; the poll makes it certain. Subscribers get every change
// in version order, each once, from whichever goroutine noticed it.
type ChangeFeed struct {
	source Changes

	mu      sync.Mutex // one check at a time, so versions go out in order
	version atomic.Int64
	failed  bool // the last check failed: the next success tells everyone

	subMu sync.Mutex
	subs  map[int]func(Change)
	next  int
}

// NewChangeFeed returns a feed over source's versions. It tells nothing
// until Check or Run is called.
func NewChangeFeed(source Changes) *ChangeFeed {
	return &ChangeFeed{source: source, subs: map[int]func(Change){}}
}

// Subscribe calls fn for every later change, until the returned function
// is called. fn runs on the goroutine that noticed the change (a writer
// after its commit, the listener, the poll), so it must be quick: a cache
// drops what it holds and loads it again on the next request.
func (f *ChangeFeed) Subscribe(fn func(Change)) (unsubscribe func()) {
	f.subMu.Lock()
	defer f.subMu.Unlock()
	id := f.next
	f.next++
	f.subs[id] = fn
	return func() {
		f.subMu.Lock()
		defer f.subMu.Unlock()
		delete(f.subs, id)
	}
}

// Version returns the last change version the feed has seen.
func (f *ChangeFeed) Version() int64 { return f.version.Load() }

// Check reads the change version now and tells subscribers if it moved.
// A failed read tells them a Change with no kinds, since the feed can no
// longer vouch that nothing changed.
func (f *ChangeFeed) Check(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	since := f.version.Load()
	v, kinds, err := f.source.ChangesSince(ctx, since)
	if err != nil {
		f.failed = true
		f.publish(Change{Version: since})
		return err
	}
	if f.failed {
		f.failed = false
		f.version.Store(v)
		f.publish(Change{Version: v})
		return nil
	}
	if v <= since {
		return nil
	}
	if kinds == nil {
		kinds = []ChangeKind{} // moved without kinds is impossible; never read as "all"
	}
	c := Change{Version: v, Kinds: kinds}
	// Keys that cannot be read leave the change inexact, which caches
	// take as "drop everything": safe, and rare. The first check (since
	// 0) has no cache to spare and would read the whole log.
	if since > 0 {
		if keys, complete, err := f.source.ChangeKeys(ctx, since, v, MaxChangeKeys); err == nil && complete {
			c.Keys, c.KeysExact = keys, true
		}
	}
	f.version.Store(v)
	f.publish(c)
	return nil
}

func (f *ChangeFeed) publish(c Change) {
	f.subMu.Lock()
	fns := make([]func(Change), 0, len(f.subs))
	for _, fn := range f.subs {
		fns = append(fns, fn)
	}
	f.subMu.Unlock()
	for _, fn := range fns {
		fn(c)
	}
}

// Start follows the version until ctx is done or stop is called: from
// before it returns, on every wake from listener (when not nil); and in
// the background at once and every poll interval (DefaultChangePoll when
// zero or less). onError, when not nil, hears of failed checks. stop
// returns once everything it started has ended.
func (f *ChangeFeed) Start(ctx context.Context, listener ChangeListener, poll time.Duration, onError func(error)) (stop func()) {
	if poll <= 0 {
		poll = DefaultChangePoll
	}
	ctx, cancel := context.WithCancel(ctx)
	check := func() {
		// A check must not hang on a dead connection past the next poll.
		cctx, cancel := context.WithTimeout(ctx, 2*poll)
		defer cancel()
		if err := f.Check(cctx); err != nil && ctx.Err() == nil && onError != nil {
			onError(err)
		}
	}
	waitListener := func() {}
	if listener != nil {
		waitListener = listener.ListenChanges(ctx, check)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(poll)
		defer tick.Stop()
		for {
			check()
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		cancel()
		<-done
		waitListener()
	}
}
