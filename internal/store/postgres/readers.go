package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

const readerColumns = `id, email, name, password_hash, verified_at, history_off, created_at, updated_at`

// CreateReader stores a new reader account.
func (db *DB) CreateReader(ctx context.Context, r *news.Reader) error {
	email, err := readerEmail(r.Email)
	if err = errors.Join(checkNewID(r.ID), err); err != nil {
		return fmt.Errorf("create reader: %w", err)
	}
	created := r.CreatedAt
	if created.IsZero() {
		created = now()
	}
	updated := r.UpdatedAt
	if updated.IsZero() {
		updated = created
	}
	var id int64
	err = db.write(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO readers (`+readerColumns+`) OVERRIDING SYSTEM VALUE
			VALUES (coalesce($1, nextval(pg_get_serial_sequence('readers', 'id'))), $2, $3, $4, $5, $6, $7, $8)
			RETURNING id`, idArg(r.ID), email, r.Name, r.PasswordHash, timeArg(r.VerifiedAt), r.HistoryOff,
			timeArg(created), timeArg(updated)).Scan(&id)
		if err != nil || r.ID == 0 {
			return err
		}
		return advanceIdentity(ctx, q, "readers", id)
	})
	if err != nil {
		return fmt.Errorf("create reader: %w", err)
	}
	r.ID, r.Email = id, email
	r.CreatedAt, r.UpdatedAt = created.UTC().Truncate(time.Second), updated.UTC().Truncate(time.Second)
	r.VerifiedAt = truncated(r.VerifiedAt)
	return nil
}

// UpdateReader replaces the account's fields but CreatedAt.
func (db *DB) UpdateReader(ctx context.Context, r *news.Reader) error {
	email, err := readerEmail(r.Email)
	if err != nil {
		return fmt.Errorf("update reader %d: %w", r.ID, err)
	}
	updated := r.UpdatedAt
	if updated.IsZero() {
		updated = now()
	}
	err = db.write(ctx, func(q querier) error {
		return rowsAffected(q.Exec(ctx, `UPDATE readers SET email = $1, name = $2, password_hash = $3,
			verified_at = $4, history_off = $5, updated_at = $6 WHERE id = $7`,
			email, r.Name, r.PasswordHash, timeArg(r.VerifiedAt), r.HistoryOff, timeArg(updated), r.ID))
	})
	if err != nil {
		return fmt.Errorf("update reader %d: %w", r.ID, err)
	}
	r.Email, r.UpdatedAt = email, updated.UTC().Truncate(time.Second)
	r.VerifiedAt = truncated(r.VerifiedAt)
	return nil
}

func readerEmail(s string) (string, error) {
	email := strings.ToLower(strings.TrimSpace(s))
	if email == "" {
		return "", invalid("empty email")
	}
	return email, nil
}

func truncated(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Second)
}

// Reader returns one account.
func (db *DB) Reader(ctx context.Context, id int64) (news.Reader, error) {
	r, err := db.oneReader(ctx, `id = $1`, id)
	if err != nil {
		return news.Reader{}, fmt.Errorf("reader %d: %w", id, err)
	}
	return r, nil
}

// ReaderByEmail finds an account by its address, in any capitalisation.
func (db *DB) ReaderByEmail(ctx context.Context, email string) (news.Reader, error) {
	r, err := db.oneReader(ctx, `lower(email) = lower($1)`, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return news.Reader{}, fmt.Errorf("reader by email: %w", err)
	}
	return r, nil
}

func (db *DB) oneReader(ctx context.Context, where string, arg any) (news.Reader, error) {
	var r news.Reader
	err := db.read(ctx, func(q querier) error {
		var err error
		r, err = scanReader(q.QueryRow(ctx, `SELECT `+readerColumns+` FROM readers WHERE `+where, arg))
		return err
	})
	return r, err
}

func scanReader(s scanner) (news.Reader, error) {
	var r news.Reader
	var verified *time.Time
	if err := s.Scan(&r.ID, &r.Email, &r.Name, &r.PasswordHash, &verified, &r.HistoryOff, &r.CreatedAt, &r.UpdatedAt); err != nil {
		return news.Reader{}, err
	}
	r.VerifiedAt = timeOf(verified)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, nil
}

// DeleteReader removes the account; what it kept goes by cascade.
func (db *DB) DeleteReader(ctx context.Context, id int64) error {
	err := db.write(ctx, func(q querier) error {
		return rowsAffected(q.Exec(ctx, `DELETE FROM readers WHERE id = $1`, id))
	})
	if err != nil {
		return fmt.Errorf("delete reader %d: %w", id, err)
	}
	return nil
}

// CountReaders counts the accounts.
func (db *DB) CountReaders(ctx context.Context) (int, error) {
	var n int
	err := db.read(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT count(*) FROM readers`).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count readers: %w", err)
	}
	return n, nil
}

// CreateReaderSession stores a signed-in browser.
func (db *DB) CreateReaderSession(ctx context.Context, s news.ReaderSession) error {
	if s.ID == "" || s.ReaderID == 0 || s.ExpiresAt.IsZero() {
		return fmt.Errorf("create reader session: %w", invalid("id, reader and expiry are required"))
	}
	created := s.CreatedAt
	if created.IsZero() {
		created = now()
	}
	seen := s.LastSeenAt
	if seen.IsZero() {
		seen = created
	}
	err := db.write(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `INSERT INTO reader_sessions (id, reader_id, created_at, last_seen_at, expires_at)
			VALUES ($1, $2, $3, $4, $5)`, s.ID, s.ReaderID, timeArg(created), timeArg(seen), timeArg(s.ExpiresAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("create reader session: %w", err)
	}
	return nil
}

// ReaderSession returns an unexpired session.
func (db *DB) ReaderSession(ctx context.Context, id string, at time.Time) (news.ReaderSession, error) {
	var s news.ReaderSession
	err := db.read(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `SELECT id, reader_id, created_at, last_seen_at, expires_at
			FROM reader_sessions WHERE id = $1 AND expires_at > $2`, id, timeArg(at)).
			Scan(&s.ID, &s.ReaderID, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt)
		s.CreatedAt, s.LastSeenAt, s.ExpiresAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC()
		return err
	})
	if err != nil {
		return news.ReaderSession{}, fmt.Errorf("reader session: %w", err)
	}
	return s, nil
}

// TouchReaderSession records activity and moves the expiry.
func (db *DB) TouchReaderSession(ctx context.Context, id string, lastSeen, expires time.Time) error {
	err := db.write(ctx, func(q querier) error {
		return rowsAffected(q.Exec(ctx, `UPDATE reader_sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3`,
			timeArg(lastSeen), timeArg(expires), id))
	})
	if err != nil {
		return fmt.Errorf("touch reader session: %w", err)
	}
	return nil
}

// DeleteReaderSession ends one session.
func (db *DB) DeleteReaderSession(ctx context.Context, id string) error {
	if _, err := db.execCount(ctx, `DELETE FROM reader_sessions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete reader session: %w", err)
	}
	return nil
}

// DeleteReaderSessions ends every session of a reader.
func (db *DB) DeleteReaderSessions(ctx context.Context, readerID int64) (int, error) {
	n, err := db.execCount(ctx, `DELETE FROM reader_sessions WHERE reader_id = $1`, readerID)
	if err != nil {
		return 0, fmt.Errorf("delete sessions of reader %d: %w", readerID, err)
	}
	return n, nil
}

func (db *DB) execCount(ctx context.Context, query string, args ...any) (int, error) {
	var n int64
	err := db.write(ctx, func(q querier) error {
		tag, err := q.Exec(ctx, query, args...)
		n = tag.RowsAffected()
		return err
	})
	return int(n), err
}

// CreateReaderToken stores a mailed link.
func (db *DB) CreateReaderToken(ctx context.Context, t news.ReaderToken) error {
	if t.ID == "" || t.ExpiresAt.IsZero() {
		return fmt.Errorf("create reader token: %w", invalid("id and expiry are required"))
	}
	created := t.CreatedAt
	if created.IsZero() {
		created = now()
	}
	err := db.write(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `INSERT INTO reader_tokens (id, purpose, reader_id, subscriber_id, email, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, t.ID, string(t.Purpose), idArg(t.ReaderID), idArg(t.SubscriberID),
			t.Email, timeArg(created), timeArg(t.ExpiresAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("create reader token: %w", err)
	}
	return nil
}

// UseReaderToken spends a link in one DELETE … RETURNING.
func (db *DB) UseReaderToken(ctx context.Context, id string, purpose news.TokenPurpose, at time.Time) (news.ReaderToken, error) {
	var t news.ReaderToken
	err := db.write(ctx, func(q querier) error {
		var reader, subscriber *int64
		var p string
		err := q.QueryRow(ctx, `DELETE FROM reader_tokens WHERE id = $1 AND purpose = $2 AND expires_at > $3
			RETURNING id, purpose, reader_id, subscriber_id, email, created_at, expires_at`,
			id, string(purpose), timeArg(at)).Scan(&t.ID, &p, &reader, &subscriber, &t.Email, &t.CreatedAt, &t.ExpiresAt)
		t.Purpose, t.ReaderID, t.SubscriberID = news.TokenPurpose(p), deref(reader), deref(subscriber)
		t.CreatedAt, t.ExpiresAt = t.CreatedAt.UTC(), t.ExpiresAt.UTC()
		return err
	})
	if err != nil {
		return news.ReaderToken{}, fmt.Errorf("use %s link: %w", purpose, err)
	}
	return t, nil
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// DeleteReaderTokens removes a reader's unspent links of one purpose.
func (db *DB) DeleteReaderTokens(ctx context.Context, readerID int64, purpose news.TokenPurpose) error {
	if _, err := db.execCount(ctx, `DELETE FROM reader_tokens WHERE reader_id = $1 AND purpose = $2`, readerID, string(purpose)); err != nil {
		return fmt.Errorf("delete %s links of reader %d: %w", purpose, readerID, err)
	}
	return nil
}

// DeleteExpiredReaderState removes expired sessions and links.
func (db *DB) DeleteExpiredReaderState(ctx context.Context, at time.Time) (int, error) {
	var total int64
	err := db.write(ctx, func(q querier) error {
		for _, query := range []string{`DELETE FROM reader_sessions WHERE expires_at <= $1`, `DELETE FROM reader_tokens WHERE expires_at <= $1`} {
			tag, err := q.Exec(ctx, query, timeArg(at))
			if err != nil {
				return err
			}
			total += tag.RowsAffected()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("delete expired reader state: %w", err)
	}
	return int(total), nil
}

// SaveArticle keeps an article on the reader's list.
func (db *DB) SaveArticle(ctx context.Context, readerID, articleID int64, at time.Time) error {
	_, err := db.execCount(ctx, `INSERT INTO saved_articles (reader_id, article_id, saved_at) VALUES ($1, $2, $3)
		ON CONFLICT (reader_id, article_id) DO NOTHING`, readerID, articleID, timeArg(at))
	if err != nil {
		return fmt.Errorf("save article %d: %w", articleID, err)
	}
	return nil
}

// UnsaveArticle takes an article off the list.
func (db *DB) UnsaveArticle(ctx context.Context, readerID, articleID int64) error {
	if _, err := db.execCount(ctx, `DELETE FROM saved_articles WHERE reader_id = $1 AND article_id = $2`, readerID, articleID); err != nil {
		return fmt.Errorf("unsave article %d: %w", articleID, err)
	}
	return nil
}

// SavedAmong reports which of the articles the reader has saved.
func (db *DB) SavedAmong(ctx context.Context, readerID int64, articleIDs []int64) (map[int64]bool, error) {
	saved := map[int64]bool{}
	if len(articleIDs) == 0 {
		return saved, nil
	}
	err := db.read(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT article_id FROM saved_articles WHERE reader_id = $1 AND article_id = ANY($2)`,
			[]any{readerID, articleIDs}, func(rows pgx.Rows) error {
				var id int64
				err := rows.Scan(&id)
				saved[id] = true
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("saved among: %w", err)
	}
	return saved, nil
}

// SavedArticles returns the visible saved articles, most recently saved
// first.
func (db *DB) SavedArticles(ctx context.Context, readerID int64, visibleAt time.Time, limit, offset int) ([]news.Article, error) {
	arts, err := db.readerArticles(ctx, `JOIN saved_articles x ON x.article_id = a.id`, `x.saved_at`, readerID, visibleAt, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("saved articles of reader %d: %w", readerID, err)
	}
	return arts, nil
}

// ReadArticles returns the visible articles of the reading history.
func (db *DB) ReadArticles(ctx context.Context, readerID int64, visibleAt time.Time, limit, offset int) ([]news.Article, error) {
	arts, err := db.readerArticles(ctx, `JOIN reading_history x ON x.article_id = a.id`, `x.read_at`, readerID, visibleAt, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("history of reader %d: %w", readerID, err)
	}
	return arts, nil
}

func (db *DB) readerArticles(ctx context.Context, join, order string, readerID int64, visibleAt time.Time, limit, offset int) ([]news.Article, error) {
	if limit < 1 || offset < 0 {
		return nil, invalid("limit %d, offset %d", limit, offset)
	}
	var arts []news.Article
	err := db.read(ctx, func(q querier) error {
		var err error
		arts, err = queryArticles(ctx, q, `SELECT `+articleColumns+` FROM articles a `+join+`
			WHERE x.reader_id = $1 AND a.status = 'published' AND a.published_at <= $2
			ORDER BY `+order+` DESC, a.id DESC LIMIT $3 OFFSET $4`, readerID, timeArg(visibleAt), limit, offset)
		return err
	})
	return arts, err
}

// SavedList returns every saved article of the reader.
func (db *DB) SavedList(ctx context.Context, readerID int64) ([]news.SavedArticle, error) {
	var list []news.SavedArticle
	err := db.read(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT article_id, saved_at FROM saved_articles WHERE reader_id = $1
			ORDER BY saved_at DESC, article_id DESC`, []any{readerID}, func(rows pgx.Rows) error {
			var s news.SavedArticle
			err := rows.Scan(&s.ArticleID, &s.SavedAt)
			s.SavedAt = s.SavedAt.UTC()
			list = append(list, s)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("saved list of reader %d: %w", readerID, err)
	}
	return list, nil
}

var followTables = map[news.FollowKind]string{
	news.FollowCategory: "categories", news.FollowTag: "tags", news.FollowAuthor: "authors",
}

// Follow adds a follow; the target must exist.
func (db *DB) Follow(ctx context.Context, readerID int64, f news.Follow) error {
	table, ok := followTables[f.Kind]
	if !ok {
		return fmt.Errorf("follow: %w", invalid("unknown kind %q", f.Kind))
	}
	err := db.write(ctx, func(q querier) error {
		var exists bool
		if err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+table+` WHERE id = $1)`, f.TargetID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return invalid("no %s %d", f.Kind, f.TargetID)
		}
		_, err := q.Exec(ctx, `INSERT INTO reader_follows (reader_id, kind, target_id) VALUES ($1, $2, $3)
			ON CONFLICT (reader_id, kind, target_id) DO NOTHING`, readerID, string(f.Kind), f.TargetID)
		return err
	})
	if err != nil {
		return fmt.Errorf("follow %s %d: %w", f.Kind, f.TargetID, err)
	}
	return nil
}

// Unfollow removes a follow.
func (db *DB) Unfollow(ctx context.Context, readerID int64, f news.Follow) error {
	if _, err := db.execCount(ctx, `DELETE FROM reader_follows WHERE reader_id = $1 AND kind = $2 AND target_id = $3`,
		readerID, string(f.Kind), f.TargetID); err != nil {
		return fmt.Errorf("unfollow %s %d: %w", f.Kind, f.TargetID, err)
	}
	return nil
}

// Follows returns what the reader follows.
func (db *DB) Follows(ctx context.Context, readerID int64) ([]news.Follow, error) {
	var list []news.Follow
	err := db.read(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT kind, target_id FROM reader_follows WHERE reader_id = $1
			ORDER BY kind COLLATE "C", target_id`, []any{readerID}, func(rows pgx.Rows) error {
			var f news.Follow
			var kind string
			err := rows.Scan(&kind, &f.TargetID)
			f.Kind = news.FollowKind(kind)
			list = append(list, f)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("follows of reader %d: %w", readerID, err)
	}
	return list, nil
}

// FollowedArticles returns the newest visible articles matching any of
// the filter's sections, topics or authors.
func (db *DB) FollowedArticles(ctx context.Context, f store.FollowedFilter) ([]news.Article, error) {
	if f.Limit < 1 || f.Offset < 0 {
		return nil, fmt.Errorf("followed articles: %w", invalid("limit %d, offset %d", f.Limit, f.Offset))
	}
	var args sqlArgs
	var either []string
	if len(f.CategoryIDs) > 0 {
		either = append(either, `a.id IN (SELECT article_id FROM article_categories WHERE category_id = ANY(`+args.add(f.CategoryIDs)+`))`)
	}
	if len(f.TagIDs) > 0 {
		either = append(either, `a.id IN (SELECT article_id FROM article_tags WHERE tag_id = ANY(`+args.add(f.TagIDs)+`))`)
	}
	if len(f.AuthorIDs) > 0 {
		either = append(either, `a.id IN (SELECT article_id FROM article_authors WHERE author_id = ANY(`+args.add(f.AuthorIDs)+`))`)
	}
	if len(either) == 0 {
		return nil, nil
	}
	query := `SELECT ` + articleColumns + ` FROM articles a WHERE (` + strings.Join(either, " OR ") + `)
		AND a.status = 'published' AND a.published_at <= ` + args.add(timeArg(f.VisibleAt)) +
		listOrder + ` LIMIT ` + args.add(f.Limit) + ` OFFSET ` + args.add(f.Offset)
	var arts []news.Article
	err := db.read(ctx, func(q querier) error {
		var err error
		arts, err = queryArticles(ctx, q, query, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("followed articles: %w", err)
	}
	return arts, nil
}

// RecordReading notes a visit, moving the time of an earlier one.
func (db *DB) RecordReading(ctx context.Context, readerID, articleID int64, at time.Time) error {
	_, err := db.execCount(ctx, `INSERT INTO reading_history (reader_id, article_id, read_at) VALUES ($1, $2, $3)
		ON CONFLICT (reader_id, article_id) DO UPDATE SET read_at = excluded.read_at`, readerID, articleID, timeArg(at))
	if err != nil {
		return fmt.Errorf("record reading of article %d: %w", articleID, err)
	}
	return nil
}

// History returns the whole reading history.
func (db *DB) History(ctx context.Context, readerID int64) ([]news.HistoryEntry, error) {
	var list []news.HistoryEntry
	err := db.read(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT article_id, read_at FROM reading_history WHERE reader_id = $1
			ORDER BY read_at DESC, article_id DESC`, []any{readerID}, func(rows pgx.Rows) error {
			var h news.HistoryEntry
			err := rows.Scan(&h.ArticleID, &h.ReadAt)
			h.ReadAt = h.ReadAt.UTC()
			list = append(list, h)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("history of reader %d: %w", readerID, err)
	}
	return list, nil
}

// ClearHistory forgets the reading history.
func (db *DB) ClearHistory(ctx context.Context, readerID int64) error {
	if _, err := db.execCount(ctx, `DELETE FROM reading_history WHERE reader_id = $1`, readerID); err != nil {
		return fmt.Errorf("clear history of reader %d: %w", readerID, err)
	}
	return nil
}
