package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// RecordFailure notes one failed attempt.
func (db *DB) RecordFailure(ctx context.Context, bucket, key string, at time.Time) error {
	if bucket == "" || key == "" {
		return fmt.Errorf("record failure: %w", invalid("empty bucket or key"))
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO throttle_failures (bucket, key, at) VALUES (?, ?, ?)`,
			bucket, key, at.Unix())
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
	var oldest sql.NullInt64
	err := db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*), min(at) FROM throttle_failures
			WHERE bucket = ? AND key = ? AND at >= ?`, bucket, key, since.Unix()).Scan(&n, &oldest)
	})
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("count failures in %s: %w", bucket, err)
	}
	return n, timeFromUnix(oldest), nil
}

// ClearFailures forgets key's failures in bucket.
func (db *DB) ClearFailures(ctx context.Context, bucket, key string) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM throttle_failures WHERE bucket = ? AND key = ?`, bucket, key)
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
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM throttle_failures WHERE at < ?`, before.Unix())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("delete old failures: %w", err)
	}
	return int(n), nil
}
