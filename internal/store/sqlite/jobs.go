package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// ClaimRun inserts the run, or takes over a claim whose lease ran out
// before it finished, in one statement: the conflict clause decides, so
// two claimants can never both win.
func (db *DB) ClaimRun(ctx context.Context, r store.JobRun, now time.Time, lease time.Duration) (bool, error) {
	if err := validateRun(r, lease); err != nil {
		return false, fmt.Errorf("claim run: %w", err)
	}
	var won bool
	err := db.write(ctx, func(tx *sql.Tx) error {
		var node string
		err := tx.QueryRowContext(ctx, `INSERT INTO job_runs (job, period, node, claimed_at, lease_until)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (job, period) DO UPDATE
				SET node = excluded.node, claimed_at = excluded.claimed_at,
				    lease_until = excluded.lease_until, attempts = job_runs.attempts + 1
				WHERE job_runs.finished_at IS NULL AND job_runs.lease_until <= excluded.claimed_at
			RETURNING node`,
			r.Job, r.Period, r.Node, now.Unix(), now.Add(lease).Unix()).Scan(&node)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		won = err == nil
		return err
	})
	if err != nil {
		return false, fmt.Errorf("claim %s for %s: %w", r.Job, r.Period, err)
	}
	return won, nil
}

// FinishRun marks a run this node holds as done.
func (db *DB) FinishRun(ctx context.Context, r store.JobRun, now time.Time) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE job_runs SET finished_at = ?
			WHERE job = ? AND period = ? AND node = ? AND finished_at IS NULL`,
			now.Unix(), r.Job, r.Period, r.Node)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err == nil && n == 0 {
			err = fmt.Errorf("%w: node %q does not hold this run", news.ErrConflict, r.Node)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("finish %s for %s: %w", r.Job, r.Period, err)
	}
	return nil
}

// DeleteJobRunsBefore prunes the record of long-finished runs.
func (db *DB) DeleteJobRunsBefore(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM job_runs WHERE finished_at < ?`, before.Unix())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("delete old job runs: %w", err)
	}
	return int(n), nil
}

// JobQueue counts due articles and unfinished runs in one read
// transaction, so that the two figures describe the same moment.
func (db *DB) JobQueue(ctx context.Context, now time.Time) (store.JobQueue, error) {
	var q store.JobQueue
	err := db.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM articles
			WHERE status = 'scheduled' AND published_at <= ?`, now.Unix()).Scan(&q.DueArticles)
		if err != nil {
			return err
		}
		return queryEach(ctx, tx, `SELECT job, sum(lease_until > ?), sum(lease_until <= ?)
			FROM job_runs WHERE finished_at IS NULL AND claimed_at > ?
			GROUP BY job ORDER BY job`,
			[]any{now.Unix(), now.Unix(), now.Add(-store.DueRunWindow).Unix()}, func(rows *sql.Rows) error {
				var r store.JobRuns
				err := rows.Scan(&r.Job, &r.Running, &r.Due)
				q.Runs = append(q.Runs, r)
				return err
			})
	})
	if err != nil {
		return store.JobQueue{}, fmt.Errorf("job queue: %w", err)
	}
	return q, nil
}

func validateRun(r store.JobRun, lease time.Duration) error {
	if r.Job == "" || r.Period == "" || r.Node == "" {
		return invalid("a job run needs a job, a period and a node")
	}
	if lease < time.Second {
		return invalid("lease %v is under a second", lease)
	}
	return nil
}
