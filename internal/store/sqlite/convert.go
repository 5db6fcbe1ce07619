package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store/storejson"
)

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// now is the store's clock for CreatedAt, cut to the precision it keeps.
func now() time.Time { return time.Now().UTC().Truncate(time.Second) }

// unixOrNull stores a time as unix seconds; the zero time, which means
// "not set", becomes NULL rather than a date in year 1.
func unixOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

func timeFromUnix(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(n.Int64, 0).UTC()
}

// idOrNull stores an optional reference; id 0 means none.
func idOrNull(id int64) any {
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
func imageRef(id sql.NullInt64) *news.Image {
	if !id.Valid {
		return nil
	}
	return &news.Image{ID: id.Int64}
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

func encodeLinks(links []news.SocialLink) (string, error) {
	b, err := json.Marshal(storejson.Links(links))
	return string(b), err
}

func decodeLinks(s string) ([]news.SocialLink, error) {
	return storejson.DecodeLinks(s)
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	if n == 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

func int64Args(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}

// maxInList keeps IN lists far below SQLite's limit on bound parameters
// when a caller asks for every article at once.
const maxInList = 500

// inChunks calls fn with the ids cut into lists short enough for one IN.
func inChunks(ids []int64, fn func(in string, args []any) error) error {
	for start := 0; start < len(ids); start += maxInList {
		chunk := ids[start:min(start+maxInList, len(ids))]
		if err := fn(placeholders(len(chunk)), int64Args(chunk)); err != nil {
			return err
		}
	}
	return nil
}

// queryEach runs query and calls each for every row.
func queryEach(ctx context.Context, tx *sql.Tx, query string, args []any, each func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
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
func rowsAffected(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return news.ErrNotFound
	}
	return nil
}

func stringArgs(values []string) []any {
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	return args
}
