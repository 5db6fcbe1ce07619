package querystats_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/mastheadhq/masthead/internal/store/querystats"
)

func open(t *testing.T, h *querystats.Hook) *sql.DB {
	t.Helper()
	probe, err := sql.Open("sqlite", "")
	if err != nil {
		t.Fatal(err)
	}
	drv := probe.Driver()
	probe.Close()
	db := sql.OpenDB(querystats.Connector(drv, "file:"+filepath.Join(t.TempDir(), "q.db"), h, true))
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// TestStatementsAreCountedTimedAndKeptPrepared runs the same query inside
// itself on one connection (the kept statement is busy, so the inner one
// is prepared afresh) and checks every statement was counted and timed.
func TestStatementsAreCountedTimedAndKeptPrepared(t *testing.T) {
	h := &querystats.Hook{}
	var timed atomic.Int64
	h.SetObserver(func(time.Duration) { timed.Add(1) })
	db := open(t, h)
	var n atomic.Int64
	ctx := querystats.WithCounter(context.Background(), &n)
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := db.ExecContext(ctx, `INSERT INTO t (x) VALUES (?)`, i); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	const q = `SELECT x FROM t WHERE x >= ? ORDER BY x`
	outer, err := tx.QueryContext(ctx, q, 0)
	if err != nil {
		t.Fatal(err)
	}
	var pairs int
	for outer.Next() {
		var x int
		if err := outer.Scan(&x); err != nil {
			t.Fatal(err)
		}
		inner, err := tx.QueryContext(ctx, q, x)
		if err != nil {
			t.Fatal(err)
		}
		for inner.Next() {
			pairs++
		}
		inner.Close()
	}
	outer.Close()
	if pairs != 3+2+1 {
		t.Errorf("nested runs of one statement gave %d pairs, want 6", pairs)
	}
	if got := n.Load(); got != 1+3+1+3 {
		t.Errorf("%d statements counted, want 8", got)
	}
	if timed.Load() < 8 {
		t.Errorf("%d round trips timed, want at least 8", timed.Load())
	}
	// The kept statement runs again with new arguments.
	var x int
	if err := tx.QueryRowContext(ctx, q, 2).Scan(&x); err != nil || x != 2 {
		t.Errorf("kept statement again: %d, %v", x, err)
	}
}
