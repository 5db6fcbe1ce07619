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

// bulkHashSize is the memory, in bytes, each full-text table may fill
// with pending terms before writing them out as a segment, in a bulk
// write. At FTS5's default of 1 MiB a batch of a thousand imported
// posts made a dozen small segments per table, and merging them was the
// largest part of an import's search indexing; at 8 MiB it makes one or
// two. It is set for the transaction only, since it changes nothing a
// query reads.
const bulkHashSize = 8 << 20

// searchTables are the full-text tables whose hashsize a bulk write
// raises.
var searchTables = []string{"article_search", "article_search_head"}

// WriteInBulk makes the rest of the Atomic transaction it is called in a
// bulk write (store.BulkWriter). The change triggers stand aside for the
// rows the transaction makes while bulk_changes holds a row (see
// migration 0019 and bulk_keys.go), and the transaction logs those rows'
// keys as one change as it commits; the search index keeps more pending
// terms in memory. Both are undone before the commit: no other
// connection ever sees the row or the setting, and a transaction that
// dies takes them along.
func (db *DB) WriteInBulk(ctx context.Context) error {
	if db.tx == nil || db.bulk == nil {
		return errors.New("sqlite: WriteInBulk outside Atomic")
	}
	if db.bulk.on {
		return nil
	}
	b := &bulkWrite{on: true, hashSizes: map[string]int64{}}
	err := db.write(ctx, func(tx *sql.Tx) error {
		if err := markBulkRows(ctx, tx); err != nil {
			return err
		}
		// Kept for the rest of the connection's life: bulk writes come in
		// runs (an import's batches), in a process of their own.
		if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = `+strconv.Itoa(bulkCacheSize)); err != nil {
			return err
		}
		for _, table := range searchTables {
			size, err := hashSize(ctx, tx, table)
			if err != nil {
				return err
			}
			b.hashSizes[table] = size
			if err := setHashSize(ctx, tx, table, bulkHashSize); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("write in bulk: %w", err)
	}
	*db.bulk = *b
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
	// hashSizes are the full-text tables' settings to put back.
	hashSizes map[string]int64
}

// finish, just before the transaction commits and after its new articles
// were indexed, puts the search settings back, logs the keys of the rows
// the transaction made and takes the row out of bulk_changes. Rows rolled
// back with their savepoints are gone, and so are their keys.
func (b *bulkWrite) finish(ctx context.Context, tx *sql.Tx) error {
	if !b.on {
		return nil
	}
	for _, table := range searchTables {
		if err := setHashSize(ctx, tx, table, b.hashSizes[table]); err != nil {
			return fmt.Errorf("finish bulk write: %w", err)
		}
	}
	if err := logBulkKeys(ctx, tx); err != nil {
		return fmt.Errorf("finish bulk write: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM bulk_changes`); err != nil {
		return fmt.Errorf("finish bulk write: %w", err)
	}
	return nil
}

// ftsDefaultHashSize is FTS5's hashsize when none is configured.
const ftsDefaultHashSize = 1 << 20

// hashSize reads a full-text table's hashsize setting. table comes from
// this package, never from input.
func hashSize(ctx context.Context, tx *sql.Tx, table string) (int64, error) {
	var size int64
	err := tx.QueryRowContext(ctx, `SELECT v FROM `+table+`_config WHERE k = 'hashsize'`).Scan(&size)
	if errors.Is(err, sql.ErrNoRows) {
		return ftsDefaultHashSize, nil
	}
	return size, err
}

func setHashSize(ctx context.Context, tx *sql.Tx, table string, size int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+table+`, rank) VALUES ('hashsize', `+strconv.FormatInt(size, 10)+`)`)
	return err
}
