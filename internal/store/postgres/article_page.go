package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// ArticleWithRelated reads an article page's article and its related
// stories in one read transaction (one snapshot), where ArticleBySlug
// and KeptRelatedArticles take two. See store.Articles.
func (db *DB) ArticleWithRelated(ctx context.Context, slug string, now time.Time, limit int) (news.Article, []news.Article, error) {
	if db.tx != nil || limit <= 0 {
		return db.articleThenRelated(ctx, slug, now, limit)
	}
	var a news.Article
	var related []news.Article
	var fill *keptList
	var terms string
	err := db.read(ctx, func(q querier) error {
		arts, err := queryArticles(ctx, q, `SELECT `+articleColumns+` FROM articles a WHERE a.slug = $1`, slug)
		if err != nil {
			return err
		}
		if len(arts) == 0 {
			return news.ErrNotFound
		}
		a = arts[0]
		tags, cats := tagIDs(a.Tags), categoryIDs(a.Categories)
		if !a.VisibleAt(now) || (len(tags) == 0 && len(cats) == 0) {
			return nil
		}
		terms = relatedTerms(a.Lang, cats, tags)
		var ok bool
		if related, ok, err = readKept(ctx, q, a, terms, now, limit); err != nil || ok {
			return err
		}
		if fill, err = rankToKeep(ctx, q, a, now, limit); err == nil {
			related = fill.arts
		}
		return err
	})
	if err != nil {
		return news.Article{}, nil, fmt.Errorf("article page %q: %w", slug, err)
	}
	if fill != nil {
		db.keep(ctx, a.ID, terms, limit, fill)
	}
	return a, related, nil
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
