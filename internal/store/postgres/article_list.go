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
// Limit and Offset, for paging. With f.CountLimit the rows are cut off
// before they are counted, so the count stops after that many.
func (db *DB) CountArticles(ctx context.Context, f store.ArticleFilter) (int, error) {
	if f.CountLimit < 0 {
		return 0, fmt.Errorf("count articles: %w", invalid("negative count limit"))
	}
	var args sqlArgs
	where := articleWhere(f, &args)
	query := `SELECT count(*) FROM articles a` + where
	if f.CountLimit > 0 {
		query = `SELECT count(*) FROM (SELECT 1 FROM articles a` + where +
			` LIMIT ` + args.add(f.CountLimit) + `) capped`
	}
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
	if f.Langs != nil {
		conds = append(conds, `a.lang = ANY(`+args.add(f.Langs)+`)`)
	}
	if len(f.TranslationGroups) > 0 {
		conds = append(conds, `a.translation_group = ANY(`+args.add(f.TranslationGroups)+`)`)
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
// limit per category list (both NULL for none), $8 the window per tag,
// $9 the source's language.
//
// The candidates are each tag's newest $8 articles by id, read backwards
// from article_tags_tag (a LATERAL join stops each tag's walk there), and
// the newest limit+1 visible articles in the source's categories and with
// its primary category: of the articles sharing only a category, no
// others can make the cut (limit+1 because the source itself may be among
// them). Every candidate's shared tags are then counted exactly through
// article_tags' primary key, and its primary category looked up through
// article_categories': both scalar subqueries, run once per candidate
// (EXISTS or a join may become a hash of the whole section). So the query reads at most
// tags × window + 2 (limit+1) candidates whatever the size of the archive.
// Only ids are ranked, so that sorts never carry article bodies.
const relatedQuery = `WITH in_categories AS (
		SELECT a.id FROM articles a
		WHERE a.status = 'published' AND a.published_at <= $4 AND a.lang = $9
			AND a.id IN (SELECT article_id FROM article_categories WHERE category_id = ANY($2))
		ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT $7
	), in_primary AS (
		SELECT a.id FROM articles a
		WHERE a.status = 'published' AND a.published_at <= $4 AND a.lang = $9
			AND a.id IN (SELECT article_id FROM article_categories WHERE position = 0 AND category_id = $3)
		ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT $7
	), candidates AS MATERIALIZED (
		SELECT newest.article_id AS id FROM unnest($1::bigint[]) AS t(id)
		CROSS JOIN LATERAL (SELECT article_id FROM article_tags
			WHERE tag_id = t.id ORDER BY article_id DESC LIMIT $8) AS newest
		UNION
		SELECT id FROM in_categories
		UNION
		SELECT id FROM in_primary
	), ranked AS (
		SELECT a.id,
			(SELECT count(*) FROM article_tags at
				WHERE at.article_id = a.id AND at.tag_id = ANY($1)) AS tags,
			coalesce((SELECT true FROM article_categories p
				WHERE p.article_id = a.id AND p.category_id = $3 AND p.position = 0), false) AS same_primary,
			a.published_at
		FROM candidates c
		JOIN articles a ON a.id = c.id
		WHERE a.status = 'published' AND a.published_at <= $4 AND a.id <> $5 AND a.lang = $9
		ORDER BY tags DESC, same_primary DESC, a.published_at DESC, a.id DESC
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
	var arts []news.Article
	err := db.read(ctx, func(q querier) error {
		var err error
		arts, err = relatedIn(ctx, q, a, now, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("articles related to %d: %w", a.ID, err)
	}
	return arts, nil
}

// relatedIn is RelatedArticles inside the read transaction q.
func relatedIn(ctx context.Context, q querier, a news.Article, now time.Time, limit int) ([]news.Article, error) {
	tags, cats := tagIDs(a.Tags), categoryIDs(a.Categories)
	var primary int64
	if c, ok := a.PrimaryCategory(); ok {
		primary = c.ID
	}
	perKind := limitArg(limit)
	if limit > 0 {
		perKind = limit + 1
	}
	return queryArticles(ctx, q, relatedQuery,
		tags, cats, primary, timeArg(now), a.ID, limitArg(limit), perKind, store.RelatedTagWindow, a.Lang)
}

// likePattern matches text anywhere, with LIKE's wildcards in it escaped.
func likePattern(text string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(text) + "%"
}
