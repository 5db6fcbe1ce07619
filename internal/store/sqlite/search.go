package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	modernc "modernc.org/sqlite"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/search"
	"github.com/mastheadhq/masthead/internal/store"
)

// The folding functions are registered with the driver, once per process,
// for the 0002 migration, which folded the articles of its day in SQL
// exactly as search.Parse folds queries (every new database still runs
// it, before 0020 moves the index to the search file, which is folded in
// Go).
func init() {
	modernc.MustRegisterDeterministicScalarFunction("masthead_fold", 1, textFunction(search.FoldText))
	modernc.MustRegisterDeterministicScalarFunction("masthead_fold_html", 1, textFunction(search.FoldHTML))
	modernc.MustRegisterDeterministicScalarFunction("masthead_fold_lede", 1, textFunction(search.FoldLede))
}

func textFunction(fn func(string) string) func(*modernc.FunctionContext, []driver.Value) (driver.Value, error) {
	return func(_ *modernc.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case nil:
			return "", nil
		case string:
			return fn(v), nil
		case []byte:
			return fn(string(v)), nil
		default:
			return fn(fmt.Sprint(v)), nil
		}
	}
}

// Index keys. An entry's rowid is its article's publication time (unix
// seconds, clamped to a range that fits) shifted over the id, so that
// rowid order is publication order, then id order; drafts without a time
// sort below every time. 29 bits hold half a billion article ids.
const (
	keyIDBits   = 29
	keyIDMask   = 1<<keyIDBits - 1
	keyMinTime  = -(1<<33 - 1)
	keyMaxTime  = 1<<34 - 1
	keyUntimed  = -(1 << 62) // plus the id, for articles without a time
	keyFirstDay = keyMinTime << keyIDBits
)

// keyExpr is searchKey in SQL, over the columns of articles a.
// TestSearchKeys holds it to searchKey; the migration's triggers spell it
// too, and the conformance tests that move and delete articles hold them.
const keyExpr = `CASE WHEN a.published_at IS NULL
	THEN a.id - 4611686018427387904
	ELSE (max(min(a.published_at, 17179869183), -8589934591) << 29) | a.id END`

// searchKey is the rowid of an article's index entry.
func searchKey(publishedAt sql.NullInt64, id int64) int64 {
	if !publishedAt.Valid {
		return keyUntimed + id
	}
	return keyAt(publishedAt.Int64) | id
}

// keyAt is the smallest key of the articles published at unix second t.
func keyAt(t int64) int64 {
	return min(max(t, keyMinTime), keyMaxTime) << keyIDBits
}

// searchRows reads what an article's index entries are made of, raw:
// the indexer folds it in Go (insertEntries), after the read. The names
// are the byline, then the tags, as search.DocumentOf joins them; the
// facets are the tokens filters match.
const searchRows = `SELECT a.id, a.published_at, a.title, a.standfirst, a.body,
		concat_ws(' ',
			(SELECT group_concat(au.name, ' ' ORDER BY aa.position)
				FROM article_authors aa JOIN authors au ON au.id = aa.author_id
				WHERE aa.article_id = a.id),
			(SELECT group_concat(t.name, ' ' ORDER BY at.position)
				FROM article_tags at JOIN tags t ON t.id = at.tag_id
				WHERE at.article_id = a.id)),
		concat_ws(' ',
			(SELECT group_concat('` + facetMark + `c' || category_id, ' ') FROM article_categories WHERE article_id = a.id),
			(SELECT group_concat('` + facetMark + `t' || tag_id, ' ') FROM article_tags WHERE article_id = a.id),
			(SELECT group_concat('` + facetMark + `a' || author_id, ' ') FROM article_authors WHERE article_id = a.id))
	FROM articles a`

// indexArticles queues the given articles for the search file
// (search_file.go), which makes their entries again from their rows as
// they stand when it gets to them. Articles this transaction created
// are queued once, with its queue, at its end.
func (db *DB) indexArticles(ctx context.Context, tx *sql.Tx, ids ...int64) error {
	if db.queue != nil {
		ids = slices.DeleteFunc(slices.Clone(ids), db.queue.has)
	}
	if err := checkIndexable(ids); err != nil {
		return err
	}
	return queueForSearch(ctx, tx, ids)
}

// checkIndexable refuses ids the index's keys cannot hold.
func checkIndexable(ids []int64) error {
	for _, id := range ids {
		if id > keyIDMask {
			return fmt.Errorf("index article %d: %w", id, invalid("ids above %d do not fit the search index", keyIDMask))
		}
	}
	return nil
}

// queueForSearch adds ids to search_queue, in their order.
func queueForSearch(ctx context.Context, tx *sql.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("queue for search: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_queue (article_id) SELECT value FROM json_each(?) ORDER BY key`, string(list)); err != nil {
		return fmt.Errorf("queue for search: %w", err)
	}
	return nil
}

// searchQueue holds the articles created inside one Atomic transaction,
// which are queued for search together just before it commits: one row
// each, however many of the transaction's writes touch them (an import
// creates an article, then its links, then its revision).
//
// The queue holds ids, never text: an article created and then changed
// is indexed as its row stands when the indexer gets to it, and one
// rolled back with its savepoint has no row to index.
type searchQueue struct {
	ids  []int64
	seen map[int64]bool
}

func (q *searchQueue) add(id int64) {
	if q.seen == nil {
		q.seen = map[int64]bool{}
	}
	if !q.seen[id] {
		q.seen[id] = true
		q.ids = append(q.ids, id)
	}
}

func (q *searchQueue) has(id int64) bool { return q.seen[id] }

// flush queues the transaction's new articles for the search file.
func (q *searchQueue) flush(ctx context.Context, tx *sql.Tx) error {
	return queueForSearch(ctx, tx, q.ids)
}

// indexNewArticle queues an article just inserted for the search file;
// inside Atomic, with the transaction's queue.
func (db *DB) indexNewArticle(ctx context.Context, tx *sql.Tx, id int64) error {
	if err := checkIndexable([]int64{id}); err != nil {
		return err
	}
	if db.queue != nil {
		db.queue.add(id)
		return nil
	}
	return queueForSearch(ctx, tx, []int64{id})
}

// pruneSearchQueue takes out of the queue the entries the search file
// has applied, up to upTo.
func (db *DB) pruneSearchQueue(ctx context.Context, upTo int64) error {
	_, err := db.exec(ctx, `DELETE FROM search_queue WHERE seq <= ?`, upTo)
	return err
}

// linkedArticles returns the ids of the articles linked to one category,
// tag or author. table and column come from this package, never from
// input.
func linkedArticles(ctx context.Context, tx *sql.Tx, table, column string, id int64) ([]int64, error) {
	var ids []int64
	err := queryEach(ctx, tx, `SELECT article_id FROM `+table+` WHERE `+column+` = ?`, []any{id},
		func(rows *sql.Rows) error {
			var articleID int64
			err := rows.Scan(&articleID)
			ids = append(ids, articleID)
			return err
		})
	return ids, err
}

// queueRenamed queues the articles linked to a tag or author whose name
// changed in a way the index can tell, for ReindexQueued: a rename may
// touch thousands of articles, too many to re-index in its transaction.
// A new spelling of the same folded words changes no entry. table and
// column come from this package, never from input.
func queueRenamed(ctx context.Context, tx *sql.Tx, table, column string, id int64, oldName, newName string) error {
	if search.FoldText(oldName) == search.FoldText(newName) {
		return nil
	}
	return queueLinked(ctx, tx, table, column, id)
}

// queueLinked queues every article linked to one tag or author, for
// ReindexQueued: before a delete or a merge takes the links away, so that
// their entries lose its name without the delete re-indexing thousands
// of articles in its transaction. table and column come from this
// package, never from input.
func queueLinked(ctx context.Context, tx *sql.Tx, table, column string, id int64) error {
	_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO search_reindex (article_id)
		SELECT article_id FROM `+table+` WHERE `+column+` = ?`, id)
	if err != nil {
		return fmt.Errorf("queue linked articles: %w", err)
	}
	return nil
}

// QueuedForReindex lists the articles waiting for ReindexQueued.
func (db *DB) QueuedForReindex(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		ids, err = queuedForReindex(ctx, tx, -1)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("queued for reindex: %w", err)
	}
	return ids, nil
}

// queuedForReindex returns at most limit queued ids (all when negative).
func queuedForReindex(ctx context.Context, tx *sql.Tx, limit int) ([]int64, error) {
	var ids []int64
	err := queryEach(ctx, tx, `SELECT article_id FROM search_reindex ORDER BY article_id LIMIT ?`, []any{limit},
		func(rows *sql.Rows) error {
			var id int64
			err := rows.Scan(&id)
			ids = append(ids, id)
			return err
		})
	return ids, err
}

// ReindexQueued refreshes a batch of queued articles. The writer is one
// connection, so no other write can come between reading the batch and
// indexing it. Articles deleted meanwhile have no row for indexArticles
// to read, and their entries went with them: they are only taken off.
func (db *DB) ReindexQueued(ctx context.Context, limit int) (int, error) {
	if limit <= 0 {
		return 0, fmt.Errorf("reindex queued: %w", invalid("limit must be positive"))
	}
	var n int
	err := db.write(ctx, func(tx *sql.Tx) error {
		ids, err := queuedForReindex(ctx, tx, limit)
		if err != nil || len(ids) == 0 {
			return err
		}
		if err := db.indexArticles(ctx, tx, ids...); err != nil {
			return err
		}
		err = inChunks(ids, func(in string, args []any) error {
			_, err := tx.ExecContext(ctx, `DELETE FROM search_reindex WHERE article_id IN (`+in+`)`, args...)
			return err
		})
		n = len(ids)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("reindex queued: %w", err)
	}
	return n, nil
}

// defaultSearchLimit is the page size when the filter sets none.
const defaultSearchLimit = 10

// headRank weighs a match in the head's columns for bm25: the title says
// most about what an article is about, then the standfirst, then the
// byline and tags, then the lede.
const headRank = `bm25(article_search_head, 10.0, 4.0, 2.0, 2.5)`

// searchJoin checks that the articles found are published. Their time is
// already known to be in range from the key; the check repeats it against
// the article's own row, so that no embargoed story could ever slip out.
// CROSS JOIN keeps the index the outer loop, walking newest first.
const searchJoin = ` CROSS JOIN published_articles p ON p.id = s.rowid & 536870911`

// langJoin reads each match's language, for a search within editions.
const langJoin = ` CROSS JOIN articles la ON la.id = s.rowid & 536870911`

// windowQuery finds the keys of the newest matches, one more than the
// rank window to tell whether older ones were left out. FTS5 walks its
// doclists newest first from the upper bound and stops there, so the cost
// follows the window, not how common the words are, and no auxiliary
// function makes it read positions.
const windowQuery = `SELECT s.rowid FROM article_search s%s
	WHERE article_search MATCH ? AND s.rowid BETWEEN ? AND ?%s
	ORDER BY s.rowid DESC
	LIMIT ?`

// headQuery scores, among the entries in the window's range of keys,
// those whose head holds any of the query's phrases.
const headQuery = `SELECT rowid, ` + headRank + ` FROM article_search_head
	WHERE article_search_head MATCH ? AND rowid BETWEEN ? AND ?`

// SearchArticles finds the newest store.SearchRankWindow matching
// articles, ranks them by how strongly their head (title, standfirst,
// lede, names) matches, then by recency, and returns one page of them,
// with snippets cut from the original text around the words found.
func (db *DB) SearchArticles(ctx context.Context, q search.Query, f store.SearchFilter) (store.SearchResult, error) {
	if f.Limit < 0 || f.Offset < 0 {
		return store.SearchResult{}, fmt.Errorf("search articles: %w", invalid("negative limit or offset"))
	}
	lo, hi := keyRange(f)
	if q.IsZero() || lo > hi {
		return store.SearchResult{}, nil
	}
	limit := f.Limit
	if limit == 0 {
		limit = defaultSearchLimit
	}
	join, where, whereArgs := "", "", []any(nil)
	if !f.VisibleAt.IsZero() {
		join, where, whereArgs = searchJoin, ` AND p.published_at <= ?`, []any{f.VisibleAt.Unix()}
	}
	if f.Langs != nil {
		// The language is looked up by primary key for each match in
		// the window's walk: editions are few, and a facet would need
		// every entry indexed anew.
		join += langJoin
		where += ` AND la.lang IN (` + placeholders(len(f.Langs)) + `)`
		whereArgs = append(whereArgs, stringArgs(f.Langs)...)
	}
	if err := db.awaitSearchIndex(ctx); err != nil {
		return store.SearchResult{}, fmt.Errorf("search articles for %s: %w", q, err)
	}
	var res store.SearchResult
	// Always on a reader, whose connections attach the search file, even
	// inside Atomic: the index holds only what was committed anyway.
	err := readTx(ctx, db.reader, func(tx *sql.Tx) error {
		var keys []int64
		args := slices.Concat([]any{matchExpression(q, f), lo, hi}, whereArgs, []any{store.SearchRankWindow + 1})
		err := queryEach(ctx, tx, fmt.Sprintf(windowQuery, join, where), args, func(rows *sql.Rows) error {
			var key int64
			err := rows.Scan(&key)
			keys = append(keys, key)
			return err
		})
		if err != nil {
			return fmt.Errorf("window: %w", err)
		}
		if res.Truncated = len(keys) > store.SearchRankWindow; res.Truncated {
			keys = keys[:store.SearchRankWindow]
		}
		res.Total = len(keys)
		if f.Offset >= len(keys) {
			return nil
		}
		scores := map[int64]float64{}
		err = queryEach(ctx, tx, headQuery, []any{headExpression(q), keys[len(keys)-1], keys[0]},
			func(rows *sql.Rows) error {
				var key int64
				var score float64
				err := rows.Scan(&key, &score)
				scores[key] = score
				return err
			})
		if err != nil {
			return fmt.Errorf("rank: %w", err)
		}
		// bm25 is negative, lower for a stronger match; a match in the
		// body alone scores zero. Keys are newest first, and the sort is
		// stable, so ties stay newest first.
		slices.SortStableFunc(keys, func(a, b int64) int { return cmp.Compare(scores[a], scores[b]) })
		page := keys[f.Offset:min(f.Offset+limit, len(keys))]
		res.Hits, err = searchHits(ctx, tx, page)
		return err
	})
	if err != nil {
		return store.SearchResult{}, fmt.Errorf("search articles for %s: %w", q, err)
	}
	// Snippets are cut outside the transaction: they need only the
	// articles, and the read snapshot is released sooner.
	for i := range res.Hits {
		if !f.NoSnippets {
			res.Hits[i].Snippet = search.ArticleSnippet(res.Hits[i].Article, q)
		}
	}
	return res, nil
}

// keyRange turns the filter's times into the range of index keys to
// search: published no later than VisibleAt, from From, before To. Without
// any time, drafts are searched too.
func keyRange(f store.SearchFilter) (lo, hi int64) {
	lo, hi = math.MinInt64, math.MaxInt64
	if !f.VisibleAt.IsZero() || !f.From.IsZero() || !f.To.IsZero() {
		lo = keyFirstDay
	}
	if !f.VisibleAt.IsZero() {
		hi = keyAt(f.VisibleAt.Unix()) | keyIDMask
	}
	if !f.From.IsZero() {
		lo = max(lo, keyAt(f.From.Unix()))
	}
	if !f.To.IsZero() {
		hi = min(hi, keyAt(f.To.Unix())-1)
	}
	return lo, hi
}

// searchHits loads the articles behind keys, in the keys' order.
func searchHits(ctx context.Context, tx *sql.Tx, keys []int64) ([]store.SearchHit, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = k & keyIDMask
	}
	arts, err := queryArticles(ctx, tx, `SELECT `+articleColumns+` FROM articles a WHERE a.id IN (`+
		placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]news.Article, len(arts))
	for _, a := range arts {
		byID[a.ID] = a
	}
	hits := make([]store.SearchHit, 0, len(ids))
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			hits = append(hits, store.SearchHit{Article: a})
		}
	}
	return hits, nil
}

// Facet tokens name an article's categories, tags and authors in the
// facets column, for filters. They begin with "ə", a letter news.Fold
// always turns into "e", so no word of a reader's query can ever equal or
// begin one: reader queries need no column filter, which would cost a
// third more time ranking. FuzzParse holds Parse to that.
const facetMark = "ə"

// matchExpression spells q and the filter's categories, tag and author in
// FTS5's query syntax. Every word goes inside double quotes, which makes
// it a string to FTS5 whatever it holds, so no reader input can be read
// as an operator or a column filter; the quotes, operators and column
// names around the words come from here alone.
func matchExpression(q search.Query, f store.SearchFilter) string {
	var b strings.Builder
	b.WriteString("((")
	for i, p := range q.Include {
		if i > 0 {
			b.WriteString(" AND ")
		}
		writePhrase(&b, p)
	}
	b.WriteString(")")
	for _, p := range q.Exclude {
		b.WriteString(" NOT ")
		writePhrase(&b, p)
	}
	b.WriteString(")")
	if len(f.CategoryIDs) > 0 {
		b.WriteString(` AND facets : (`)
		for i, id := range f.CategoryIDs {
			if i > 0 {
				b.WriteString(" OR ")
			}
			fmt.Fprintf(&b, `"%sc%d"`, facetMark, id)
		}
		b.WriteString(")")
	}
	if f.TagID != 0 {
		fmt.Fprintf(&b, ` AND facets : "%st%d"`, facetMark, f.TagID)
	}
	if f.AuthorID != 0 {
		fmt.Fprintf(&b, ` AND facets : "%sa%d"`, facetMark, f.AuthorID)
	}
	return b.String()
}

// headExpression asks the head for any of q's phrases: an article with
// one query word in its title and the rest further down still ranks above
// one with none in its head.
func headExpression(q search.Query) string {
	var b strings.Builder
	for i, p := range q.Include {
		if i > 0 {
			b.WriteString(" OR ")
		}
		writePhrase(&b, p)
	}
	return b.String()
}

func writePhrase(b *strings.Builder, p search.Phrase) {
	b.WriteByte('"')
	b.WriteString(strings.ReplaceAll(strings.Join(p.Words, " "), `"`, `""`))
	b.WriteByte('"')
	if p.Prefix {
		b.WriteString(" *")
	}
}
