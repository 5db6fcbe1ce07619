package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
)

// CreateDelivery stores a delivery with every field as given.
func (db *DB) CreateDelivery(ctx context.Context, d *news.Delivery) error {
	if err := checkNewID(d.ID); err != nil {
		return fmt.Errorf("create delivery: %w", err)
	}
	var id int64
	err := db.write(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO webhook_deliveries (`+deliveryColumns+`) OVERRIDING SYSTEM VALUE
			VALUES (coalesce($1, nextval(pg_get_serial_sequence('webhook_deliveries', 'id'))), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			RETURNING id`, idArg(d.ID), d.WebhookID, d.Event, d.Payload, string(d.Status), d.Attempts,
			timeArg(d.CreatedAt), timeArg(d.NextAttemptAt), timeArg(d.GiveUpAt), timeArg(d.LastAttemptAt),
			d.ResponseStatus, d.LastError).Scan(&id)
		if err != nil || d.ID == 0 {
			return err
		}
		return advanceIdentity(ctx, q, "webhook_deliveries", id)
	})
	if err != nil {
		return fmt.Errorf("create delivery: %w", err)
	}
	d.ID = id
	return nil
}

// DeliveriesAfter walks every delivery by id.
func (db *DB) DeliveriesAfter(ctx context.Context, afterID int64, limit int) ([]news.Delivery, error) {
	if limit < 1 {
		return nil, fmt.Errorf("deliveries after %d: %w", afterID, invalid("limit %d is below 1", limit))
	}
	var list []news.Delivery
	err := db.read(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE id > $1 ORDER BY id LIMIT $2`,
			[]any{afterID, limit}, func(rows pgx.Rows) error {
				d, err := scanDelivery(rows)
				list = append(list, d)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("deliveries after %d: %w", afterID, err)
	}
	return list, nil
}
