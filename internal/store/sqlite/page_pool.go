package sqlite

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// Every connection has a page cache of its own, and SQLite allocates each
// of its pages apart: a 4 KiB page and SQLite's header for it, a few
// hundred bytes more than 4 KiB. The allocator under modernc.org/sqlite
// rounds such a block up to 8 KiB, so a server's page caches took twice
// the memory SQLite counted (50 MiB for 24 MiB of pages, with a server's
// dozen connections and the search file's caches). A pool of blocks of
// the exact size, shared by every connection, holds the same pages in
// half that, and caps their sum: when it runs low, a connection reuses
// its own least recently used pages before it takes more.

// poolPageSize is the page size the pool's blocks are cut for: SQLite's
// default, which every database Masthead makes keeps. Pages of another
// size are allocated one by one, as without a pool.
const poolPageSize = 4096

// ErrPageCachesInUse is returned by PoolPageCaches once this process has
// opened a database: SQLite takes the setting only before its first use.
var ErrPageCachesInUse = errors.New("SQLite is already in use")

var pagePool struct {
	sync.Mutex
	slot, slots int
}

// PoolPageCaches gives the page caches of every database this process will
// open one pool of about size bytes, taken at once and kept for the
// process's life. A server calls it before it opens its database, with
// ServerPagePool; an import, with BulkPagePool, which leaves room for its
// writer's bulk cache: in a pool too small for it, the writer would spill
// a batch's pages to the log before its commit. It must come before the
// first Open, and only once.
func PoolPageCaches(size int) error {
	pagePool.Lock()
	defer pagePool.Unlock()
	if pagePool.slots > 0 {
		return errors.New("pool page caches: already pooled")
	}
	tls := libc.NewTLS()
	defer tls.Close()
	header, err := pageHeaderSize(tls)
	if err != nil {
		return fmt.Errorf("pool page caches: %w", err)
	}
	slot := (poolPageSize + header + 7) &^ 7
	slots := size / slot
	if slots < 1 {
		return fmt.Errorf("pool page caches: %d bytes is less than a page", size)
	}
	buf := libc.Xmalloc(tls, uint64(slot*slots))
	if buf == 0 {
		return fmt.Errorf("pool page caches: cannot allocate %d bytes", slot*slots)
	}
	rc := sqliteConfig(tls, sqlite3.SQLITE_CONFIG_PAGECACHE, buf, int32(slot), int32(slots))
	if rc != sqlite3.SQLITE_OK {
		libc.Xfree(tls, buf)
		if rc == sqlite3.SQLITE_MISUSE {
			return fmt.Errorf("pool page caches: %w", ErrPageCachesInUse)
		}
		return fmt.Errorf("pool page caches: SQLite error %d", rc)
	}
	pagePool.slot, pagePool.slots = slot, slots
	return nil
}

// pageHeaderSize asks SQLite how many bytes it keeps beside each page.
func pageHeaderSize(tls *libc.TLS) (int, error) {
	out := libc.Xmalloc(tls, 8)
	if out == 0 {
		return 0, errors.New("cannot allocate 8 bytes")
	}
	defer libc.Xfree(tls, out)
	if rc := sqliteConfig(tls, sqlite3.SQLITE_CONFIG_PCACHE_HDRSZ, out); rc != sqlite3.SQLITE_OK {
		return 0, fmt.Errorf("page header size: SQLite error %d", rc)
	}
	return int(int32(binary.NativeEndian.Uint32(libc.GoBytes(out, 4)))), nil
}

// sqliteConfig calls sqlite3_config, whose arguments after the first are
// C variadic ones.
func sqliteConfig(tls *libc.TLS, op int32, args ...any) int32 {
	va := libc.NewVaList(args...)
	if va == 0 {
		return sqlite3.SQLITE_NOMEM
	}
	defer libc.Xfree(tls, va)
	return sqlite3.Xsqlite3_config(tls, op, va)
}

// PageCacheUse reports the bytes of pages SQLite holds in the pool and
// outside it (pages that did not fit, or the whole of every page cache
// when there is no pool); -1 for a figure SQLite would not give.
func PageCacheUse() (pooled, outside int64) {
	tls := libc.NewTLS()
	defer tls.Close()
	pooled = pageCacheStatus(tls, sqlite3.SQLITE_STATUS_PAGECACHE_USED)
	if pooled > 0 {
		pagePool.Lock()
		pooled *= int64(pagePool.slot)
		pagePool.Unlock()
	}
	return pooled, pageCacheStatus(tls, sqlite3.SQLITE_STATUS_PAGECACHE_OVERFLOW)
}

// pageCacheStatus reads one of sqlite3_status64's current values.
func pageCacheStatus(tls *libc.TLS, op int32) int64 {
	out := libc.Xmalloc(tls, 16)
	if out == 0 {
		return -1
	}
	defer libc.Xfree(tls, out)
	if sqlite3.Xsqlite3_status64(tls, op, out, out+8, 0) != sqlite3.SQLITE_OK {
		return -1
	}
	return int64(binary.NativeEndian.Uint64(libc.GoBytes(out, 8)))
}
