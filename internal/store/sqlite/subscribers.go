package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

const subscriberColumns = `s.id, s.email, s.reader_id, s.digest, s.confirmed_at, s.created_at, s.updated_at`

// CreateSubscriber stores a subscription with its section alerts.
func (db *DB) CreateSubscriber(ctx context.Context, s *news.Subscriber) error {
	email, err := readerEmail(s.Email)
	if err = errors.Join(checkNewID(s.ID), err); err != nil {
		return fmt.Errorf("create subscriber: %w", err)
	}
	created := s.CreatedAt
	if created.IsZero() {
		created = now()
	}
	updated := s.UpdatedAt
	if updated.IsZero() {
		updated = created
	}
	var id int64
	err = db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO subscribers (id, email, reader_id, digest, confirmed_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, idOrNull(s.ID), email, idOrNull(s.ReaderID), s.Digest,
			unixOrNull(s.ConfirmedAt), created.Unix(), updated.Unix())
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		return setAlerts(ctx, tx, id, s.AlertCategoryIDs)
	})
	if err != nil {
		return fmt.Errorf("create subscriber: %w", err)
	}
	s.ID, s.Email = id, email
	s.CreatedAt, s.UpdatedAt = time.Unix(created.Unix(), 0).UTC(), time.Unix(updated.Unix(), 0).UTC()
	s.ConfirmedAt = truncated(s.ConfirmedAt)
	return nil
}

func setAlerts(ctx context.Context, tx *sql.Tx, id int64, categoryIDs []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM subscriber_alerts WHERE subscriber_id = ?`, id); err != nil {
		return err
	}
	for _, c := range categoryIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO subscriber_alerts (subscriber_id, category_id) VALUES (?, ?)
			ON CONFLICT DO NOTHING`, id, c); err != nil {
			return err
		}
	}
	return nil
}

// UpdateSubscriber replaces every field but CreatedAt.
func (db *DB) UpdateSubscriber(ctx context.Context, s *news.Subscriber) error {
	email, err := readerEmail(s.Email)
	if err != nil {
		return fmt.Errorf("update subscriber %d: %w", s.ID, err)
	}
	updated := s.UpdatedAt
	if updated.IsZero() {
		updated = now()
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		err := rowsAffected(tx.ExecContext(ctx, `UPDATE subscribers SET email = ?, reader_id = ?, digest = ?,
			confirmed_at = ?, updated_at = ? WHERE id = ?`, email, idOrNull(s.ReaderID), s.Digest,
			unixOrNull(s.ConfirmedAt), updated.Unix(), s.ID))
		if err != nil {
			return err
		}
		return setAlerts(ctx, tx, s.ID, s.AlertCategoryIDs)
	})
	if err != nil {
		return fmt.Errorf("update subscriber %d: %w", s.ID, err)
	}
	s.Email, s.UpdatedAt = email, time.Unix(updated.Unix(), 0).UTC()
	s.ConfirmedAt = truncated(s.ConfirmedAt)
	return nil
}

// Subscriber returns one subscription.
func (db *DB) Subscriber(ctx context.Context, id int64) (news.Subscriber, error) {
	list, err := db.subscribers(ctx, `WHERE s.id = ?`, id)
	if err == nil && len(list) == 0 {
		err = news.ErrNotFound
	}
	if err != nil {
		return news.Subscriber{}, fmt.Errorf("subscriber %d: %w", id, err)
	}
	return list[0], nil
}

// SubscriberByEmail finds a subscription by its address.
func (db *DB) SubscriberByEmail(ctx context.Context, email string) (news.Subscriber, error) {
	list, err := db.subscribers(ctx, `WHERE lower(s.email) = lower(?)`, strings.ToLower(strings.TrimSpace(email)))
	if err == nil && len(list) == 0 {
		err = news.ErrNotFound
	}
	if err != nil {
		return news.Subscriber{}, fmt.Errorf("subscriber by email: %w", err)
	}
	return list[0], nil
}

// SubscribersAfter walks the subscriptions by id.
func (db *DB) SubscribersAfter(ctx context.Context, afterID int64, limit int) ([]news.Subscriber, error) {
	if limit < 1 {
		return nil, fmt.Errorf("subscribers after %d: %w", afterID, invalid("limit %d is below 1", limit))
	}
	list, err := db.subscribers(ctx, `WHERE s.id > ? ORDER BY s.id LIMIT ?`, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("subscribers after %d: %w", afterID, err)
	}
	return list, nil
}

// subscribers runs a query over subscribers s and loads their alerts.
func (db *DB) subscribers(ctx context.Context, rest string, args ...any) ([]news.Subscriber, error) {
	var list []news.Subscriber
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		list, err = querySubscribers(ctx, tx, `SELECT `+subscriberColumns+` FROM subscribers s `+rest, args...)
		return err
	})
	return list, err
}

func querySubscribers(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]news.Subscriber, error) {
	var list []news.Subscriber
	byID := map[int64]int{}
	err := queryEach(ctx, tx, query, args, func(rows *sql.Rows) error {
		var s news.Subscriber
		var reader, confirmed sql.NullInt64
		var created, updated int64
		if err := rows.Scan(&s.ID, &s.Email, &reader, &s.Digest, &confirmed, &created, &updated); err != nil {
			return err
		}
		s.ReaderID, s.ConfirmedAt = reader.Int64, timeFromUnix(confirmed)
		s.CreatedAt, s.UpdatedAt = time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
		byID[s.ID] = len(list)
		list = append(list, s)
		return nil
	})
	if err != nil || len(list) == 0 {
		return list, err
	}
	ids := make([]int64, len(list))
	for i, s := range list {
		ids[i] = s.ID
	}
	err = inChunks(ids, func(in string, args []any) error {
		return queryEach(ctx, tx, `SELECT subscriber_id, category_id FROM subscriber_alerts
			WHERE subscriber_id IN (`+in+`) ORDER BY subscriber_id, category_id`, args, func(rows *sql.Rows) error {
			var sid, cid int64
			if err := rows.Scan(&sid, &cid); err != nil {
				return err
			}
			i := byID[sid]
			list[i].AlertCategoryIDs = append(list[i].AlertCategoryIDs, cid)
			return nil
		})
	})
	return list, err
}

// DeleteSubscriber removes a subscription.
func (db *DB) DeleteSubscriber(ctx context.Context, id int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return rowsAffected(tx.ExecContext(ctx, `DELETE FROM subscribers WHERE id = ?`, id))
	})
	if err != nil {
		return fmt.Errorf("delete subscriber %d: %w", id, err)
	}
	return nil
}

// CountSubscribers counts subscriptions for the newsroom.
func (db *DB) CountSubscribers(ctx context.Context) (store.SubscriberCounts, error) {
	var c store.SubscriberCounts
	err := db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*),
			count(confirmed_at),
			coalesce(sum(confirmed_at IS NOT NULL AND digest), 0),
			coalesce(sum(confirmed_at IS NOT NULL AND EXISTS (SELECT 1 FROM subscriber_alerts a WHERE a.subscriber_id = s.id)), 0)
			FROM subscribers s`).Scan(&c.Total, &c.Confirmed, &c.Digest, &c.Alerts)
	})
	if err != nil {
		return c, fmt.Errorf("count subscribers: %w", err)
	}
	return c, nil
}

// StartMailing stores a mailing unless one of its name exists.
func (db *DB) StartMailing(ctx context.Context, m news.Mailing) (news.Mailing, error) {
	if m.Name == "" || m.Cutoff.IsZero() {
		return news.Mailing{}, fmt.Errorf("start mailing: %w", invalid("name and cutoff are required"))
	}
	created := m.CreatedAt
	if created.IsZero() {
		created = now()
	}
	var got news.Mailing
	err := db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO mailings (name, cutoff, created_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO NOTHING`, m.Name, m.Cutoff.Unix(), created.Unix()); err != nil {
			return err
		}
		var err error
		got, err = scanMailing(tx.QueryRowContext(ctx, `SELECT name, cutoff, created_at, finished_at FROM mailings WHERE name = ?`, m.Name))
		return err
	})
	if err != nil {
		return news.Mailing{}, fmt.Errorf("start mailing %s: %w", m.Name, err)
	}
	return got, nil
}

func scanMailing(s scanner) (news.Mailing, error) {
	var m news.Mailing
	var cutoff, created int64
	var finished sql.NullInt64
	err := s.Scan(&m.Name, &cutoff, &created, &finished)
	m.Cutoff, m.CreatedAt, m.FinishedAt = time.Unix(cutoff, 0).UTC(), time.Unix(created, 0).UTC(), timeFromUnix(finished)
	return m, err
}

// PreviousMailing returns the mailing of the prefix before name.
func (db *DB) PreviousMailing(ctx context.Context, prefix, name string) (news.Mailing, error) {
	var m news.Mailing
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		m, err = scanMailing(tx.QueryRowContext(ctx, `SELECT name, cutoff, created_at, finished_at FROM mailings
			WHERE substr(name, 1, ?) = ? AND name < ? ORDER BY name DESC LIMIT 1`, len(prefix), prefix, name))
		return err
	})
	if err != nil {
		return news.Mailing{}, fmt.Errorf("mailing before %s: %w", name, err)
	}
	return m, nil
}

// FinishMailing marks a mailing done.
func (db *DB) FinishMailing(ctx context.Context, name string, at time.Time) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return rowsAffected(tx.ExecContext(ctx, `UPDATE mailings SET finished_at = ? WHERE name = ?`, at.Unix(), name))
	})
	if err != nil {
		return fmt.Errorf("finish mailing %s: %w", name, err)
	}
	return nil
}

// MailingRecipients returns the next confirmed subscribers the mailing
// has not been recorded for.
func (db *DB) MailingRecipients(ctx context.Context, name string, f store.RecipientFilter, afterID int64, limit int) ([]news.Subscriber, error) {
	if limit < 1 {
		return nil, fmt.Errorf("mailing recipients: %w", invalid("limit %d is below 1", limit))
	}
	var want []string
	args := []any{afterID, name}
	if f.Digest {
		want = append(want, `s.digest`)
	}
	if len(f.CategoryIDs) > 0 {
		want = append(want, `EXISTS (SELECT 1 FROM subscriber_alerts x WHERE x.subscriber_id = s.id AND x.category_id IN (`+
			placeholders(len(f.CategoryIDs))+`))`)
		args = append(args, int64Args(f.CategoryIDs)...)
	}
	if len(want) == 0 {
		return nil, nil
	}
	args = append(args, limit)
	list, err := db.subscribers(ctx, `WHERE s.confirmed_at IS NOT NULL AND s.id > ?
		AND NOT EXISTS (SELECT 1 FROM mailing_sends m WHERE m.mailing = ? AND m.subscriber_id = s.id)
		AND (`+strings.Join(want, " OR ")+`) ORDER BY s.id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("recipients of %s: %w", name, err)
	}
	return list, nil
}

// ClaimSends records sends not yet recorded and returns their ids.
func (db *DB) ClaimSends(ctx context.Context, name string, subscriberIDs []int64, at time.Time) ([]int64, error) {
	var claimed []int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		for _, id := range subscriberIDs {
			res, err := tx.ExecContext(ctx, `INSERT INTO mailing_sends (mailing, subscriber_id, claimed_at) VALUES (?, ?, ?)
				ON CONFLICT (mailing, subscriber_id) DO NOTHING`, name, id, at.Unix())
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 1 {
				claimed = append(claimed, id)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim sends of %s: %w", name, err)
	}
	return claimed, nil
}

// MarkSent records that the sends reached the mail server.
func (db *DB) MarkSent(ctx context.Context, name string, subscriberIDs []int64, at time.Time) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return inChunks(subscriberIDs, func(in string, args []any) error {
			_, err := tx.ExecContext(ctx, `UPDATE mailing_sends SET sent_at = ? WHERE mailing = ? AND subscriber_id IN (`+in+`)`,
				append([]any{at.Unix(), name}, args...)...)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("mark sends of %s: %w", name, err)
	}
	return nil
}

// ReleaseSends forgets claims that were not sent.
func (db *DB) ReleaseSends(ctx context.Context, name string, subscriberIDs []int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return inChunks(subscriberIDs, func(in string, args []any) error {
			_, err := tx.ExecContext(ctx, `DELETE FROM mailing_sends WHERE mailing = ? AND sent_at IS NULL AND subscriber_id IN (`+in+`)`,
				append([]any{name}, args...)...)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("release sends of %s: %w", name, err)
	}
	return nil
}

// MailingSends counts a mailing's recorded sends.
func (db *DB) MailingSends(ctx context.Context, name string) (claimed, sent int, err error) {
	err = db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*), count(sent_at) FROM mailing_sends WHERE mailing = ?`, name).Scan(&claimed, &sent)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("sends of %s: %w", name, err)
	}
	return claimed, sent, nil
}
