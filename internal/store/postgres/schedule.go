package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
)

// PublishDue publishes the scheduled articles whose time has come. Rows
// are claimed with FOR UPDATE SKIP LOCKED, so nodes running it at once
// split the due articles between them instead of queueing on each
// other's row locks; a row another node has claimed is either skipped
// now or, once that node commits, no longer scheduled.
func (db *DB) PublishDue(ctx context.Context, now time.Time) ([]news.Article, error) {
	var arts []news.Article
	err := db.write(ctx, func(q querier) error {
		var ids []int64
		err := queryEach(ctx, q, `UPDATE articles SET status = 'published'
			WHERE id IN (
				SELECT id FROM articles
				WHERE status = 'scheduled' AND published_at <= $1
				FOR UPDATE SKIP LOCKED)
			RETURNING id`,
			[]any{timeArg(now)}, func(rows pgx.Rows) error {
				var id int64
				err := rows.Scan(&id)
				ids = append(ids, id)
				return err
			})
		if err != nil || len(ids) == 0 {
			return err
		}
		arts, err = queryArticles(ctx, q, `SELECT `+articleColumns+` FROM articles a
			WHERE a.id = ANY($1) ORDER BY a.published_at, a.id`, ids)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("publish due articles: %w", err)
	}
	return arts, nil
}

// NextVisible finds the earliest future publication time of published
// articles and pages.
func (db *DB) NextVisible(ctx context.Context, after time.Time) (time.Time, error) {
	var next *time.Time
	err := db.readOne(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT least(
				(SELECT min(published_at) FROM articles WHERE status = 'published' AND published_at > $1),
				(SELECT min(published_at) FROM pages WHERE status = 'published' AND published_at > $1))`,
			timeArg(after)).Scan(&next)
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("next visible: %w", err)
	}
	return timeOf(next), nil
}
