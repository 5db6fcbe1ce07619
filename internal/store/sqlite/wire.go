package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

const wireSourceColumns = `id, name, feed_url, language, interval_seconds, created_at,
	etag, last_modified, last_polled_at, last_ok_at, next_poll_at, failures, last_error`

func scanWireSource(row scanner) (news.WireSource, error) {
	var s news.WireSource
	var interval, created int64
	var polled, ok, next sql.NullInt64
	err := row.Scan(&s.ID, &s.Name, &s.FeedURL, &s.Language, &interval, &created,
		&s.Poll.ETag, &s.Poll.LastModified, &polled, &ok, &next, &s.Poll.Failures, &s.Poll.LastError)
	s.Interval, s.CreatedAt = time.Duration(interval)*time.Second, time.Unix(created, 0).UTC()
	s.Poll.LastPolledAt, s.Poll.LastOKAt, s.Poll.NextPollAt = timeFromUnix(polled), timeFromUnix(ok), timeFromUnix(next)
	return s, err
}

// CreateWireSource stores a source with its poll state.
func (db *DB) CreateWireSource(ctx context.Context, s *news.WireSource) error {
	if problems := s.Validate(); len(problems) > 0 {
		return fmt.Errorf("create wire source: %w", invalid("%s", strings.Join(problems, " ")))
	}
	if err := checkNewID(s.ID); err != nil {
		return fmt.Errorf("create wire source: %w", err)
	}
	created := s.CreatedAt
	if created.IsZero() {
		created = now()
	}
	var id int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		p := s.Poll
		res, err := tx.ExecContext(ctx, `INSERT INTO wire_sources (`+wireSourceColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			idOrNull(s.ID), s.Name, s.FeedURL, s.Language, int64(s.Interval/time.Second), created.Unix(),
			p.ETag, p.LastModified, unixOrNull(p.LastPolledAt), unixOrNull(p.LastOKAt), unixOrNull(p.NextPollAt),
			p.Failures, p.LastError)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return fmt.Errorf("create wire source %q: %w", s.Name, err)
	}
	s.ID, s.CreatedAt = id, time.Unix(created.Unix(), 0).UTC()
	return nil
}

// UpdateWireSource changes what an editor typed for a source.
func (db *DB) UpdateWireSource(ctx context.Context, s news.WireSource) error {
	if problems := s.Validate(); len(problems) > 0 {
		return fmt.Errorf("update wire source %d: %w", s.ID, invalid("%s", strings.Join(problems, " ")))
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		// A new address is a new feed: the old validators and backoff
		// do not apply to it.
		_, err := tx.ExecContext(ctx, `UPDATE wire_sources SET
				etag = '', last_modified = '', next_poll_at = NULL, failures = 0, last_error = ''
			WHERE id = ? AND feed_url <> ?`, s.ID, s.FeedURL)
		if err != nil {
			return err
		}
		return rowsAffected(tx.ExecContext(ctx, `UPDATE wire_sources SET name = ?, feed_url = ?, language = ?, interval_seconds = ?
			WHERE id = ?`, s.Name, s.FeedURL, s.Language, int64(s.Interval/time.Second), s.ID))
	})
	if err != nil {
		return fmt.Errorf("update wire source %d: %w", s.ID, err)
	}
	return nil
}

// DeleteWireSource removes a source and its items.
func (db *DB) DeleteWireSource(ctx context.Context, id int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return rowsAffected(tx.ExecContext(ctx, `DELETE FROM wire_sources WHERE id = ?`, id))
	})
	if err != nil {
		return fmt.Errorf("delete wire source %d: %w", id, err)
	}
	return nil
}

// WireSource returns one source.
func (db *DB) WireSource(ctx context.Context, id int64) (news.WireSource, error) {
	var s news.WireSource
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		s, err = scanWireSource(tx.QueryRowContext(ctx, `SELECT `+wireSourceColumns+` FROM wire_sources WHERE id = ?`, id))
		return err
	})
	if err != nil {
		return news.WireSource{}, fmt.Errorf("wire source %d: %w", id, err)
	}
	return s, nil
}

// WireSources returns every source by name.
func (db *DB) WireSources(ctx context.Context) ([]news.WireSource, error) {
	var list []news.WireSource
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT `+wireSourceColumns+` FROM wire_sources ORDER BY name, id`, nil,
			func(rows *sql.Rows) error {
				s, err := scanWireSource(rows)
				list = append(list, s)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("wire sources: %w", err)
	}
	return list, nil
}

// RecordWirePoll stores a poll's outcome.
func (db *DB) RecordWirePoll(ctx context.Context, id int64, p news.WirePoll) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return rowsAffected(tx.ExecContext(ctx, `UPDATE wire_sources SET etag = ?, last_modified = ?,
				last_polled_at = ?, last_ok_at = ?, next_poll_at = ?, failures = ?, last_error = ?
			WHERE id = ?`, p.ETag, p.LastModified, unixOrNull(p.LastPolledAt), unixOrNull(p.LastOKAt),
			unixOrNull(p.NextPollAt), p.Failures, p.LastError, id))
	})
	if err != nil {
		return fmt.Errorf("record poll of wire source %d: %w", id, err)
	}
	return nil
}

const wireItemColumns = `id, source_id, guid, url, title, summary, author, language, published_at, fetched_at,
	seen, duplicate_of`

func scanWireItem(row scanner) (news.WireItem, error) {
	var it news.WireItem
	var published, fetched int64
	var dup sql.NullInt64
	err := row.Scan(&it.ID, &it.SourceID, &it.GUID, &it.URL, &it.Title, &it.Summary, &it.Author, &it.Language,
		&published, &fetched, &it.Seen, &dup)
	it.PublishedAt, it.FetchedAt, it.DuplicateOf = time.Unix(published, 0).UTC(), time.Unix(fetched, 0).UTC(), dup.Int64
	return it, err
}

// AddWireItems stores a poll's new items, linking duplicates to the first
// item of their story.
func (db *DB) AddWireItems(ctx context.Context, sourceID int64, items []news.WireItem, at time.Time) (int, error) {
	added := 0
	err := db.write(ctx, func(tx *sql.Tx) error {
		var language string
		if err := tx.QueryRowContext(ctx, `SELECT language FROM wire_sources WHERE id = ?`, sourceID).Scan(&language); err != nil {
			return err
		}
		for _, it := range items {
			if it.GUID == "" {
				continue
			}
			var exists bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM wire_items WHERE source_id = ? AND guid = ?)`,
				sourceID, it.GUID).Scan(&exists); err != nil {
				return err
			}
			if exists {
				continue
			}
			it.SourceID, it.Language, it.FetchedAt, it.Seen = sourceID, language, at, false
			if it.PublishedAt.IsZero() {
				it.PublishedAt = at
			}
			urlKey, titleKey := news.WireURLKey(it.URL), news.WireTitleKey(it.Title)
			first, err := firstOfStory(ctx, tx, urlKey, titleKey)
			if err != nil {
				return err
			}
			it.DuplicateOf = first
			if err := insertWireItem(ctx, tx, &it); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("add items of wire source %d: %w", sourceID, err)
	}
	return added, nil
}

// firstOfStory finds the earliest listed item with the same address or
// title, or 0.
func firstOfStory(ctx context.Context, tx *sql.Tx, urlKey, titleKey string) (int64, error) {
	if urlKey == "" && titleKey == "" {
		return 0, nil
	}
	var id sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT min(id) FROM wire_items WHERE duplicate_of IS NULL
		AND ((? <> '' AND url_key = ?) OR (? <> '' AND title_key = ?))`, urlKey, urlKey, titleKey, titleKey).Scan(&id)
	return id.Int64, err
}

func insertWireItem(ctx context.Context, tx *sql.Tx, it *news.WireItem) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO wire_items (`+wireItemColumns+`, url_key, title_key, search_text)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		idOrNull(it.ID), it.SourceID, it.GUID, it.URL, it.Title, it.Summary, it.Author, it.Language,
		it.PublishedAt.Unix(), it.FetchedAt.Unix(), it.Seen, idOrNull(it.DuplicateOf),
		news.WireURLKey(it.URL), news.WireTitleKey(it.Title), news.WireSearchText(*it))
	if err != nil {
		return err
	}
	it.ID, err = res.LastInsertId()
	it.PublishedAt, it.FetchedAt = time.Unix(it.PublishedAt.Unix(), 0).UTC(), time.Unix(it.FetchedAt.Unix(), 0).UTC()
	return err
}

// WireItems lists the inbox.
func (db *DB) WireItems(ctx context.Context, f store.WireFilter) ([]news.WireItem, error) {
	where := []string{"duplicate_of IS NULL"}
	var args []any
	if f.SourceID != 0 {
		where, args = append(where, "source_id = ?"), append(args, f.SourceID)
	}
	if f.Language != "" {
		where, args = append(where, "language = ?"), append(args, f.Language)
	}
	if k := strings.ToLower(strings.TrimSpace(f.Keyword)); k != "" {
		where, args = append(where, "instr(search_text, ?) > 0"), append(args, k)
	}
	if !f.WithSeen {
		where = append(where, "seen = 0")
	}
	limit := f.Limit
	if limit <= 0 || limit > store.WireInboxLimit {
		limit = store.WireInboxLimit
	}
	args = append(args, limit, max(f.Offset, 0))
	var list []news.WireItem
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT `+wireItemColumns+` FROM wire_items WHERE `+strings.Join(where, " AND ")+`
			ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?`, args, func(rows *sql.Rows) error {
			it, err := scanWireItem(rows)
			list = append(list, it)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("wire items: %w", err)
	}
	return list, nil
}

// WireItem returns one item.
func (db *DB) WireItem(ctx context.Context, id int64) (news.WireItem, error) {
	var it news.WireItem
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		it, err = scanWireItem(tx.QueryRowContext(ctx, `SELECT `+wireItemColumns+` FROM wire_items WHERE id = ?`, id))
		return err
	})
	if err != nil {
		return news.WireItem{}, fmt.Errorf("wire item %d: %w", id, err)
	}
	return it, nil
}

// MarkWireSeen marks items and their duplicates seen.
func (db *DB) MarkWireSeen(ctx context.Context, ids []int64) (int, error) {
	n := 0
	err := db.write(ctx, func(tx *sql.Tx) error {
		return inChunks(ids, func(in string, args []any) error {
			res, err := tx.ExecContext(ctx, `UPDATE wire_items SET seen = 1 WHERE seen = 0
				AND (id IN (`+in+`) OR duplicate_of IN (`+in+`))`, append(args, args...)...)
			if err != nil {
				return err
			}
			k, err := res.RowsAffected()
			n += int(k)
			return err
		})
	})
	if err != nil {
		return 0, fmt.Errorf("mark wire items seen: %w", err)
	}
	return n, nil
}

// CreateWireItem stores an item as it is.
func (db *DB) CreateWireItem(ctx context.Context, it *news.WireItem) error {
	if err := checkNewID(it.ID); err != nil {
		return fmt.Errorf("create wire item: %w", err)
	}
	if it.GUID == "" {
		return fmt.Errorf("create wire item: %w", invalid("empty guid"))
	}
	err := db.write(ctx, func(tx *sql.Tx) error { return insertWireItem(ctx, tx, it) })
	if err != nil {
		return fmt.Errorf("create wire item %q: %w", it.GUID, err)
	}
	return nil
}

// WireItemsAfter walks every item by id.
func (db *DB) WireItemsAfter(ctx context.Context, afterID int64, limit int) ([]news.WireItem, error) {
	if limit < 1 {
		return nil, fmt.Errorf("wire items after %d: %w", afterID, invalid("limit %d is below 1", limit))
	}
	var list []news.WireItem
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT `+wireItemColumns+` FROM wire_items WHERE id > ? ORDER BY id LIMIT ?`,
			[]any{afterID, limit}, func(rows *sql.Rows) error {
				it, err := scanWireItem(rows)
				list = append(list, it)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("wire items after %d: %w", afterID, err)
	}
	return list, nil
}
