package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/mastheadhq/masthead/internal/store"
)

// ArticleMonths counts the visible articles of each UTC month within r,
// newest month first. Rather than group every row by a computed month,
// which makes SQLite sort the whole archive, it walks the visibility
// index down from the newest article: the newest publication time below
// the cursor names a month, one range query counts that month, and the
// cursor moves to the month's start. Empty months cost nothing, and each
// row is read once, in index order.
func (db *DB) ArticleMonths(ctx context.Context, r store.ArticleRange) ([]store.MonthCount, error) {
	lo, hi, err := rangeBounds(r)
	if err != nil {
		return nil, fmt.Errorf("article months: %w", err)
	}
	const newestBelow = `SELECT a.published_at FROM articles a
		WHERE a.status = 'published' AND a.published_at >= ? AND a.published_at < ?
		ORDER BY a.published_at DESC LIMIT 1`
	// The scalar max() picks the later of the two times; ifnull keeps a
	// missing update time from turning the whole expression NULL.
	const countMonth = `SELECT count(*), max(max(a.published_at, ifnull(a.updated_at, 0))) FROM articles a
		WHERE a.status = 'published' AND a.published_at >= ? AND a.published_at < ?`
	var months []store.MonthCount
	err = db.read(ctx, func(tx *sql.Tx) error {
		for cursor := hi; cursor > lo; {
			var newest int64
			err := tx.QueryRowContext(ctx, newestBelow, lo, cursor).Scan(&newest)
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			if err != nil {
				return err
			}
			t := time.Unix(newest, 0).UTC()
			m := store.MonthCount{Year: t.Year(), Month: t.Month()}
			start := max(m.Start().Unix(), lo)
			var lastMod int64
			if err := tx.QueryRowContext(ctx, countMonth, start, cursor).Scan(&m.Articles, &lastMod); err != nil {
				return err
			}
			m.LastModified = time.Unix(lastMod, 0).UTC()
			months = append(months, m)
			cursor = start
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("article months: %w", err)
	}
	return months, nil
}

// EachArticleEntry streams the visible articles within f to fn, newest
// first. It reads only the narrow columns at the front of the row, so the
// bodies' overflow pages are never touched, and walks the same index as
// the site's lists. The read transaction stays open while fn runs: fn
// should not wait on anything slower than the writer it feeds.
func (db *DB) EachArticleEntry(ctx context.Context, f store.EntryFilter, fn func(store.ArticleEntry) error) error {
	if f.Limit < 0 || f.Offset < 0 {
		return fmt.Errorf("article entries: %w", invalid("negative limit or offset"))
	}
	lo, hi, err := rangeBounds(f.ArticleRange)
	if err != nil {
		return fmt.Errorf("article entries: %w", err)
	}
	const query = `SELECT a.id, a.slug, a.title, a.published_at, a.updated_at, a.lang, a.translation_group FROM articles a
		WHERE a.status = 'published' AND a.published_at >= ? AND a.published_at < ?
		ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?`
	limit := f.Limit
	if limit == 0 {
		limit = -1 // SQLite reads a negative LIMIT as none
	}
	args := []any{lo, hi, limit, f.Offset}
	// fn's own error is kept apart so that it reaches the caller
	// unwrapped and untranslated.
	var fnErr error
	err = db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, query, args, func(rows *sql.Rows) error {
			var e store.ArticleEntry
			var published, updated sql.NullInt64
			if err := rows.Scan(&e.ID, &e.Slug, &e.Title, &published, &updated, &e.Lang, &e.TranslationGroup); err != nil {
				return err
			}
			e.PublishedAt, e.UpdatedAt = timeFromUnix(published), timeFromUnix(updated)
			fnErr = fn(e)
			return fnErr
		})
	})
	if fnErr != nil {
		return fnErr
	}
	if err != nil {
		return fmt.Errorf("article entries: %w", err)
	}
	return nil
}

// termsLastModifiedQueries group visible articles by each kind of term.
// Each walks its relation's term-first index, so no sort is needed.
var termsLastModifiedQueries = map[store.TermKind]string{
	store.TermCategory: `SELECT r.category_id, max(max(a.published_at, ifnull(a.updated_at, 0)))
		FROM article_categories r JOIN articles a ON a.id = r.article_id
		WHERE a.status = 'published' AND a.published_at <= ?
		GROUP BY r.category_id`,
	store.TermTag: `SELECT r.tag_id, max(max(a.published_at, ifnull(a.updated_at, 0)))
		FROM article_tags r JOIN articles a ON a.id = r.article_id
		WHERE a.status = 'published' AND a.published_at <= ?
		GROUP BY r.tag_id`,
	store.TermAuthor: `SELECT r.author_id, max(max(a.published_at, ifnull(a.updated_at, 0)))
		FROM article_authors r JOIN articles a ON a.id = r.article_id
		WHERE a.status = 'published' AND a.published_at <= ?
		GROUP BY r.author_id`,
}

// TermsLastModified returns when the visible articles of each term of the
// given kind last changed, by term id.
func (db *DB) TermsLastModified(ctx context.Context, kind store.TermKind, visibleAt time.Time) (map[int64]time.Time, error) {
	query, ok := termsLastModifiedQueries[kind]
	if !ok {
		return nil, fmt.Errorf("terms last modified: %w", invalid("unknown kind %q", kind))
	}
	if visibleAt.IsZero() {
		return nil, fmt.Errorf("%s last modified: %w", kind, invalid("visibility time required"))
	}
	dates := map[int64]time.Time{}
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, query, []any{visibleAt.Unix()}, func(rows *sql.Rows) error {
			var id, lastMod int64
			if err := rows.Scan(&id, &lastMod); err != nil {
				return err
			}
			dates[id] = time.Unix(lastMod, 0).UTC()
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("%s last modified: %w", kind, err)
	}
	return dates, nil
}

// rangeBounds turns a range into one half-open interval [lo, hi) of unix
// seconds. Giving SQLite a single lower and a single upper bound matters:
// with the visibility time and Until as two separate upper bounds, bound
// as parameters, the planner cannot tell which is tighter and may walk
// the index from now down to an old month instead of just that month.
// Times are whole seconds, so "at or before VisibleAt" is "before the
// next second".
func rangeBounds(r store.ArticleRange) (lo, hi int64, err error) {
	if r.VisibleAt.IsZero() {
		return 0, 0, invalid("visibility time required")
	}
	lo, hi = math.MinInt64, r.VisibleAt.Unix()+1
	if !r.From.IsZero() {
		lo = r.From.Unix()
	}
	if !r.Until.IsZero() {
		hi = min(hi, r.Until.Unix())
	}
	return lo, hi, nil
}
