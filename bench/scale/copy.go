package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// copyRows accumulates rows in PostgreSQL's binary COPY format. The
// loader writes it by hand rather than through pgx.Conn.CopyFrom for two
// reasons: pgx's COPY statement cannot ask for FREEZE, which spares the
// server from writing every page of a freshly loaded table a second time
// when it first sets hint bits and vacuums it; and rows are encoded by the
// generator's workers, in parallel, leaving the connections only bytes to
// pass on.
type copyRows struct{ buf []byte }

// copySignature opens a binary COPY stream, followed by flags and the
// length of a header extension, both zero.
const copySignature = "PGCOPY\n\xff\r\n\x00"

func copyHeader() []byte {
	b := []byte(copySignature)
	b = binary.BigEndian.AppendUint32(b, 0)
	return binary.BigEndian.AppendUint32(b, 0)
}

// copyTrailer ends the stream: a row of -1 fields.
var copyTrailer = []byte{0xff, 0xff}

// pgEpoch is where PostgreSQL's binary timestamps count from.
var pgEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func (c *copyRows) row(fields int) { c.buf = binary.BigEndian.AppendUint16(c.buf, uint16(fields)) }

func (c *copyRows) null() { c.buf = binary.BigEndian.AppendUint32(c.buf, 0xffffffff) }

func (c *copyRows) int8(v int64) {
	c.buf = binary.BigEndian.AppendUint32(c.buf, 8)
	c.buf = binary.BigEndian.AppendUint64(c.buf, uint64(v))
}

func (c *copyRows) int4(v int) {
	c.buf = binary.BigEndian.AppendUint32(c.buf, 4)
	c.buf = binary.BigEndian.AppendUint32(c.buf, uint32(int32(v)))
}

// id writes a reference, NULL for 0.
func (c *copyRows) id(v int64) {
	if v == 0 {
		c.null()
		return
	}
	c.int8(v)
}

func (c *copyRows) text(s string) {
	c.buf = binary.BigEndian.AppendUint32(c.buf, uint32(len(s)))
	c.buf = append(c.buf, s...)
}

// timestamptz writes t in whole seconds, the precision the store keeps,
// and NULL for the zero time, as the store does.
func (c *copyRows) timestamptz(t time.Time) {
	if t.IsZero() {
		c.null()
		return
	}
	c.int8(t.Truncate(time.Second).Sub(pgEpoch).Microseconds())
}

// field writes a value that encode appends, prefixed by its length.
func (c *copyRows) field(encode func([]byte) []byte) {
	at := len(c.buf)
	c.buf = append(c.buf, 0, 0, 0, 0)
	c.buf = encode(c.buf)
	binary.BigEndian.PutUint32(c.buf[at:], uint32(len(c.buf)-at-4))
}

// bulkTable is a table the loader fills, the columns it writes and the
// types the writer encodes them as, in format_type's spelling.
type bulkTable struct {
	name    string
	columns []string
	types   []string
}

// The tables an article's rows go to, in the order of bulkTables.
const (
	tableArticles = iota
	tableCategories
	tableTags
	tableAuthors
	tableSearch
	tableCount
)

var (
	bigint      = "bigint"
	integer     = "integer"
	text        = "text"
	timestamptz = "timestamp with time zone"
)

// bulkTables are the article tables of migrations 0001 and 0002. Columns
// left out take their defaults (the attribution and SEO fields, empty).
var bulkTables = [tableCount]bulkTable{
	tableArticles: {"articles",
		[]string{"id", "published_at", "updated_at", "created_at", "image_id", "word_count", "status", "title", "slug", "standfirst", "body"},
		[]string{bigint, timestamptz, timestamptz, timestamptz, bigint, integer, text, text, text, text, text}},
	tableCategories: {"article_categories", []string{"article_id", "category_id", "position"}, []string{bigint, bigint, integer}},
	tableTags:       {"article_tags", []string{"article_id", "tag_id", "position"}, []string{bigint, bigint, integer}},
	tableAuthors:    {"article_authors", []string{"article_id", "author_id", "position"}, []string{bigint, bigint, integer}},
	tableSearch:     {"article_search", []string{"article_id", "document"}, []string{bigint, "tsvector"}},
}

// checkColumns makes sure the schema still has the columns the writer
// encodes, with the types it encodes them as: a migration that changed
// one would otherwise surface as a baffling binary format error.
func checkColumns(ctx context.Context, conn *pgx.Conn) error {
	for _, t := range bulkTables {
		rows, err := conn.Query(ctx, `SELECT a.attname, format_type(a.atttypid, a.atttypmod)
			FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`, t.name)
		if err != nil {
			return fmt.Errorf("read columns of %s: %w", t.name, err)
		}
		types := map[string]string{}
		for rows.Next() {
			var name, typ string
			if err := rows.Scan(&name, &typ); err != nil {
				return err
			}
			types[name] = typ
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for i, col := range t.columns {
			if types[col] != t.types[i] {
				return fmt.Errorf("%s.%s is %q in the schema; the loader writes %s: update bench/scale/copy.go",
					t.name, col, types[col], t.types[i])
			}
		}
	}
	return nil
}

// copyInto fills one empty table from the encoded rows arriving on
// chunks, in one transaction that first truncates it: COPY FREEZE
// requires the table to be truncated (or created) in the same
// transaction, and then writes the rows already frozen and visible to
// all, as VACUUM would leave them. The sender must stop sending when ctx
// is done: a copier that failed before it started reading never reads.
func copyInto(ctx context.Context, conn *pgx.Conn, t bulkTable, chunks <-chan []byte) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, `TRUNCATE `+t.name); err != nil {
		return fmt.Errorf("truncate %s: %w", t.name, err)
	}
	pr, pw := io.Pipe()
	go func() {
		// Once writing fails, the rest is read and dropped, so that the
		// sender is not left blocked.
		_, err := pw.Write(copyHeader())
		for b := range chunks {
			if err == nil {
				_, err = pw.Write(b)
			}
		}
		if err == nil {
			_, err = pw.Write(copyTrailer)
		}
		pw.CloseWithError(err)
	}()
	sql := fmt.Sprintf(`COPY %s (%s) FROM STDIN WITH (FORMAT binary, FREEZE)`, t.name, strings.Join(t.columns, ", "))
	_, err = conn.PgConn().CopyFrom(ctx, pr, sql)
	// Unblocks the writer if the server stopped reading early.
	pr.CloseWithError(io.ErrClosedPipe)
	if err != nil {
		return fmt.Errorf("copy into %s: %w", t.name, err)
	}
	return tx.Commit(ctx)
}
