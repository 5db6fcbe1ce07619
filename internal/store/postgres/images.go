package postgres

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/storejson"
)

const imageColumns = `i.id, i.path, i.mime, i.width, i.height, i.alt, i.caption, i.credit, i.variants, i.created_at, i.uploaded_by`

// CreateImage stores an image record with its variants and sets its ID
// (keeping a non-zero one), and its CreatedAt when the caller left it
// zero.
func (db *DB) CreateImage(ctx context.Context, img *news.Image) error {
	if img.Path == "" {
		return fmt.Errorf("create image: %w", invalid("empty path"))
	}
	if err := checkNewID(img.ID); err != nil {
		return fmt.Errorf("create image %q: %w", img.Path, err)
	}
	created := img.CreatedAt
	if created.IsZero() {
		created = now()
	}
	var id int64
	err := db.write(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO images
			(id, path, mime, width, height, alt, caption, credit, variants, created_at, uploaded_by) OVERRIDING SYSTEM VALUE
			VALUES (coalesce($1, nextval(pg_get_serial_sequence('images', 'id'))), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			RETURNING id`,
			idArg(img.ID), img.Path, img.MIME, img.Width, img.Height, img.Alt, img.Caption, img.Credit,
			storejson.Variants(img.Variants), timeArg(created), idArg(img.UploadedBy)).Scan(&id)
		if err != nil || img.ID == 0 {
			return err
		}
		return advanceIdentity(ctx, q, "images", id)
	})
	if err != nil {
		return fmt.Errorf("create image %q: %w", img.Path, err)
	}
	img.ID, img.CreatedAt = id, created.UTC().Truncate(time.Second)
	return nil
}

// UpdateImage changes the words that go with an image; the file and its
// variants stay as they were uploaded.
func (db *DB) UpdateImage(ctx context.Context, img *news.Image) error {
	err := db.write(ctx, func(q querier) error {
		return rowsAffected(q.Exec(ctx,
			`UPDATE images SET alt = $1, caption = $2, credit = $3 WHERE id = $4`,
			img.Alt, img.Caption, img.Credit, img.ID))
	})
	if err != nil {
		return fmt.Errorf("update image %d: %w", img.ID, err)
	}
	return nil
}

// Image returns one image with its variants.
func (db *DB) Image(ctx context.Context, id int64) (news.Image, error) {
	var img news.Image
	err := db.readOne(ctx, func(q querier) error {
		images, err := loadImages(ctx, q, []int64{id})
		if err != nil {
			return err
		}
		var ok bool
		if img, ok = images[id]; !ok {
			return news.ErrNotFound
		}
		return nil
	})
	if err != nil {
		return news.Image{}, fmt.Errorf("image %d: %w", id, err)
	}
	return img, nil
}

// ImagesAfter returns up to limit images whose id is above afterID, by id
// ascending.
func (db *DB) ImagesAfter(ctx context.Context, afterID int64, limit int) ([]news.Image, error) {
	if limit < 1 {
		return nil, fmt.Errorf("images after %d: %w", afterID, invalid("limit %d is below 1", limit))
	}
	var images []news.Image
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT `+imageColumns+` FROM images i WHERE i.id > $1 ORDER BY i.id LIMIT $2`,
			[]any{afterID, limit}, func(rows pgx.Rows) error {
				img, err := scanImage(rows)
				images = append(images, img)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("images after %d: %w", afterID, err)
	}
	return images, nil
}

// CountImages counts the image records.
func (db *DB) CountImages(ctx context.Context) (int, error) {
	var n int
	err := db.readOne(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT count(*) FROM images`).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count images: %w", err)
	}
	return n, nil
}

// ListImages returns a page of images matching f, newest first, and how
// many match in all, read in one transaction so the two agree.
func (db *DB) ListImages(ctx context.Context, f store.ImageFilter) ([]news.Image, int, error) {
	if f.Limit < 1 || f.Offset < 0 {
		return nil, 0, fmt.Errorf("list images: %w", invalid("limit %d or offset %d out of range", f.Limit, f.Offset))
	}
	// Every word must appear in the words or the key: an array of
	// patterns that all must match keeps the statement fixed.
	patterns := []string{}
	for _, w := range store.ImageQueryWords(f.Query) {
		patterns = append(patterns, "%"+store.EscapeLike(w)+"%")
	}
	const match = `FROM images i WHERE (i.alt || ' ' || i.caption || ' ' || i.credit || ' ' || i.path) ILIKE ALL ($1::text[])`
	var images []news.Image
	var total int
	err := db.read(ctx, func(q querier) error {
		if err := q.QueryRow(ctx, `SELECT count(*) `+match, patterns).Scan(&total); err != nil {
			return err
		}
		return queryEach(ctx, q, `SELECT `+imageColumns+` `+match+` ORDER BY i.created_at DESC, i.id DESC LIMIT $2 OFFSET $3`,
			[]any{patterns, f.Limit, f.Offset}, func(rows pgx.Rows) error {
				img, err := scanImage(rows)
				images = append(images, img)
				return err
			})
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list images %q: %w", f.Query, err)
	}
	return images, total, nil
}

// loadImages fetches the images with the given ids in one query. Missing
// ids are simply absent from the map.
func loadImages(ctx context.Context, q querier, ids []int64) (map[int64]news.Image, error) {
	images := make(map[int64]news.Image, len(ids))
	ids = uniqueNonZero(ids)
	if len(ids) == 0 {
		return images, nil
	}
	err := queryEach(ctx, q, `SELECT `+imageColumns+` FROM images i WHERE i.id = ANY($1)`, []any{ids},
		func(rows pgx.Rows) error {
			img, err := scanImage(rows)
			images[img.ID] = img
			return err
		})
	return images, err
}

func scanImage(s scanner) (news.Image, error) {
	var img news.Image
	var variants string
	var created time.Time
	var uploader *int64
	err := s.Scan(&img.ID, &img.Path, &img.MIME, &img.Width, &img.Height,
		&img.Alt, &img.Caption, &img.Credit, &variants, &created, &uploader)
	if err != nil {
		return news.Image{}, err
	}
	if uploader != nil {
		img.UploadedBy = *uploader
	}
	img.CreatedAt = created.UTC()
	if img.Variants, err = storejson.DecodeVariants(variants); err != nil {
		return news.Image{}, fmt.Errorf("image %d variants: %w", img.ID, err)
	}
	return img, nil
}

// uniqueNonZero drops repeats and zeros so that id arrays stay short.
func uniqueNonZero(ids []int64) []int64 {
	out := slices.DeleteFunc(slices.Clone(ids), func(id int64) bool { return id == 0 })
	slices.Sort(out)
	return slices.Compact(out)
}
