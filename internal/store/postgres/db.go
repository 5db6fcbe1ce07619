// Package postgres keeps a publication in PostgreSQL 15 or later, through
// pgx and its connection pool, for publications that outgrow one machine:
// several stateless app nodes share one database. It owns the PostgreSQL
// schema and its migrations, the translation of server errors into news
// error kinds, and the SQL behind every store.Store method. Its behaviour
// is the SQLite backend's, as the conformance suite in storetest pins it.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/querystats"
)

// DB is a store.Store kept in PostgreSQL. Each method runs in a
// transaction of its own on a pooled connection; reads that take more
// than one statement (an article and its relations) share one snapshot.
type DB struct {
	pool *pgxpool.Pool
	// queries counts and times the pool's statements.
	queries *querystats.Hook
	// tx is set only on the DB handed to an Atomic function: every call
	// on that value joins it.
	tx pgx.Tx
	// hooks tells ListenChanges of each commit on this node (changes.go).
	hooks commitHook
	// replica is set by OpenReplica: the database cannot be written, so
	// related lists are ranked but not kept (related_kept.go).
	replica bool
}

// SetQueryObserver makes every round trip's time (a statement, or a batch
// of them) reported to fn, for the metrics page.
func (db *DB) SetQueryObserver(fn func(time.Duration)) { db.queries.SetObserver(fn) }

var _ store.Store = (*DB)(nil)

// querier is what the SQL helpers need: a transaction, or the pool for a
// read that is a single statement and so its own snapshot.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// Close closes the connection pool, waiting for connections in use to be
// given back.
func (db *DB) Close() error {
	if db.tx != nil {
		return errors.New("postgres: close called on the store of an Atomic function")
	}
	db.pool.Close()
	return nil
}

// Ping checks that the server answers on a pooled connection.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.Ping(ctx); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

// Atomic runs fn with a DB bound to one transaction. Each call on the
// bound Store runs in a savepoint of its own: PostgreSQL aborts the whole
// transaction on a failed statement, and the savepoint is what lets a
// failed call leave none of its writes behind while fn carries on. The
// bound Store is not safe for concurrent use, since all its calls share
// one connection; reads through the outer DB do not see fn's writes.
// Atomic on the bound Store joins the outer transaction, in a savepoint
// of its own.
func (db *DB) Atomic(ctx context.Context, fn func(store.Store) error) error {
	if db.tx != nil {
		return translate(inSavepoint(ctx, db.tx, func(querier) error { return fn(db) }))
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return translate(err)
	}
	// Rollback after Commit is a no-op; it must run even when ctx has been
	// cancelled, or the connection would go back to the pool mid-transaction.
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(&DB{pool: db.pool, tx: tx, queries: db.queries}); err != nil {
		return translate(err)
	}
	if err := tx.Commit(ctx); err != nil {
		return translate(err)
	}
	db.hooks.fire()
	return nil
}

// Empty reports whether nothing has been written yet that would make the
// publication worth keeping: tags, authors and images alone do not count.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	var empty bool
	err := db.readOne(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT
			NOT EXISTS (SELECT 1 FROM articles)
			AND NOT EXISTS (SELECT 1 FROM pages)
			AND NOT EXISTS (SELECT 1 FROM categories)
			AND NOT EXISTS (SELECT 1 FROM settings)`).Scan(&empty)
	})
	if err != nil {
		return false, fmt.Errorf("check whether empty: %w", err)
	}
	return empty, nil
}

// write runs fn in a transaction of its own or, inside Atomic, in a
// savepoint of the shared one, so that a failed call leaves no
// half-written rows behind even when the caller carries on.
func (db *DB) write(ctx context.Context, fn func(querier) error) error {
	if db.tx != nil {
		return translate(inSavepoint(ctx, db.tx, fn))
	}
	if err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error { return fn(tx) }); err != nil {
		return translate(err)
	}
	db.hooks.fire()
	return nil
}

// snapshot is how multi-statement reads begin: repeatable read gives all
// their statements one snapshot, so an article never comes back with the
// relations of a later version, and read only lets the server skip the
// bookkeeping a writer needs.
var snapshot = pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}

// read runs fn in a read-only snapshot transaction. Inside Atomic it uses
// the shared transaction, in a savepoint so that a failed read cannot
// abort it, and so sees the writes made so far.
func (db *DB) read(ctx context.Context, fn func(querier) error) error {
	if db.tx != nil {
		return translate(inSavepoint(ctx, db.tx, fn))
	}
	return translate(pgx.BeginTxFunc(ctx, db.pool, snapshot, func(tx pgx.Tx) error { return fn(tx) }))
}

// readOne is read for fn that runs a single statement: a statement is its
// own snapshot, so it goes straight to the pool and saves the round trips
// of BEGIN and COMMIT.
func (db *DB) readOne(ctx context.Context, fn func(querier) error) error {
	if db.tx != nil {
		return translate(inSavepoint(ctx, db.tx, fn))
	}
	return translate(fn(db.pool))
}

// inSavepoint runs fn between SAVEPOINT and RELEASE, rolling back to the
// savepoint when fn fails. Savepoints of nested calls share a name:
// PostgreSQL resolves a name to the innermost savepoint that has it.
func inSavepoint(ctx context.Context, tx pgx.Tx, fn func(querier) error) error {
	if _, err := tx.Exec(ctx, "SAVEPOINT call"); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		// The undo must run even when ctx has been cancelled, or the
		// outer transaction would stay aborted or keep the partial write.
		_, undoErr := tx.Exec(context.WithoutCancel(ctx), "ROLLBACK TO SAVEPOINT call; RELEASE SAVEPOINT call")
		return errors.Join(err, undoErr)
	}
	_, err := tx.Exec(ctx, "RELEASE SAVEPOINT call")
	return err
}

// Ids given by callers. The id columns are GENERATED ALWAYS AS IDENTITY,
// so that nothing but the store's own INSERTs can pick an id by mistake;
// those INSERTs say OVERRIDING SYSTEM VALUE and give the id as
// coalesce(caller's id, nextval(the identity's sequence)): one statement
// for both cases, in which NULL (idArg of zero) draws the next id as the
// identity would have.

// checkNewID refuses an id no Create method can keep.
func checkNewID(id int64) error {
	if id < 0 {
		return invalid("negative id %d", id)
	}
	return nil
}

// advanceIdentity moves the identity sequence of table past id, after a
// row was inserted with an id given by the caller, so that ids drawn
// later never collide with it. It only ever moves the sequence forward:
// an id below those already drawn (filling a gap) leaves it alone, so no
// id is handed out twice. A sequence is not transactional: when the
// insert is rolled back the sequence stays where it was moved, which
// leaves a gap in the ids and nothing worse. table comes from this
// package, never from input.
func advanceIdentity(ctx context.Context, q querier, table string, id int64) error {
	_, err := q.Exec(ctx, `SELECT setval(s.seq, $2)
		FROM (SELECT pg_get_serial_sequence($1, 'id')::regclass AS seq) s
		WHERE $2 > coalesce(pg_sequence_last_value(s.seq), 0)`, table, id)
	if err != nil {
		return fmt.Errorf("move the %s id sequence past %d: %w", table, id, err)
	}
	return nil
}

// invalid builds the error for input the store refuses before SQL sees it.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", news.ErrInvalid, fmt.Sprintf(format, args...))
}
