package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/mastheadhq/masthead/internal/store"
)

// ChangesSince reads the versions the change triggers keep (see the
// migration that creates change_kinds).
func (db *DB) ChangesSince(ctx context.Context, since int64) (int64, []store.ChangeKind, error) {
	var version int64
	var kinds []store.ChangeKind
	err := db.readOn(ctx, db.follower, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT kind, version FROM change_kinds`, nil, func(rows *sql.Rows) error {
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
// to upto (see the migration that creates change_keys).
func (db *DB) ChangeKeys(ctx context.Context, since, upto int64, limit int) ([]string, bool, error) {
	var keys []string
	complete := true
	err := db.readOn(ctx, db.follower, func(tx *sql.Tx) error {
		var horizon int64
		if err := tx.QueryRowContext(ctx, `SELECT horizon FROM change_log`).Scan(&horizon); err != nil {
			return err
		}
		if since < horizon {
			complete = false
			return nil
		}
		return queryEach(ctx, tx, `SELECT key FROM change_keys WHERE version > ? AND version <= ? LIMIT ?`,
			[]any{since, upto, limit*store.ChangeKeyRowsPerKey + 1}, func(rows *sql.Rows) error {
				var k string
				if err := rows.Scan(&k); err != nil {
					return err
				}
				keys = append(keys, k)
				return nil
			})
	})
	if err != nil {
		return nil, false, fmt.Errorf("change keys since %d: %w", since, err)
	}
	return store.DistinctKeys(keys, limit, complete)
}

// PruneChangeKeys deletes the keys logged before the given time and moves
// the horizon past the newest version deleted.
func (db *DB) PruneChangeKeys(ctx context.Context, before time.Time) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE change_log SET horizon = max(horizon,
			coalesce((SELECT max(version) FROM change_keys WHERE at < ?), 0))`, before.Unix()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM change_keys WHERE at < ?`, before.Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("prune change keys: %w", err)
	}
	return nil
}

// ListenChanges calls wake after each write this DB commits, from the
// moment it is called until ctx is done; the returned function waits for
// that end. SQLite has one writing process, so its own commits are the
// changes that matter; a separate process writing the same file (a
// command run beside serve) is seen by the caller's poll instead.
func (db *DB) ListenChanges(ctx context.Context, wake func()) (wait func()) {
	db.hooks.set(wake)
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		db.hooks.set(nil)
	}()
	return func() { <-done }
}

// commitHook holds the function to call after a commit. It is atomic
// because ListenChanges sets it while other goroutines write.
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

// fire runs the hook, if any, after a transaction committed.
func (h *commitHook) fire() {
	if fn := h.fn.Load(); fn != nil {
		(*fn)()
	}
}
