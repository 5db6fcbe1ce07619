package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
)

// SetBanners replaces all banners. Their order is their position in the
// slice; the Position fields given are ignored and come back as indexes.
func (db *DB) SetBanners(ctx context.Context, banners []news.Banner) error {
	titles := make([]string, len(banners))
	urls := make([]string, len(banners))
	images := make([]int64, len(banners))
	for i, b := range banners {
		titles[i], urls[i], images[i] = b.Title, b.URL, imageID(b.Image)
	}
	err := db.write(ctx, func(q querier) error {
		if _, err := q.Exec(ctx, `DELETE FROM banners`); err != nil {
			return err
		}
		if len(banners) == 0 {
			return nil
		}
		_, err := q.Exec(ctx, `INSERT INTO banners (title, url, image_id, position)
			SELECT u.title, u.url, nullif(u.image_id, 0), u.n - 1
			FROM unnest($1::text[], $2::text[], $3::bigint[]) WITH ORDINALITY AS u(title, url, image_id, n)`,
			titles, urls, images)
		return err
	})
	if err != nil {
		return fmt.Errorf("set banners: %w", err)
	}
	return nil
}

// AllBanners returns the banners in order, with their images.
func (db *DB) AllBanners(ctx context.Context) ([]news.Banner, error) {
	var banners []news.Banner
	err := db.read(ctx, func(q querier) error {
		var imageIDs []int64
		err := queryEach(ctx, q, `SELECT id, title, url, image_id, position FROM banners ORDER BY position, id`, nil,
			func(rows pgx.Rows) error {
				var b news.Banner
				var image *int64
				err := rows.Scan(&b.ID, &b.Title, &b.URL, &image, &b.Position)
				b.Image = imageRef(image)
				banners = append(banners, b)
				imageIDs = append(imageIDs, imageID(b.Image))
				return err
			})
		if err != nil {
			return err
		}
		images, err := loadImages(ctx, q, imageIDs)
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
