package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// ClaimRun inserts the run, or takes over a claim whose lease ran out
// before it finished, in one statement. Concurrent claimants meet on the
// primary key: the loser of the insert waits for the winner's commit and
// then finds a live claim, which the WHERE of the update refuses.
func (db *DB) ClaimRun(ctx context.Context, r store.JobRun, now time.Time, lease time.Duration) (bool, error) {
	if err := validateRun(r, lease); err != nil {
		return false, fmt.Errorf("claim run: %w", err)
	}
	var won bool
	err := db.write(ctx, func(q querier) error {
		var node string
		err := q.QueryRow(ctx, `INSERT INTO job_runs (job, period, node, claimed_at, lease_until)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (job, period) DO UPDATE
				SET node = excluded.node, claimed_at = excluded.claimed_at,
				    lease_until = excluded.lease_until, attempts = job_runs.attempts + 1
				WHERE job_runs.finished_at IS NULL AND job_runs.lease_until <= excluded.claimed_at
			RETURNING node`,
			r.Job, r.Period, r.Node, timeArg(now), timeArg(now.Add(lease))).Scan(&node)
		if errors.Is(err, pgx.ErrNoRows) {
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
	err := db.write(ctx, func(q querier) error {
		tag, err := q.Exec(ctx, `UPDATE job_runs SET finished_at = $1
			WHERE job = $2 AND period = $3 AND node = $4 AND finished_at IS NULL`,
			timeArg(now), r.Job, r.Period, r.Node)
		if err == nil && tag.RowsAffected() == 0 {
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
	err := db.write(ctx, func(q querier) error {
		tag, err := q.Exec(ctx, `DELETE FROM job_runs WHERE finished_at < $1`, timeArg(before))
		n = tag.RowsAffected()
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
	var jq store.JobQueue
	err := db.read(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `SELECT count(*) FROM articles
			WHERE status = 'scheduled' AND published_at <= $1`, timeArg(now)).Scan(&jq.DueArticles)
		if err != nil {
			return err
		}
		return queryEach(ctx, q, `SELECT job, count(*) FILTER (WHERE lease_until > $1), count(*) FILTER (WHERE lease_until <= $1)
			FROM job_runs WHERE finished_at IS NULL AND claimed_at > $2
			GROUP BY job ORDER BY job`,
			[]any{timeArg(now), timeArg(now.Add(-store.DueRunWindow))}, func(rows pgx.Rows) error {
				var r store.JobRuns
				err := rows.Scan(&r.Job, &r.Running, &r.Due)
				jq.Runs = append(jq.Runs, r)
				return err
			})
	})
	if err != nil {
		return store.JobQueue{}, fmt.Errorf("job queue: %w", err)
	}
	return jq, nil
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
