package auth

import (
	"testing"
	"time"
)

func TestLimiterBlocksAfterMaxFailuresAndForgets(t *testing.T) {
	clock := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	l := NewLimiter(3, 10*time.Minute)
	l.Now = func() time.Time { return clock }
	for i := range 3 {
		if blocked, _ := l.Blocked("a@example.org"); blocked {
			t.Fatalf("blocked after %d failures", i)
		}
		l.Fail("a@example.org")
		clock = clock.Add(time.Minute)
	}
	blocked, until := l.Blocked("a@example.org")
	if !blocked || !until.Equal(time.Date(2026, 11, 30, 9, 10, 0, 0, time.UTC)) {
		t.Fatalf("after 3 failures: blocked %v until %v", blocked, until)
	}
	if b, _ := l.Blocked("b@example.org"); b {
		t.Error("another key is blocked too")
	}
	clock = clock.Add(8 * time.Minute) // the first failure is now 11 minutes old
	if b, _ := l.Blocked("a@example.org"); b {
		t.Error("still blocked once the oldest failure left the window")
	}
	l.Fail("a@example.org")
	l.Reset("a@example.org")
	if b, _ := l.Blocked("a@example.org"); b {
		t.Error("blocked after a reset")
	}
}
