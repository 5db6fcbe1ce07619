package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/mastheadhq/masthead/internal/store"
)

var _ store.BulkWriter = (*DB)(nil)

// WriteInBulk makes the rest of the Atomic transaction it is called in a
// bulk write (store.BulkWriter). The change triggers stand aside for the
// rows the transaction makes while bulk_changes holds a row (see
// migration 0019 and bulk_keys.go), and the transaction logs those rows'
// keys as one change as it commits. The row is taken out before the
// commit: no other connection ever sees it, and a transaction that dies
// takes it along.
func (db *DB) WriteInBulk(ctx context.Context) error {
	if db.tx == nil || db.bulk == nil {
		return errors.New("sqlite: WriteInBulk outside Atomic")
	}
	if db.bulk.on {
		return nil
	}
	b := &bulkWrite{on: true}
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := markBulkRows(ctx, tx); err != nil {
			return err
		}
		// Kept for the rest of the connection's life: bulk writes come in
		// runs (an import's batches), in a process of their own.
		if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = `+strconv.Itoa(bulkCacheSize)); err != nil {
			return err
		}
		// The checkpointer takes over from the commits (checkpoint.go).
		if _, err := tx.ExecContext(ctx, `PRAGMA wal_autocheckpoint = 0`); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("write in bulk: %w", err)
	}
	*db.bulk = *b
	db.checkpoints.start()
	db.search.bulk.Store(true)
	return nil
}

// bulkCacheSize is the writer's page cache once it writes in bulk, in
// SQLite's negative-KiB form: 32 MiB, against the default 2, holds the
// pages a batch dirties, which would otherwise be spilled to the log
// before the commit and read back.
const bulkCacheSize = -32768

// bulkWrite is what WriteInBulk changed in one Atomic transaction.
type bulkWrite struct {
	on bool
}

// finish, just before the transaction commits, logs the keys of the rows
// the transaction made and takes the row out of bulk_changes. Rows rolled
// back with their savepoints are gone, and so are their keys.
func (b *bulkWrite) finish(ctx context.Context, tx *sql.Tx) error {
	if !b.on {
		return nil
	}
	if err := logBulkKeys(ctx, tx); err != nil {
		return fmt.Errorf("finish bulk write: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM bulk_changes`); err != nil {
		return fmt.Errorf("finish bulk write: %w", err)
	}
	return nil
}
