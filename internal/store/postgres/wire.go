package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

const wireSourceColumns = `id, name, feed_url, language, interval_seconds, created_at,
	etag, last_modified, last_polled_at, last_ok_at, next_poll_at, failures, last_error`

func scanWireSource(row scanner) (news.WireSource, error) {
	var s news.WireSource
	var interval int64
	var polled, ok, next *time.Time
	err := row.Scan(&s.ID, &s.Name, &s.FeedURL, &s.Language, &interval, &s.CreatedAt,
		&s.Poll.ETag, &s.Poll.LastModified, &polled, &ok, &next, &s.Poll.Failures, &s.Poll.LastError)
	s.Interval, s.CreatedAt = time.Duration(interval)*time.Second, s.CreatedAt.UTC()
	s.Poll.LastPolledAt, s.Poll.LastOKAt, s.Poll.NextPollAt = timeOf(polled), timeOf(ok), timeOf(next)
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
	created = created.UTC().Truncate(time.Second)
	var id int64
	err := db.write(ctx, func(q querier) error {
		p := s.Poll
		err := q.QueryRow(ctx, `INSERT INTO wire_sources (`+wireSourceColumns+`) OVERRIDING SYSTEM VALUE
			VALUES (coalesce($1, nextval(pg_get_serial_sequence('wire_sources', 'id'))),
				$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			idArg(s.ID), s.Name, s.FeedURL, s.Language, int64(s.Interval/time.Second), created,
			p.ETag, p.LastModified, timeArg(p.LastPolledAt), timeArg(p.LastOKAt), timeArg(p.NextPollAt),
			p.Failures, p.LastError).Scan(&id)
		if err != nil || s.ID == 0 {
			return err
		}
		return advanceIdentity(ctx, q, "wire_sources", id)
	})
	if err != nil {
		return fmt.Errorf("create wire source %q: %w", s.Name, err)
	}
	s.ID, s.CreatedAt = id, created
	return nil
}

// UpdateWireSource changes what an editor typed for a source.
func (db *DB) UpdateWireSource(ctx context.Context, s news.WireSource) error {
	if problems := s.Validate(); len(problems) > 0 {
		return fmt.Errorf("update wire source %d: %w", s.ID, invalid("%s", strings.Join(problems, " ")))
	}
	err := db.write(ctx, func(q querier) error {
		// A new address is a new feed: the old validators and backoff
		// do not apply to it.
		return rowsAffected(q.Exec(ctx, `UPDATE wire_sources SET
				etag = CASE WHEN feed_url = $3 THEN etag ELSE '' END,
				last_modified = CASE WHEN feed_url = $3 THEN last_modified ELSE '' END,
				next_poll_at = CASE WHEN feed_url = $3 THEN next_poll_at END,
				failures = CASE WHEN feed_url = $3 THEN failures ELSE 0 END,
				last_error = CASE WHEN feed_url = $3 THEN last_error ELSE '' END,
				name = $2, feed_url = $3, language = $4, interval_seconds = $5
			WHERE id = $1`, s.ID, s.Name, s.FeedURL, s.Language, int64(s.Interval/time.Second)))
	})
	if err != nil {
		return fmt.Errorf("update wire source %d: %w", s.ID, err)
	}
	return nil
}

// DeleteWireSource removes a source and its items.
func (db *DB) DeleteWireSource(ctx context.Context, id int64) error {
	err := db.write(ctx, func(q querier) error {
		return rowsAffected(q.Exec(ctx, `DELETE FROM wire_sources WHERE id = $1`, id))
	})
	if err != nil {
		return fmt.Errorf("delete wire source %d: %w", id, err)
	}
	return nil
}

// WireSource returns one source.
func (db *DB) WireSource(ctx context.Context, id int64) (news.WireSource, error) {
	var s news.WireSource
	err := db.readOne(ctx, func(q querier) error {
		var err error
		s, err = scanWireSource(q.QueryRow(ctx, `SELECT `+wireSourceColumns+` FROM wire_sources WHERE id = $1`, id))
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
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT `+wireSourceColumns+` FROM wire_sources ORDER BY name COLLATE "C", id`, nil,
			func(rows pgx.Rows) error {
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
	err := db.write(ctx, func(q querier) error {
		return rowsAffected(q.Exec(ctx, `UPDATE wire_sources SET etag = $2, last_modified = $3,
				last_polled_at = $4, last_ok_at = $5, next_poll_at = $6, failures = $7, last_error = $8
			WHERE id = $1`, id, p.ETag, p.LastModified, timeArg(p.LastPolledAt), timeArg(p.LastOKAt),
			timeArg(p.NextPollAt), p.Failures, p.LastError))
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
	var dup *int64
	err := row.Scan(&it.ID, &it.SourceID, &it.GUID, &it.URL, &it.Title, &it.Summary, &it.Author, &it.Language,
		&it.PublishedAt, &it.FetchedAt, &it.Seen, &dup)
	it.PublishedAt, it.FetchedAt = it.PublishedAt.UTC(), it.FetchedAt.UTC()
	if dup != nil {
		it.DuplicateOf = *dup
	}
	return it, err
}

// AddWireItems stores a poll's new items, linking duplicates to the first
// item of their story.
func (db *DB) AddWireItems(ctx context.Context, sourceID int64, items []news.WireItem, at time.Time) (int, error) {
	added := 0
	err := db.write(ctx, func(q querier) error {
		var language string
		if err := q.QueryRow(ctx, `SELECT language FROM wire_sources WHERE id = $1`, sourceID).Scan(&language); err != nil {
			return err
		}
		for _, it := range items {
			if it.GUID == "" {
				continue
			}
			var exists bool
			if err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM wire_items WHERE source_id = $1 AND guid = $2)`,
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
			first, err := firstOfStory(ctx, q, news.WireURLKey(it.URL), news.WireTitleKey(it.Title))
			if err != nil {
				return err
			}
			it.DuplicateOf = first
			if err := insertWireItem(ctx, q, &it); err != nil {
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
func firstOfStory(ctx context.Context, q querier, urlKey, titleKey string) (int64, error) {
	if urlKey == "" && titleKey == "" {
		return 0, nil
	}
	var id *int64
	err := q.QueryRow(ctx, `SELECT min(id) FROM wire_items WHERE duplicate_of IS NULL
		AND (($1 <> '' AND url_key = $1) OR ($2 <> '' AND title_key = $2))`, urlKey, titleKey).Scan(&id)
	if err != nil || id == nil {
		return 0, err
	}
	return *id, nil
}

func insertWireItem(ctx context.Context, q querier, it *news.WireItem) error {
	published, fetched := it.PublishedAt.UTC().Truncate(time.Second), it.FetchedAt.UTC().Truncate(time.Second)
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO wire_items (`+wireItemColumns+`, url_key, title_key, search_text) OVERRIDING SYSTEM VALUE
		VALUES (coalesce($1, nextval(pg_get_serial_sequence('wire_items', 'id'))),
			$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		idArg(it.ID), it.SourceID, it.GUID, it.URL, it.Title, it.Summary, it.Author, it.Language,
		published, fetched, it.Seen, idArg(it.DuplicateOf),
		news.WireURLKey(it.URL), news.WireTitleKey(it.Title), news.WireSearchText(*it)).Scan(&id)
	if err != nil {
		return err
	}
	if it.ID != 0 {
		if err := advanceIdentity(ctx, q, "wire_items", id); err != nil {
			return err
		}
	}
	it.ID, it.PublishedAt, it.FetchedAt = id, published, fetched
	return nil
}

// WireItems lists the inbox.
func (db *DB) WireItems(ctx context.Context, f store.WireFilter) ([]news.WireItem, error) {
	where := []string{"duplicate_of IS NULL"}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.SourceID != 0 {
		where = append(where, "source_id = "+arg(f.SourceID))
	}
	if f.Language != "" {
		where = append(where, "language = "+arg(f.Language))
	}
	if k := strings.ToLower(strings.TrimSpace(f.Keyword)); k != "" {
		where = append(where, "strpos(search_text, "+arg(k)+") > 0")
	}
	if !f.WithSeen {
		where = append(where, "NOT seen")
	}
	limit := f.Limit
	if limit <= 0 || limit > store.WireInboxLimit {
		limit = store.WireInboxLimit
	}
	query := `SELECT ` + wireItemColumns + ` FROM wire_items WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY published_at DESC, id DESC LIMIT ` + arg(limit) + ` OFFSET ` + arg(max(f.Offset, 0))
	var list []news.WireItem
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, query, args, func(rows pgx.Rows) error {
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
	err := db.readOne(ctx, func(q querier) error {
		var err error
		it, err = scanWireItem(q.QueryRow(ctx, `SELECT `+wireItemColumns+` FROM wire_items WHERE id = $1`, id))
		return err
	})
	if err != nil {
		return news.WireItem{}, fmt.Errorf("wire item %d: %w", id, err)
	}
	return it, nil
}

// MarkWireSeen marks items and their duplicates seen.
func (db *DB) MarkWireSeen(ctx context.Context, ids []int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	n := 0
	err := db.write(ctx, func(q querier) error {
		tag, err := q.Exec(ctx, `UPDATE wire_items SET seen = true WHERE NOT seen
			AND (id = ANY($1) OR duplicate_of = ANY($1))`, ids)
		n = int(tag.RowsAffected())
		return err
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
	err := db.write(ctx, func(q querier) error { return insertWireItem(ctx, q, it) })
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
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT `+wireItemColumns+` FROM wire_items WHERE id > $1 ORDER BY id LIMIT $2`,
			[]any{afterID, limit}, func(rows pgx.Rows) error {
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
