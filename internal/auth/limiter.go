package auth

import (
	"sync"
	"time"
)

// Limiter counts failures per key (an account, an address) in a sliding
// window and says when a key has had too many. It slows guessing without
// locking a real user out for long: the window forgets old failures.
type Limiter struct {
	Max    int           // failures allowed within Window
	Window time.Duration // how long a failure counts
	Now    func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time
}

// NewLimiter returns a Limiter allowing max failures per window.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{Max: max, Window: window, failures: map[string][]time.Time{}}
}

func (l *Limiter) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// Blocked reports whether key has used up its failures, and when it may
// try again.
func (l *Limiter) Blocked(key string) (bool, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	recent := l.prune(key)
	if len(recent) < l.Max {
		return false, time.Time{}
	}
	return true, recent[0].Add(l.Window)
}

// Fail records a failure for key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures[key] = append(l.prune(key), l.now())
	l.sweep()
}

// Reset forgets key's failures, after a success.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}

func (l *Limiter) prune(key string) []time.Time {
	cutoff := l.now().Add(-l.Window)
	list := l.failures[key]
	i := 0
	for i < len(list) && !list[i].After(cutoff) {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(l.failures, key)
		return nil
	}
	l.failures[key] = list
	return list
}

// maxKeys bounds memory under a flood of distinct keys: past it, keys
// with no recent failures are dropped.
const maxKeys = 100_000

func (l *Limiter) sweep() {
	if len(l.failures) <= maxKeys {
		return
	}
	for k := range l.failures {
		l.prune(k)
	}
}
