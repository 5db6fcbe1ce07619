package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/mastheadhq/masthead/internal/store"
)

// DefaultPeriodicInterval is how often a Runner asks whether a periodic
// job is due. A daily digest set for 07:00 goes out within this long of it.
const DefaultPeriodicInterval = 30 * time.Second

// DefaultLease is how long a node may take over a run before another node
// decides it died and runs the job itself.
const DefaultLease = 10 * time.Minute

// Periodic is a job that must run once per period across every app node:
// the daily digest, hourly housekeeping.
type Periodic struct {
	// Name identifies the job in the database; it must not change between
	// releases, or runs already done would be done again.
	Name string
	// Period names the period that now falls in ("2026-12-06"), or ""
	// when the job is not due yet (before the digest's hour, say). A job
	// runs once for each name.
	Period func(now time.Time) string
	// Run does the work for period. An error leaves the run unfinished:
	// once its lease runs out, a node (this one or another) runs it again,
	// so Run must cope with a half-done earlier attempt.
	Run func(ctx context.Context, period string) error
	// Lease is how long a run may take; DefaultLease when zero.
	Lease time.Duration
}

// Runner runs periodic jobs on one node, claiming each run in the
// database first (store.Jobs), so that of all the nodes that share it
// exactly one runs each job once per period.
type Runner struct {
	Store    store.Jobs
	Node     string // this node's name, unique among the nodes
	Jobs     []Periodic
	Log      *slog.Logger
	Interval time.Duration    // defaults to DefaultPeriodicInterval
	Now      func() time.Time // defaults to time.Now

	// done remembers the last period each job finished on this node,
	// so that a finished run costs no query on later ticks.
	done map[string]string
}

// Run runs due jobs at start-up and then on every tick until ctx is done.
func (r *Runner) Run(ctx context.Context) {
	interval := r.Interval
	if interval <= 0 {
		interval = DefaultPeriodicInterval
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		r.RunOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// RunOnce runs every job whose current period this node can claim, one
// after another, and reports how many runs it finished.
func (r *Runner) RunOnce(ctx context.Context) int {
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	if r.done == nil {
		r.done = map[string]string{}
	}
	finished := 0
	for _, j := range r.Jobs {
		if ctx.Err() != nil {
			break
		}
		if r.runJob(ctx, j, now) {
			finished++
		}
	}
	return finished
}

func (r *Runner) runJob(ctx context.Context, j Periodic, now func() time.Time) bool {
	period := j.Period(now())
	if period == "" || r.done[j.Name] == period {
		return false
	}
	lease := j.Lease
	if lease <= 0 {
		lease = DefaultLease
	}
	run := store.JobRun{Job: j.Name, Period: period, Node: r.Node}
	log := r.logger().With("job", j.Name, "period", period)
	claimed, err := r.Store.ClaimRun(ctx, run, now(), lease)
	if err != nil {
		if ctx.Err() == nil {
			log.Error("claiming a job run failed", "err", err)
		}
		return false
	}
	if !claimed {
		return false
	}
	// The job gets the lease as its deadline: past it, another node may
	// already be doing the same work.
	runCtx, cancel := context.WithTimeout(ctx, lease)
	defer cancel()
	if err := j.Run(runCtx, period); err != nil {
		log.Error("job run failed; it will be retried once its lease runs out", "err", err)
		return false
	}
	if err := r.Store.FinishRun(ctx, run, now()); err != nil {
		log.Error("marking a job run finished failed", "err", err)
		return false
	}
	r.done[j.Name] = period
	log.Info("job run finished")
	return true
}

func (r *Runner) logger() *slog.Logger {
	if r.Log == nil {
		return slog.Default()
	}
	return r.Log
}

// Daily returns a Period function for a job that runs once a day at the
// given hour and minute in loc: before that time a day is not due, and
// from then on the day's date ("2026-12-06") is its period.
func Daily(loc *time.Location, hour, minute int) func(time.Time) string {
	return func(now time.Time) string {
		local := now.In(loc)
		start := time.Date(local.Year(), local.Month(), local.Day(), hour, minute, 0, 0, loc)
		if local.Before(start) {
			return ""
		}
		return local.Format(time.DateOnly)
	}
}

// Every returns a Period function for a job that runs once in each
// stretch of d, counted in UTC from the Unix epoch (d = time.Hour: once
// an hour, the period named by the hour's start).
func Every(d time.Duration) func(time.Time) string {
	return func(now time.Time) string {
		return now.UTC().Truncate(d).Format(time.RFC3339)
	}
}
