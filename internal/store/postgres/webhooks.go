package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

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
		created = time.Now()
	}
	created = created.UTC().Truncate(time.Second)
	var id int64
	err := db.write(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO webhooks (id, url, events, secret, created_at) OVERRIDING SYSTEM VALUE
			VALUES (coalesce($1, nextval(pg_get_serial_sequence('webhooks', 'id'))), $2, $3, $4, $5) RETURNING id`,
			idArg(w.ID), w.URL, strings.Join(w.Events, ","), w.Secret, created).Scan(&id)
		if err != nil || w.ID == 0 {
			return err
		}
		return advanceIdentity(ctx, q, "webhooks", id)
	})
	if err != nil {
		return fmt.Errorf("create webhook %s: %w", w.URL, err)
	}
	w.ID, w.CreatedAt = id, created
	return nil
}

// AllWebhooks returns every webhook, oldest first.
func (db *DB) AllWebhooks(ctx context.Context) ([]news.Webhook, error) {
	var list []news.Webhook
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT id, url, events, secret, created_at FROM webhooks ORDER BY id`, nil,
			func(rows pgx.Rows) error {
				var w news.Webhook
				var events string
				err := rows.Scan(&w.ID, &w.URL, &events, &w.Secret, &w.CreatedAt)
				w.Events, w.CreatedAt = strings.Split(events, ","), w.CreatedAt.UTC()
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
	err := db.write(ctx, func(q querier) error {
		tag, err := q.Exec(ctx, `DELETE FROM webhooks WHERE id = $1`, id)
		if err == nil && tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: no webhook %d", news.ErrNotFound, id)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("delete webhook %d: %w", id, err)
	}
	return nil
}

// QueueEvent queues a delivery to each webhook that wants the event.
func (db *DB) QueueEvent(ctx context.Context, event string, payload []byte, at time.Time) (int, error) {
	hooks, err := db.AllWebhooks(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	err = db.write(ctx, func(q querier) error {
		for _, w := range hooks {
			if !w.Wants(event) {
				continue
			}
			if _, err := q.Exec(ctx, `INSERT INTO webhook_deliveries
				(webhook_id, event, payload, status, created_at, next_attempt_at, give_up_at) VALUES ($1, $2, $3, 'pending', $4, $4, $5)`,
				w.ID, event, payload, timeArg(at), timeArg(at.Add(store.WebhookRetryWindow))); err != nil {
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

func scanDelivery(row pgx.Row) (news.Delivery, error) {
	var d news.Delivery
	var status string
	var last *time.Time
	err := row.Scan(&d.ID, &d.WebhookID, &d.Event, &d.Payload, &status, &d.Attempts, &d.CreatedAt, &d.NextAttemptAt, &d.GiveUpAt,
		&last, &d.ResponseStatus, &d.LastError)
	d.Status = news.DeliveryStatus(status)
	d.CreatedAt, d.NextAttemptAt, d.GiveUpAt, d.LastAttemptAt = d.CreatedAt.UTC(), d.NextAttemptAt.UTC(), d.GiveUpAt.UTC(), timeOf(last)
	return d, err
}

// ClaimDeliveries leases the oldest due deliveries; rows another node is
// claiming at the same moment are skipped rather than waited for.
func (db *DB) ClaimDeliveries(ctx context.Context, at time.Time, lease time.Duration, limit int) ([]news.Delivery, error) {
	var list []news.Delivery
	err := db.write(ctx, func(q querier) error {
		return queryEach(ctx, q, `UPDATE webhook_deliveries SET next_attempt_at = $1
			WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $2
				ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
			RETURNING `+deliveryColumns, []any{timeArg(at.Add(lease)), timeArg(at), limit}, func(rows pgx.Rows) error {
			d, err := scanDelivery(rows)
			list = append(list, d)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	return list, nil
}

// RecordAttempt stores an attempt's outcome.
func (db *DB) RecordAttempt(ctx context.Context, d news.Delivery) error {
	err := db.write(ctx, func(q querier) error {
		tag, err := q.Exec(ctx, `UPDATE webhook_deliveries SET status = $1, attempts = $2, next_attempt_at = $3,
			last_attempt_at = $4, response_status = $5, last_error = $6 WHERE id = $7`,
			string(d.Status), d.Attempts, timeArg(d.NextAttemptAt), timeArg(d.LastAttemptAt), d.ResponseStatus, d.LastError, d.ID)
		if err == nil && tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: no delivery %d", news.ErrNotFound, d.ID)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("record attempt of delivery %d: %w", d.ID, err)
	}
	return nil
}

// Deliveries returns a webhook's log, newest first.
func (db *DB) Deliveries(ctx context.Context, webhookID int64, limit int) ([]news.Delivery, error) {
	var list []news.Delivery
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2`,
			[]any{webhookID, limit}, func(rows pgx.Rows) error {
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
	err := db.readOne(ctx, func(q querier) error {
		var err error
		d, err = scanDelivery(q.QueryRow(ctx, `SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE id = $1`, id))
		return err
	})
	if err != nil {
		return news.Delivery{}, fmt.Errorf("delivery %d: %w", id, err)
	}
	return d, nil
}

// ResendDelivery queues a delivery again from now.
func (db *DB) ResendDelivery(ctx context.Context, id int64, at time.Time) error {
	err := db.write(ctx, func(q querier) error {
		tag, err := q.Exec(ctx, `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $1, give_up_at = $2
			WHERE id = $3`, timeArg(at), timeArg(at.Add(store.WebhookRetryWindow)), id)
		if err == nil && tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: no delivery %d", news.ErrNotFound, id)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("resend delivery %d: %w", id, err)
	}
	return nil
}
