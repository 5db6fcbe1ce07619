package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/bench/internal/benchdata"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store/postgres"
)

// generate fills the empty database at dsn with a publication of size
// articles: the publication's own rows through the store, the articles
// with their relations and search entries by COPY, then statistics, as a
// settled database has them. It reports progress to log.
func generate(ctx context.Context, dsn string, size int, seed uint64, log io.Writer) error {
	started := time.Now()
	st, err := postgres.Open(ctx, dsn) // runs the migrations
	if err != nil {
		return err
	}
	vocab := benchdata.NewVocabulary(seed)
	pub, err := benchdata.CreatePublication(ctx, st, vocab, seed)
	st.Close()
	if err != nil {
		return fmt.Errorf("create the publication: %w", err)
	}
	fmt.Fprintf(log, "  publication: %d categories, %d tags, %d authors, %d images (%s)\n",
		len(pub.Categories), len(pub.Tags), len(pub.Authors), pub.Images(), since(started))

	conn, err := connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if err := checkColumns(ctx, conn); err != nil {
		return err
	}
	deferred, err := takeOffConstraints(ctx, conn)
	if err != nil {
		return err
	}
	ar := benchdata.NewArchive(pub, vocab, seed, size, time.Now())
	if err := loadArticles(ctx, dsn, ar, log); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `SELECT setval(pg_get_serial_sequence('articles', 'id'), $1)`, max(size, 1)); err != nil {
		return fmt.Errorf("move the article id sequence past the loaded ids: %w", err)
	}
	if err := deferred.putBack(ctx, dsn, log); err != nil {
		return err
	}
	step := time.Now()
	// VACUUM rather than ANALYZE alone, as the backend's own benchmarks
	// do: a settled database has its visibility map set, so counts can
	// use index-only scans. The frozen pages COPY wrote make it quick.
	if _, err := conn.Exec(ctx, `VACUUM (ANALYZE)`); err != nil {
		return fmt.Errorf("vacuum: %w", err)
	}
	// A checkpoint now rather than in the middle of the measurements.
	if _, err := conn.Exec(ctx, `CHECKPOINT`); err != nil {
		fmt.Fprintf(log, "  checkpoint skipped: %v\n", err)
	}
	fmt.Fprintf(log, "  vacuum, analyze and checkpoint: %s\n", since(step))
	if err := markComplete(ctx, conn, size, seed); err != nil {
		return err
	}
	fmt.Fprintf(log, "  generated %d articles in %s\n", size, since(started))
	return nil
}

// connect opens a connection for bulk work: synchronous commit off, since
// a lost bench database is simply made again, and room for index builds.
func connect(ctx context.Context, dsn string) (*pgx.Conn, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, `SET synchronous_commit = off; SET maintenance_work_mem = '1GB'`); err != nil {
		conn.Close(ctx)
		return nil, err
	}
	return conn, nil
}

// inFlightChunks bounds the chunks generated but not yet copied, and so
// the memory the pipeline holds (about 15 MB a chunk).
const inFlightChunks = 8

// loadArticles generates the archive's chunks on one worker per core and
// streams each table's rows to a COPY of its own, one connection per
// table, so that the server parses and stores the five tables at once.
// Chunks reach the copies in id order, so that the heap is in id (and so
// publication) order, as an archive written over the years is.
func loadArticles(parent context.Context, dsn string, ar *benchdata.Archive, log io.Writer) error {
	started := time.Now()
	// The first failure cancels everything, and is what is returned.
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)

	var conns [tableCount]*pgx.Conn
	defer func() {
		for _, c := range conns {
			if c != nil {
				c.Close(context.WithoutCancel(ctx))
			}
		}
	}()
	for t := range conns {
		var err error
		if conns[t], err = connect(ctx, dsn); err != nil {
			return err
		}
	}
	var tables [tableCount]chan []byte
	var copiers sync.WaitGroup
	for t := range tables {
		tables[t] = make(chan []byte, 2)
		copiers.Go(func() {
			if err := copyInto(ctx, conns[t], bulkTables[t], tables[t]); err != nil {
				cancel(err)
			}
		})
	}

	n := ar.Chunks()
	results := make([]chan *[tableCount][]byte, n)
	for i := range results {
		results[i] = make(chan *[tableCount][]byte, 1)
	}
	// A worker takes a token before it picks the next chunk, so chunks
	// are picked in order and the one the dispatcher waits for always
	// holds a token: the bound cannot deadlock.
	tokens := make(chan struct{}, inFlightChunks)
	var next atomic.Int64
	var workers sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		workers.Go(func() {
			enc := newChunkEncoder(ar.Publication())
			for {
				select {
				case tokens <- struct{}{}:
				case <-ctx.Done():
					return
				}
				c := int(next.Add(1) - 1)
				if c >= n {
					return
				}
				results[c] <- enc.encode(ar.Chunk(c))
			}
		})
	}

	var loaded atomic.Int64
	stopProgress := make(chan struct{})
	var progress sync.WaitGroup
	progress.Go(func() {
		tick := time.NewTicker(10 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				done := loaded.Load()
				rate := float64(done) / time.Since(started).Seconds()
				eta := time.Duration(float64(int64(ar.Size())-done) / max(rate, 1) * float64(time.Second))
				fmt.Fprintf(log, "  articles: %d of %d (%.0f%%), %.0f a second, about %s to go\n",
					done, ar.Size(), 100*float64(done)/float64(ar.Size()), rate, eta.Round(time.Second))
			case <-stopProgress:
				return
			}
		}
	})

	// The dispatcher hands the chunks on in order.
dispatch:
	for c := range n {
		var rows *[tableCount][]byte
		select {
		case rows = <-results[c]:
		case <-ctx.Done():
			break dispatch
		}
		for t := range tables {
			select {
			case tables[t] <- rows[t]:
			case <-ctx.Done():
				break dispatch
			}
		}
		<-tokens
		loaded.Add(int64(min(benchdata.ChunkSize, ar.Size()-c*benchdata.ChunkSize)))
	}
	for t := range tables {
		close(tables[t])
	}
	copiers.Wait()
	// Releases the workers waiting for a token; after a failure, this
	// keeps the failure as the cause.
	cancel(nil)
	workers.Wait()
	close(stopProgress)
	progress.Wait()
	if err := context.Cause(ctx); err != context.Canceled {
		return err
	}
	if err := parent.Err(); err != nil {
		return err
	}
	fmt.Fprintf(log, "  copied %d articles with their categories, tags, bylines and search entries in %s\n",
		ar.Size(), since(started))
	return nil
}

// chunkEncoder turns generated articles into COPY rows for each table.
// Each worker has its own, with buffers kept from chunk to chunk.
type chunkEncoder struct {
	pub      *benchdata.Publication
	entries  *entryBuilder
	doc      news.Article
	lastSize [tableCount]int
}

func newChunkEncoder(pub *benchdata.Publication) *chunkEncoder {
	return &chunkEncoder{pub: pub, entries: newEntryBuilder()}
}

func (e *chunkEncoder) encode(arts []benchdata.Article) *[tableCount][]byte {
	var rows [tableCount]copyRows
	// Sized from the last chunk, as chunks are much alike, so that the
	// megabytes of a chunk are not copied over and over as they grow.
	for t := range rows {
		rows[t].buf = make([]byte, 0, e.lastSize[t]+e.lastSize[t]/8)
	}
	for _, a := range arts {
		r := &rows[tableArticles]
		r.row(11)
		r.int8(a.ID)
		r.timestamptz(a.Published)
		r.timestamptz(a.Updated)
		r.timestamptz(a.Created)
		r.id(a.Image)
		r.int4(a.Words)
		r.text(string(a.Status))
		r.text(a.Title)
		r.text(a.Slug)
		r.text(a.Standfirst)
		r.text(a.Body)

		link := func(t int, ids []int64) {
			for pos, id := range ids {
				r := &rows[t]
				r.row(3)
				r.int8(a.ID)
				r.int8(id)
				r.int4(pos)
			}
		}
		doc := &e.doc
		doc.Title, doc.Standfirst, doc.Body = a.Title, a.Standfirst, a.Body
		doc.Tags, doc.Authors = doc.Tags[:0], doc.Authors[:0]
		var cats, tags, authors []int64
		for _, i := range a.Categories {
			cats = append(cats, e.pub.Categories[i].ID)
		}
		for _, i := range a.Tags {
			tags = append(tags, e.pub.Tags[i].ID)
			doc.Tags = append(doc.Tags, news.Tag{Name: e.pub.Tags[i].Name})
		}
		for _, i := range a.Authors {
			authors = append(authors, e.pub.Authors[i].ID)
			doc.Authors = append(doc.Authors, news.Author{Name: e.pub.Authors[i].Name})
		}
		link(tableCategories, cats)
		link(tableTags, tags)
		link(tableAuthors, authors)

		s := &rows[tableSearch]
		s.row(2)
		s.int8(a.ID)
		s.field(func(b []byte) []byte { return e.entries.appendEntry(b, *doc) })
	}
	var out [tableCount][]byte
	for t := range rows {
		out[t] = rows[t].buf
		e.lastSize[t] = len(rows[t].buf)
	}
	return &out
}

// deferredConstraints are the secondary indexes and foreign keys of the
// bulk tables, taken off while they are filled and put back after, as
// the migrations define them: building an index once over a million rows
// is many times faster than updating it a million times, above all the
// search entries' GIN index, and a foreign key checked once as a join is
// faster than a trigger per row. Primary keys stay: rows arrive in their
// order, which keeps those cheap.
type deferredConstraints struct {
	indexes     []string // CREATE INDEX statements
	foreignKeys []foreignKey
}

type foreignKey struct{ table, name, definition string }

func bulkTableNames() []string {
	var names []string
	for _, t := range bulkTables {
		names = append(names, t.name)
	}
	return names
}

// takeOffConstraints records the definitions of the bulk tables' foreign
// keys (both ways) and secondary indexes, then drops them.
func takeOffConstraints(ctx context.Context, conn *pgx.Conn) (deferredConstraints, error) {
	var d deferredConstraints
	rows, err := conn.Query(ctx, `SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
		FROM pg_constraint c
		WHERE c.contype = 'f' AND (c.conrelid = ANY($1::regclass[]) OR c.confrelid = ANY($1::regclass[]))
		ORDER BY c.conrelid::regclass::text, c.conname`, bulkTableNames())
	if err != nil {
		return d, fmt.Errorf("read foreign keys: %w", err)
	}
	d.foreignKeys, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (foreignKey, error) {
		var fk foreignKey
		err := r.Scan(&fk.table, &fk.name, &fk.definition)
		return fk, err
	})
	if err != nil {
		return d, fmt.Errorf("read foreign keys: %w", err)
	}
	rows, err = conn.Query(ctx, `SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
		WHERE i.indrelid = ANY($1::regclass[])
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
		ORDER BY i.indexrelid`, bulkTableNames())
	if err != nil {
		return d, fmt.Errorf("read indexes: %w", err)
	}
	d.indexes, err = pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return d, fmt.Errorf("read indexes: %w", err)
	}
	var drop strings.Builder
	for _, fk := range d.foreignKeys {
		fmt.Fprintf(&drop, "ALTER TABLE %s DROP CONSTRAINT %s;\n", fk.table, pgx.Identifier{fk.name}.Sanitize())
	}
	for _, def := range d.indexes {
		fmt.Fprintf(&drop, "DROP INDEX %s;\n", indexName(def))
	}
	if _, err := conn.Exec(ctx, drop.String()); err != nil {
		return d, fmt.Errorf("take off indexes and foreign keys: %w", err)
	}
	return d, nil
}

// indexName reads the (already quoted, schema-qualified) index name out
// of pg_get_indexdef's "CREATE [UNIQUE] INDEX name ON …".
func indexName(def string) string {
	rest := def[strings.Index(def, "INDEX ")+len("INDEX "):]
	return rest[:strings.Index(rest, " ON ")]
}

// putBack builds the indexes, two at a time on connections of their own
// (the GIN index, by far the slowest, first), then adds the foreign keys,
// which validates them.
func (d deferredConstraints) putBack(ctx context.Context, dsn string, log io.Writer) error {
	defs := slices.Clone(d.indexes)
	notGIN := func(def string) int {
		if strings.Contains(def, "USING gin") {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(defs, func(a, b string) int { return notGIN(a) - notGIN(b) })
	queue := make(chan string, len(defs))
	for _, def := range defs {
		queue <- def
	}
	close(queue)
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			conn, err := connect(ctx, dsn)
			if err != nil {
				errs <- err
				return
			}
			defer conn.Close(context.WithoutCancel(ctx))
			for def := range queue {
				start := time.Now()
				if _, err := conn.Exec(ctx, def); err != nil {
					errs <- fmt.Errorf("%s: %w", def, err)
					return
				}
				fmt.Fprintf(log, "  index %s: %s\n", indexName(def), since(start))
			}
			errs <- nil
		}()
	}
	var firstErr error
	for range 2 {
		if err := <-errs; err != nil && firstErr == nil {
			firstErr = err
		}
	}
	if firstErr != nil {
		return firstErr
	}
	start := time.Now()
	conn, err := connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for _, fk := range d.foreignKeys {
		if _, err := conn.Exec(ctx, fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s %s",
			fk.table, pgx.Identifier{fk.name}.Sanitize(), fk.definition)); err != nil {
			return fmt.Errorf("foreign key %s on %s: %w", fk.name, fk.table, err)
		}
	}
	fmt.Fprintf(log, "  %d foreign keys checked: %s\n", len(d.foreignKeys), since(start))
	return nil
}

// completeMark is the database comment that says a bench database was
// filled to the end, so that -reuse never measures a half-loaded one.
func completeMark(size int, seed uint64) string {
	return fmt.Sprintf("masthead scale bench: %d articles, seed %d, complete", size, seed)
}

func markComplete(ctx context.Context, conn *pgx.Conn, size int, seed uint64) error {
	var name string
	if err := conn.QueryRow(ctx, `SELECT current_database()`).Scan(&name); err != nil {
		return err
	}
	_, err := conn.Exec(ctx, fmt.Sprintf("COMMENT ON DATABASE %s IS '%s'",
		pgx.Identifier{name}.Sanitize(), completeMark(size, seed)))
	return err
}

func since(t time.Time) time.Duration { return time.Since(t).Round(100 * time.Millisecond) }
