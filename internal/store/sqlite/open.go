package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	modernc "modernc.org/sqlite" // also registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/mastheadhq/masthead/internal/store/querystats"
)

// Errors Open returns for files it will not touch, so that the command
// line can explain rather than just fail.
var (
	ErrNotSQLite       = errors.New("not a SQLite database")
	ErrForeignDatabase = errors.New("database was not created by Masthead")
	ErrNewerSchema     = errors.New("database schema is newer than this program")
	ErrDamaged         = errors.New("database file is damaged")
)

// pragmas are set on every connection. WAL lets readers run alongside the
// writer; NORMAL synchronisation is safe under WAL and saves an fsync per
// commit; busy_timeout covers the moments when another process (a backup,
// the sqlite3 shell) holds the lock.
var pragmas = []string{
	"journal_mode(WAL)",
	"busy_timeout(5000)",
	"foreign_keys(1)",
	"synchronous(NORMAL)",
}

// writerPragmas are set on the writer's connection only. temp_store keeps
// the sub-journal, where SQLite copies every page a savepoint changes, in
// memory: as a temporary file it cost a system call or two per page, an
// eighth of an import's time; it lasts only as long as the savepoints of
// one transaction. The writer's page cache is SQLite's 2 MiB until a bulk
// write asks for more (bulkCacheSize): a server's writer kept 32 MiB of
// pages it had once written, which pushed a server past 200 MB.
var writerPragmas = []string{
	"temp_store(MEMORY)",
}

// sqliteHeader opens every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// Open opens the database at path, creating it when missing, and brings
// its schema up to date. It refuses, without writing a byte, a file that
// is not SQLite or a SQLite database that Masthead did not create.
func Open(ctx context.Context, path string) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := checkExisting(ctx, abs); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	queries := &querystats.Hook{}
	writer, err := openWriter(ctx, abs, queries)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	hadSearchFile := exists(abs + searchFileSuffix)
	db, err := openBeside(ctx, abs, queries, writer)
	if err != nil {
		writer.Close()
		if !hadSearchFile {
			removeFiles(abs + searchFileSuffix)
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// openBeside opens, around the database's writer, the search file and
// the readers.
func openBeside(ctx context.Context, abs string, queries *querystats.Hook, writer *sql.DB) (*DB, error) {
	// The indexer's statements are background work, not the requests'.
	indexer := &querystats.Hook{}
	searchFile, err := openSearchFile(ctx, abs, indexer, writer)
	if err != nil {
		return nil, err
	}
	db := &DB{writer: writer, queries: queries, related: newRelatedIndex()}
	var site *sql.DB
	if db.reader, err = openReaders(ctx, abs, queries, readerCount(), pageCaches); err == nil {
		if db.follower, err = openReaders(ctx, abs, queries, 1, smallCaches); err == nil {
			site, err = openReaders(ctx, abs, indexer, 1, smallCaches)
		}
	}
	if err != nil {
		for _, pool := range []*sql.DB{db.reader, db.follower} {
			if pool != nil {
				pool.Close()
			}
		}
		searchFile.Close()
		return nil, err
	}
	db.search = startIndexer(searchFile, site, db.pruneSearchQueue)
	db.checkpoints = newCheckpointer(openCheckpointer(abs, queries))
	return db, nil
}

// removeFiles removes a database file Open made and the log and index
// SQLite made beside it.
func removeFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

// sqliteDriver is the driver modernc.org/sqlite registers, which the
// pools open through querystats so that every statement is counted.
var sqliteDriver = func() driver.Driver {
	db, err := sql.Open("sqlite", "")
	if err != nil {
		panic(err) // only if the driver were not registered
	}
	defer db.Close()
	return db.Driver()
}()

// openPool opens a pool on dsn whose statements report to queries, each
// connection keeping its statements prepared (the driver would parse
// every query anew).
func openPool(dsn string, queries *querystats.Hook) *sql.DB {
	return sql.OpenDB(querystats.Connector(sqliteDriver, dsn, queries, true))
}

func openWriter(ctx context.Context, path string, queries *querystats.Hook) (*sql.DB, error) {
	// IMMEDIATE takes the write lock at BEGIN, so a transaction that reads
	// before it writes cannot fail half-way with SQLITE_BUSY.
	db := openPool(dsn(path, append(slices.Clone(pragmas), writerPragmas...), "_txlock", "immediate"), queries)
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openCheckpointer opens, lazily, the one connection that checkpoints
// the log beside the writer (checkpoint.go). It is not query_only: a
// checkpoint writes to the database file.
func openCheckpointer(path string, queries *querystats.Hook) *sql.DB {
	db := openPool(dsn(path, pragmas), queries)
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	return db
}

// openReaders opens a pool of n read-only connections.
func openReaders(ctx context.Context, path string, queries *querystats.Hook, n int, caches readerCaches) (*sql.DB, error) {
	// query_only turns a write that slipped into a read path into an
	// error instead of a lock fight with the writer.
	// Each attaches the search file (search_file.go), where searches
	// look.
	p := append(slices.Clone(pragmas), "query_only(1)", fmt.Sprintf("cache_size(-%d)", caches.site))
	db := openAttached(dsn(path, p), queries, path+searchFileSuffix, "search", caches.search)
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// readerCount is the size of the pages' pool of readers.
func readerCount() int { return min(max(runtime.GOMAXPROCS(0), 4), 8) }

// readerCaches are the page caches of a reader connection, in KiB: the
// database's and the search file's. The pages' readers keep SQLite's
// default for the database and half that for the search file. The
// follower reads a few small tables, and the indexer's reader each
// article's row once: small caches keep them from taking the pages'
// share of a pool (page_pool.go).
type readerCaches struct{ site, search int }

// defaultCacheKiB is SQLite's default page cache, which the writer and the
// search indexer keep.
const defaultCacheKiB = 2000

var (
	pageCaches  = readerCaches{site: defaultCacheKiB, search: defaultCacheKiB / 2}
	smallCaches = readerCaches{site: 256, search: 128}
)

// ServerPagePool is the size of the pool of page caches a server's
// connections share (PoolPageCaches): room for its readers' caches and
// the default cache of its writer and of the search indexer's.
func ServerPagePool() int {
	return (readerCount()*(pageCaches.site+pageCaches.search) + 2*defaultCacheKiB) << 10
}

// BulkPagePool is the size of the pool for a process that writes in bulk
// (an import): a server's, and room for the writer's bulk cache.
func BulkPagePool() int { return ServerPagePool() + -bulkCacheSize<<10 }

// dsn builds a file: URI so that any path, even one holding '?' or '#',
// reaches SQLite intact. extra holds key, value pairs.
func dsn(path string, pragmas []string, extra ...string) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Add(extra[i], extra[i+1])
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: q.Encode()}
	return u.String()
}

// checkExisting refuses files Masthead must not change. Setting WAL mode
// alone rewrites the header, so this runs before any connection with
// pragmas, on a read-only one.
func checkExisting(ctx context.Context, path string) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if info.IsDir() {
		return fmt.Errorf("%w: it is a directory", ErrNotSQLite)
	}
	if info.Size() == 0 {
		return nil // SQLite treats an empty file as an empty database
	}
	if err := checkHeader(path); err != nil {
		return err
	}
	hadWAL := exists(path + "-wal")
	err = checkSchema(ctx, path)
	if err != nil && !hadWAL {
		removeLeftWAL(path)
	}
	return err
}

// removeLeftWAL removes the empty write-ahead log and its index that a
// read-only look into a WAL-mode file leaves behind, so that a refused
// file sits alone as it was found. A log with content is never removed:
// it would hold another process's writes.
func removeLeftWAL(path string) {
	if info, err := os.Stat(path + "-wal"); err == nil && info.Size() == 0 {
		os.Remove(path + "-wal")
		os.Remove(path + "-shm")
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// checkSchema looks inside an existing SQLite file through a read-only
// connection without pragmas, and refuses databases that another program
// made or that a newer Masthead has migrated past what this one knows.
func checkSchema(ctx context.Context, path string) error {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: "mode=ro"}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return err
	}
	defer db.Close()
	tables, err := tableNames(ctx, db)
	if err != nil {
		return damaged(err)
	}
	if len(tables) == 0 {
		return nil
	}
	if !slices.Contains(tables, "schema_migrations") {
		return fmt.Errorf("%w: it has tables (%s) but no schema_migrations; refusing to change it",
			ErrForeignDatabase, strings.Join(tables, ", "))
	}
	current, err := schemaVersion(ctx, db)
	if err != nil {
		return damaged(err)
	}
	return checkNotNewer(current)
}

// damaged explains SQLite's report of a file it cannot make sense of: the
// operator's next step is a backup, not a retry, and nothing was written.
func damaged(err error) error {
	var serr *modernc.Error
	if errors.As(err, &serr) {
		switch serr.Code() & 0xff { // the primary code, without the extended bits
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return fmt.Errorf("%w (%v); it was left as it is: restore a backup with masthead restore, or salvage what is readable with the sqlite3 shell's .recover", ErrDamaged, err)
		}
	}
	return err
}

func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, sqliteHeader) {
		return fmt.Errorf("%w: the file does not start with the SQLite header", ErrNotSQLite)
	}
	return nil
}

func tableNames(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx,
		`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("read schema: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, rows.Err()
}
