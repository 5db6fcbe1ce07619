// Package querystats counts and times the statements a backend sends to
// its database: the SQLite backend wraps its database/sql driver
// (Connector), the PostgreSQL backend gives pgx a tracer (Tracer). Each
// statement is counted into the counter its context carries, if any (the
// N+1 tests count the queries of one page this way), and each round trip
// is timed for the histogram an observer was set for (the metrics page).
// Nothing reads SQL text: the hooks sit where the drivers already report
// a statement's start and end.
package querystats

import (
	"context"
	"sync/atomic"
	"time"
)

// Hook is where one backend's connections report their statements. The
// zero value counts into contexts and times nothing.
type Hook struct {
	observe atomic.Pointer[func(time.Duration)]
}

// SetObserver makes every later round trip call fn with its duration; nil
// stops timing.
func (h *Hook) SetObserver(fn func(time.Duration)) {
	if fn == nil {
		h.observe.Store(nil)
		return
	}
	h.observe.Store(&fn)
}

// counted adds n statements to the context's counter.
func counted(ctx context.Context, n int64) {
	if c, ok := ctx.Value(counterKey{}).(*atomic.Int64); ok {
		c.Add(n)
	}
}

// done reports one round trip that began at start and ran n statements.
func (h *Hook) done(ctx context.Context, start time.Time, n int64) {
	counted(ctx, n)
	if fn := h.observe.Load(); fn != nil {
		(*fn)(time.Since(start))
	}
}

type counterKey struct{}

// WithCounter returns a context whose statements are counted into n.
func WithCounter(ctx context.Context, n *atomic.Int64) context.Context {
	return context.WithValue(ctx, counterKey{}, n)
}
