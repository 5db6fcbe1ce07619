package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// CreateWebhook stores a registered address.
func (db *DB) CreateWebhook(ctx context.Context, w *news.Webhook) error {
	if w.URL == "" || w.Secret == "" || len(w.Events) == 0 {
		return fmt.Errorf("create webhook: %w", invalid("url, secret and events are required"))
	}
	if err := checkNewID(w.ID); err != nil {
		return fmt.Errorf("create webhook: %w", err)
	}
	created := w.CreatedAt
	if created.IsZero() {
		created = now()
	}
	var id int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO webhooks (id, url, events, secret, created_at) VALUES (?, ?, ?, ?, ?)`,
			idOrNull(w.ID), w.URL, strings.Join(w.Events, ","), w.Secret, created.Unix())
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return fmt.Errorf("create webhook %s: %w", w.URL, err)
	}
	w.ID, w.CreatedAt = id, time.Unix(created.Unix(), 0).UTC()
	return nil
}

// AllWebhooks returns every webhook, oldest first.
func (db *DB) AllWebhooks(ctx context.Context) ([]news.Webhook, error) {
	var list []news.Webhook
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT id, url, events, secret, created_at FROM webhooks ORDER BY id`, nil,
			func(rows *sql.Rows) error {
				var w news.Webhook
				var events string
				var created int64
				err := rows.Scan(&w.ID, &w.URL, &events, &w.Secret, &created)
				w.Events, w.CreatedAt = strings.Split(events, ","), time.Unix(created, 0).UTC()
				list = append(list, w)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("webhooks: %w", err)
	}
	return list, nil
}

// DeleteWebhook removes a webhook and its deliveries.
func (db *DB) DeleteWebhook(ctx context.Context, id int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM webhooks WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return fmt.Errorf("%w: no webhook %d", news.ErrNotFound, id)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete webhook %d: %w", id, err)
	}
	return nil
}

// QueueEvent queues a delivery to each webhook that wants the event. The
// event names are matched in Go: a webhook's list is short and the
// registered addresses few.
func (db *DB) QueueEvent(ctx context.Context, event string, payload []byte, at time.Time) (int, error) {
	hooks, err := db.AllWebhooks(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	err = db.write(ctx, func(tx *sql.Tx) error {
		for _, w := range hooks {
			if !w.Wants(event) {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_deliveries
				(webhook_id, event, payload, status, created_at, next_attempt_at, give_up_at) VALUES (?, ?, ?, 'pending', ?, ?, ?)`,
				w.ID, event, payload, at.Unix(), at.Unix(), at.Add(store.WebhookRetryWindow).Unix()); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("queue %s: %w", event, err)
	}
	return n, nil
}

const deliveryColumns = `id, webhook_id, event, payload, status, attempts, created_at, next_attempt_at, give_up_at,
	last_attempt_at, response_status, last_error`

func scanDelivery(row scanner) (news.Delivery, error) {
	var d news.Delivery
	var status string
	var created, next, giveUp int64
	var last sql.NullInt64
	err := row.Scan(&d.ID, &d.WebhookID, &d.Event, &d.Payload, &status, &d.Attempts, &created, &next, &giveUp,
		&last, &d.ResponseStatus, &d.LastError)
	d.Status = news.DeliveryStatus(status)
	d.CreatedAt, d.NextAttemptAt, d.GiveUpAt = time.Unix(created, 0).UTC(), time.Unix(next, 0).UTC(), time.Unix(giveUp, 0).UTC()
	d.LastAttemptAt = timeFromUnix(last)
	return d, err
}

// ClaimDeliveries leases the oldest due deliveries. SQLite's single
// writer makes the select and the update one step for every node.
func (db *DB) ClaimDeliveries(ctx context.Context, at time.Time, lease time.Duration, limit int) ([]news.Delivery, error) {
	var list []news.Delivery
	err := db.write(ctx, func(tx *sql.Tx) error {
		err := queryEach(ctx, tx, `UPDATE webhook_deliveries SET next_attempt_at = ?
			WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?
				ORDER BY next_attempt_at, id LIMIT ?)
			RETURNING `+deliveryColumns, []any{at.Add(lease).Unix(), at.Unix(), limit}, func(rows *sql.Rows) error {
			d, err := scanDelivery(rows)
			list = append(list, d)
			return err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	return list, nil
}

// RecordAttempt stores an attempt's outcome.
func (db *DB) RecordAttempt(ctx context.Context, d news.Delivery) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?,
			last_attempt_at = ?, response_status = ?, last_error = ? WHERE id = ?`,
			string(d.Status), d.Attempts, d.NextAttemptAt.Unix(), unixOrNull(d.LastAttemptAt), d.ResponseStatus, d.LastError, d.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return fmt.Errorf("%w: no delivery %d", news.ErrNotFound, d.ID)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record attempt of delivery %d: %w", d.ID, err)
	}
	return nil
}

// Deliveries returns a webhook's log, newest first.
func (db *DB) Deliveries(ctx context.Context, webhookID int64, limit int) ([]news.Delivery, error) {
	var list []news.Delivery
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?`,
			[]any{webhookID, limit}, func(rows *sql.Rows) error {
				d, err := scanDelivery(rows)
				list = append(list, d)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("deliveries of webhook %d: %w", webhookID, err)
	}
	return list, nil
}

// Delivery returns one delivery.
func (db *DB) Delivery(ctx context.Context, id int64) (news.Delivery, error) {
	var d news.Delivery
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		d, err = scanDelivery(tx.QueryRowContext(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE id = ?`, id))
		return err
	})
	if err != nil {
		return news.Delivery{}, fmt.Errorf("delivery %d: %w", id, err)
	}
	return d, nil
}

// ResendDelivery queues a delivery again from now.
func (db *DB) ResendDelivery(ctx context.Context, id int64, at time.Time) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, give_up_at = ?
			WHERE id = ?`, at.Unix(), at.Add(store.WebhookRetryWindow).Unix(), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return fmt.Errorf("%w: no delivery %d", news.ErrNotFound, id)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("resend delivery %d: %w", id, err)
	}
	return nil
}
