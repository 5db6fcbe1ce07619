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

// teaserColumns are the columns of articles a teaser shows
// (store.AsTeaser), which scanTeaser reads: a third of articleColumns, and
// no body, which would be most of the bytes a related list reads.
const teaserColumns = `a.id, a.title, a.slug, a.standfirst, a.word_count, a.status,
	a.published_at, a.updated_at, a.created_at, a.image_id, a.lang`

// scanTeaser reads teaserColumns. The image is a stand-in holding only its
// id until the relations are loaded.
func scanTeaser(s scanner) (news.Article, error) {
	var a news.Article
	var status string
	var published, updated, created, image sql.NullInt64
	err := s.Scan(&a.ID, &a.Title, &a.Slug, &a.Standfirst, &a.WordCount, &status,
		&published, &updated, &created, &image, &a.Lang)
	if err != nil {
		return news.Article{}, err
	}
	a.Status = news.Status(status)
	a.PublishedAt, a.UpdatedAt, a.CreatedAt = timeFromUnix(published), timeFromUnix(updated), timeFromUnix(created)
	a.Image = imageRef(image)
	return a, nil
}

// keptQuery reads an article's kept related list (migration 16) with the
// newest version at which the list of visible articles of any of its
// sections and topics (the %s placeholders) moved.
const keptQuery = `SELECT k.related, k.max_count, k.terms, k.version, k.valid_until,
		coalesce((SELECT max(version) FROM list_versions WHERE key IN (%s)), 0)
	FROM related_kept k WHERE k.article_id = ?`

// keptCardsQuery reads the kept stories in their order, those still
// visible and in the language only.
var keptCardsQuery = `SELECT ` + teaserColumns + ` FROM json_each(?) j
	CROSS JOIN articles a ON a.id = j.value
	WHERE a.status = 'published' AND a.published_at <= ? AND a.lang = ?
	ORDER BY j.key`

// KeptRelatedArticles serves an article's related stories from the list
// kept in related_kept while it is fresh. When it is not, the related
// index ranks them in memory if it has caught up with this read
// (related_index.go); otherwise they are ranked in SQL and the new list
// kept. See store.Articles.
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
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		var ok bool
		if arts, ok, err = readKept(ctx, tx, a, terms, now, limit); err != nil || ok {
			return err
		}
		t := rankTerms{id: a.ID, lang: a.Lang, cats: cats, tags: tags}
		if arts, ok, err = db.relatedInMemory(ctx, tx, t, now, limit); err != nil || ok {
			return err
		}
		fill, err = rankToKeep(ctx, tx, a, now, limit)
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

// relatedInMemory ranks t's related stories with the related index
// (related_index.go) and reads them, when the index stands for the
// version tx sees (ok).
func (db *DB) relatedInMemory(ctx context.Context, tx *sql.Tx, t rankTerms, now time.Time, limit int) ([]news.Article, bool, error) {
	version, err := changeVersion(ctx, tx)
	if err != nil {
		return nil, false, err
	}
	ids, ok := db.related.rankedInMemory(ctx, db, version, t, false, now, limit)
	if !ok || len(ids) == 0 {
		return nil, ok, nil
	}
	list, _ := json.Marshal(ids)
	arts, err := queryCards(ctx, tx, keptCardsQuery, string(list), now.Unix(), t.lang)
	return arts, err == nil && len(arts) == len(ids), err
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
	// A bulk write (an import) logs one change of everything, which
	// moves every list at once (migration 17).
	keys := make([]string, 0, len(a.Categories)+len(a.Tags)+1)
	keys = append(keys, store.KeyEverything)
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
func readKept(ctx context.Context, tx *sql.Tx, a news.Article, terms string, now time.Time, limit int) ([]news.Article, bool, error) {
	keys := listKeys(a)
	var related, keptTerms string
	var maxCount int
	var version, listVersion int64
	var validUntil sql.NullInt64
	err := tx.QueryRowContext(ctx, fmt.Sprintf(keptQuery, placeholders(len(keys))),
		append(stringArgs(keys), a.ID)...).Scan(&related, &maxCount, &keptTerms, &version, &validUntil, &listVersion)
	if err == sql.ErrNoRows {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if keptTerms != terms || maxCount != limit || listVersion > version ||
		(validUntil.Valid && now.Unix() >= validUntil.Int64) {
		return nil, false, nil
	}
	var ids []int64
	if err := json.Unmarshal([]byte(related), &ids); err != nil {
		return nil, false, err
	}
	if len(ids) == 0 {
		return nil, true, nil
	}
	arts, err := queryCards(ctx, tx, keptCardsQuery, related, now.Unix(), a.Lang)
	if err != nil {
		return nil, false, err
	}
	// A kept story that is gone, hidden again or moved to another edition
	// without moving a list (its language changed) is ranked anew.
	return arts, len(arts) == len(ids), nil
}

// keptList is a freshly ranked list and what keeping it needs.
type keptList struct {
	arts       []news.Article
	version    int64
	validUntil sql.NullInt64
}

// rankToKeep ranks a's related stories as RelatedArticles does, in the
// same snapshot as the change version and the next scheduled publication
// it is kept with: a write after it raises the version past the one kept.
func rankToKeep(ctx context.Context, tx *sql.Tx, a news.Article, now time.Time, limit int) (*keptList, error) {
	var l keptList
	err := tx.QueryRowContext(ctx, `SELECT (SELECT coalesce(max(version), 0) FROM change_kinds),
			(SELECT published_at FROM articles WHERE status = 'published' AND published_at > ?
				ORDER BY published_at LIMIT 1)`, now.Unix()).Scan(&l.version, &l.validUntil)
	if err != nil {
		return nil, err
	}
	if l.arts, err = rankRelated(ctx, tx, a, now, limit, true); err != nil {
		return nil, err
	}
	return &l, nil
}

// queryCards is queryArticles for a query selecting teaserColumns: the
// articles as teasers, with the relations a teaser shows.
func queryCards(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]news.Article, error) {
	var arts []news.Article
	err := queryEach(ctx, tx, query, args, func(rows *sql.Rows) error {
		a, err := scanTeaser(rows)
		arts = append(arts, a)
		return err
	})
	if err != nil {
		return nil, err
	}
	return arts, loadCardRelations(ctx, tx, arts)
}

// keep stores a freshly ranked list. It is only a cache: when the writer
// is busy (an import, a burst of saves) the page does not wait for it and
// a later reader keeps the list instead, and a failure is not the page's.
// It writes no change version, so no page cache wakes for it.
func (db *DB) keep(ctx context.Context, id int64, terms string, limit int, l *keptList) {
	if db.writer.Stats().InUse > 0 {
		return
	}
	ids := make([]int64, len(l.arts))
	for i, a := range l.arts {
		ids[i] = a.ID
	}
	related, _ := json.Marshal(ids)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), keepWait)
	defer cancel()
	_, _ = db.writer.ExecContext(ctx, `INSERT INTO related_kept (article_id, related, max_count, terms, version, valid_until)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (article_id) DO UPDATE SET related = excluded.related, max_count = excluded.max_count,
			terms = excluded.terms, version = excluded.version, valid_until = excluded.valid_until`,
		id, string(related), limit, terms, l.version, l.validUntil)
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
