// Package sqlite keeps a publication in one embedded SQLite file, through
// the pure-Go driver modernc.org/sqlite. It owns the SQLite schema and its
// migrations, the translation of driver errors into news error kinds, and
// the SQL behind every store.Store method.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/querystats"
)

// DB is a store.Store kept in a SQLite file. Writes go through a single
// connection, because SQLite allows one writer at a time and queueing in
// the pool is cheaper than retrying on SQLITE_BUSY; reads use a separate
// pool so that they never wait for a writer under WAL.
type DB struct {
	writer *sql.DB
	reader *sql.DB
	// follower is a reader of its own for the change version and keys
	// (changes.go): with every page render holding a connection of
	// reader, as under a herd of misses while an import commits, a check
	// that waited for one would time out, and a failed check drops the
	// page caches, which makes every request a render: the site then
	// never recovers until the load stops.
	follower *sql.DB
	// tx is set only on the DB handed to an Atomic function: every call
	// on that value joins it.
	tx *sql.Tx
	// queue holds the articles the Atomic transaction tx created, to be
	// queued for search before it commits (search.go).
	queue *searchQueue
	// bulk is what WriteInBulk changed in the Atomic transaction tx,
	// to be undone and logged before it commits (bulk.go).
	bulk *bulkWrite
	// hooks tells ListenChanges of each commit (see changes.go).
	hooks commitHook
	// checkpoints copies the log into the file beside the writer once
	// bulk writes began (checkpoint.go).
	checkpoints *checkpointer
	// search keeps the search file (search_file.go).
	search *searchIndexer
	// queries counts and times the pools' statements.
	queries *querystats.Hook
	// related ranks related stories in memory (related_index.go).
	related *relatedIndex
}

// SetQueryObserver makes every statement's time reported to fn, for the
// metrics page.
func (db *DB) SetQueryObserver(fn func(time.Duration)) { db.queries.SetObserver(fn) }

var _ store.Store = (*DB)(nil)

// Close closes both connection pools. The last connection to close
// checkpoints the write-ahead log into the main file.
func (db *DB) Close() error {
	if db.tx != nil {
		return errors.New("sqlite: close called on the store of an Atomic function")
	}
	db.related.stop()
	// The indexer first: its pruning writes through the writer.
	return errors.Join(db.search.close(), db.checkpoints.close(), db.follower.Close(), db.reader.Close(), db.writer.Close())
}

// Ping checks that both pools can reach the database.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.writer.PingContext(ctx); err != nil {
		return fmt.Errorf("ping writer: %w", err)
	}
	if err := db.reader.PingContext(ctx); err != nil {
		return fmt.Errorf("ping readers: %w", err)
	}
	return nil
}

// Atomic runs fn with a DB bound to one write transaction. Inside fn, write
// only through the Store it is given: a write through the outer DB would
// wait for the writer connection fn is holding, and reads through it do
// not see fn's writes. The bound Store is not safe for concurrent use,
// since each of its writes is a savepoint on that one connection. Atomic
// on the bound Store joins the outer transaction, in a savepoint of its
// own.
//
// What fn writes is found by search once the transaction commits and the
// search file has taken it in (search_file.go), not before.
func (db *DB) Atomic(ctx context.Context, fn func(store.Store) error) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		bound := &DB{writer: db.writer, reader: db.reader, follower: db.follower, tx: tx, queue: db.queue, bulk: db.bulk, checkpoints: db.checkpoints, search: db.search, queries: db.queries, related: db.related}
		if db.tx != nil {
			return fn(bound) // the outer Atomic indexes and logs what this one writes
		}
		bound.queue, bound.bulk = &searchQueue{}, &bulkWrite{}
		if err := fn(bound); err != nil {
			return err
		}
		if err := bound.queue.flush(ctx, tx); err != nil {
			return err
		}
		return bound.bulk.finish(ctx, tx)
	})
}

// Empty reports whether nothing has been written yet that would make the
// publication worth keeping: tags, authors and images alone do not count.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	var empty bool
	err := db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT
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

// write runs fn in a write transaction of its own or, inside Atomic, in a
// savepoint of the shared one, so that a failed call leaves no
// half-written rows behind even when the caller carries on.
func (db *DB) write(ctx context.Context, fn func(*sql.Tx) error) error {
	if db.tx != nil {
		return translate(inSavepoint(ctx, db.tx, fn))
	}
	return db.writeAlone(ctx, fn)
}

// writeAlone runs fn in a write transaction of its own.
func (db *DB) writeAlone(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return translate(err)
	}
	if err := tx.Commit(); err != nil {
		return translate(err)
	}
	db.hooks.fire()
	db.checkpoints.committed()
	db.search.kick()
	return nil
}

// exec runs one write statement: in a transaction of its own or, inside
// Atomic, straight on the shared one. SQLite undoes a failed statement
// (its triggers' writes included) by itself, so the savepoint that write opens
// around a call would only cost two more statements; an import makes
// several such calls for every post.
func (db *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if db.tx != nil {
		res, err := db.tx.ExecContext(ctx, query, args...)
		return res, translate(err)
	}
	var res sql.Result
	err := db.writeAlone(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = tx.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}

// read runs fn in a read transaction, so that an article and its relations
// come from one snapshot. Inside Atomic it uses the shared transaction and
// so sees the writes made so far.
func (db *DB) read(ctx context.Context, fn func(*sql.Tx) error) error {
	return db.readOn(ctx, db.reader, fn)
}

// readOn is read on the given pool of readers.
func (db *DB) readOn(ctx context.Context, pool *sql.DB, fn func(*sql.Tx) error) error {
	if db.tx != nil {
		return translate(fn(db.tx))
	}
	return readTx(ctx, pool, fn)
}

// readTx runs fn in a read transaction of its own on pool, inside Atomic
// or not.
func readTx(ctx context.Context, pool *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := pool.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return translate(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return translate(err)
	}
	return translate(tx.Commit())
}

func inSavepoint(ctx context.Context, tx *sql.Tx, fn func(*sql.Tx) error) error {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT call"); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		// The undo must run even when ctx has been cancelled, or the
		// outer transaction would keep the partial write.
		undo := context.WithoutCancel(ctx)
		_, rbErr := tx.ExecContext(undo, "ROLLBACK TO call")
		_, relErr := tx.ExecContext(undo, "RELEASE call")
		return errors.Join(err, rbErr, relErr)
	}
	_, err := tx.ExecContext(ctx, "RELEASE call")
	return err
}

// checkNewID refuses an id no Create method can keep. Zero asks for the
// next free id, which an INTEGER PRIMARY KEY hands out when given NULL
// (idOrNull); a positive id is inserted as it is, and a taken one fails
// on the primary key as news.ErrConflict. Without AUTOINCREMENT the next
// free id is one above the largest, so ids given never collide with ids
// handed out later.
func checkNewID(id int64) error {
	if id < 0 {
		return invalid("negative id %d", id)
	}
	return nil
}

// invalid builds the error for input the store refuses before SQL sees it.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", news.ErrInvalid, fmt.Sprintf(format, args...))
}
