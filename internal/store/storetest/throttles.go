package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

func testThrottles(t *testing.T, open Opener) {
	t.Run("failures count per bucket and key within the window", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		for i := range 3 {
			must(t, s.RecordFailure(ctx, "account", "k1", now.Add(time.Duration(i)*time.Minute)))
		}
		must(t, s.RecordFailure(ctx, "account", "k2", now))
		must(t, s.RecordFailure(ctx, "client", "k1", now))
		n, oldest, err := s.CountFailures(ctx, "account", "k1", now)
		must(t, err)
		if n != 3 || !oldest.Equal(now) {
			t.Errorf("account/k1 since now: %d, oldest %v; want 3, %v", n, oldest, now)
		}
		n, oldest, err = s.CountFailures(ctx, "account", "k1", now.Add(90*time.Second))
		must(t, err)
		if n != 1 || !oldest.Equal(now.Add(2*time.Minute)) {
			t.Errorf("account/k1 in the last part: %d, oldest %v; want 1 at +2m", n, oldest)
		}
		n, oldest, err = s.CountFailures(ctx, "account", "nobody", now.Add(-time.Hour))
		must(t, err)
		if n != 0 || !oldest.IsZero() {
			t.Errorf("unknown key: %d, %v", n, oldest)
		}
		must(t, s.ClearFailures(ctx, "account", "k1"))
		if n, _, _ := s.CountFailures(ctx, "account", "k1", now.Add(-time.Hour)); n != 0 {
			t.Errorf("%d failures left after ClearFailures", n)
		}
		for bucket, key := range map[string]string{"account": "k2", "client": "k1"} {
			if n, _, _ := s.CountFailures(ctx, bucket, key, now.Add(-time.Hour)); n != 1 {
				t.Errorf("ClearFailures touched %s/%s: %d left", bucket, key, n)
			}
		}
	})

	t.Run("old failures are pruned and bad input refused", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		must(t, s.RecordFailure(ctx, "account", "old", now.Add(-48*time.Hour)))
		must(t, s.RecordFailure(ctx, "client", "old", now.Add(-25*time.Hour)))
		must(t, s.RecordFailure(ctx, "account", "new", now))
		n, err := s.DeleteFailuresBefore(ctx, now.Add(-24*time.Hour))
		must(t, err)
		if n != 2 {
			t.Errorf("pruned %d, want 2", n)
		}
		if n, _, _ := s.CountFailures(ctx, "account", "new", now.Add(-time.Hour)); n != 1 {
			t.Error("pruning removed a recent failure")
		}
		for _, c := range [][2]string{{"", "k"}, {"b", ""}} {
			if err := s.RecordFailure(ctx, c[0], c[1], now); !errors.Is(err, news.ErrInvalid) {
				t.Errorf("RecordFailure(%q, %q): %v, want ErrInvalid", c[0], c[1], err)
			}
		}
	})
}
