package postgres

import (
	"context"
	"fmt"
	"time"
)

// RecordFailure notes one failed attempt.
func (db *DB) RecordFailure(ctx context.Context, bucket, key string, at time.Time) error {
	if bucket == "" || key == "" {
		return fmt.Errorf("record failure: %w", invalid("empty bucket or key"))
	}
	err := db.write(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `INSERT INTO throttle_failures (bucket, key, at) VALUES ($1, $2, $3)`,
			bucket, key, timeArg(at))
		return err
	})
	if err != nil {
		return fmt.Errorf("record failure in %s: %w", bucket, err)
	}
	return nil
}

// CountFailures counts key's failures since a moment, with the oldest.
func (db *DB) CountFailures(ctx context.Context, bucket, key string, since time.Time) (int, time.Time, error) {
	var n int
	var oldest *time.Time
	err := db.readOne(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT count(*), min(at) FROM throttle_failures
			WHERE bucket = $1 AND key = $2 AND at >= $3`, bucket, key, timeArg(since)).Scan(&n, &oldest)
	})
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("count failures in %s: %w", bucket, err)
	}
	return n, timeOf(oldest), nil
}

// ClearFailures forgets key's failures in bucket.
func (db *DB) ClearFailures(ctx context.Context, bucket, key string) error {
	err := db.write(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `DELETE FROM throttle_failures WHERE bucket = $1 AND key = $2`, bucket, key)
		return err
	})
	if err != nil {
		return fmt.Errorf("clear failures in %s: %w", bucket, err)
	}
	return nil
}

// DeleteFailuresBefore prunes failures too old to count for any limit.
func (db *DB) DeleteFailuresBefore(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := db.write(ctx, func(q querier) error {
		tag, err := q.Exec(ctx, `DELETE FROM throttle_failures WHERE at < $1`, timeArg(before))
		n = tag.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("delete old failures: %w", err)
	}
	return int(n), nil
}
