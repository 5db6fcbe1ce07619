package storetest

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

func testJobs(t *testing.T, open Opener) {
	digest := func(period, node string) store.JobRun {
		return store.JobRun{Job: "digest", Period: period, Node: node}
	}
	lease := 10 * time.Minute

	t.Run("a run is claimed once, and finished runs stay done", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		got, err := s.ClaimRun(ctx, digest("2025-03-14", "a"), now, lease)
		must(t, err)
		if !got {
			t.Fatal("the first claim failed")
		}
		for _, node := range []string{"a", "b"} {
			if got, err := s.ClaimRun(ctx, digest("2025-03-14", node), now.Add(time.Minute), lease); err != nil || got {
				t.Errorf("node %s claimed a live run: %v, %v", node, got, err)
			}
		}
		if got, _ := s.ClaimRun(ctx, digest("2025-03-15", "b"), now, lease); !got {
			t.Error("another period could not be claimed")
		}
		if got, _ := s.ClaimRun(ctx, store.JobRun{Job: "other", Period: "2025-03-14", Node: "b"}, now, lease); !got {
			t.Error("another job could not be claimed for the same period")
		}
		assertKind(t, s.FinishRun(ctx, digest("2025-03-14", "b"), now), news.ErrConflict, "FinishRun by a node without the claim")
		must(t, s.FinishRun(ctx, digest("2025-03-14", "a"), now.Add(time.Minute)))
		if got, _ := s.ClaimRun(ctx, digest("2025-03-14", "b"), now.Add(time.Hour), lease); got {
			t.Error("a finished run was claimed again after its lease")
		}
		assertKind(t, s.FinishRun(ctx, digest("2025-03-14", "a"), now), news.ErrConflict, "FinishRun twice")
	})

	t.Run("an expired claim is taken over and the old holder cannot finish", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		if got, _ := s.ClaimRun(ctx, digest("2025-03-14", "a"), now, lease); !got {
			t.Fatal("first claim failed")
		}
		if got, _ := s.ClaimRun(ctx, digest("2025-03-14", "b"), now.Add(lease-time.Second), lease); got {
			t.Fatal("claimed a second before the lease ran out")
		}
		if got, _ := s.ClaimRun(ctx, digest("2025-03-14", "b"), now.Add(lease), lease); !got {
			t.Fatal("could not take over an expired claim")
		}
		assertKind(t, s.FinishRun(ctx, digest("2025-03-14", "a"), now.Add(lease)), news.ErrConflict, "FinishRun by the node that lost the lease")
		must(t, s.FinishRun(ctx, digest("2025-03-14", "b"), now.Add(lease+time.Minute)))
		n, err := s.DeleteJobRunsBefore(ctx, now.Add(lease+2*time.Minute))
		must(t, err)
		if n != 1 {
			t.Errorf("pruned %d finished runs, want 1", n)
		}
	})

	t.Run("of many concurrent claims exactly one wins", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		const claimants = 12
		for round := range 3 {
			period := fmt.Sprintf("round-%d", round)
			var wins atomic.Int32
			var wg sync.WaitGroup
			errs := make(chan error, claimants)
			for i := range claimants {
				wg.Go(func() {
					got, err := s.ClaimRun(ctx, digest(period, fmt.Sprintf("node-%d", i)), now, lease)
					if err != nil {
						errs <- err
					}
					if got {
						wins.Add(1)
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			if n := wins.Load(); n != 1 {
				t.Fatalf("%s: %d claims won, want exactly 1", period, n)
			}
		}
	})

	t.Run("the queue counts due articles and running and stalled runs", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		empty, err := s.JobQueue(ctx, now)
		must(t, err)
		if empty.DueArticles != 0 || len(empty.Runs) != 0 {
			t.Fatalf("an empty publication's queue: %+v", empty)
		}

		var arts []*news.Article
		for i, offset := range []time.Duration{-time.Hour, -time.Minute, 0, time.Minute} {
			a := published(fmt.Sprintf("scheduled-%d", i), offset)
			a.Status = news.StatusScheduled
			arts = append(arts, &a)
		}
		live := published("live", -time.Hour)
		draft := published("draft", -time.Hour)
		draft.Status = news.StatusDraft
		create(t, s, append(arts, &live, &draft)...)

		// digest: one run held now, one whose holder died; housekeeping:
		// one finished (not counted).
		claim := func(r store.JobRun, at time.Time) {
			t.Helper()
			if got, err := s.ClaimRun(ctx, r, at, lease); err != nil || !got {
				t.Fatalf("claim %+v: %v, %v", r, got, err)
			}
		}
		claim(digest("2025-03-14", "a"), now.Add(-time.Minute))
		claim(digest("2025-03-13", "b"), now.Add(-lease-time.Minute))
		claim(digest("2025-03-12", "c"), now.Add(-store.DueRunWindow)) // never to run again
		housekeeping := store.JobRun{Job: "housekeeping", Period: "2025-03-14T09", Node: "a"}
		claim(housekeeping, now.Add(-time.Minute))
		must(t, s.FinishRun(ctx, housekeeping, now))

		q, err := s.JobQueue(ctx, now)
		must(t, err)
		want := store.JobQueue{DueArticles: 3, Runs: []store.JobRuns{{Job: "digest", Running: 1, Due: 1}}}
		if fmt.Sprint(q) != fmt.Sprint(want) {
			t.Errorf("JobQueue = %+v, want %+v", q, want)
		}

		// Later: the live lease has run out too, and the last article is
		// due; the abandoned run is long out of the window.
		q, err = s.JobQueue(ctx, now.Add(lease))
		must(t, err)
		want = store.JobQueue{DueArticles: 4, Runs: []store.JobRuns{{Job: "digest", Running: 0, Due: 2}}}
		if fmt.Sprint(q) != fmt.Sprint(want) {
			t.Errorf("JobQueue a lease later = %+v, want %+v", q, want)
		}

		if _, err := s.PublishDue(ctx, now); err != nil {
			t.Fatal(err)
		}
		if q, err := s.JobQueue(ctx, now); err != nil || q.DueArticles != 0 {
			t.Errorf("after PublishDue the queue still has %d due articles (%v)", q.DueArticles, err)
		}
	})

	t.Run("bad input is refused", func(t *testing.T) {
		s := open(t)
		for _, r := range []store.JobRun{{Period: "p", Node: "n"}, {Job: "j", Node: "n"}, {Job: "j", Period: "p"}} {
			if _, err := s.ClaimRun(t.Context(), r, now, lease); !errors.Is(err, news.ErrInvalid) {
				t.Errorf("ClaimRun(%+v): %v, want ErrInvalid", r, err)
			}
		}
		if _, err := s.ClaimRun(t.Context(), digest("p", "n"), now, 0); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("zero lease: %v", err)
		}
	})
}
