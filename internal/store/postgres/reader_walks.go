package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
)

// ReadersAfter walks the reader accounts by id.
func (db *DB) ReadersAfter(ctx context.Context, afterID int64, limit int) ([]news.Reader, error) {
	if limit < 1 {
		return nil, fmt.Errorf("readers after %d: %w", afterID, invalid("limit %d is below 1", limit))
	}
	var list []news.Reader
	err := db.read(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT `+readerColumns+` FROM readers WHERE id > $1 ORDER BY id LIMIT $2`,
			[]any{afterID, limit}, func(rows pgx.Rows) error {
				r, err := scanReader(rows)
				list = append(list, r)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("readers after %d: %w", afterID, err)
	}
	return list, nil
}

// MailingsAfter walks the mailings by name, compared byte by byte (the
// "C" collation) as SQLite compares them, whatever the database's
// collation: two stores then list the same mailings in the same order.
func (db *DB) MailingsAfter(ctx context.Context, afterName string, limit int) ([]news.Mailing, error) {
	if limit < 1 {
		return nil, fmt.Errorf("mailings after %q: %w", afterName, invalid("limit %d is below 1", limit))
	}
	var list []news.Mailing
	err := db.read(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT name, cutoff, created_at, finished_at FROM mailings
			WHERE name COLLATE "C" > $1 ORDER BY name COLLATE "C" LIMIT $2`, []any{afterName, limit}, func(rows pgx.Rows) error {
			m, err := scanMailing(rows)
			list = append(list, m)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("mailings after %q: %w", afterName, err)
	}
	return list, nil
}

// MailingSendsAfter walks one mailing's sends by subscriber id, along its
// primary key.
func (db *DB) MailingSendsAfter(ctx context.Context, mailing string, afterID int64, limit int) ([]news.MailingSend, error) {
	if limit < 1 {
		return nil, fmt.Errorf("sends of %s: %w", mailing, invalid("limit %d is below 1", limit))
	}
	var list []news.MailingSend
	err := db.read(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT subscriber_id, claimed_at, sent_at FROM mailing_sends
			WHERE mailing = $1 AND subscriber_id > $2 ORDER BY subscriber_id LIMIT $3`,
			[]any{mailing, afterID, limit}, func(rows pgx.Rows) error {
				s := news.MailingSend{Mailing: mailing}
				var sent *time.Time
				err := rows.Scan(&s.SubscriberID, &s.ClaimedAt, &sent)
				s.ClaimedAt, s.SentAt = s.ClaimedAt.UTC(), timeOf(sent)
				list = append(list, s)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("sends of %s after %d: %w", mailing, afterID, err)
	}
	return list, nil
}
