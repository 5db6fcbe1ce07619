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
	// JobQueue counts the background work waiting or under way at now,
	// for monitoring: scheduled articles whose time has come, and
	// unfinished runs of periodic jobs by job.
	JobQueue(ctx context.Context, now time.Time) (JobQueue, error)
}

// JobQueue is the depth of the background work at one moment.
type JobQueue struct {
	// DueArticles are scheduled articles whose publication time is not
	// after now: the scheduler publishes them on its next tick, so more
	// than a few for long means it is not running.
	DueArticles int
	// Runs are the periodic jobs with unfinished runs, ordered by job.
	Runs []JobRuns
}

// JobRuns counts one periodic job's unfinished runs.
type JobRuns struct {
	Job string
	// Running runs are held by a node whose lease has not run out.
	Running int
	// Due runs were claimed within DueRunWindow before now but their
	// lease ran out before they finished: the node died or the job
	// failed, and the next node to ask for that period takes them over.
	Due int
}

// DueRunWindow bounds how far back JobQueue counts unfinished runs as
// due. A run is only retried while its period is current (a day at
// most), so an older unfinished run will never run again; counting it
// would keep the queue from ever emptying. job_runs still holds it.
const DueRunWindow = 24 * time.Hour
