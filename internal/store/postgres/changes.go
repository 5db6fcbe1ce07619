package postgres

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/store"
)

// changesChannel is the channel the change triggers notify on (see the
// migration that creates masthead_changed).
const changesChannel = "masthead_changes"

// ChangesSince reads the versions the change triggers keep. One statement
// is one snapshot, so the version and the kinds agree.
func (db *DB) ChangesSince(ctx context.Context, since int64) (int64, []store.ChangeKind, error) {
	var version int64
	var kinds []store.ChangeKind
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT kind, version FROM change_kinds`, nil, func(rows pgx.Rows) error {
			var kind string
			var v int64
			if err := rows.Scan(&kind, &v); err != nil {
				return err
			}
			version = max(version, v)
			if v > since {
				kinds = append(kinds, store.ChangeKind(kind))
			}
			return nil
		})
	})
	if err != nil {
		return 0, nil, fmt.Errorf("changes since %d: %w", since, err)
	}
	return version, kinds, nil
}

// ChangeKeys reads the keys the change triggers logged after since, up
// to upto, and the horizon below which they were pruned, in one
// statement and so one snapshot.
func (db *DB) ChangeKeys(ctx context.Context, since, upto int64, limit int) ([]string, bool, error) {
	var keys []string
	var horizon int64
	err := db.readOne(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT (SELECT horizon FROM change_log),
				array(SELECT key FROM change_keys WHERE version > $1 AND version <= $2 LIMIT $3)`,
			since, upto, limit*store.ChangeKeyRowsPerKey+1).Scan(&horizon, &keys)
	})
	if err != nil {
		return nil, false, fmt.Errorf("change keys since %d: %w", since, err)
	}
	return store.DistinctKeys(keys, limit, since >= horizon)
}

// PruneChangeKeys deletes the keys logged before the given time and moves
// the horizon past the newest version deleted.
func (db *DB) PruneChangeKeys(ctx context.Context, before time.Time) error {
	err := db.write(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `WITH gone AS (
				DELETE FROM change_keys WHERE at < $1 AND version IS NOT NULL RETURNING version
			)
			UPDATE change_log SET horizon = greatest(horizon, coalesce((SELECT max(version) FROM gone), 0))`, timeArg(before))
		return err
	})
	if err != nil {
		return fmt.Errorf("prune change keys: %w", err)
	}
	return nil
}

// listenRetry bounds the wait before reconnecting a lost listening
// connection; the caller's poll covers the gap.
const (
	listenRetryMin = 250 * time.Millisecond
	listenRetryMax = 15 * time.Second
)

// ListenChanges calls wake whenever a write to reader-visible content
// commits, on this node (straight after the commit, from the moment it is
// called) or on any other (through LISTEN on a connection of its own,
// outside the pool), until ctx is done; the returned function waits for
// that end. A lost connection is reopened with growing pauses; a
// notification sent meanwhile is lost, which is why callers also poll
// ChangesSince.
func (db *DB) ListenChanges(ctx context.Context, wake func()) (wait func()) {
	db.hooks.set(wake)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer db.hooks.set(nil)
		db.listenLoop(ctx, wake)
	}()
	return func() { <-done }
}

func (db *DB) listenLoop(ctx context.Context, wake func()) {
	pause := listenRetryMin
	for ctx.Err() == nil {
		started := time.Now()
		// Why the connection went matters little: the poll covers the
		// gap, and the retry tells whether the server is back.
		_ = db.listen(ctx, wake)
		if ctx.Err() != nil {
			return
		}
		if time.Since(started) > listenRetryMax {
			pause = listenRetryMin // it had been working: retry quickly
		}
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
		pause = min(2*pause, listenRetryMax)
	}
}

// listen holds one listening connection until it fails or ctx is done.
// Every (re)connection wakes the caller once, since notifications may
// have been missed while there was none.
func (db *DB) listen(ctx context.Context, wake func()) error {
	cfg := db.pool.Config().ConnConfig.Copy()
	// Named apart from the pool's, for whoever reads pg_stat_activity.
	cfg.RuntimeParams["application_name"] += " listener"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		return err
	}
	wake()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		wake()
	}
}

// commitHook holds the function to call after a commit on this node. It
// is atomic because ListenChanges sets it while other goroutines write.
type commitHook struct {
	fn atomic.Pointer[func()]
}

func (h *commitHook) set(fn func()) {
	if fn == nil {
		h.fn.Store(nil)
		return
	}
	h.fn.Store(&fn)
}

func (h *commitHook) fire() {
	if fn := h.fn.Load(); fn != nil {
		(*fn)()
	}
}
