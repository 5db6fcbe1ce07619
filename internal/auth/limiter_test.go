package auth_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

func TestLimiterBlocksAfterMaxFailuresAndForgets(t *testing.T) {
	ctx := t.Context()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "site.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clock := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	l := auth.NewLimiter(db, "account", 3, 10*time.Minute)
	l.Now = func() time.Time { return clock }
	blocked := func(key string) (bool, time.Time) {
		t.Helper()
		b, until, err := l.Blocked(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		return b, until
	}
	for i := range 3 {
		if b, _ := blocked("a@example.org"); b {
			t.Fatalf("blocked after %d failures", i)
		}
		if err := l.Fail(ctx, "a@example.org"); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(time.Minute)
	}
	b, until := blocked("a@example.org")
	if !b || !until.Equal(time.Date(2026, 11, 30, 9, 10, 0, 0, time.UTC)) {
		t.Fatalf("after 3 failures: blocked %v until %v", b, until)
	}
	if b, _ := blocked("b@example.org"); b {
		t.Error("another key is blocked too")
	}
	other := auth.NewLimiter(db, "client", 3, 10*time.Minute)
	other.Now = l.Now
	if b, _, _ := other.Blocked(ctx, "a@example.org"); b {
		t.Error("the same key is blocked in another bucket")
	}
	clock = clock.Add(8 * time.Minute) // the first failure is now 11 minutes old
	if b, _ := blocked("a@example.org"); b {
		t.Error("still blocked once the oldest failure left the window")
	}
	if err := l.Fail(ctx, "a@example.org"); err != nil {
		t.Fatal(err)
	}
	if err := l.Reset(ctx, "a@example.org"); err != nil {
		t.Fatal(err)
	}
	if b, _ := blocked("a@example.org"); b {
		t.Error("blocked after a reset")
	}
	if err := l.Fail(ctx, ""); err == nil {
		t.Error("an empty key was counted")
	}
}

func TestLimiterKeepsNoAddressInClear(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "site.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	l := auth.NewLimiter(db, "account", 3, time.Minute)
	for _, key := range []string{"leyla@example.az", "192.0.2.7"} {
		if err := l.Fail(ctx, key); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	raw, err := sqlite.Open(ctx, path) // reopened: everything is on disk
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	n, _, err := raw.CountFailures(ctx, "account", "leyla@example.az", time.Time{})
	if err != nil || n != 0 {
		t.Errorf("the address itself is a key in the store: %d rows, %v", n, err)
	}
	files, _ := filepath.Glob(path + "*")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if strings.Contains(string(b), "leyla@example.az") || strings.Contains(string(b), "192.0.2.7") {
			t.Errorf("%s holds an address in clear", filepath.Base(f))
		}
	}
}
