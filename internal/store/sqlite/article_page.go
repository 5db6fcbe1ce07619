package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// articlePageQuery reads an article with its kept related list (NULLs
// when there is none), the version of the change log the read sees (for
// the related index) and the newest version at which one of the lists
// the kept list depends on moved: listKeys, spelled here from the links
// as stored, as the change triggers spell them (migration 13), and
// store.KeyEverything (the first argument).
var articlePageQuery = `SELECT ` + articleColumns + `,
		k.related, k.max_count, k.terms, k.version, k.valid_until,
		coalesce((SELECT max(version) FROM list_versions WHERE key IN (
			SELECT ?
			UNION ALL SELECT 'list:category:' || category_id FROM article_categories WHERE article_id = a.id
			UNION ALL SELECT 'list:tag:' || tag_id FROM article_tags WHERE article_id = a.id)), 0),
		(SELECT coalesce(max(version), 0) FROM change_kinds)
	FROM articles a LEFT JOIN related_kept k ON k.article_id = a.id
	WHERE a.slug = ?`

// ArticleWithRelated reads an article page's article and its related
// stories in one read transaction, with the relations of both loaded
// together: six queries where ArticleBySlug and KeptRelatedArticles take
// ten in two transactions. See store.Articles.
func (db *DB) ArticleWithRelated(ctx context.Context, slug string, now time.Time, limit int) (news.Article, []news.Article, error) {
	if db.tx != nil || limit <= 0 {
		return db.articleThenRelated(ctx, slug, now, limit)
	}
	p := articlePage{db: db}
	err := db.read(ctx, func(tx *sql.Tx) error { return p.read(ctx, tx, slug, now, limit) })
	if err != nil {
		return news.Article{}, nil, fmt.Errorf("article page %q: %w", slug, err)
	}
	if p.fill != nil {
		db.keep(ctx, p.article.ID, p.terms, limit, p.fill)
	}
	return p.article, p.related, nil
}

// articleThenRelated is ArticleWithRelated in two steps, for a store
// inside Atomic (which ranks without keeping) and for no related list.
func (db *DB) articleThenRelated(ctx context.Context, slug string, now time.Time, limit int) (news.Article, []news.Article, error) {
	a, err := db.ArticleBySlug(ctx, slug)
	if err != nil || !a.VisibleAt(now) {
		return a, nil, err
	}
	related, err := db.KeptRelatedArticles(ctx, a, now, limit)
	if err != nil {
		return news.Article{}, nil, err
	}
	return a, related, nil
}

// articlePage is one read of ArticleWithRelated.
type articlePage struct {
	db      *DB
	article news.Article
	related []news.Article
	// fill is a list ranked because the kept one was stale, to keep once
	// the read is over; terms is what it was ranked against.
	fill  *keptList
	terms string
}

// keptRow is related_kept's row for an article, all NULL without one.
type keptRow struct {
	related             sql.NullString
	maxCount            sql.NullInt64
	terms               sql.NullString
	version, validUntil sql.NullInt64
	listVersion         int64
	// changeVersion is the version of the change log the read sees.
	changeVersion int64
}

// fresh reports whether the kept list may serve: kept for this limit,
// after its lists last moved, and before a scheduled story came due.
// Whether it was ranked against the article's terms is checked once
// they are loaded.
func (k keptRow) fresh(now time.Time, limit int) bool {
	return k.related.Valid && k.maxCount.Int64 == int64(limit) && k.listVersion <= k.version.Int64 &&
		!(k.validUntil.Valid && now.Unix() >= k.validUntil.Int64)
}

func (p *articlePage) read(ctx context.Context, tx *sql.Tx, slug string, now time.Time, limit int) error {
	var k keptRow
	found := false
	err := queryEach(ctx, tx, articlePageQuery, []any{store.KeyEverything, slug}, func(rows *sql.Rows) error {
		var err error
		p.article, err = scanArticle(withExtra{rows, []any{&k.related, &k.maxCount, &k.terms, &k.version, &k.validUntil, &k.listVersion, &k.changeVersion}})
		found = true
		return err
	})
	if err != nil {
		return err
	}
	if !found {
		return news.ErrNotFound
	}
	all := []news.Article{p.article}
	if !p.article.VisibleAt(now) {
		err := loadArticleRelations(ctx, tx, all)
		p.article = all[0]
		return err
	}
	// The related stories, kept or else ranked in memory, are read before
	// the article's sections and topics are loaded, so that both load
	// their relations together; a kept list ranked against other terms is
	// rare (an edit of the article) and costs a ranking anyway.
	var ids []int64
	related, inMemory := k.related.String, false
	if k.fresh(now, limit) {
		if err := json.Unmarshal([]byte(related), &ids); err != nil {
			return err
		}
	} else if ids, inMemory = p.db.related.rankedInMemory(ctx, p.db, k.changeVersion, rankTerms{id: p.article.ID}, true, now, limit); inMemory {
		list, _ := json.Marshal(ids)
		related = string(list)
	}
	if k.fresh(now, limit) || inMemory {
		if len(ids) > 0 {
			err := queryEach(ctx, tx, keptCardsQuery, []any{related, now.Unix(), p.article.Lang}, func(rows *sql.Rows) error {
				a, err := scanTeaser(rows)
				all = append(all, a)
				return err
			})
			if err != nil {
				return err
			}
		}
	}
	if err := loadRelations(ctx, tx, all, 1); err != nil {
		return err
	}
	p.article = all[0]
	if inMemory && len(all)-1 == len(ids) {
		if len(ids) > 0 {
			p.related = all[1:]
		}
		return nil
	}
	a := p.article
	tags, cats := tagIDs(a.Tags), categoryIDs(a.Categories)
	if len(tags) == 0 && len(cats) == 0 {
		return nil
	}
	p.terms = relatedTerms(a.Lang, cats, tags)
	// A kept story that is gone, hidden again or moved to another edition
	// without moving a list (its language changed) is ranked anew.
	if !inMemory && k.fresh(now, limit) && k.terms.String == p.terms && len(all)-1 == len(ids) {
		if len(ids) > 0 {
			p.related = all[1:]
		}
		return nil
	}
	p.fill, err = rankToKeep(ctx, tx, a, now, limit)
	if err != nil {
		return err
	}
	p.related = p.fill.arts
	return nil
}

// withExtra scans a row of a query's usual columns followed by extra
// ones, so that the usual scan function reads the first.
type withExtra struct {
	rows  *sql.Rows
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.rows.Scan(append(dest, w.extra...)...) }
