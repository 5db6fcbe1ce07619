package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// ReadersAfter walks the reader accounts by id.
func (db *DB) ReadersAfter(ctx context.Context, afterID int64, limit int) ([]news.Reader, error) {
	if limit < 1 {
		return nil, fmt.Errorf("readers after %d: %w", afterID, invalid("limit %d is below 1", limit))
	}
	var list []news.Reader
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT `+readerColumns+` FROM readers WHERE id > ? ORDER BY id LIMIT ?`,
			[]any{afterID, limit}, func(rows *sql.Rows) error {
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

// MailingsAfter walks the mailings by name; SQLite compares text byte by
// byte.
func (db *DB) MailingsAfter(ctx context.Context, afterName string, limit int) ([]news.Mailing, error) {
	if limit < 1 {
		return nil, fmt.Errorf("mailings after %q: %w", afterName, invalid("limit %d is below 1", limit))
	}
	var list []news.Mailing
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT name, cutoff, created_at, finished_at FROM mailings
			WHERE name > ? ORDER BY name LIMIT ?`, []any{afterName, limit}, func(rows *sql.Rows) error {
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
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT subscriber_id, claimed_at, sent_at FROM mailing_sends
			WHERE mailing = ? AND subscriber_id > ? ORDER BY subscriber_id LIMIT ?`,
			[]any{mailing, afterID, limit}, func(rows *sql.Rows) error {
				s := news.MailingSend{Mailing: mailing}
				var claimed int64
				var sent sql.NullInt64
				err := rows.Scan(&s.SubscriberID, &claimed, &sent)
				s.ClaimedAt, s.SentAt = time.Unix(claimed, 0).UTC(), timeFromUnix(sent)
				list = append(list, s)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("sends of %s after %d: %w", mailing, afterID, err)
	}
	return list, nil
}
