package store

import (
	"context"
	"time"
)

// JobRun names one run of a periodic job: the job, the period it covers
// ("2026-12-06" for a daily digest) and the app node that runs it.
type JobRun struct {
	Job    string
	Period string
	Node   string
}

// Jobs lets app nodes that share a database agree on which of them runs a
// periodic job, so that it runs exactly once per period. A run is
// claimed for a lease; a node that dies mid-run leaves the claim to expire,
// and another node then claims the run again and does it.
type Jobs interface {
	// ClaimRun claims r.Job's run for r.Period for r.Node until
	// now+lease, and reports whether it got it: true when nobody had
	// claimed that run, or the last claim's lease ran out before the run
	// was finished; false when the run is finished or another claim is
	// still live. Of any number of concurrent callers, at most one gets
	// true. Empty names or a lease below one second are news.ErrInvalid.
	ClaimRun(ctx context.Context, r JobRun, now time.Time, lease time.Duration) (bool, error)
	// FinishRun marks the run done, so that it is never claimed again.
	// A run r.Node does not hold (never claimed, or claimed since by
	// another node after the lease ran out) is news.ErrConflict.
	FinishRun(ctx context.Context, r JobRun, now time.Time) error
	// DeleteJobRunsBefore removes finished runs that finished before
	// before, and reports how many went.
	DeleteJobRunsBefore(ctx context.Context, before time.Time) (int, error)
}
