package postgres

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/search"
	"github.com/mastheadhq/masthead/internal/store"
)

// Limits of the tsvector type. A longer word cannot be stored, and no
// query word comes near it (search.MaxWordRunes); positions past the last
// one share it, as to_tsvector does; a word's positions past the maximum
// are dropped, which only caps how much its repetitions add to the rank.
const (
	maxLexemeBytes     = 2047
	maxPosition        = 16383
	maxLexemePositions = 256
)

// searchWeights are ts_rank's weights for D (body), C (names), B
// (standfirst) and A (title): the ratios of the SQLite backend's bm25
// column weights, 1 : 2.5 : 4 : 10.
const searchWeights = `'{0.1, 0.25, 0.4, 1.0}'`

// documentVector spells an article's index entry in tsvector's input
// syntax: every word of each folded field with its position and weight.
// Fields are a position apart, so that a phrase cannot match across the
// end of the title and the start of the standfirst, as it cannot across
// the SQLite index's columns.
func documentVector(d search.Document) string {
	type lexeme struct {
		word      string
		positions []string
	}
	var lexemes []*lexeme
	byWord := map[string]*lexeme{}
	pos := 0
	for _, field := range []struct {
		text   string
		weight string
	}{{d.Title, "A"}, {d.Standfirst, "B"}, {d.Names, "C"}, {d.Body, "D"}} {
		for _, w := range search.SplitWords(field.text) {
			pos = min(pos+1, maxPosition)
			if len(w) > maxLexemeBytes {
				continue
			}
			lx := byWord[w]
			if lx == nil {
				lx = &lexeme{word: w}
				byWord[w] = lx
				lexemes = append(lexemes, lx)
			}
			if len(lx.positions) < maxLexemePositions {
				lx.positions = append(lx.positions, strconv.Itoa(pos)+field.weight)
			}
		}
		pos = min(pos+1, maxPosition)
	}
	var b strings.Builder
	for i, lx := range lexemes {
		if i > 0 {
			b.WriteByte(' ')
		}
		writeLexeme(&b, lx.word)
		b.WriteByte(':')
		b.WriteString(strings.Join(lx.positions, ","))
	}
	return b.String()
}

// tsQuery spells q in tsquery's input syntax. Every word is a quoted
// lexeme, so nothing a reader types can be read as an operator; the
// operators come from here alone. The cast from text applies no parser
// or dictionary, so the words reach the index exactly as search.Parse
// folded them.
func tsQuery(q search.Query) string {
	var b strings.Builder
	for i, p := range q.Include {
		if i > 0 {
			b.WriteString(" & ")
		}
		writePhrase(&b, p)
	}
	for _, p := range q.Exclude {
		b.WriteString(" & !")
		writePhrase(&b, p)
	}
	return b.String()
}

// writePhrase writes the words of p next to each other (<->), the last
// one as a prefix when p asks for it.
func writePhrase(b *strings.Builder, p search.Phrase) {
	b.WriteByte('(')
	for i, w := range p.Words {
		if i > 0 {
			b.WriteString(" <-> ")
		}
		writeLexeme(b, w)
		if p.Prefix && i == len(p.Words)-1 {
			b.WriteString(":*")
		}
	}
	b.WriteByte(')')
}

// writeLexeme quotes w for tsvector and tsquery input, where a quote and
// a backslash inside quotes are escaped by a backslash.
func writeLexeme(b *strings.Builder, w string) {
	b.WriteByte('\'')
	for _, r := range w {
		if r == '\'' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
}

// indexChunk bounds how many articles one round of indexArticles reads,
// so that re-indexing the thousands of articles under a renamed tag does
// not hold all their bodies in memory at once.
const indexChunk = 500

// indexArticles replaces the index entries of the given articles with
// ones made from their rows as they stand in the transaction. Articles
// that no longer exist are skipped: their entries went with them.
func indexArticles(ctx context.Context, q querier, ids ...int64) error {
	for start := 0; start < len(ids); start += indexChunk {
		if err := indexChunkOf(ctx, q, ids[start:min(start+indexChunk, len(ids))]); err != nil {
			return err
		}
	}
	return nil
}

func indexChunkOf(ctx context.Context, q querier, ids []int64) error {
	var indexed []int64
	var documents []string
	err := queryEach(ctx, q, `SELECT a.id, a.title, a.standfirst, a.body,
			ARRAY(SELECT au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id
				WHERE aa.article_id = a.id ORDER BY aa.position),
			ARRAY(SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
				WHERE at.article_id = a.id ORDER BY at.position)
		FROM articles a WHERE a.id = ANY($1)`, []any{ids},
		func(rows pgx.Rows) error {
			var a news.Article
			var authors, tags []string
			if err := rows.Scan(&a.ID, &a.Title, &a.Standfirst, &a.Body, &authors, &tags); err != nil {
				return err
			}
			for _, name := range authors {
				a.Authors = append(a.Authors, news.Author{Name: name})
			}
			for _, name := range tags {
				a.Tags = append(a.Tags, news.Tag{Name: name})
			}
			indexed = append(indexed, a.ID)
			documents = append(documents, documentVector(search.DocumentOf(a)))
			return nil
		})
	if err != nil {
		return fmt.Errorf("read articles to index: %w", err)
	}
	if len(indexed) == 0 {
		return nil
	}
	_, err = q.Exec(ctx, `INSERT INTO article_search (article_id, document)
		SELECT u.id, u.document::tsvector FROM unnest($1::bigint[], $2::text[]) AS u(id, document)
		ON CONFLICT (article_id) DO UPDATE SET document = excluded.document`, indexed, documents)
	if err != nil {
		return fmt.Errorf("index articles: %w", err)
	}
	return nil
}

// indexAllArticles indexes every stored article, for the migration that
// creates the index.
func indexAllArticles(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, `SELECT id FROM articles ORDER BY id`)
	if err != nil {
		return err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	return indexArticles(ctx, tx, ids...)
}

// lockForReindex locks the row of a tag or author whose articles are about
// to be re-indexed, returning news.ErrNotFound when there is none. FOR
// UPDATE is stronger than a rename needs, and that is the point: an
// article being linked to the term holds a key-share lock on its row
// from the foreign key check, which FOR UPDATE waits for, so that the
// articles read next include it; and an article linked after the lock
// waits for the rename, so that it is indexed with the new name. Without
// it, an article saved at the moment of a rename could keep the old name
// in its entry. table comes from this package, never from input.
func lockForReindex(ctx context.Context, q querier, table string, id int64) error {
	var one int
	return q.QueryRow(ctx, `SELECT 1 FROM `+table+` WHERE id = $1 FOR UPDATE`, id).Scan(&one)
}

// queueRenamed queues the articles linked to a tag or author whose name
// changed in a way the index can tell, for ReindexQueued: each entry is
// built in Go from the article's whole text, and a rename may touch
// thousands of articles, too many for its transaction. A new spelling of
// the same folded words changes no entry. The caller holds the term's
// row FOR UPDATE (see lockForReindex), so an article being linked to it
// meanwhile is either queued here or indexed with the new name.
//
// A conflict updates queued_at rather than doing nothing: DO UPDATE
// waits for a drain that holds the row and is about to take it off with
// an entry made from the old name, then queues the article again.
// table and column come from this package, never from input.
func queueRenamed(ctx context.Context, q querier, table, column string, id int64, oldName, newName string) error {
	if search.FoldText(oldName) == search.FoldText(newName) {
		return nil
	}
	return queueLinked(ctx, q, table, column, id)
}

// queueLinked queues every article linked to one tag or author, for
// ReindexQueued, as queueRenamed does and under the same row lock: before
// a delete or a merge takes the links away, so that their entries lose
// its name without the delete re-indexing thousands of articles in its
// transaction. table and column come from this package, never from
// input.
func queueLinked(ctx context.Context, q querier, table, column string, id int64) error {
	_, err := q.Exec(ctx, `INSERT INTO search_reindex (article_id)
		SELECT article_id FROM `+table+` WHERE `+column+` = $1
		ON CONFLICT (article_id) DO UPDATE SET queued_at = excluded.queued_at`, id)
	if err != nil {
		return fmt.Errorf("queue linked articles: %w", err)
	}
	return nil
}

// QueuedForReindex lists the articles waiting for ReindexQueued.
func (db *DB) QueuedForReindex(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := db.read(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT article_id FROM search_reindex ORDER BY article_id`, nil,
			func(rows pgx.Rows) error {
				var id int64
				err := rows.Scan(&id)
				ids = append(ids, id)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("queued for reindex: %w", err)
	}
	return ids, nil
}

// ReindexQueued refreshes a batch of queued articles. Drains on several
// nodes skip each other's batches (SKIP LOCKED), and wait for nothing:
// an article some transaction is writing at that moment is left queued
// for a later batch, since waiting for its row could close a cycle with
// a rename waiting for the queue. The articles indexed are held FOR
// SHARE, so that a save cannot commit between the read here and the
// entry written from it, leaving an older text in the index.
func (db *DB) ReindexQueued(ctx context.Context, limit int) (int, error) {
	if limit <= 0 {
		return 0, fmt.Errorf("reindex queued: %w", invalid("limit must be positive"))
	}
	var n int
	err := db.write(ctx, func(q querier) error {
		n = 0
		queued, err := idsOf(ctx, q, `SELECT article_id FROM search_reindex
			ORDER BY article_id LIMIT $1 FOR UPDATE SKIP LOCKED`, limit)
		if err != nil || len(queued) == 0 {
			return err
		}
		held, err := idsOf(ctx, q, `SELECT id FROM articles WHERE id = ANY($1) FOR SHARE SKIP LOCKED`, queued)
		if err != nil {
			return err
		}
		existing, err := idsOf(ctx, q, `SELECT id FROM articles WHERE id = ANY($1)`, queued)
		if err != nil {
			return err
		}
		// Taken: the articles held, and those deleted, which are only
		// taken off. Left: those existing but not held, being written.
		take := slices.DeleteFunc(queued, func(id int64) bool {
			return slices.Contains(existing, id) && !slices.Contains(held, id)
		})
		if err := indexArticles(ctx, q, take...); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `DELETE FROM search_reindex WHERE article_id = ANY($1)`, take); err != nil {
			return err
		}
		n = len(take)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("reindex queued: %w", err)
	}
	return n, nil
}

// idsOf runs a query of one bigint column.
func idsOf(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	var ids []int64
	err := queryEach(ctx, q, query, args, func(rows pgx.Rows) error {
		var id int64
		err := rows.Scan(&id)
		ids = append(ids, id)
		return err
	})
	return ids, err
}

// defaultSearchLimit is the page size when the filter sets none.
const defaultSearchLimit = 10

// searchQuery finds the matching articles, keeps the newest
// store.SearchRankWindow of them by publication time, then id (undated
// drafts last), ranks those and returns one page, as the SQLite backend
// does; one more match than the window is read, to tell whether older
// ones were left out. Its parameters: $1 the tsquery, $2 the window, $3
// and $4 the page's limit and offset, then the filter's.
//
// It is one statement so that the matches are found once: the first
// column counts them, and the page comes through a lateral join from a
// single row, so that an empty page still brings the count. With the
// LIMIT, the planner can walk the articles newest first and stop at the
// window for common words, or collect a rare word's few matches from the
// GIN index.
//
// This is slower than SQLite's FTS5 for words that are common but not
// everywhere, and for several common words at once: GIN knows neither
// the order of articles nor the positions of words, so the walk reads
// each walked article's whole entry out of TOAST to test it, and ranking
// reads the window's. The RUM extension would store both in the index;
// it is not required of a server, so this backend does without.
const searchQuery = `WITH matches AS MATERIALIZED (
		SELECT s.article_id AS id, a.published_at, s.document
		FROM article_search s JOIN articles a ON a.id = s.article_id
		WHERE s.document @@ $1::tsquery%s
		ORDER BY a.published_at DESC NULLS LAST, a.id DESC
		LIMIT $2 + 1
	), newest AS (
		SELECT * FROM matches
		ORDER BY published_at DESC NULLS LAST, id DESC
		LIMIT $2
	)
	SELECT (SELECT count(*) FROM matches), page.id
	FROM (SELECT) AS one
	LEFT JOIN LATERAL (
		SELECT n.id, n.published_at,
			ts_rank(` + searchWeights + `, n.document, $1::tsquery) AS rank
		FROM newest n
		ORDER BY rank DESC, n.published_at DESC NULLS LAST, n.id DESC
		LIMIT $3 OFFSET $4
	) AS page ON true
	ORDER BY page.rank DESC, page.published_at DESC NULLS LAST, page.id DESC`

// SearchArticles ranks the newest store.SearchRankWindow matching
// articles and returns one page of them, with snippets cut from the
// original text around the words found.
func (db *DB) SearchArticles(ctx context.Context, q search.Query, f store.SearchFilter) (store.SearchResult, error) {
	if f.Limit < 0 || f.Offset < 0 {
		return store.SearchResult{}, fmt.Errorf("search articles: %w", invalid("negative limit or offset"))
	}
	if q.IsZero() {
		return store.SearchResult{}, nil
	}
	limit := f.Limit
	if limit == 0 {
		limit = defaultSearchLimit
	}
	where, args := searchWhere(f, tsQuery(q), store.SearchRankWindow, limit, f.Offset)
	var res store.SearchResult
	err := db.read(ctx, func(tx querier) error {
		// How to find the matches depends wholly on how common the words
		// are, which a cached generic plan cannot know: after a few runs
		// PostgreSQL would settle on one plan for every query, and walk
		// the archive row by row for a word that is in no article.
		if _, err := tx.Exec(ctx, `SET LOCAL plan_cache_mode = force_custom_plan`); err != nil {
			return err
		}
		var ids []int64
		var matches int
		err := queryEach(ctx, tx, fmt.Sprintf(searchQuery, where), args, func(rows pgx.Rows) error {
			var id *int64
			if err := rows.Scan(&matches, &id); err != nil {
				return err
			}
			if id != nil {
				ids = append(ids, *id)
			}
			return nil
		})
		if err != nil {
			return err
		}
		res.Total = min(matches, store.SearchRankWindow)
		res.Truncated = matches > store.SearchRankWindow
		if len(ids) == 0 {
			return nil
		}
		arts, err := queryArticles(ctx, tx, `SELECT `+articleColumns+` FROM articles a WHERE a.id = ANY($1)`, ids)
		if err != nil {
			return err
		}
		byID := make(map[int64]news.Article, len(arts))
		for _, a := range arts {
			byID[a.ID] = a
		}
		for _, id := range ids {
			if a, ok := byID[id]; ok {
				res.Hits = append(res.Hits, store.SearchHit{Article: a})
			}
		}
		return nil
	})
	if err != nil {
		return store.SearchResult{}, fmt.Errorf("search articles for %s: %w", q, err)
	}
	// Snippets are cut outside the transaction: they need only the
	// articles, and the connection goes back to the pool sooner.
	if !f.NoSnippets {
		for i := range res.Hits {
			res.Hits[i].Snippet = search.ArticleSnippet(res.Hits[i].Article, q)
		}
	}
	return res, nil
}

// searchWhere turns the filter into conditions on articles a, each
// starting with " AND ", to follow the match. The query's leading
// arguments come first, so that their placeholders are $1, $2 and on.
// Without a time in the filter, undated drafts are searched too.
func searchWhere(f store.SearchFilter, leading ...any) (string, []any) {
	args := sqlArgs(leading)
	var b strings.Builder
	add := func(cond string) {
		b.WriteString(" AND ")
		b.WriteString(cond)
	}
	if !f.VisibleAt.IsZero() {
		add(`a.status = 'published' AND a.published_at <= ` + args.add(timeArg(f.VisibleAt)))
	}
	if len(f.CategoryIDs) > 0 {
		add(`a.id IN (SELECT article_id FROM article_categories WHERE category_id = ANY(` + args.add(f.CategoryIDs) + `))`)
	}
	if f.TagID != 0 {
		add(`a.id IN (SELECT article_id FROM article_tags WHERE tag_id = ` + args.add(f.TagID) + `)`)
	}
	if f.AuthorID != 0 {
		add(`a.id IN (SELECT article_id FROM article_authors WHERE author_id = ` + args.add(f.AuthorID) + `)`)
	}
	if f.Langs != nil {
		add(`a.lang = ANY(` + args.add(f.Langs) + `)`)
	}
	if !f.From.IsZero() {
		add(`a.published_at >= ` + args.add(timeArg(f.From)))
	}
	if !f.To.IsZero() {
		add(`a.published_at < ` + args.add(timeArg(f.To)))
	}
	return b.String(), args
}
