package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/store"
)

// ReadSnapshot runs fn with a Store whose every call reads one snapshot
// of the database: a repeatable-read, read-only transaction. A backup
// taken while the site serves reads through it, so that it holds the
// publication as it was at one instant, however long it takes; writes
// through the Store it is given fail. Like the Store of Atomic, it is not
// safe for concurrent use.
func (db *DB) ReadSnapshot(ctx context.Context, fn func(store.Store) error) error {
	if db.tx != nil {
		return fn(db)
	}
	return translate(pgx.BeginTxFunc(ctx, db.pool, snapshot, func(tx pgx.Tx) error {
		return fn(&DB{pool: db.pool, tx: tx, queries: db.queries})
	}))
}
