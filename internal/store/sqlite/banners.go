package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/mastheadhq/masthead/internal/news"
)

// SetBanners replaces all banners. Their order is their position in the
// slice; the Position fields given are ignored and come back as indexes.
func (db *DB) SetBanners(ctx context.Context, banners []news.Banner) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM banners`); err != nil {
			return err
		}
		for i, b := range banners {
			if _, err := tx.ExecContext(ctx, `INSERT INTO banners (title, url, image_id, position)
				VALUES (?, ?, ?, ?)`, b.Title, b.URL, idOrNull(imageID(b.Image)), i); err != nil {
				return fmt.Errorf("banner %d: %w", i+1, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set banners: %w", err)
	}
	return nil
}

// AllBanners returns the banners in order, with their images.
func (db *DB) AllBanners(ctx context.Context) ([]news.Banner, error) {
	var banners []news.Banner
	err := db.read(ctx, func(tx *sql.Tx) error {
		var imageIDs []int64
		err := queryEach(ctx, tx, `SELECT id, title, url, image_id, position FROM banners ORDER BY position, id`, nil,
			func(rows *sql.Rows) error {
				var b news.Banner
				var image sql.NullInt64
				err := rows.Scan(&b.ID, &b.Title, &b.URL, &image, &b.Position)
				b.Image = imageRef(image)
				banners = append(banners, b)
				imageIDs = append(imageIDs, image.Int64)
				return err
			})
		if err != nil {
			return err
		}
		images, err := loadImages(ctx, tx, imageIDs)
		for i := range banners {
			fillImage(&banners[i].Image, images)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("all banners: %w", err)
	}
	return banners, nil
}
