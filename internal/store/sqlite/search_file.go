package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mastheadhq/masthead/internal/search"
	"github.com/mastheadhq/masthead/internal/store/querystats"
)

// The search index lives in a file of its own beside the database (the
// database's path with searchFileSuffix), so that a connection of its
// own can write it while the writer writes the database: SQLite lets one
// connection write a file at a time, and the index was half of the
// writer's work in an import (migration 0020). Writes queue the articles
// whose entries must change, in search_queue, in their own transaction;
// the indexer below applies the queue to the search file in order and
// records there the last entry it applied, in the same transaction as
// the entries, so a crash between the two files loses nothing and
// applies nothing twice that matters (an entry is always made from the
// article's row as it stands).
//
// The file holds only what can be made again from the database: a file
// that is missing, that was made for another database (search_file's
// token), or that has applied more than the database ever queued (a
// backup restored under it) is emptied and rebuilt from the articles, a
// thousand at a time, while searches answer from what is built.
const searchFileSuffix = "-search"

// Files lists the files kept for the database at path: the database, its
// search file, and the log, index and journal SQLite may keep beside
// each. A copy or a move of a database takes them all, or only the first
// (its search file is then made anew).
func Files(path string) []string {
	var files []string
	for _, base := range []string{path, path + searchFileSuffix} {
		files = append(files, base, base+"-wal", base+"-shm", base+"-journal")
	}
	return files
}

// searchSchemaVersion is the search file's user_version. A file of
// another version is rebuilt: it holds nothing that cannot be made again.
const searchSchemaVersion = 1

// searchStateTable records how far the file got: applied is the last
// search_queue entry applied; rebuild_next, while a rebuild runs, the
// smallest article id not yet indexed by it.
const searchStateTable = `CREATE TABLE IF NOT EXISTS search_state (
	id           INTEGER PRIMARY KEY CHECK (id = 1),
	token        TEXT    NOT NULL,
	applied      INTEGER NOT NULL,
	rebuild_next INTEGER
) STRICT`

// searchSchema makes the rest of the file. The full-text tables are as
// migration 0002 made them in the database (see there for why they are
// contentless, keyed by time and folded in Go); search_entries remembers
// each article's key, so that an article that moved in time or went away
// can be taken out without its old row. The tables keep FTS5's settings
// but in an import's batches (bulkSearchConfig).
var searchSchema = []string{
	`CREATE TABLE search_entries (
		article_id INTEGER PRIMARY KEY,
		key        INTEGER NOT NULL
	) STRICT`,
	`CREATE VIRTUAL TABLE article_search USING fts5(
		title, standfirst, body, names, facets,
		content = '', contentless_delete = 1,
		tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4')`,
	`CREATE VIRTUAL TABLE article_search_head USING fts5(
		title, standfirst, lede, names,
		content = '', contentless_delete = 1,
		tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4')`,
	fmt.Sprintf(`PRAGMA user_version = %d`, searchSchemaVersion),
}

// searchFilePragmas are set on the indexer's connection. A merge of
// FTS5's segments rewrites hundreds of megabytes in one transaction at
// 100,000 articles, and the log keeps the size of the largest: once a
// checkpoint has copied it back, it is cut to 64 MiB.
var searchFilePragmas = []string{"journal_size_limit(67108864)"}

// attachConnector attaches a second database file to every connection
// it makes.
type attachConnector struct {
	driver.Connector
	file, schema string // schema comes from this package, never from input
	cacheKiB     int
}

func (c attachConnector) Connect(ctx context.Context) (driver.Conn, error) {
	cn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	ex, ok := cn.(driver.ExecerContext)
	if !ok {
		cn.Close()
		return nil, errors.New("sqlite: connection cannot attach")
	}
	if _, err := ex.ExecContext(ctx, `ATTACH DATABASE ? AS `+c.schema, []driver.NamedValue{{Ordinal: 1, Value: c.file}}); err != nil {
		cn.Close()
		return nil, fmt.Errorf("attach %s: %w", c.schema, err)
	}
	// Each attached file has a page cache of its own on the connection,
	// sized for its pool of readers (readerCaches).
	if _, err := ex.ExecContext(ctx, `PRAGMA `+c.schema+`.cache_size = -`+strconv.Itoa(c.cacheKiB), nil); err != nil {
		cn.Close()
		return nil, fmt.Errorf("attach %s: %w", c.schema, err)
	}
	return cn, nil
}

// openAttached is openPool whose connections attach file as schema.
func openAttached(dsn string, queries *querystats.Hook, file, schema string, cacheKiB int) *sql.DB {
	return sql.OpenDB(attachConnector{querystats.Connector(sqliteDriver, dsn, queries, true), file, schema, cacheKiB})
}

// searchIndexer applies search_queue to the search file, in a goroutine
// of its own, on a connection of the file's own. It reads the site on a
// reader connection of its own (never waiting for one that pages hold,
// while it holds the file's lock), in short transactions (one for a
// batch's ids and keys, one per chunk of rows): a reader that stayed in
// the site's log while the batch was
// written would keep the writer from starting the log again, and an
// import's log would grow by every batch. Its statements are counted
// apart from the requests' (querystats).
type searchIndexer struct {
	pool  *sql.DB // the search file
	site  *sql.DB // a reader of the database's, the indexer's own
	prune func(ctx context.Context, upTo int64) error

	kickc  chan struct{}
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu       sync.Mutex
	progress chan struct{} // closed, and replaced, at every commit

	// bulk is set once the process writes in bulk (an import): its
	// batches then write the index as bulkSearchConfig says.
	bulk atomic.Bool

	pruned   atomic.Int64 // the queue holds nothing at or below this
	prunedAt atomic.Int64 // when, in Unix nanoseconds; or the indexer's start
	pruning  atomic.Bool
}

// searchBatchSize is how many articles one indexer transaction takes:
// enough that a batch writes few segments, few enough that the file's
// lock is never held for long.
const searchBatchSize = 1000

// searchPoll is how often an idle indexer looks for entries queued by
// another process (an import beside the server).
const searchPoll = time.Second

// openSearchFile opens the search file of the database at sitePath and
// empties it when it is not this database's; site is a pool on the
// database (its writer, idle while the database opens).
func openSearchFile(ctx context.Context, sitePath string, queries *querystats.Hook, site *sql.DB) (*sql.DB, error) {
	pool := openPool(dsn(sitePath+searchFileSuffix, append(slices.Clone(pragmas), searchFilePragmas...)), queries)
	pool.SetMaxOpenConns(1)
	pool.SetMaxIdleConns(1)
	pool.SetConnMaxLifetime(0)
	pool.SetConnMaxIdleTime(0)
	if err := prepareSearchFile(ctx, pool, site); err != nil {
		pool.Close()
		return nil, fmt.Errorf("search file: %w", err)
	}
	// From now on a file held by another process's indexer (an import's,
	// beside a server) is left to it: this one tries again later rather
	// than wait its turn and take half of the other's work.
	if _, err := pool.ExecContext(ctx, `PRAGMA busy_timeout = 0`); err != nil {
		pool.Close()
		return nil, fmt.Errorf("search file: %w", err)
	}
	return pool, nil
}

// startIndexer starts applying the queue to the search file pool.
func startIndexer(pool, site *sql.DB, prune func(context.Context, int64) error) *searchIndexer {
	ctx, cancel := context.WithCancel(context.Background())
	ix := &searchIndexer{pool: pool, site: site, prune: prune, kickc: make(chan struct{}, 1), cancel: cancel, progress: make(chan struct{})}
	ix.prunedAt.Store(time.Now().UnixNano())
	ix.wg.Go(func() { ix.run(ctx) })
	return ix
}

// prepareSearchFile makes the file's schema when it has none or another
// version, and starts a rebuild when the file is not this database's.
func prepareSearchFile(ctx context.Context, pool, site *sql.DB) error {
	// A look without the lock first: a command opening the database
	// beside a server finds the file as it should be, and must not wait
	// for the server's indexer.
	if searchFileFits(ctx, pool, site) {
		return nil
	}
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// The first write takes the file's lock before the site is read, so
	// that two processes opening at once prepare it one after the other.
	if _, err := tx.ExecContext(ctx, searchStateTable); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE search_state SET applied = applied`); err != nil {
		return err
	}
	var version int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return err
	}
	if version != searchSchemaVersion {
		if err := remakeSearchSchema(ctx, tx); err != nil {
			return err
		}
	}
	token, issued, err := siteQueueState(ctx, site)
	if err != nil {
		return err
	}
	var stored sql.NullString
	var applied int64
	err = tx.QueryRowContext(ctx, `SELECT token, applied FROM search_state`).Scan(&stored, &applied)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if stored.String != token || applied > issued {
		if err := resetSearchFile(ctx, tx, token, issued); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// searchFileFits reports whether the file is of this version and this
// database's, and not ahead of it; any doubt, and prepareSearchFile looks
// again under the lock.
func searchFileFits(ctx context.Context, pool, site *sql.DB) bool {
	var version int
	var stored string
	var applied int64
	if pool.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version) != nil || version != searchSchemaVersion {
		return false
	}
	if pool.QueryRowContext(ctx, `SELECT token, applied FROM search_state`).Scan(&stored, &applied) != nil {
		return false
	}
	token, issued, err := siteQueueState(ctx, site)
	return err == nil && stored == token && applied <= issued
}

// siteQueueState reads the database's token for its search file and the
// last queue sequence number it ever issued.
func siteQueueState(ctx context.Context, site *sql.DB) (token string, issued int64, err error) {
	err = site.QueryRowContext(ctx, `SELECT (SELECT token FROM search_file),
		coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'search_queue'), 0)`).Scan(&token, &issued)
	return token, issued, err
}

func remakeSearchSchema(ctx context.Context, tx *sql.Tx) error {
	for _, stmt := range []string{
		`DROP TABLE IF EXISTS search_entries`,
		`DROP TABLE IF EXISTS article_search`,
		`DROP TABLE IF EXISTS article_search_head`,
		`DELETE FROM search_state`,
	} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	for _, stmt := range searchSchema {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// resetSearchFile empties the file and starts a rebuild that counts the
// queue as applied up to issued: what is queued after that, the queue
// applies once the rebuild is done.
func resetSearchFile(ctx context.Context, tx *sql.Tx, token string, issued int64) error {
	for _, stmt := range []string{
		`INSERT INTO article_search (article_search) VALUES ('delete-all')`,
		`INSERT INTO article_search_head (article_search_head) VALUES ('delete-all')`,
		`DELETE FROM search_entries`,
		`DELETE FROM search_state`,
	} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO search_state (id, token, applied, rebuild_next) VALUES (1, ?, ?, 0)`, token, issued)
	return err
}

// close stops the indexer, waiting for its transaction to roll back, and
// closes the search file.
func (ix *searchIndexer) close() error {
	if ix == nil {
		return nil
	}
	ix.cancel()
	ix.wg.Wait()
	return errors.Join(ix.site.Close(), ix.pool.Close())
}

// kick wakes the indexer: a write has just committed.
func (ix *searchIndexer) kick() {
	if ix == nil {
		return
	}
	select {
	case ix.kickc <- struct{}{}:
	default:
	}
}

func (ix *searchIndexer) run(ctx context.Context) {
	for {
		// A step is not cancelled half-way: database/sql would give its
		// connections back from a goroutine of its own, after close had
		// returned, and the last of them to close holds the database
		// while it checkpoints (a backup's check of the file it had just
		// written found it locked). close waits for the step instead, a
		// batch at most.
		n, err := ix.step(context.WithoutCancel(ctx))
		if ctx.Err() != nil {
			return
		}
		if err == nil && n > 0 {
			ix.announce()
			continue
		}
		// A file another process's indexer holds (an import's) is left to
		// it for a while: it is likely to go on, and this process would
		// take some of its work at a higher priority, a server beside a
		// niced import. Other errors (a disk error, a damaged file) are
		// tried again after the same rest.
		wait := searchPoll
		if err != nil {
			wait = retryWait
		}
		select {
		case <-ix.kickc:
		case <-time.After(wait):
		case <-ctx.Done():
			return
		}
	}
}

// announce wakes whoever waits for the index to move.
func (ix *searchIndexer) announce() {
	ix.mu.Lock()
	close(ix.progress)
	ix.progress = make(chan struct{})
	ix.mu.Unlock()
}

// moved returns a channel closed at the indexer's next commit.
func (ix *searchIndexer) moved() <-chan struct{} {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.progress
}

// searchState is how far the file got against the queue.
type searchState struct {
	queued, applied int64
	rebuildNext     sql.NullInt64
}

func (s searchState) behind() bool { return s.rebuildNext.Valid || s.queued > s.applied }

// readSearchState reads the state through a reader, whose connections
// attach the search file as "search".
func readSearchState(ctx context.Context, q queryRower) (searchState, error) {
	var s searchState
	err := q.QueryRowContext(ctx, `SELECT coalesce((SELECT max(seq) FROM main.search_queue), 0), applied, rebuild_next
		FROM search.search_state`).Scan(&s.queued, &s.applied, &s.rebuildNext)
	return s, err
}

// fileState reads the file's own part of the state through q, on the
// search file.
func fileState(ctx context.Context, q queryRower) (searchState, error) {
	var s searchState
	err := q.QueryRowContext(ctx, `SELECT applied, rebuild_next FROM search_state`).Scan(&s.applied, &s.rebuildNext)
	return s, err
}

// step applies one batch, the next of a rebuild or of the queue, and
// returns how many articles it indexed (or 1 when it only moved on).
func (ix *searchIndexer) step(ctx context.Context) (int, error) {
	// A look without the lock first: most wake-ups find nothing to do.
	s, err := readSearchState(ctx, ix.site)
	if err != nil || !s.behind() {
		return 0, err
	}
	tx, err := ix.pool.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	// The lock on the file first, then the site's snapshot: another
	// process's indexer has committed everything it applied by then.
	if _, err := tx.ExecContext(ctx, `UPDATE search_state SET applied = applied`); err != nil {
		return 0, err
	}
	if s, err = fileState(ctx, tx); err != nil {
		return 0, err
	}
	var b searchBatch
	err = readTx(ctx, ix.site, func(stx *sql.Tx) error {
		if s.rebuildNext.Valid {
			err = b.readRebuild(ctx, stx, s.rebuildNext.Int64)
		} else {
			err = b.readQueue(ctx, stx, s.applied)
		}
		if err != nil {
			return err
		}
		return b.readKeys(ctx, stx)
	})
	if err != nil {
		return 0, err
	}
	if err := b.apply(ctx, tx, ix.site, s, ix.bulk.Load()); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	if !s.rebuildNext.Valid {
		ix.pruneLater(b.applied)
	}
	return max(len(b.ids), 1), nil
}

// searchBatch is one batch of the indexer's: the articles whose entries
// are to be made again, those of them that exist in key order, and where
// the rebuild or the queue stands after it.
type searchBatch struct {
	ids     []int64
	present []int64 // in key order
	// rebuildNext is the rebuild's next id, invalid once it is done;
	// applied the last queue entry the batch takes in.
	rebuildNext sql.NullInt64
	applied     int64
}

// readRebuild reads the next batch of articles by id.
func (b *searchBatch) readRebuild(ctx context.Context, tx *sql.Tx, next int64) error {
	ids, err := queryIDs(ctx, tx, `SELECT id FROM articles WHERE id >= ? ORDER BY id LIMIT ?`, next, searchBatchSize)
	if err != nil {
		return err
	}
	b.ids = ids
	if len(ids) == searchBatchSize {
		b.rebuildNext = sql.NullInt64{Int64: ids[len(ids)-1] + 1, Valid: true}
	}
	return nil
}

// readQueue reads the next batch of the queue after applied.
func (b *searchBatch) readQueue(ctx context.Context, tx *sql.Tx, applied int64) error {
	seen := map[int64]bool{}
	b.applied = applied
	return queryEach(ctx, tx, `SELECT seq, article_id FROM search_queue WHERE seq > ? ORDER BY seq LIMIT ?`,
		[]any{applied, searchBatchSize}, func(rows *sql.Rows) error {
			var id int64
			if err := rows.Scan(&b.applied, &id); err != nil {
				return err
			}
			if !seen[id] {
				seen[id] = true
				b.ids = append(b.ids, id)
			}
			return nil
		})
}

// readKeys orders the batch's articles that exist by their keys, so that
// their entries go in in key order across the chunks: FTS5 writes out
// its pending terms whenever a key comes lower than the one before.
func (b *searchBatch) readKeys(ctx context.Context, tx *sql.Tx) error {
	if len(b.ids) == 0 {
		return nil
	}
	list, err := json.Marshal(b.ids)
	if err != nil {
		return err
	}
	keys := map[int64]int64{}
	err = queryEach(ctx, tx, `SELECT a.id, `+keyExpr+` FROM articles a WHERE a.id IN (SELECT value FROM json_each(?)) AND a.id <= ?`,
		[]any{string(list), keyIDMask}, func(rows *sql.Rows) error {
			var id, key int64
			err := rows.Scan(&id, &key)
			keys[id] = key
			b.present = append(b.present, id)
			return err
		})
	slices.SortFunc(b.present, func(x, y int64) int { return cmp.Compare(keys[x], keys[y]) })
	return err
}

// searchChunk is how many articles' rows the indexer reads, folds and
// inserts at a time: a batch of long articles held whole, with their
// folded text, took tens of megabytes.
const searchChunk = 100

// apply takes out the entries of the batch's articles and makes those of
// the articles that exist, a chunk at a time: each chunk's rows are read
// from the site in a short transaction of their own (newer rows than the
// batch's snapshot are as good: an entry is made from the row as it
// stands), then folded and inserted with no transaction open on the
// site. The old entries all go before the new ones come.
func (b *searchBatch) apply(ctx context.Context, tx *sql.Tx, site *sql.DB, s searchState, bulk bool) error {
	if err := deleteEntries(ctx, tx, b.ids); err != nil {
		return fmt.Errorf("index articles: %w", err)
	}
	if bulk {
		if err := setSearchConfig(ctx, tx, bulkSearchConfig); err != nil {
			return err
		}
	}
	for chunk := range slices.Chunk(b.present, searchChunk) {
		var rows []searchRow
		err := readTx(ctx, site, func(stx *sql.Tx) error {
			var err error
			rows, err = readSearchRows(ctx, stx, chunk)
			return err
		})
		if err != nil {
			return fmt.Errorf("index articles: %w", err)
		}
		if err := insertEntries(ctx, tx, rows); err != nil {
			return fmt.Errorf("index articles: %w", err)
		}
	}
	if bulk {
		// Put back before the commit, which no other connection sees
		// otherwise: the hashsize first, whose change writes out the
		// pending terms while automerge is still off.
		if err := setSearchConfig(ctx, tx, defaultSearchConfig); err != nil {
			return err
		}
	}
	var err error
	if s.rebuildNext.Valid {
		_, err = tx.ExecContext(ctx, `UPDATE search_state SET rebuild_next = ?`, b.rebuildNext)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE search_state SET applied = ?`, b.applied)
	}
	return err
}

// bulkSearchConfig is what the batches of a process that writes in bulk
// (an import) set on both full-text tables, for their transaction alone,
// as bulk writes did when the index was in the database:
//
//   - hashsize, the pending terms a table keeps in memory before writing
//     them out as a segment: 4 MiB against FTS5's 1. At 1 MiB a batch of a
//     thousand long articles made many small segments for FTS5 to merge;
//     a server keeps the default, since its batches are a save or a
//     rename's, and 4 MiB per table showed in its resident memory.
//   - automerge 0: FTS5 then merges a level's segments only once there
//     are crisismerge (16) of them, sixteen at a time, instead of four at a
//     time as it writes, which rewrote every term of an import about
//     twice as often (81 s against 63 s at 100,000 posts). A server keeps
//     merging a little at each write, so its searches read few segments.
//
// defaultSearchConfig puts FTS5's defaults back, in that order.
var (
	bulkSearchConfig    = []searchSetting{{"hashsize", 4 << 20}, {"automerge", 0}}
	defaultSearchConfig = []searchSetting{{"hashsize", 1 << 20}, {"automerge", 4}}
)

type searchSetting struct {
	key   string
	value int
}

// setSearchConfig sets settings on both full-text tables, in tx.
func setSearchConfig(ctx context.Context, tx *sql.Tx, settings []searchSetting) error {
	for _, c := range settings {
		for _, table := range []string{"article_search", "article_search_head"} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+table+`, rank) VALUES (?, ?)`, c.key, c.value); err != nil {
				return fmt.Errorf("index articles: %s: %w", c.key, err)
			}
		}
	}
	return nil
}

// searchRow is an article's row as searchRows reads it.
type searchRow struct {
	id                                     int64
	publishedAt                            sql.NullInt64
	title, standfirst, body, names, facets string
}

func readSearchRows(ctx context.Context, tx *sql.Tx, ids []int64) ([]searchRow, error) {
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	var out []searchRow
	err = queryEach(ctx, tx, searchRows+` WHERE a.id IN (SELECT value FROM json_each(?))`,
		[]any{string(list)}, func(rows *sql.Rows) error {
			var r searchRow
			err := rows.Scan(&r.id, &r.publishedAt, &r.title, &r.standfirst, &r.body, &r.names, &r.facets)
			out = append(out, r)
			return err
		})
	return out, err
}

// deleteEntries takes out the entries of the given articles, looked up
// by the keys search_entries remembers: an article that moved in time or
// went away no longer has the row its key was made from.
func deleteEntries(ctx context.Context, tx *sql.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	const in = ` IN (SELECT value FROM json_each(?))`
	for _, stmt := range []string{
		`DELETE FROM article_search WHERE rowid IN (SELECT key FROM search_entries WHERE article_id` + in + `)`,
		`DELETE FROM article_search_head WHERE rowid IN (SELECT key FROM search_entries WHERE article_id` + in + `)`,
		`DELETE FROM search_entries WHERE article_id` + in,
	} {
		if _, err := tx.ExecContext(ctx, stmt, string(list)); err != nil {
			return err
		}
	}
	return nil
}

// insertEntries folds rows, as search.DocumentOf does, and inserts their
// entries in key order.
func insertEntries(ctx context.Context, tx *sql.Tx, rows []searchRow) error {
	type entry struct {
		key int64
		doc search.Document
		row *searchRow
	}
	entries := make([]entry, len(rows))
	for i := range rows {
		r := &rows[i]
		visible := search.VisibleText(r.body)
		entries[i] = entry{key: searchKey(r.publishedAt, r.id), row: r, doc: search.Document{
			Title: search.FoldText(r.title), Standfirst: search.FoldText(r.standfirst),
			Body: search.FoldText(visible), Lede: search.FoldText(search.Lede(visible)), Names: search.FoldText(r.names),
		}}
	}
	slices.SortFunc(entries, func(a, b entry) int { return cmp.Compare(a.key, b.key) })
	for _, e := range entries {
		d := e.doc
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_search (rowid, title, standfirst, body, names, facets) VALUES (?, ?, ?, ?, ?, ?)`,
			e.key, d.Title, d.Standfirst, d.Body, d.Names, e.row.facets); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_search_head (rowid, title, standfirst, lede, names) VALUES (?, ?, ?, ?, ?)`,
			e.key, d.Title, d.Standfirst, d.Lede, d.Names); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO search_entries (article_id, key) VALUES (?, ?)`, e.row.id, e.key); err != nil {
			return err
		}
	}
	return nil
}

// pruneEvery is how far the applied entries may run ahead of the queue's
// pruning before the indexer asks the writer to take them out, and
// searchPruneIdle how long an indexer that has caught up leaves fewer in
// place: pruning takes the writer, which a page keeping its related
// stories would then find busy.
const pruneEvery = 5000

var searchPruneIdle = time.Minute

// pruneLater takes the entries up to applied out of the queue, through
// the site's writer, in a goroutine of its own: the writer may be held by
// an import's batch for seconds, and the indexer must not wait for it.
func (ix *searchIndexer) pruneLater(applied int64) {
	done := ix.pruned.Load()
	if applied <= done {
		return
	}
	if applied-done < pruneEvery && time.Since(time.Unix(0, ix.prunedAt.Load())) < searchPruneIdle {
		return
	}
	if !ix.pruning.CompareAndSwap(false, true) {
		return
	}
	ix.wg.Go(func() {
		defer ix.pruning.Store(false)
		if err := ix.prune(context.Background(), applied); err == nil {
			ix.pruned.Store(applied)
			ix.prunedAt.Store(time.Now().UnixNano())
		}
	})
}

// searchAwait bounds how long a search waits for the index to take in
// the writes made before it, and searchAwaitBacklog how much work it
// waits for: a search during an import answers from what is indexed.
const (
	searchAwait        = 5 * time.Second
	searchAwaitBacklog = 2 * searchBatchSize
)

// awaitSearchIndex waits, within limits, until the search file has taken
// in every write committed before the call, so that a writer finds what
// it saved.
func (db *DB) awaitSearchIndex(ctx context.Context) error {
	return db.waitIndexed(ctx, time.After(searchAwait), func(backlog int64) bool { return backlog > searchAwaitBacklog })
}

// WaitSearchIndexed waits until the search file has taken in every write
// committed before the call, however long that takes: an import calls
// it before it reports, so that what it imported can be found. progress,
// when not nil, is told how many articles are left, at most once a
// second.
func (db *DB) WaitSearchIndexed(ctx context.Context, progress func(left int64)) error {
	var tell func(int64) bool
	if progress != nil {
		var told time.Time
		tell = func(left int64) bool {
			if time.Since(told) >= time.Second {
				progress(left)
				told = time.Now()
			}
			return false
		}
	}
	if err := db.waitIndexed(ctx, nil, tell); err != nil {
		return fmt.Errorf("wait for the search index: %w", err)
	}
	return nil
}

// waitIndexed kicks the indexer and waits until the search file has
// taken in every write committed before the call, until deadline (nil:
// none), or until stop, when not nil, says the backlog is not worth
// waiting for.
func (db *DB) waitIndexed(ctx context.Context, deadline <-chan time.Time, stop func(backlog int64) bool) error {
	for {
		s, err := readSearchState(ctx, db.reader)
		if err != nil || !s.behind() {
			return err
		}
		if stop != nil {
			backlog, err := db.searchBacklog(ctx, s)
			if err != nil || stop(backlog) {
				return err
			}
		}
		moved := db.search.moved()
		db.search.kick()
		select {
		case <-moved:
		case <-time.After(50 * time.Millisecond): // another process's indexer
		case <-deadline:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// searchBacklog estimates the articles the indexer has yet to take in.
func (db *DB) searchBacklog(ctx context.Context, s searchState) (int64, error) {
	backlog := s.queued - s.applied
	if s.rebuildNext.Valid {
		var left int64
		err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE id >= ?`, s.rebuildNext.Int64).Scan(&left)
		if err != nil {
			return 0, err
		}
		backlog += left
	}
	return backlog, nil
}
