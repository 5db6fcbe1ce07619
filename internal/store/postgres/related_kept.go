package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// cardColumns are articleColumns without the body, which teasers do not
// show: eight bodies are most of the bytes a related list would read.
var cardColumns = strings.Replace(articleColumns, "a.body", "'' AS body", 1)

// keptQuery reads an article's kept related list (migration 16) with the
// newest version at which the list of visible articles of any of its
// sections and topics ($2) moved.
const keptQuery = `SELECT k.related, k.max_count, k.terms, k.version, k.valid_until,
		coalesce((SELECT max(version) FROM list_versions WHERE key = ANY($2)), 0)
	FROM related_kept k WHERE k.article_id = $1`

// keptCardsQuery reads the kept stories ($1) in their order, those still
// visible at $2 and in the language $3 only.
var keptCardsQuery = `SELECT ` + cardColumns + ` FROM unnest($1::bigint[]) WITH ORDINALITY AS k(id, n)
	JOIN articles a ON a.id = k.id
	WHERE a.status = 'published' AND a.published_at <= $2 AND a.lang = $3
	ORDER BY k.n`

// KeptRelatedArticles serves an article's related stories from the list
// kept in related_kept while it is fresh, and ranks them again (then
// keeps the new list) when it is not. See store.Articles.
func (db *DB) KeptRelatedArticles(ctx context.Context, a news.Article, now time.Time, limit int) ([]news.Article, error) {
	if a.ID == 0 || limit <= 0 || db.tx != nil {
		arts, err := db.RelatedArticles(ctx, a, now, limit)
		return asCards(arts), err
	}
	tags, cats := tagIDs(a.Tags), categoryIDs(a.Categories)
	if len(tags) == 0 && len(cats) == 0 {
		return nil, nil
	}
	terms := relatedTerms(a.Lang, cats, tags)
	var arts []news.Article
	var fill *keptList
	err := db.read(ctx, func(q querier) error {
		var err error
		var ok bool
		if arts, ok, err = readKept(ctx, q, a, terms, now, limit); err != nil || ok {
			return err
		}
		fill, err = rankToKeep(ctx, q, a, now, limit)
		if err == nil {
			arts = fill.arts
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("kept articles related to %d: %w", a.ID, err)
	}
	if fill != nil {
		db.keep(ctx, a.ID, terms, limit, fill)
	}
	return arts, nil
}

// relatedTerms is what a related list is ranked against: the article's
// language, its categories in order (the first is the primary) and its
// tags.
func relatedTerms(lang string, cats, tags []int64) string {
	return fmt.Sprintf("%s|%v|%v", lang, cats, tags)
}

// listKeys are the change keys whose move can change a's related list:
// every candidate shares a section or a topic with a, so a story joining,
// leaving, re-dated in or re-filed into the candidates moves one of them.
func listKeys(a news.Article) []string {
	keys := make([]string, 0, len(a.Categories)+len(a.Tags))
	for _, c := range a.Categories {
		keys = append(keys, store.CategoryListKey(c.ID))
	}
	for _, t := range a.Tags {
		keys = append(keys, store.TagListKey(t.ID))
	}
	return keys
}

// readKept returns a's kept list when it is still what ranking would
// give (ok), with the stories read fresh.
func readKept(ctx context.Context, q querier, a news.Article, terms string, now time.Time, limit int) ([]news.Article, bool, error) {
	var ids []int64
	var keptTerms string
	var maxCount int
	var version, listVersion int64
	var validUntil *time.Time
	err := q.QueryRow(ctx, keptQuery, a.ID, listKeys(a)).Scan(&ids, &maxCount, &keptTerms, &version, &validUntil, &listVersion)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if keptTerms != terms || maxCount != limit || listVersion > version ||
		(validUntil != nil && !now.Before(*validUntil)) {
		return nil, false, nil
	}
	if len(ids) == 0 {
		return nil, true, nil
	}
	arts, err := queryArticles(ctx, q, keptCardsQuery, ids, timeArg(now), a.Lang)
	if err != nil {
		return nil, false, err
	}
	arts = asCards(arts)
	// A kept story that is gone, hidden again or moved to another edition
	// without moving a list (its language changed) is ranked anew.
	return arts, len(arts) == len(ids), nil
}

// keptList is a freshly ranked list and what keeping it needs.
type keptList struct {
	arts       []news.Article
	version    int64
	validUntil *time.Time
}

// rankToKeep ranks a's related stories as RelatedArticles does, in the
// same snapshot as the change version and the next scheduled publication
// it is kept with: a write committed after it stamps its keys with a
// higher version than the one kept.
func rankToKeep(ctx context.Context, q querier, a news.Article, now time.Time, limit int) (*keptList, error) {
	var l keptList
	err := q.QueryRow(ctx, `SELECT (SELECT version FROM change_counter WHERE id = 1),
			(SELECT min(published_at) FROM articles WHERE status = 'published' AND published_at > $1)`,
		timeArg(now)).Scan(&l.version, &l.validUntil)
	if err != nil {
		return nil, err
	}
	arts, err := relatedIn(ctx, q, a, now, limit)
	if err != nil {
		return nil, err
	}
	l.arts = asCards(arts)
	return &l, nil
}

// keep stores a freshly ranked list. It is only a cache: a failure (the
// article deleted meanwhile, a slow primary) is not the page's, and the
// next reader ranks again. It goes straight to the pool: it changes no
// version, so no page cache need wake for it. A replica cannot be
// written; its nodes read the lists that nodes on the primary keep.
func (db *DB) keep(ctx context.Context, id int64, terms string, limit int, l *keptList) {
	if db.replica {
		return
	}
	ids := make([]int64, len(l.arts))
	for i, a := range l.arts {
		ids[i] = a.ID
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), keepWait)
	defer cancel()
	_, _ = db.pool.Exec(ctx, `INSERT INTO related_kept (article_id, related, max_count, terms, version, valid_until)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (article_id) DO UPDATE SET related = excluded.related, max_count = excluded.max_count,
			terms = excluded.terms, version = excluded.version, valid_until = excluded.valid_until`,
		id, ids, limit, terms, l.version, l.validUntil)
}

// keepWait bounds how long a page waits to keep its related list.
const keepWait = 50 * time.Millisecond

// asCards drops what KeptRelatedArticles does not return (store.AsTeaser),
// so that a list ranked now and one read back are alike.
func asCards(arts []news.Article) []news.Article {
	for i := range arts {
		arts[i] = store.AsTeaser(arts[i])
	}
	return arts
}
