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
		if err := b.raiseSearchSettings(ctx, tx); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("write in bulk: %w", err)
	}
	*db.bulk = *b
	db.checkpoints.start()
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
	// searchSettings are the full-text tables' settings to put back.
	searchSettings []ftsSetting
}

// finish, just before the transaction commits and after its new articles
// were indexed, puts the search settings back, logs the keys of the rows
// the transaction made and takes the row out of bulk_changes. Rows rolled
// back with their savepoints are gone, and so are their keys.
func (b *bulkWrite) finish(ctx context.Context, tx *sql.Tx) error {
	if !b.on {
		return nil
	}
	if err := b.restoreSearchSettings(ctx, tx); err != nil {
		return fmt.Errorf("finish bulk write: %w", err)
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

// ftsSetting is one configuration value of one full-text table.
type ftsSetting struct {
	table, key string
	value      int64
}

// bulkSearchSettings are what a bulk write sets on each full-text table
// for its transaction, with FTS5's defaults for those never configured.
//
// automerge 0: FTS5 then merges a level's segments only once there are
// crisismerge (16) of them, sixteen at a time, instead of merging four
// at a time as it writes, which rewrote every term of an import about
// twice as often. No level is ever left with crisismerge segments, so
// the next ordinary write never meets a merge larger than it would have
// anyway; its automerge, put back, goes on merging a little at each
// write.
var bulkSearchSettings = []struct {
	key        string
	bulk, dflt int64
}{
	{"hashsize", bulkHashSize, ftsDefaultHashSize},
	{"automerge", 0, 4},
}

// raiseSearchSettings sets bulkSearchSettings on every full-text table,
// keeping the values to put back.
func (b *bulkWrite) raiseSearchSettings(ctx context.Context, tx *sql.Tx) error {
	for _, table := range searchTables {
		for _, s := range bulkSearchSettings {
			old, err := ftsConfig(ctx, tx, table, s.key, s.dflt)
			if err != nil {
				return err
			}
			b.searchSettings = append(b.searchSettings, ftsSetting{table, s.key, old})
			if err := setFTSConfig(ctx, tx, ftsSetting{table, s.key, s.bulk}); err != nil {
				return err
			}
		}
	}
	return nil
}

// restoreSearchSettings puts back what raiseSearchSettings changed, in
// the order it changed it: the hashsize first, whose change writes out
// the pending terms while automerge is still off.
func (b *bulkWrite) restoreSearchSettings(ctx context.Context, tx *sql.Tx) error {
	for _, s := range b.searchSettings {
		if err := setFTSConfig(ctx, tx, s); err != nil {
			return err
		}
	}
	return nil
}

// ftsConfig reads a full-text table's setting, dflt when it was never
// set. table and key come from this package, never from input.
func ftsConfig(ctx context.Context, tx *sql.Tx, table, key string, dflt int64) (int64, error) {
	var v int64
	err := tx.QueryRowContext(ctx, `SELECT v FROM `+table+`_config WHERE k = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return dflt, nil
	}
	return v, err
}

func setFTSConfig(ctx context.Context, tx *sql.Tx, s ftsSetting) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO `+s.table+` (`+s.table+`, rank) VALUES (?, ?)`, s.key, s.value)
	return err
}
