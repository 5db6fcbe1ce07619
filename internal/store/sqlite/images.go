package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/storejson"
)

const imageColumns = `id, path, mime, width, height, alt, caption, credit, variants, created_at, uploaded_by`

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
	err := db.write(ctx, func(tx *sql.Tx) error {
		variants, err := encodeVariants(img.Variants)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO images
			(id, path, mime, width, height, alt, caption, credit, variants, created_at, uploaded_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			idOrNull(img.ID), img.Path, img.MIME, img.Width, img.Height, img.Alt, img.Caption, img.Credit,
			variants, created.Unix(), idOrNull(img.UploadedBy))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return fmt.Errorf("create image %q: %w", img.Path, err)
	}
	img.ID, img.CreatedAt = id, created
	return nil
}

// UpdateImage changes the words that go with an image; the file and its
// variants stay as they were uploaded.
func (db *DB) UpdateImage(ctx context.Context, img *news.Image) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return rowsAffected(tx.ExecContext(ctx,
			`UPDATE images SET alt = ?, caption = ?, credit = ? WHERE id = ?`,
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
	err := db.read(ctx, func(tx *sql.Tx) error {
		images, err := loadImages(ctx, tx, []int64{id})
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
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT `+imageColumns+` FROM images WHERE id > ? ORDER BY id LIMIT ?`,
			[]any{afterID, limit}, func(rows *sql.Rows) error {
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
	err := db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM images`).Scan(&n)
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
	// Each word must appear in the words or the key, so the condition is
	// repeated per word; the text searched is the same for every word.
	where, args := "", []any{}
	for _, w := range store.ImageQueryWords(f.Query) {
		where += ` AND (alt || ' ' || caption || ' ' || credit || ' ' || path) LIKE ? ESCAPE '\'`
		args = append(args, "%"+store.EscapeLike(w)+"%")
	}
	var images []news.Image
	var total int
	err := db.read(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM images WHERE 1 = 1`+where, args...).Scan(&total); err != nil {
			return err
		}
		return queryEach(ctx, tx, `SELECT `+imageColumns+` FROM images WHERE 1 = 1`+where+
			` ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
			append(args, f.Limit, f.Offset), func(rows *sql.Rows) error {
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

// loadImages fetches the images with the given ids in as few queries as
// the IN limit allows. Missing ids are simply absent from the map.
func loadImages(ctx context.Context, tx *sql.Tx, ids []int64) (map[int64]news.Image, error) {
	images := make(map[int64]news.Image, len(ids))
	ids = uniqueNonZero(ids)
	err := inChunks(ids, func(in string, args []any) error {
		return queryEach(ctx, tx, `SELECT `+imageColumns+` FROM images WHERE id IN (`+in+`)`, args,
			func(rows *sql.Rows) error {
				img, err := scanImage(rows)
				images[img.ID] = img
				return err
			})
	})
	return images, err
}

func scanImage(s scanner) (news.Image, error) {
	var img news.Image
	var variants string
	var created, uploader sql.NullInt64
	err := s.Scan(&img.ID, &img.Path, &img.MIME, &img.Width, &img.Height,
		&img.Alt, &img.Caption, &img.Credit, &variants, &created, &uploader)
	if err != nil {
		return news.Image{}, err
	}
	img.UploadedBy = uploader.Int64
	img.CreatedAt = timeFromUnix(created)
	img.Variants, err = decodeVariants(variants)
	if err != nil {
		return news.Image{}, fmt.Errorf("image %d variants: %w", img.ID, err)
	}
	return img, nil
}

func encodeVariants(vs []news.Variant) (string, error) {
	b, err := json.Marshal(storejson.Variants(vs))
	return string(b), err
}

func decodeVariants(s string) ([]news.Variant, error) {
	return storejson.DecodeVariants(s)
}

// uniqueNonZero drops repeats and zeros so that IN lists stay short.
func uniqueNonZero(ids []int64) []int64 {
	out := slices.DeleteFunc(slices.Clone(ids), func(id int64) bool { return id == 0 })
	slices.Sort(out)
	return slices.Compact(out)
}
