package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// checkpointer copies the write-ahead log into the database file on a
// connection of its own, beside the writer, once bulk writes have begun.
//
// SQLite checkpoints on the connection that commits, as part of the
// commit, whenever the log holds more than 1,000 pages: for an import's
// batches, each of which writes tens of megabytes, that was half of every
// commit's time (copying the pages and syncing the file), on the writer,
// which sets an import's pace. A PASSIVE checkpoint on another connection
// needs no lock the writer holds: it copies what is committed while the
// next batch is written, on the other core. The log starts again from
// its beginning whenever a write transaction begins after a checkpoint
// caught up, so it stays about a batch long.
type checkpointer struct {
	pool *sql.DB
	wake chan struct{}

	mu      sync.Mutex
	running bool
	closed  bool
	done    chan struct{}
	// asked counts the checkpoints asked for and not yet done, so that a
	// test can wait for them.
	asked sync.WaitGroup
}

func newCheckpointer(pool *sql.DB) *checkpointer {
	return &checkpointer{pool: pool, wake: make(chan struct{}, 1), done: make(chan struct{})}
}

// start begins checkpointing in the background, once; from then on the
// writer's automatic checkpoints must be off (WriteInBulk turns them off).
func (c *checkpointer) start() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running || c.closed {
		return
	}
	c.running = true
	go c.run()
}

// committed tells the checkpointer that the writer committed. It never
// waits: a checkpoint already asked for covers this commit too.
func (c *checkpointer) committed() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.running || c.closed {
		return
	}
	c.asked.Add(1)
	select {
	case c.wake <- struct{}{}:
	default:
		c.asked.Done() // the one asked for already covers this commit
	}
}

func (c *checkpointer) run() {
	defer close(c.done)
	for range c.wake {
		// A failure (the file busy with a backup, say) leaves the pages
		// in the log, where readers find them; the next commit, or the
		// last connection's close, checkpoints them.
		_, _ = c.pool.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`)
		c.asked.Done()
	}
}

// close stops the background work, once it has done what it was asked,
// and closes the connection.
func (c *checkpointer) close() error {
	c.mu.Lock()
	wasRunning, wasClosed := c.running, c.closed
	c.closed = true
	c.mu.Unlock()
	if wasClosed {
		return nil
	}
	if wasRunning {
		close(c.wake)
		<-c.done
	}
	return c.pool.Close()
}
