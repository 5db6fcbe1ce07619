package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/jobs"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/postgres"
	"github.com/mastheadhq/masthead/internal/store/postgres/pgtest"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

func openSQLite(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "site.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestDailyPeriodStartsAtTheHourInTheZone(t *testing.T) {
	baku := time.FixedZone("AZT", 4*60*60)
	daily := jobs.Daily(baku, 7, 0)
	for _, c := range []struct {
		utc  time.Time
		want string
	}{
		{time.Date(2026, 12, 6, 2, 59, 0, 0, time.UTC), ""},
		{time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC), "2026-12-06"},
		{time.Date(2026, 12, 6, 21, 0, 0, 0, time.UTC), ""}, // 01:00 on the 7th in Baku: not yet due
		{time.Date(2026, 12, 6, 19, 59, 0, 0, time.UTC), "2026-12-06"},
	} {
		if got := daily(c.utc); got != c.want {
			t.Errorf("at %v: %q, want %q", c.utc, got, c.want)
		}
	}
}

func TestRunnerRunsEachPeriodOnceAndRetriesAFailedRunAfterItsLease(t *testing.T) {
	db := openSQLite(t)
	ctx := t.Context()
	clock := time.Date(2026, 12, 6, 6, 0, 0, 0, time.UTC)
	var runs []string
	fail := true
	digest := jobs.Periodic{
		Name: "digest", Period: jobs.Daily(time.UTC, 7, 0), Lease: time.Minute,
		Run: func(_ context.Context, period string) error {
			runs = append(runs, period)
			if fail {
				fail = false
				return errors.New("the mail server is down")
			}
			return nil
		},
	}
	newRunner := func(node string) *jobs.Runner {
		return &jobs.Runner{Store: db, Node: node, Jobs: []jobs.Periodic{digest}, Now: func() time.Time { return clock }}
	}
	a, b := newRunner("a"), newRunner("b")
	if n := a.RunOnce(ctx); n != 0 || len(runs) != 0 {
		t.Fatalf("ran before 07:00: %v", runs)
	}
	clock = clock.Add(time.Hour)
	if n := a.RunOnce(ctx); n != 0 || len(runs) != 1 {
		t.Fatalf("first attempt: finished %d, runs %v; want one failed run", n, runs)
	}
	if b.RunOnce(ctx); len(runs) != 1 {
		t.Fatalf("node b ran the day while a's lease was live: %v", runs)
	}
	clock = clock.Add(time.Minute)
	if n := b.RunOnce(ctx); n != 1 || len(runs) != 2 {
		t.Fatalf("after the lease: finished %d, runs %v; want b to retry once", n, runs)
	}
	for _, r := range []*jobs.Runner{a, b} {
		clock = clock.Add(5 * time.Minute)
		if r.RunOnce(ctx); len(runs) != 2 {
			t.Fatalf("the finished day ran again: %v", runs)
		}
	}
	clock = clock.Add(24 * time.Hour)
	if n := a.RunOnce(ctx); n != 1 || runs[len(runs)-1] != "2026-12-07" {
		t.Fatalf("next day: %v", runs)
	}
}

func TestHousekeepingPrunesOldFailuresAndSessions(t *testing.T) {
	db := openSQLite(t)
	ctx := t.Context()
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for _, at := range []time.Time{now.Add(-48 * time.Hour), now.Add(-time.Minute)} {
		if err := db.RecordFailure(ctx, "staff-account", "k", at); err != nil {
			t.Fatal(err)
		}
	}
	r := &jobs.Runner{Store: db, Node: "a", Jobs: []jobs.Periodic{jobs.Housekeeping(db, func() time.Time { return now })},
		Now: func() time.Time { return now }}
	if n := r.RunOnce(ctx); n != 1 {
		t.Fatalf("housekeeping finished %d runs", n)
	}
	if n, _, _ := db.CountFailures(ctx, "staff-account", "k", time.Time{}); n != 1 {
		t.Errorf("%d failures left, want only the recent one", n)
	}
}

// TestTwoNodesRunADailyJobOnceOnPostgreSQL starts runners on two stores
// (two connection pools, as two nodes have) over one database, ticking
// fast over several simulated days: each day's job runs exactly once.
func TestTwoNodesRunADailyJobOnceOnPostgreSQL(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	var stores []store.Jobs
	for range 2 {
		db, err := postgres.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		stores = append(stores, db)
	}
	start := time.Date(2026, 12, 6, 7, 0, 0, 0, time.UTC)
	began := time.Now()
	// Simulated time runs 2 days per real second: three days in 1.5 s.
	clock := func() time.Time { return start.Add(time.Since(began) * 2 * 24 * 60 * 60) }
	var mu sync.Mutex
	perDay := map[string]int{}
	var total atomic.Int32
	ctx, cancel := context.WithTimeout(t.Context(), 1500*time.Millisecond)
	defer cancel()
	var wg sync.WaitGroup
	for i, st := range stores {
		r := &jobs.Runner{
			Store: st, Node: fmt.Sprintf("node-%d", i), Interval: 5 * time.Millisecond, Now: clock,
			Jobs: []jobs.Periodic{{
				// The lease must outlast a claim's round trips on a busy
				// machine: 20 simulated hours are 420 ms here (six hours,
				// 125 ms, once ran out under load and a day ran twice),
				// and still shorter than the day, so a lost claim is retried.
				Name: "digest", Period: jobs.Daily(time.UTC, 7, 0), Lease: 20 * time.Hour,
				Run: func(_ context.Context, day string) error {
					total.Add(1)
					mu.Lock()
					defer mu.Unlock()
					perDay[day]++
					return nil
				},
			}},
		}
		wg.Go(func() { r.Run(ctx) })
	}
	wg.Wait()
	if len(perDay) < 3 {
		t.Fatalf("only %d days ran: %v", len(perDay), perDay)
	}
	for day, n := range perDay {
		if n != 1 {
			t.Errorf("%s ran %d times across two nodes, want once", day, n)
		}
	}
	t.Logf("%d days, %d runs: %v", len(perDay), total.Load(), perDay)
}
