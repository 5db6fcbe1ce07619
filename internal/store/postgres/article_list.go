package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// listOrder is the lists' order. Undated drafts sort last, as they do in
// SQLite, where NULL is the smallest value; PostgreSQL would put them
// first in a descending sort. The indexes on published_at are declared
// with the same NULLS LAST, so that they serve this ORDER BY.
const listOrder = ` ORDER BY a.published_at DESC NULLS LAST, a.id DESC`

// ListArticles returns the matching articles newest first, with their
// relations.
func (db *DB) ListArticles(ctx context.Context, f store.ArticleFilter) ([]news.Article, error) {
	if f.Limit < 0 || f.Offset < 0 {
		return nil, fmt.Errorf("list articles: %w", invalid("negative limit or offset"))
	}
	var args sqlArgs
	query := `SELECT ` + articleColumns + ` FROM articles a` + articleWhere(f, &args) + listOrder +
		` LIMIT ` + args.add(limitArg(f.Limit)) + ` OFFSET ` + args.add(f.Offset)
	var arts []news.Article
	err := db.read(ctx, func(q querier) error {
		var err error
		arts, err = queryArticles(ctx, q, query, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	return arts, nil
}

// ArticlesAfter returns up to limit articles whose id is above afterID,
// by id ascending, with their relations: a range scan of the primary key
// per page, however far the walk has gone.
func (db *DB) ArticlesAfter(ctx context.Context, afterID int64, limit int) ([]news.Article, error) {
	if limit < 1 {
		return nil, fmt.Errorf("articles after %d: %w", afterID, invalid("limit %d is below 1", limit))
	}
	var arts []news.Article
	err := db.read(ctx, func(q querier) error {
		var err error
		arts, err = queryArticles(ctx, q, `SELECT `+articleColumns+` FROM articles a
			WHERE a.id > $1 ORDER BY a.id LIMIT $2`, afterID, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("articles after %d: %w", afterID, err)
	}
	return arts, nil
}

// CountArticles counts the articles ListArticles would return without
// Limit and Offset, for paging.
func (db *DB) CountArticles(ctx context.Context, f store.ArticleFilter) (int, error) {
	var args sqlArgs
	query := `SELECT count(*) FROM articles a` + articleWhere(f, &args)
	var n int
	err := db.readOne(ctx, func(q querier) error {
		return q.QueryRow(ctx, query, args...).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	return n, nil
}

// sqlArgs collects the arguments of a query built piece by piece and
// numbers their placeholders.
type sqlArgs []any

// add appends v and returns its placeholder, $1 for the first.
func (a *sqlArgs) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// limitArg passes a limit of zero, which means none, as NULL: LIMIT NULL
// is no limit in PostgreSQL.
func limitArg(limit int) any {
	if limit <= 0 {
		return nil
	}
	return limit
}

// articleWhere turns a filter into a WHERE clause over articles a, with
// its arguments appended to args. The relation filters are IN subqueries
// so that the planner can choose between walking the newest-first index
// and starting from the relation's index, whichever is smaller.
func articleWhere(f store.ArticleFilter, args *sqlArgs) string {
	var conds []string
	if !f.VisibleAt.IsZero() {
		conds = append(conds, `a.status = 'published' AND a.published_at <= `+args.add(timeArg(f.VisibleAt)))
	}
	if f.Status != "" {
		conds = append(conds, `a.status = `+args.add(string(f.Status)))
	}
	if len(f.CategoryIDs) > 0 {
		conds = append(conds, `a.id IN (SELECT article_id FROM article_categories WHERE category_id = ANY(`+
			args.add(f.CategoryIDs)+`))`)
	}
	if len(f.PrimaryCategoryIDs) > 0 {
		conds = append(conds, `a.id IN (SELECT article_id FROM article_categories WHERE position = 0 AND category_id = ANY(`+
			args.add(f.PrimaryCategoryIDs)+`))`)
	}
	if f.TagID != 0 {
		conds = append(conds, `a.id IN (SELECT article_id FROM article_tags WHERE tag_id = `+args.add(f.TagID)+`)`)
	}
	if f.AuthorID != 0 {
		conds = append(conds, `a.id IN (SELECT article_id FROM article_authors WHERE author_id = `+args.add(f.AuthorID)+`)`)
	}
	if f.TitleContains != "" {
		conds = append(conds, `a.title ILIKE `+args.add(likePattern(f.TitleContains))+` ESCAPE '\'`)
	}
	if len(f.ExcludeIDs) > 0 {
		conds = append(conds, `a.id <> ALL(`+args.add(f.ExcludeIDs)+`)`)
	}
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// relatedQuery ranks the articles sharing a tag or a category with the
// source: shared tags first, then whether their primary category is the
// source's, then recency. Its parameters: $1 the source's tag ids, $2 its
// category ids, $3 its primary category id (0 for none), $4 the moment of
// visibility, $5 its id (0 for an unsaved draft), $6 the limit and $7 the
// limit per kind of candidate (both NULL for none).
//
// Every visible article sharing a tag is scored, but only the best limit
// of them can make the cut. Of those sharing only a category, no more
// than the newest limit+1 in the source's categories and the newest
// limit+1 with its primary category can (limit+1 because the source
// itself may be among them). So the final sort sees at most 3 limit + 2
// rows, and the cost follows the size of the tags, not of the sections,
// which hold far more articles. Only ids are ranked, so that sorts never
// carry article bodies.
const relatedQuery = `WITH shared AS MATERIALIZED (
		SELECT article_id, count(*) AS tags FROM article_tags
		WHERE tag_id = ANY($1) GROUP BY article_id
	), top_shared AS (
		SELECT a.id, s.tags,
			EXISTS (SELECT 1 FROM article_categories p
				WHERE p.article_id = a.id AND p.position = 0 AND p.category_id = $3) AS same_primary,
			a.published_at
		FROM shared s
		JOIN articles a ON a.id = s.article_id
		WHERE a.status = 'published' AND a.published_at <= $4 AND a.id <> $5
		ORDER BY tags DESC, same_primary DESC, a.published_at DESC, a.id DESC
		LIMIT $6
	), in_categories AS (
		SELECT a.id FROM articles a
		WHERE a.status = 'published' AND a.published_at <= $4
			AND a.id IN (SELECT article_id FROM article_categories WHERE category_id = ANY($2))
		ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT $7
	), in_primary AS (
		SELECT a.id FROM articles a
		WHERE a.status = 'published' AND a.published_at <= $4
			AND a.id IN (SELECT article_id FROM article_categories WHERE position = 0 AND category_id = $3)
		ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT $7
	), top_unshared AS (
		SELECT a.id, 0::bigint AS tags,
			EXISTS (SELECT 1 FROM article_categories p
				WHERE p.article_id = a.id AND p.position = 0 AND p.category_id = $3) AS same_primary,
			a.published_at
		FROM (SELECT id FROM in_categories UNION SELECT id FROM in_primary) c
		JOIN articles a ON a.id = c.id
		WHERE a.id <> $5 AND NOT EXISTS (SELECT 1 FROM shared s WHERE s.article_id = a.id)
	), ranked AS (
		SELECT * FROM top_shared
		UNION ALL
		SELECT * FROM top_unshared
		ORDER BY tags DESC, same_primary DESC, published_at DESC, id DESC
		LIMIT $6
	)
	SELECT ` + articleColumns + `
	FROM ranked r
	JOIN articles a ON a.id = r.id
	ORDER BY r.tags DESC, r.same_primary DESC, r.published_at DESC, r.id DESC`

// RelatedArticles returns up to limit visible articles ranked against a's
// tags and categories as given, so that it works for an unsaved draft
// too. A limit of zero means no limit.
func (db *DB) RelatedArticles(ctx context.Context, a news.Article, now time.Time, limit int) ([]news.Article, error) {
	tags, cats := tagIDs(a.Tags), categoryIDs(a.Categories)
	if len(tags) == 0 && len(cats) == 0 {
		return nil, nil
	}
	var primary int64
	if c, ok := a.PrimaryCategory(); ok {
		primary = c.ID
	}
	perKind := limitArg(limit)
	if limit > 0 {
		perKind = limit + 1
	}
	var arts []news.Article
	err := db.read(ctx, func(q querier) error {
		var err error
		arts, err = queryArticles(ctx, q, relatedQuery,
			tags, cats, primary, timeArg(now), a.ID, limitArg(limit), perKind)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("articles related to %d: %w", a.ID, err)
	}
	return arts, nil
}

// likePattern matches text anywhere, with LIKE's wildcards in it escaped.
func likePattern(text string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(text) + "%"
}
