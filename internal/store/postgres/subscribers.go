package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

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
	err = db.write(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO subscribers (id, email, reader_id, digest, confirmed_at, created_at, updated_at)
			OVERRIDING SYSTEM VALUE
			VALUES (coalesce($1, nextval(pg_get_serial_sequence('subscribers', 'id'))), $2, $3, $4, $5, $6, $7)
			RETURNING id`, idArg(s.ID), email, idArg(s.ReaderID), s.Digest, timeArg(s.ConfirmedAt),
			timeArg(created), timeArg(updated)).Scan(&id)
		if err != nil {
			return err
		}
		if s.ID != 0 {
			if err := advanceIdentity(ctx, q, "subscribers", id); err != nil {
				return err
			}
		}
		return setAlerts(ctx, q, id, s.AlertCategoryIDs)
	})
	if err != nil {
		return fmt.Errorf("create subscriber: %w", err)
	}
	s.ID, s.Email = id, email
	s.CreatedAt, s.UpdatedAt = created.UTC().Truncate(time.Second), updated.UTC().Truncate(time.Second)
	s.ConfirmedAt = truncated(s.ConfirmedAt)
	return nil
}

func setAlerts(ctx context.Context, q querier, id int64, categoryIDs []int64) error {
	if _, err := q.Exec(ctx, `DELETE FROM subscriber_alerts WHERE subscriber_id = $1`, id); err != nil {
		return err
	}
	if len(categoryIDs) == 0 {
		return nil
	}
	_, err := q.Exec(ctx, `INSERT INTO subscriber_alerts (subscriber_id, category_id)
		SELECT $1, c FROM unnest($2::bigint[]) AS c ON CONFLICT DO NOTHING`, id, categoryIDs)
	return err
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
	err = db.write(ctx, func(q querier) error {
		err := rowsAffected(q.Exec(ctx, `UPDATE subscribers SET email = $1, reader_id = $2, digest = $3,
			confirmed_at = $4, updated_at = $5 WHERE id = $6`, email, idArg(s.ReaderID), s.Digest,
			timeArg(s.ConfirmedAt), timeArg(updated), s.ID))
		if err != nil {
			return err
		}
		return setAlerts(ctx, q, s.ID, s.AlertCategoryIDs)
	})
	if err != nil {
		return fmt.Errorf("update subscriber %d: %w", s.ID, err)
	}
	s.Email, s.UpdatedAt = email, updated.UTC().Truncate(time.Second)
	s.ConfirmedAt = truncated(s.ConfirmedAt)
	return nil
}

// Subscriber returns one subscription.
func (db *DB) Subscriber(ctx context.Context, id int64) (news.Subscriber, error) {
	list, err := db.subscribers(ctx, `WHERE s.id = $1`, id)
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
	list, err := db.subscribers(ctx, `WHERE lower(s.email) = lower($1)`, strings.ToLower(strings.TrimSpace(email)))
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
	list, err := db.subscribers(ctx, `WHERE s.id > $1 ORDER BY s.id LIMIT $2`, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("subscribers after %d: %w", afterID, err)
	}
	return list, nil
}

func (db *DB) subscribers(ctx context.Context, rest string, args ...any) ([]news.Subscriber, error) {
	var list []news.Subscriber
	err := db.read(ctx, func(q querier) error {
		var err error
		list, err = querySubscribers(ctx, q, `SELECT `+subscriberColumns+` FROM subscribers s `+rest, args...)
		return err
	})
	return list, err
}

func querySubscribers(ctx context.Context, q querier, query string, args ...any) ([]news.Subscriber, error) {
	var list []news.Subscriber
	byID := map[int64]int{}
	err := queryEach(ctx, q, query, args, func(rows pgx.Rows) error {
		var s news.Subscriber
		var reader *int64
		var confirmed *time.Time
		if err := rows.Scan(&s.ID, &s.Email, &reader, &s.Digest, &confirmed, &s.CreatedAt, &s.UpdatedAt); err != nil {
			return err
		}
		s.ReaderID, s.ConfirmedAt = deref(reader), timeOf(confirmed)
		s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
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
	err = queryEach(ctx, q, `SELECT subscriber_id, category_id FROM subscriber_alerts
		WHERE subscriber_id = ANY($1) ORDER BY subscriber_id, category_id`, []any{ids}, func(rows pgx.Rows) error {
		var sid, cid int64
		if err := rows.Scan(&sid, &cid); err != nil {
			return err
		}
		i := byID[sid]
		list[i].AlertCategoryIDs = append(list[i].AlertCategoryIDs, cid)
		return nil
	})
	return list, err
}

// DeleteSubscriber removes a subscription.
func (db *DB) DeleteSubscriber(ctx context.Context, id int64) error {
	err := db.write(ctx, func(q querier) error {
		return rowsAffected(q.Exec(ctx, `DELETE FROM subscribers WHERE id = $1`, id))
	})
	if err != nil {
		return fmt.Errorf("delete subscriber %d: %w", id, err)
	}
	return nil
}

// CountSubscribers counts subscriptions for the newsroom.
func (db *DB) CountSubscribers(ctx context.Context) (store.SubscriberCounts, error) {
	var c store.SubscriberCounts
	err := db.read(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT count(*),
			count(confirmed_at),
			count(*) FILTER (WHERE confirmed_at IS NOT NULL AND digest),
			count(*) FILTER (WHERE confirmed_at IS NOT NULL AND EXISTS (SELECT 1 FROM subscriber_alerts a WHERE a.subscriber_id = s.id))
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
	err := db.write(ctx, func(q querier) error {
		if _, err := q.Exec(ctx, `INSERT INTO mailings (name, cutoff, created_at) VALUES ($1, $2, $3)
			ON CONFLICT (name) DO NOTHING`, m.Name, timeArg(m.Cutoff), timeArg(created)); err != nil {
			return err
		}
		var err error
		got, err = scanMailing(q.QueryRow(ctx, `SELECT name, cutoff, created_at, finished_at FROM mailings WHERE name = $1`, m.Name))
		return err
	})
	if err != nil {
		return news.Mailing{}, fmt.Errorf("start mailing %s: %w", m.Name, err)
	}
	return got, nil
}

func scanMailing(s scanner) (news.Mailing, error) {
	var m news.Mailing
	var finished *time.Time
	err := s.Scan(&m.Name, &m.Cutoff, &m.CreatedAt, &finished)
	m.Cutoff, m.CreatedAt, m.FinishedAt = m.Cutoff.UTC(), m.CreatedAt.UTC(), timeOf(finished)
	return m, err
}

// PreviousMailing returns the mailing of the prefix before name.
func (db *DB) PreviousMailing(ctx context.Context, prefix, name string) (news.Mailing, error) {
	var m news.Mailing
	err := db.read(ctx, func(q querier) error {
		var err error
		m, err = scanMailing(q.QueryRow(ctx, `SELECT name, cutoff, created_at, finished_at FROM mailings
			WHERE starts_with(name, $1) AND name COLLATE "C" < $2 ORDER BY name COLLATE "C" DESC LIMIT 1`, prefix, name))
		return err
	})
	if err != nil {
		return news.Mailing{}, fmt.Errorf("mailing before %s: %w", name, err)
	}
	return m, nil
}

// FinishMailing marks a mailing done.
func (db *DB) FinishMailing(ctx context.Context, name string, at time.Time) error {
	err := db.write(ctx, func(q querier) error {
		return rowsAffected(q.Exec(ctx, `UPDATE mailings SET finished_at = $1 WHERE name = $2`, timeArg(at), name))
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
	args := sqlArgs{afterID, name}
	var want []string
	if f.Digest {
		want = append(want, `s.digest`)
	}
	if len(f.CategoryIDs) > 0 {
		want = append(want, `EXISTS (SELECT 1 FROM subscriber_alerts x WHERE x.subscriber_id = s.id AND x.category_id = ANY(`+
			args.add(f.CategoryIDs)+`))`)
	}
	if len(want) == 0 {
		return nil, nil
	}
	list, err := db.subscribers(ctx, `WHERE s.confirmed_at IS NOT NULL AND s.id > $1
		AND NOT EXISTS (SELECT 1 FROM mailing_sends m WHERE m.mailing = $2 AND m.subscriber_id = s.id)
		AND (`+strings.Join(want, " OR ")+`) ORDER BY s.id LIMIT `+args.add(limit), args...)
	if err != nil {
		return nil, fmt.Errorf("recipients of %s: %w", name, err)
	}
	return list, nil
}

// ClaimSends records sends not yet recorded and returns their ids, in
// one statement: of two runs claiming the same subscriber, one gets it.
func (db *DB) ClaimSends(ctx context.Context, name string, subscriberIDs []int64, at time.Time) ([]int64, error) {
	claimed := []int64{}
	if len(subscriberIDs) == 0 {
		return nil, nil
	}
	err := db.write(ctx, func(q querier) error {
		return queryEach(ctx, q, `INSERT INTO mailing_sends (mailing, subscriber_id, claimed_at)
			SELECT $1, id, $3 FROM unnest($2::bigint[]) AS id
			ON CONFLICT (mailing, subscriber_id) DO NOTHING RETURNING subscriber_id`,
			[]any{name, subscriberIDs, timeArg(at)}, func(rows pgx.Rows) error {
				var id int64
				err := rows.Scan(&id)
				claimed = append(claimed, id)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("claim sends of %s: %w", name, err)
	}
	return claimed, nil
}

// MarkSent records that the sends reached the mail server.
func (db *DB) MarkSent(ctx context.Context, name string, subscriberIDs []int64, at time.Time) error {
	_, err := db.execCount(ctx, `UPDATE mailing_sends SET sent_at = $1 WHERE mailing = $2 AND subscriber_id = ANY($3)`,
		timeArg(at), name, subscriberIDs)
	if err != nil {
		return fmt.Errorf("mark sends of %s: %w", name, err)
	}
	return nil
}

// ReleaseSends forgets claims that were not sent.
func (db *DB) ReleaseSends(ctx context.Context, name string, subscriberIDs []int64) error {
	_, err := db.execCount(ctx, `DELETE FROM mailing_sends WHERE mailing = $1 AND sent_at IS NULL AND subscriber_id = ANY($2)`,
		name, subscriberIDs)
	if err != nil {
		return fmt.Errorf("release sends of %s: %w", name, err)
	}
	return nil
}

// MailingSends counts a mailing's recorded sends.
func (db *DB) MailingSends(ctx context.Context, name string) (claimed, sent int, err error) {
	err = db.read(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT count(*), count(sent_at) FROM mailing_sends WHERE mailing = $1`, name).Scan(&claimed, &sent)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("sends of %s: %w", name, err)
	}
	return claimed, sent, nil
}
