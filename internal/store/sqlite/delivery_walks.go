package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/mastheadhq/masthead/internal/news"
)

// CreateDelivery stores a delivery with every field as given.
func (db *DB) CreateDelivery(ctx context.Context, d *news.Delivery) error {
	if err := checkNewID(d.ID); err != nil {
		return fmt.Errorf("create delivery: %w", err)
	}
	var id int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO webhook_deliveries (`+deliveryColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, idOrNull(d.ID), d.WebhookID, d.Event, d.Payload, string(d.Status),
			d.Attempts, d.CreatedAt.Unix(), d.NextAttemptAt.Unix(), d.GiveUpAt.Unix(), unixOrNull(d.LastAttemptAt),
			d.ResponseStatus, d.LastError)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
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
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE id > ? ORDER BY id LIMIT ?`,
			[]any{afterID, limit}, func(rows *sql.Rows) error {
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
