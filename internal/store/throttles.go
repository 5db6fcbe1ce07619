package store

import (
	"context"
	"time"
)

// Throttles keeps failed attempts (sign-ins, token guesses) in the
// database, so that a limit holds across every app node rather than per
// process. A bucket names the limit ("staff-account", "staff-client");
// a key names who is limited within it. Callers pass keys already hashed:
// the store keeps them as given, and should never hold an email address or
// an IP address in clear.
type Throttles interface {
	// RecordFailure notes one failure for key in bucket at the given time.
	// An empty bucket or key is news.ErrInvalid.
	RecordFailure(ctx context.Context, bucket, key string, at time.Time) error
	// CountFailures counts key's failures in bucket at or after since,
	// and returns the time of the oldest of them (zero when there are
	// none), from which a caller works out when the limit lifts.
	CountFailures(ctx context.Context, bucket, key string, since time.Time) (n int, oldest time.Time, err error)
	// ClearFailures forgets key's failures in bucket, after a success.
	ClearFailures(ctx context.Context, bucket, key string) error
	// DeleteFailuresBefore removes every failure, in any bucket, older
	// than before, and reports how many went.
	DeleteFailuresBefore(ctx context.Context, before time.Time) (int, error)
}
