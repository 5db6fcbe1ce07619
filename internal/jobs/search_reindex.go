package jobs

import (
	"context"
	"time"

	"github.com/mastheadhq/masthead/internal/store"
)

// ReindexBatch is how many queued articles one transaction of
// DrainSearchQueue re-indexes. Articles of news length cost SQLite's
// FTS5 more each the larger the batch (its pending terms are flushed and
// merged at the end of each statement): on the shared 2-core machine a
// batch took 83 ms at 25, 240 ms at 50, 590 ms at 100 and 1.3 s at 200
// (BenchmarkRenameTag, README, Search). 50 holds the writer a quarter of
// a second and drains a rename of 5,000 articles in about 25 s.
const ReindexBatch = 50

// SearchReindexer is what SearchReindex drains.
type SearchReindexer interface {
	ReindexQueued(ctx context.Context, limit int) (int, error)
}

// reindexBudget bounds one run of SearchReindex: jobs run one after
// another on a node, and the section alerts, due within a minute of a
// publication, must not wait behind a long drain. The next minute's run
// goes on where this one stopped.
const reindexBudget = 40 * time.Second

// SearchReindex is the job that refreshes the search entries a rename
// of a tag or an author queued (store.Searcher). It runs once a minute
// across the nodes; a drain still going when the next minute is claimed
// elsewhere does no harm, since batches never overlap.
func SearchReindex(st SearchReindexer) Periodic {
	return Periodic{
		Name:   "search-reindex",
		Period: Every(time.Minute),
		Lease:  5 * time.Minute,
		Run: func(ctx context.Context, _ string) error {
			_, err := DrainSearchQueue(ctx, st, time.Now().Add(reindexBudget))
			return err
		},
	}
}

// DrainSearchQueue re-indexes queued articles a batch per transaction
// until none is left, none can be taken just now, or the deadline (none
// when zero) has passed, and reports how many it took.
func DrainSearchQueue(ctx context.Context, st SearchReindexer, deadline time.Time) (int, error) {
	total := 0
	for deadline.IsZero() || time.Now().Before(deadline) {
		n, err := st.ReindexQueued(ctx, ReindexBatch)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
	return total, nil
}

var _ SearchReindexer = store.Store(nil)
