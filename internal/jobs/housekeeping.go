package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/mastheadhq/masthead/internal/store"
)

// Records the housekeeping job removes: failed sign-ins past any limit's
// window, expired sessions (staff and readers'), readers' expired links,
// the record of long-finished job runs, and change keys that every node
// has long read (a node that falls further behind than that drops its
// whole page cache instead).
const (
	keepFailures   = 24 * time.Hour
	keepJobRuns    = 90 * 24 * time.Hour
	keepChangeKeys = time.Hour
)

// HousekeepingStore is what Housekeeping prunes.
type HousekeepingStore interface {
	DeleteFailuresBefore(ctx context.Context, before time.Time) (int, error)
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)
	DeleteJobRunsBefore(ctx context.Context, before time.Time) (int, error)
	DeleteExpiredReaderState(ctx context.Context, now time.Time) (int, error)
	PruneChangeKeys(ctx context.Context, before time.Time) error
}

// Housekeeping is the hourly job that keeps the tables other features
// append to from growing without end. It runs once an hour across all
// nodes, though running it twice would do no harm.
func Housekeeping(st HousekeepingStore, now func() time.Time) Periodic {
	return Periodic{
		Name:   "housekeeping",
		Period: Every(time.Hour),
		Lease:  5 * time.Minute,
		Run: func(ctx context.Context, _ string) error {
			t := now()
			_, errF := st.DeleteFailuresBefore(ctx, t.Add(-keepFailures))
			_, errS := st.DeleteExpiredSessions(ctx, t)
			_, errJ := st.DeleteJobRunsBefore(ctx, t.Add(-keepJobRuns))
			_, errR := st.DeleteExpiredReaderState(ctx, t)
			errK := st.PruneChangeKeys(ctx, t.Add(-keepChangeKeys))
			return errors.Join(errF, errS, errJ, errR, errK)
		},
	}
}

var _ HousekeepingStore = store.Store(nil)
