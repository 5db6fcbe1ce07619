package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
)

// FailureLog is where a Limiter keeps failures: store.Throttles, in the
// database every app node shares, so that a limit holds however many
// nodes an attacker's requests are spread over.
type FailureLog interface {
	RecordFailure(ctx context.Context, bucket, key string, at time.Time) error
	CountFailures(ctx context.Context, bucket, key string, since time.Time) (int, time.Time, error)
	ClearFailures(ctx context.Context, bucket, key string) error
}

// Limiter counts failures per key (an account, an address) in a sliding
// window and says when a key has had too many. It slows guessing without
// locking a real user out for long: the window forgets old failures.
//
// Keys are hashed before they reach the log, so the database never holds
// the email addresses and IP addresses being limited in the clear.
type Limiter struct {
	Log    FailureLog
	Bucket string        // names the limit; the log keeps each bucket apart
	Max    int           // failures allowed within Window
	Window time.Duration // how long a failure counts
	Now    func() time.Time
}

// NewLimiter returns a Limiter allowing max failures per window for the
// keys of one bucket.
func NewLimiter(log FailureLog, bucket string, max int, window time.Duration) *Limiter {
	return &Limiter{Log: log, Bucket: bucket, Max: max, Window: window}
}

func (l *Limiter) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// ErrNoKey is returned for an empty key: a caller that cannot say who is
// trying must not share one count with everyone else who cannot either.
var ErrNoKey = errors.New("limiter: empty key")

// Blocked reports whether key has used up its failures, and when it may
// try again.
func (l *Limiter) Blocked(ctx context.Context, key string) (bool, time.Time, error) {
	if key == "" {
		return false, time.Time{}, ErrNoKey
	}
	n, oldest, err := l.Log.CountFailures(ctx, l.Bucket, l.hash(key), l.now().Add(-l.Window))
	if err != nil || n < l.Max {
		return false, time.Time{}, err
	}
	return true, oldest.Add(l.Window), nil
}

// Fail records a failure for key.
func (l *Limiter) Fail(ctx context.Context, key string) error {
	if key == "" {
		return ErrNoKey
	}
	return l.Log.RecordFailure(ctx, l.Bucket, l.hash(key), l.now())
}

// Reset forgets key's failures, after a success.
func (l *Limiter) Reset(ctx context.Context, key string) error {
	if key == "" {
		return ErrNoKey
	}
	return l.Log.ClearFailures(ctx, l.Bucket, l.hash(key))
}

// hash is the key as the log keeps it. The bucket is part of it, so the
// same address hashes differently under different limits.
func (l *Limiter) hash(key string) string {
	sum := sha256.Sum256([]byte("masthead limiter\x00" + l.Bucket + "\x00" + key))
	return hex.EncodeToString(sum[:])
}
