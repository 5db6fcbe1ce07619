package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// ListArticles returns the matching articles newest first, with their
// relations.
func (db *DB) ListArticles(ctx context.Context, f store.ArticleFilter) ([]news.Article, error) {
	if f.Limit < 0 || f.Offset < 0 {
		return nil, fmt.Errorf("list articles: %w", invalid("negative limit or offset"))
	}
	arts, ok, err := db.listFromNewest(ctx, f)
	if err != nil || ok {
		return arts, err
	}
	query, args, sparse := sparseSectionQuery(f)
	if !sparse {
		var where string
		where, args = articleWhere(f, false)
		query = `SELECT ` + articleColumns + ` FROM articles a ` + where +
			` ORDER BY a.published_at DESC, a.id DESC`
		switch {
		case f.Limit > 0:
			query += ` LIMIT ? OFFSET ?`
			args = append(args, f.Limit, f.Offset)
		case f.Offset > 0:
			query += ` LIMIT -1 OFFSET ?` // SQLite has no OFFSET without LIMIT
			args = append(args, f.Offset)
		}
	}
	err = db.read(ctx, func(tx *sql.Tx) error {
		var err error
		arts, err = queryArticles(ctx, tx, query, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	return arts, nil
}

// ArticlesAfter returns up to limit articles whose id is above afterID,
// by id ascending, with their relations. The primary key is the table's
// rowid, so each page is a seek and a short range scan however far the
// walk has gone.
func (db *DB) ArticlesAfter(ctx context.Context, afterID int64, limit int) ([]news.Article, error) {
	if limit < 1 {
		return nil, fmt.Errorf("articles after %d: %w", afterID, invalid("limit %d is below 1", limit))
	}
	var arts []news.Article
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		arts, err = queryArticles(ctx, tx, `SELECT `+articleColumns+` FROM articles a
			WHERE a.id > ? ORDER BY a.id LIMIT ?`, afterID, limit)
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
	where, args := articleWhere(f, false)
	query := `SELECT count(*) FROM articles a ` + where
	switch {
	case f.CountLimit > 0 && len(f.CategoryIDs) > 0:
		query, args = countInCategories(f)
	case f.CountLimit > 0:
		query = `SELECT count(*) FROM (SELECT 1 FROM articles a ` + where + ` LIMIT ?)`
		args = append(args, f.CountLimit)
	}
	var n int
	err := db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, query, args...).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	return n, nil
}

// articleWhere turns a filter into a WHERE clause over articles a. The
// relation filters are IN subqueries so that SQLite can choose between
// walking the newest-first index and starting from the relation's index,
// whichever is smaller.
//
// With probe, the relation filters are EXISTS lookups of one article's
// rows instead, for a query that already walks articles in order and must
// not first collect every article of a large section.
func articleWhere(f store.ArticleFilter, probe bool) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, condArgs ...any) {
		conds = append(conds, cond)
		args = append(args, condArgs...)
	}
	if !f.VisibleAt.IsZero() {
		add(`a.status = 'published' AND a.published_at <= ?`, f.VisibleAt.Unix())
	}
	if f.Status != "" {
		add(`a.status = ?`, string(f.Status))
	}
	related := func(table, cond string) string {
		if probe {
			return `EXISTS (SELECT 1 FROM ` + table + ` WHERE article_id = a.id AND ` + cond + `)`
		}
		return `a.id IN (SELECT article_id FROM ` + table + ` WHERE ` + cond + `)`
	}
	if len(f.CategoryIDs) > 0 {
		add(related("article_categories", `category_id IN (`+placeholders(len(f.CategoryIDs))+`)`),
			int64Args(f.CategoryIDs)...)
	}
	if len(f.PrimaryCategoryIDs) > 0 {
		add(related("article_categories", `position = 0 AND category_id IN (`+
			placeholders(len(f.PrimaryCategoryIDs))+`)`), int64Args(f.PrimaryCategoryIDs)...)
	}
	if f.TagID != 0 {
		add(related("article_tags", `tag_id = ?`), f.TagID)
	}
	if f.AuthorID != 0 {
		add(related("article_authors", `author_id = ?`), f.AuthorID)
	}
	if f.TitleContains != "" {
		add(`a.title LIKE ? ESCAPE '\'`, likePattern(f.TitleContains))
	}
	if len(f.ExcludeIDs) > 0 {
		add(`a.id NOT IN (`+placeholders(len(f.ExcludeIDs))+`)`, int64Args(f.ExcludeIDs)...)
	}
	if f.Langs != nil {
		add(`a.lang IN (`+placeholders(len(f.Langs))+`)`, stringArgs(f.Langs)...)
	}
	if len(f.TranslationGroups) > 0 {
		add(`a.translation_group IN (`+placeholders(len(f.TranslationGroups))+`)`, int64Args(f.TranslationGroups)...)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return "WHERE " + strings.Join(conds, " AND "), args
}

// newestWindow is how many of the newest articles listFromNewest reads
// per article wanted: enough for a section holding one article in
// fifty. maxNewestWindow bounds the walk, so that a deep page goes
// straight to the full query. Variables so that a test can shrink the
// window and make both outcomes happen on a small archive.
var (
	newestWindow    = 50
	maxNewestWindow = 5000
)

// listFromNewest tries a listing filtered by a relation the cheap way:
// it walks the newest visible articles in order, looking each one's
// relations up by primary key, and stops after a window of
// newestWindow × (Offset+Limit) articles. The full query's IN subquery
// instead collects every article of the section first, which grows with
// the archive (docs/decisions.md). The window holds the newest articles
// that pass every filter but the relations, so the matches in it are the
// first of the full list: when it yields a whole page, that page is the
// answer (ok). Otherwise the section is too sparse for the walk and the
// caller runs the full query.
func (db *DB) listFromNewest(ctx context.Context, f store.ArticleFilter) ([]news.Article, bool, error) {
	page, args, ok := newestQuery(f)
	if !ok {
		return nil, false, nil
	}
	// Only ids and dates are filtered and sorted; the page's rows are
	// read last, so that no sort carries article bodies.
	query := `SELECT ` + articleColumns + ` FROM (` + page + `) p
		CROSS JOIN articles a ON a.id = p.id -- CROSS keeps the page outermost
		ORDER BY p.published_at DESC, p.id DESC`
	var arts []news.Article
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		arts, err = queryArticles(ctx, tx, query, args...)
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("list articles: %w", err)
	}
	return arts, len(arts) == f.Limit, nil
}

// newestQuery is listFromNewest's walk: the ids and dates of page f
// among the window of newest articles, or not ok when f has no relation
// filter to probe, searches titles, or wants too deep a page.
func newestQuery(f store.ArticleFilter) (string, []any, bool) {
	if !walksNewest(f) {
		return "", nil, false
	}
	window := newestWindow * (f.Offset + f.Limit)
	// The language is the newest walk's: the window holds the
	// edition's newest articles, as the reader asks for.
	newest, args := articleWhere(store.ArticleFilter{VisibleAt: f.VisibleAt, Status: f.Status, Langs: f.Langs}, false)
	rest := f
	rest.VisibleAt, rest.Status, rest.Langs = time.Time{}, "", nil
	where, whereArgs := articleWhere(rest, true)
	query := `SELECT a.id, a.published_at FROM (
			SELECT a.id, a.published_at FROM articles a ` + newest + `
			ORDER BY a.published_at DESC, a.id DESC LIMIT ?
		) a ` + where + `
		ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?`
	return query, append(append(append(args, window), whereArgs...), f.Limit, f.Offset), true
}

// sparseSectionQuery is the first pages of a section that listFromNewest
// found too sparse among the newest articles: a section the newest
// window holds fewer than a page of, such as the sections an import of
// older posts made. The full query then walked the edition's visible
// articles from the newest down, probing each against the section, until
// it had a page: thousands of index entries for a page of five (1.5 ms a
// section block, ten blocks on the front page after an import). This one
// starts from the section's rows in article_categories, looks each
// article up in articles_by_id_visible and sorts only ids and dates, so
// it reads the section, which the window says is small where it matters,
// and the page's rows last. Not ok for deep pages and for filters on
// other relations or on titles, which keep the full query.
func sparseSectionQuery(f store.ArticleFilter) (string, []any, bool) {
	if !walksNewest(f) || len(f.CategoryIDs) == 0 || len(f.PrimaryCategoryIDs) > 0 || f.TagID != 0 || f.AuthorID != 0 {
		return "", nil, false
	}
	cond, args := sectionRowsWhere(f)
	// An article filed in two of the categories is listed once.
	page := `SELECT DISTINCT a.id, a.published_at FROM article_categories ac
		CROSS JOIN articles a INDEXED BY articles_by_id_visible ON a.id = ac.article_id ` + cond + `
		ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?`
	args = append(args, f.Limit, f.Offset)
	return `SELECT ` + articleColumns + ` FROM (` + page + `) p
		CROSS JOIN articles a ON a.id = p.id -- CROSS keeps the page outermost
		ORDER BY p.published_at DESC, p.id DESC`, args, true
}

// sectionRowsWhere is the WHERE clause of a query that starts from the
// rows of f's sections in article_categories (ac) and joins each article
// (a): the sections, and f's other conditions probed per article.
func sectionRowsWhere(f store.ArticleFilter) (string, []any) {
	rest := f
	rest.CategoryIDs = nil
	where, whereArgs := articleWhere(rest, true)
	cond := `WHERE ac.category_id IN (` + placeholders(len(f.CategoryIDs)) + `)`
	if where != "" {
		cond += " AND " + strings.TrimPrefix(where, "WHERE ")
	}
	return cond, append(int64Args(f.CategoryIDs), whereArgs...)
}

// walksNewest reports whether listFromNewest tries f: a shallow page of
// a listing filtered by a relation, not by titles or translations.
func walksNewest(f store.ArticleFilter) bool {
	relations := len(f.CategoryIDs) > 0 || len(f.PrimaryCategoryIDs) > 0 || f.TagID != 0 || f.AuthorID != 0
	return relations && f.TitleContains == "" && len(f.TranslationGroups) == 0 && f.Limit > 0 &&
		newestWindow*(f.Offset+f.Limit) <= maxNewestWindow
}

// countInCategories is a capped count of a section's articles that starts
// from the section's rows in article_categories and looks each article up
// in articles_by_id_visible (migration 11), so that it reads about
// CountLimit small index entries however large the section is, where
// the IN subquery first collects the whole section. An article in two of
// the categories is counted once.
func countInCategories(f store.ArticleFilter) (string, []any) {
	cond, args := sectionRowsWhere(f)
	distinct := ""
	if len(f.CategoryIDs) > 1 {
		distinct = "DISTINCT "
	}
	return `SELECT count(*) FROM (SELECT ` + distinct + `ac.article_id FROM article_categories ac
		CROSS JOIN articles a INDEXED BY articles_by_id_visible ON a.id = ac.article_id ` + cond +
		` LIMIT ?)`, append(args, f.CountLimit)
}

// relatedQuery ranks the articles sharing a tag or a category with the
// source: shared tags first, then whether their primary category is the
// source's, then recency.
//
// The candidates are each tag's newest store.RelatedTagWindow articles by
// id, one bounded walk backwards down article_tags_tag per tag (%[1]s,
// built by newestTagged: SQLite has no LATERAL join), and the ids in the
// JSON array parameter: the newest limit+1 visible articles in the source's categories
// and with its primary category, found beforehand by sectionCandidates.
// Of the articles sharing only a category, no others can make the cut
// (limit+1 because the source itself may be among them). Every
// candidate's shared tags are then counted exactly through article_tags'
// primary key. So the query reads at most tags × window + 2 (limit+1)
// candidates whatever the size of the archive. Only ids are ranked, so
// that sorts never carry article bodies.
const relatedQuery = `WITH candidates(id) AS MATERIALIZED (
		%[1]s
		SELECT value FROM json_each(?)
	), ranked AS (
		SELECT a.id,
			-- The unary + makes this one walk along the candidate's own
			-- few tags instead of a seek for each of the source's.
			(SELECT count(*) FROM article_tags at
				WHERE at.article_id = a.id AND +at.tag_id IN (%[2]s)) AS tags,
			EXISTS (SELECT 1 FROM article_categories p
				WHERE p.article_id = a.id AND p.category_id = ? AND p.position = 0) AS same_primary,
			a.published_at
		FROM candidates c
		-- CROSS keeps candidates outermost; the index (migration 11) holds
		-- what the ranking reads, so no candidate's whole row is read.
		CROSS JOIN articles a INDEXED BY articles_by_id_visible ON a.id = c.id
		WHERE a.status = 'published' AND a.published_at <= ? AND a.id <> ? AND a.lang = ?
		ORDER BY tags DESC, same_primary DESC, a.published_at DESC, a.id DESC
		LIMIT ?
	)
	SELECT ` + articleColumns + `
	FROM ranked r
	CROSS JOIN articles a ON a.id = r.id
	ORDER BY r.tags DESC, r.same_primary DESC, r.published_at DESC, r.id DESC`

// newestTagged is relatedQuery's first candidates: for each of n tags,
// a walk down article_tags_tag from its newest article, each followed by
// UNION. A subquery keeps each LIMIT its own tag's.
func newestTagged(n int) string {
	return strings.Repeat(`SELECT article_id FROM (SELECT article_id FROM article_tags
			WHERE tag_id = ? ORDER BY article_id DESC LIMIT ?)
		UNION
		`, n)
}

// RelatedArticles returns up to limit visible articles ranked against a's
// tags and categories as given, so that it works for an unsaved draft
// too. A limit of zero means no limit.
func (db *DB) RelatedArticles(ctx context.Context, a news.Article, now time.Time, limit int) ([]news.Article, error) {
	tags, cats := tagIDs(a.Tags), categoryIDs(a.Categories)
	if len(tags) == 0 && len(cats) == 0 {
		return nil, nil
	}
	var arts []news.Article
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		arts, err = relatedIn(ctx, tx, a, now, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("articles related to %d: %w", a.ID, err)
	}
	return arts, nil
}

// relatedIn is RelatedArticles inside the read transaction tx.
func relatedIn(ctx context.Context, tx *sql.Tx, a news.Article, now time.Time, limit int) ([]news.Article, error) {
	return rankRelated(ctx, tx, a, now, limit, false)
}

// rankRelated is relatedIn, reading the related stories whole or, with
// asCards, as teasers (store.AsTeaser).
func rankRelated(ctx context.Context, tx *sql.Tx, a news.Article, now time.Time, limit int, asCards bool) ([]news.Article, error) {
	tags, cats := tagIDs(a.Tags), categoryIDs(a.Categories)
	var primary int64
	if c, ok := a.PrimaryCategory(); ok {
		primary = c.ID
	}
	inSections, err := sectionCandidates(ctx, tx, cats, primary, a.Lang, now, limit)
	if err != nil {
		return nil, err
	}
	// SQLite accepts an empty IN list, so an article with tags but
	// no categories, or the reverse, needs no other query.
	query := fmt.Sprintf(relatedQuery, newestTagged(len(tags)), placeholders(len(tags)))
	args := relatedArgs(a.ID, a.Lang, tags, inSections, primary, now.Unix(), limit)
	if !asCards {
		return queryArticles(ctx, tx, query, args...)
	}
	return queryCards(ctx, tx, strings.Replace(query, articleColumns, teaserColumns, 1), args...)
}

// sectionCandidates returns the ids of the newest limit+1 visible
// articles in any of cats and of those whose primary category is primary,
// all of them when limit is zero. Each list is found as listings are,
// walking the newest articles first (newestIDs).
func sectionCandidates(ctx context.Context, tx *sql.Tx, cats []int64, primary int64, lang string, now time.Time, limit int) ([]int64, error) {
	if len(cats) == 0 {
		return nil, nil
	}
	n := limit + 1
	if limit <= 0 {
		n = 0
	}
	langs := []string{lang}
	ids, err := newestIDs(ctx, tx, store.ArticleFilter{VisibleAt: now, CategoryIDs: cats, Langs: langs, Limit: n})
	if err != nil || primary == 0 {
		return ids, err
	}
	inPrimary, err := newestIDs(ctx, tx, store.ArticleFilter{VisibleAt: now, PrimaryCategoryIDs: []int64{primary}, Langs: langs, Limit: n})
	// A story among the newest of both lists is one candidate: the
	// tags' UNION would merge it, but an article without tags has none.
	ids = append(ids, inPrimary...)
	slices.Sort(ids)
	return slices.Compact(ids), err
}

// newestIDs returns the ids ListArticles would list for f, which holds
// VisibleAt, relation filters and Limit only: first through the window of
// newest articles (listFromNewest), then, when that falls short, through
// the full query.
func newestIDs(ctx context.Context, tx *sql.Tx, f store.ArticleFilter) ([]int64, error) {
	if query, args, ok := newestQuery(f); ok {
		ids, err := queryIDs(ctx, tx, `SELECT id FROM (`+query+`)`, args...)
		if err != nil || len(ids) == f.Limit {
			return ids, err
		}
	}
	where, args := articleWhere(f, false)
	query := `SELECT a.id FROM articles a ` + where + ` ORDER BY a.published_at DESC, a.id DESC`
	if f.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	return queryIDs(ctx, tx, query, args...)
}

func queryIDs(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]int64, error) {
	var ids []int64
	err := queryEach(ctx, tx, query, args, func(rows *sql.Rows) error {
		var id int64
		ids = append(ids, id)
		return rows.Scan(&ids[len(ids)-1])
	})
	return ids, err
}

// relatedArgs lists relatedQuery's parameters in the order they appear.
func relatedArgs(id int64, lang string, tags, inSections []int64, primary, now int64, limit int) []any {
	if limit <= 0 {
		limit = -1 // SQLite reads a negative LIMIT as none
	}
	var args []any
	for _, id := range tags { // candidates
		args = append(args, id, store.RelatedTagWindow)
	}
	// A JSON array rather than placeholders: without a limit the list
	// may be longer than SQLite allows parameters.
	list, _ := json.Marshal(append([]int64{}, inSections...)) // [] for none, not null
	args = append(args, string(list))
	args = append(args, int64Args(tags)...)     // ranked: tags
	args = append(args, primary, now, id, lang) // ranked: the rest
	return append(args, limit)
}

// likePattern matches text anywhere, with LIKE's wildcards in it escaped.
// SQLite's LIKE ignores the case of ASCII letters only.
func likePattern(text string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(text) + "%"
}
