package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// PublishDue publishes the scheduled articles whose time has come. The
// UPDATE … RETURNING runs on the single writer, so two callers cannot both
// claim an article.
func (db *DB) PublishDue(ctx context.Context, now time.Time) ([]news.Article, error) {
	var arts []news.Article
	err := db.write(ctx, func(tx *sql.Tx) error {
		var ids []int64
		err := queryEach(ctx, tx, `UPDATE articles SET status = 'published'
			WHERE status = 'scheduled' AND published_at <= ? RETURNING id`,
			[]any{now.Unix()}, func(rows *sql.Rows) error {
				var id int64
				err := rows.Scan(&id)
				ids = append(ids, id)
				return err
			})
		if err != nil || len(ids) == 0 {
			return err
		}
		arts, err = queryArticles(ctx, tx, `SELECT `+articleColumns+` FROM articles a
			WHERE a.id IN (`+placeholders(len(ids))+`) ORDER BY a.published_at, a.id`, int64Args(ids)...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("publish due articles: %w", err)
	}
	return arts, nil
}

// NextVisible finds the earliest future publication time of published
// articles and pages; articles_visible makes the article half a seek.
func (db *DB) NextVisible(ctx context.Context, after time.Time) (time.Time, error) {
	var next sql.NullInt64
	err := db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT min(t) FROM (
				SELECT min(published_at) AS t FROM articles WHERE status = 'published' AND published_at > ?1
				UNION ALL
				SELECT min(published_at) FROM pages WHERE status = 'published' AND published_at > ?1)`,
			after.Unix()).Scan(&next)
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("next visible: %w", err)
	}
	return timeFromUnix(next), nil
}
