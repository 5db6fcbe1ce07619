package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/store"
)

// ArticleMonths counts the visible articles of each UTC month within r,
// newest month first. greatest() skips a NULL update time, so an article
// never updated counts by its publication time.
func (db *DB) ArticleMonths(ctx context.Context, r store.ArticleRange) ([]store.MonthCount, error) {
	where, args, err := rangeWhere(r)
	if err != nil {
		return nil, fmt.Errorf("article months: %w", err)
	}
	query := `SELECT
			extract(year FROM a.published_at AT TIME ZONE 'UTC')::integer AS year,
			extract(month FROM a.published_at AT TIME ZONE 'UTC')::integer AS month,
			count(*),
			max(greatest(a.published_at, a.updated_at))
		FROM articles a` + where + `
		GROUP BY year, month
		ORDER BY year DESC, month DESC`
	var months []store.MonthCount
	err = db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, query, args, func(rows pgx.Rows) error {
			var m store.MonthCount
			var month int
			var lastMod time.Time
			if err := rows.Scan(&m.Year, &month, &m.Articles, &lastMod); err != nil {
				return err
			}
			m.Month, m.LastModified = time.Month(month), lastMod.UTC()
			months = append(months, m)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("article months: %w", err)
	}
	return months, nil
}

// EachArticleEntry streams the visible articles within f to fn, newest
// first, walking the same index as the site's lists. pgx hands rows over
// as they arrive from the server, so memory stays flat however long the
// archive. The query holds a pooled connection (or, inside Atomic, the
// transaction's) while fn runs: fn should not wait on anything slow, and
// inside Atomic it must not call the store, whose connection is busy.
func (db *DB) EachArticleEntry(ctx context.Context, f store.EntryFilter, fn func(store.ArticleEntry) error) error {
	if f.Limit < 0 || f.Offset < 0 {
		return fmt.Errorf("article entries: %w", invalid("negative limit or offset"))
	}
	where, args, err := rangeWhere(f.ArticleRange)
	if err != nil {
		return fmt.Errorf("article entries: %w", err)
	}
	query := `SELECT a.id, a.slug, a.title, a.published_at, a.updated_at, a.lang, a.translation_group FROM articles a` + where + listOrder +
		` LIMIT ` + args.add(limitArg(f.Limit)) + ` OFFSET ` + args.add(f.Offset)
	// fn's own error is kept apart so that it reaches the caller
	// unwrapped and untranslated.
	var fnErr error
	err = db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, query, args, func(rows pgx.Rows) error {
			var e store.ArticleEntry
			var published, updated *time.Time
			if err := rows.Scan(&e.ID, &e.Slug, &e.Title, &published, &updated, &e.Lang, &e.TranslationGroup); err != nil {
				return err
			}
			e.PublishedAt, e.UpdatedAt = timeOf(published), timeOf(updated)
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
// Each can walk its relation's term-first index.
var termsLastModifiedQueries = map[store.TermKind]string{
	store.TermCategory: `SELECT r.category_id, max(greatest(a.published_at, a.updated_at))
		FROM article_categories r JOIN articles a ON a.id = r.article_id
		WHERE a.status = 'published' AND a.published_at <= $1
		GROUP BY r.category_id`,
	store.TermTag: `SELECT r.tag_id, max(greatest(a.published_at, a.updated_at))
		FROM article_tags r JOIN articles a ON a.id = r.article_id
		WHERE a.status = 'published' AND a.published_at <= $1
		GROUP BY r.tag_id`,
	store.TermAuthor: `SELECT r.author_id, max(greatest(a.published_at, a.updated_at))
		FROM article_authors r JOIN articles a ON a.id = r.article_id
		WHERE a.status = 'published' AND a.published_at <= $1
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
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, query, []any{timeArg(visibleAt)}, func(rows pgx.Rows) error {
			var id int64
			var lastMod time.Time
			if err := rows.Scan(&id, &lastMod); err != nil {
				return err
			}
			dates[id] = lastMod.UTC()
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("%s last modified: %w", kind, err)
	}
	return dates, nil
}

// rangeWhere turns a range into a WHERE clause over articles a, with its
// placeholders numbered from $1.
func rangeWhere(r store.ArticleRange) (string, sqlArgs, error) {
	if r.VisibleAt.IsZero() {
		return "", nil, invalid("visibility time required")
	}
	var args sqlArgs
	conds := []string{`a.status = 'published'`, `a.published_at <= ` + args.add(timeArg(r.VisibleAt))}
	if !r.From.IsZero() {
		conds = append(conds, `a.published_at >= `+args.add(timeArg(r.From)))
	}
	if !r.Until.IsZero() {
		conds = append(conds, `a.published_at < `+args.add(timeArg(r.Until)))
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}
