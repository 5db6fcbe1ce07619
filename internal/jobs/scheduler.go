// Package jobs runs Masthead's background work: tasks that must happen at
// their time, exactly once across however many app nodes share a
// database, and carry on after a restart.
package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// DefaultScheduleInterval is how often scheduled articles are checked: a
// story set for 09:00 goes live within this long of it.
const DefaultScheduleInterval = 15 * time.Second

// Scheduler publishes scheduled articles when their time comes. It checks
// at start-up too, so articles that fell due while the site was down go
// live at once.
type Scheduler struct {
	Store    store.Schedule
	Log      *slog.Logger
	Interval time.Duration    // defaults to DefaultScheduleInterval
	Now      func() time.Time // defaults to time.Now
	// Published, if set, is called once for each article this node
	// published (to invalidate caches, send webhooks, and so on).
	Published func(context.Context, news.Article)
}

// Run checks for due articles until ctx is done.
func (s *Scheduler) Run(ctx context.Context) {
	interval := s.Interval
	if interval <= 0 {
		interval = DefaultScheduleInterval
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		s.RunOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// RunOnce publishes whatever is due now and reports how many articles it
// published. Errors are logged and retried on the next tick.
func (s *Scheduler) RunOnce(ctx context.Context) int {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	arts, err := s.Store.PublishDue(ctx, now())
	if err != nil {
		if ctx.Err() == nil {
			s.logger().Error("scheduled publishing failed", "err", err)
		}
		return 0
	}
	for _, a := range arts {
		s.logger().Info("scheduled article published", "id", a.ID, "slug", a.Slug)
		if s.Published != nil {
			s.Published(ctx, a)
		}
	}
	return len(arts)
}

func (s *Scheduler) logger() *slog.Logger {
	if s.Log == nil {
		return slog.Default()
	}
	return s.Log
}
