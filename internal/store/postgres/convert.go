package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/mastheadhq/masthead/internal/news"
)

// scanner is a pgx.Row or pgx.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// now is the store's clock for CreatedAt, cut to the precision it keeps.
func now() time.Time { return time.Now().UTC().Truncate(time.Second) }

// timeArg passes a time to PostgreSQL cut to whole seconds, the precision
// the store keeps and the suite compares at. Cutting on the way in, not
// only on the way out, keeps what is sorted and filtered on equal to what
// callers read back: an article shown as published at 12:00:00 must be
// visible at 12:00:00, and two shown at the same second must tie on id.
// The zero time, which means "not set", becomes NULL.
func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Truncate(time.Second)
}

// timeOf turns a scanned nullable timestamptz into a UTC time, zero for
// NULL. pgx returns timestamptz in the local zone.
func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// idArg stores an optional reference; id 0 means none.
func idArg(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func imageID(img *news.Image) int64 {
	if img == nil {
		return 0
	}
	return img.ID
}

// imageRef stands in for an image until loadImages fills it in.
func imageRef(id *int64) *news.Image {
	if id == nil {
		return nil
	}
	return &news.Image{ID: *id}
}

// fillImage replaces a stand-in with the loaded image, or with nil when
// the image is gone, so that callers never see a half-empty image.
func fillImage(img **news.Image, images map[int64]news.Image) {
	if *img == nil {
		return
	}
	full, ok := images[(*img).ID]
	if !ok {
		*img = nil
		return
	}
	*img = &full
}

// queryEach runs query and calls each for every row as it arrives.
func queryEach(ctx context.Context, q querier, query string, args []any, each func(pgx.Rows) error) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// firstDuplicate returns an id listed twice, or 0.
func firstDuplicate(ids []int64) int64 {
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			return id
		}
		seen[id] = true
	}
	return 0
}

// rowsAffected turns "no row matched" into news.ErrNotFound.
func rowsAffected(tag pgconn.CommandTag, err error) error {
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return news.ErrNotFound
	}
	return nil
}
