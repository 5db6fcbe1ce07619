package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

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
	err = db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO readers (`+readerColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			idOrNull(r.ID), email, r.Name, r.PasswordHash, unixOrNull(r.VerifiedAt), r.HistoryOff, created.Unix(), updated.Unix())
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return fmt.Errorf("create reader: %w", err)
	}
	r.ID, r.Email = id, email
	r.CreatedAt, r.UpdatedAt = time.Unix(created.Unix(), 0).UTC(), time.Unix(updated.Unix(), 0).UTC()
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
	err = db.write(ctx, func(tx *sql.Tx) error {
		return rowsAffected(tx.ExecContext(ctx, `UPDATE readers SET email = ?, name = ?, password_hash = ?,
			verified_at = ?, history_off = ?, updated_at = ? WHERE id = ?`,
			email, r.Name, r.PasswordHash, unixOrNull(r.VerifiedAt), r.HistoryOff, updated.Unix(), r.ID))
	})
	if err != nil {
		return fmt.Errorf("update reader %d: %w", r.ID, err)
	}
	r.Email, r.UpdatedAt = email, time.Unix(updated.Unix(), 0).UTC()
	r.VerifiedAt = truncated(r.VerifiedAt)
	return nil
}

// readerEmail is the address in the form it is stored in.
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
	return time.Unix(t.Unix(), 0).UTC()
}

// Reader returns one account.
func (db *DB) Reader(ctx context.Context, id int64) (news.Reader, error) {
	r, err := db.oneReader(ctx, `id = ?`, id)
	if err != nil {
		return news.Reader{}, fmt.Errorf("reader %d: %w", id, err)
	}
	return r, nil
}

// ReaderByEmail finds an account by its address, in any capitalisation.
func (db *DB) ReaderByEmail(ctx context.Context, email string) (news.Reader, error) {
	r, err := db.oneReader(ctx, `lower(email) = lower(?)`, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return news.Reader{}, fmt.Errorf("reader by email: %w", err)
	}
	return r, nil
}

func (db *DB) oneReader(ctx context.Context, where string, arg any) (news.Reader, error) {
	var r news.Reader
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = scanReader(tx.QueryRowContext(ctx, `SELECT `+readerColumns+` FROM readers WHERE `+where, arg))
		if errors.Is(err, sql.ErrNoRows) {
			return news.ErrNotFound
		}
		return err
	})
	return r, err
}

func scanReader(s scanner) (news.Reader, error) {
	var r news.Reader
	var verified sql.NullInt64
	var created, updated int64
	if err := s.Scan(&r.ID, &r.Email, &r.Name, &r.PasswordHash, &verified, &r.HistoryOff, &created, &updated); err != nil {
		return news.Reader{}, err
	}
	r.VerifiedAt = timeFromUnix(verified)
	r.CreatedAt, r.UpdatedAt = time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
	return r, nil
}

// DeleteReader removes the account; its sessions, links, saved articles,
// follows, history and subscription go by cascade.
func (db *DB) DeleteReader(ctx context.Context, id int64) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return rowsAffected(tx.ExecContext(ctx, `DELETE FROM readers WHERE id = ?`, id))
	})
	if err != nil {
		return fmt.Errorf("delete reader %d: %w", id, err)
	}
	return nil
}

// CountReaders counts the accounts.
func (db *DB) CountReaders(ctx context.Context) (int, error) {
	var n int
	err := db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM readers`).Scan(&n)
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
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO reader_sessions (id, reader_id, created_at, last_seen_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`, s.ID, s.ReaderID, created.Unix(), seen.Unix(), s.ExpiresAt.Unix())
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
	err := db.read(ctx, func(tx *sql.Tx) error {
		var created, seen, expires int64
		err := tx.QueryRowContext(ctx, `SELECT id, reader_id, created_at, last_seen_at, expires_at
			FROM reader_sessions WHERE id = ? AND expires_at > ?`, id, at.Unix()).
			Scan(&s.ID, &s.ReaderID, &created, &seen, &expires)
		if errors.Is(err, sql.ErrNoRows) {
			return news.ErrNotFound
		}
		s.CreatedAt, s.LastSeenAt, s.ExpiresAt = time.Unix(created, 0).UTC(), time.Unix(seen, 0).UTC(), time.Unix(expires, 0).UTC()
		return err
	})
	if err != nil {
		return news.ReaderSession{}, fmt.Errorf("reader session: %w", err)
	}
	return s, nil
}

// TouchReaderSession records activity and moves the expiry.
func (db *DB) TouchReaderSession(ctx context.Context, id string, lastSeen, expires time.Time) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return rowsAffected(tx.ExecContext(ctx, `UPDATE reader_sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?`,
			lastSeen.Unix(), expires.Unix(), id))
	})
	if err != nil {
		return fmt.Errorf("touch reader session: %w", err)
	}
	return nil
}

// DeleteReaderSession ends one session.
func (db *DB) DeleteReaderSession(ctx context.Context, id string) error {
	_, err := db.execCount(ctx, `DELETE FROM reader_sessions WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete reader session: %w", err)
	}
	return nil
}

// DeleteReaderSessions ends every session of a reader.
func (db *DB) DeleteReaderSessions(ctx context.Context, readerID int64) (int, error) {
	n, err := db.execCount(ctx, `DELETE FROM reader_sessions WHERE reader_id = ?`, readerID)
	if err != nil {
		return 0, fmt.Errorf("delete sessions of reader %d: %w", readerID, err)
	}
	return n, nil
}

// execCount runs one write statement and reports the rows it touched.
func (db *DB) execCount(ctx context.Context, query string, args ...any) (int, error) {
	var n int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
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
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO reader_tokens (id, purpose, reader_id, subscriber_id, email, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, t.ID, string(t.Purpose), idOrNull(t.ReaderID), idOrNull(t.SubscriberID),
			t.Email, created.Unix(), t.ExpiresAt.Unix())
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
	err := db.write(ctx, func(tx *sql.Tx) error {
		var reader, subscriber sql.NullInt64
		var created, expires int64
		var p string
		err := tx.QueryRowContext(ctx, `DELETE FROM reader_tokens WHERE id = ? AND purpose = ? AND expires_at > ?
			RETURNING id, purpose, reader_id, subscriber_id, email, created_at, expires_at`,
			id, string(purpose), at.Unix()).Scan(&t.ID, &p, &reader, &subscriber, &t.Email, &created, &expires)
		if errors.Is(err, sql.ErrNoRows) {
			return news.ErrNotFound
		}
		t.Purpose, t.ReaderID, t.SubscriberID = news.TokenPurpose(p), reader.Int64, subscriber.Int64
		t.CreatedAt, t.ExpiresAt = time.Unix(created, 0).UTC(), time.Unix(expires, 0).UTC()
		return err
	})
	if err != nil {
		return news.ReaderToken{}, fmt.Errorf("use %s link: %w", purpose, err)
	}
	return t, nil
}

// DeleteReaderTokens removes a reader's unspent links of one purpose.
func (db *DB) DeleteReaderTokens(ctx context.Context, readerID int64, purpose news.TokenPurpose) error {
	_, err := db.execCount(ctx, `DELETE FROM reader_tokens WHERE reader_id = ? AND purpose = ?`, readerID, string(purpose))
	if err != nil {
		return fmt.Errorf("delete %s links of reader %d: %w", purpose, readerID, err)
	}
	return nil
}

// DeleteExpiredReaderState removes expired sessions and links.
func (db *DB) DeleteExpiredReaderState(ctx context.Context, at time.Time) (int, error) {
	var total int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM reader_sessions WHERE expires_at <= ?`, `DELETE FROM reader_tokens WHERE expires_at <= ?`} {
			res, err := tx.ExecContext(ctx, q, at.Unix())
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			total += n
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
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO saved_articles (reader_id, article_id, saved_at) VALUES (?, ?, ?)
			ON CONFLICT (reader_id, article_id) DO NOTHING`, readerID, articleID, at.Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("save article %d: %w", articleID, err)
	}
	return nil
}

// UnsaveArticle takes an article off the list.
func (db *DB) UnsaveArticle(ctx context.Context, readerID, articleID int64) error {
	if _, err := db.execCount(ctx, `DELETE FROM saved_articles WHERE reader_id = ? AND article_id = ?`, readerID, articleID); err != nil {
		return fmt.Errorf("unsave article %d: %w", articleID, err)
	}
	return nil
}

// SavedAmong reports which of the articles the reader has saved.
func (db *DB) SavedAmong(ctx context.Context, readerID int64, articleIDs []int64) (map[int64]bool, error) {
	saved := map[int64]bool{}
	err := db.read(ctx, func(tx *sql.Tx) error {
		return inChunks(articleIDs, func(in string, args []any) error {
			return queryEach(ctx, tx, `SELECT article_id FROM saved_articles WHERE reader_id = ? AND article_id IN (`+in+`)`,
				append([]any{readerID}, args...), func(rows *sql.Rows) error {
					var id int64
					err := rows.Scan(&id)
					saved[id] = true
					return err
				})
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

// ReadArticles returns the visible articles of the reading history, last
// read first.
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
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		arts, err = queryArticles(ctx, tx, `SELECT `+articleColumns+` FROM articles a `+join+`
			WHERE x.reader_id = ? AND a.status = 'published' AND a.published_at <= ?
			ORDER BY `+order+` DESC, a.id DESC LIMIT ? OFFSET ?`, readerID, visibleAt.Unix(), limit, offset)
		return err
	})
	return arts, err
}

// SavedList returns every saved article of the reader.
func (db *DB) SavedList(ctx context.Context, readerID int64) ([]news.SavedArticle, error) {
	var list []news.SavedArticle
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT article_id, saved_at FROM saved_articles WHERE reader_id = ?
			ORDER BY saved_at DESC, article_id DESC`, []any{readerID}, func(rows *sql.Rows) error {
			var s news.SavedArticle
			var at int64
			err := rows.Scan(&s.ArticleID, &at)
			s.SavedAt = time.Unix(at, 0).UTC()
			list = append(list, s)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("saved list of reader %d: %w", readerID, err)
	}
	return list, nil
}

// Follow adds a follow; the target must exist.
func (db *DB) Follow(ctx context.Context, readerID int64, f news.Follow) error {
	table, ok := followTables[f.Kind]
	if !ok {
		return fmt.Errorf("follow: %w", invalid("unknown kind %q", f.Kind))
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO reader_follows (reader_id, kind, target_id)
			SELECT ?, ?, id FROM `+table+` WHERE id = ?
			ON CONFLICT (reader_id, kind, target_id) DO NOTHING`, readerID, string(f.Kind), f.TargetID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+table+` WHERE id = ?)`, f.TargetID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return invalid("no %s %d", f.Kind, f.TargetID)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("follow %s %d: %w", f.Kind, f.TargetID, err)
	}
	return nil
}

var followTables = map[news.FollowKind]string{
	news.FollowCategory: "categories", news.FollowTag: "tags", news.FollowAuthor: "authors",
}

// Unfollow removes a follow.
func (db *DB) Unfollow(ctx context.Context, readerID int64, f news.Follow) error {
	if _, err := db.execCount(ctx, `DELETE FROM reader_follows WHERE reader_id = ? AND kind = ? AND target_id = ?`,
		readerID, string(f.Kind), f.TargetID); err != nil {
		return fmt.Errorf("unfollow %s %d: %w", f.Kind, f.TargetID, err)
	}
	return nil
}

// Follows returns what the reader follows.
func (db *DB) Follows(ctx context.Context, readerID int64) ([]news.Follow, error) {
	var list []news.Follow
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT kind, target_id FROM reader_follows WHERE reader_id = ? ORDER BY kind, target_id`,
			[]any{readerID}, func(rows *sql.Rows) error {
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
	var either []string
	var args []any
	if len(f.CategoryIDs) > 0 {
		either = append(either, `a.id IN (SELECT article_id FROM article_categories WHERE category_id IN (`+placeholders(len(f.CategoryIDs))+`))`)
		args = append(args, int64Args(f.CategoryIDs)...)
	}
	if len(f.TagIDs) > 0 {
		either = append(either, `a.id IN (SELECT article_id FROM article_tags WHERE tag_id IN (`+placeholders(len(f.TagIDs))+`))`)
		args = append(args, int64Args(f.TagIDs)...)
	}
	if len(f.AuthorIDs) > 0 {
		either = append(either, `a.id IN (SELECT article_id FROM article_authors WHERE author_id IN (`+placeholders(len(f.AuthorIDs))+`))`)
		args = append(args, int64Args(f.AuthorIDs)...)
	}
	if len(either) == 0 {
		return nil, nil
	}
	args = append(args, f.VisibleAt.Unix(), f.Limit, f.Offset)
	var arts []news.Article
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		arts, err = queryArticles(ctx, tx, `SELECT `+articleColumns+` FROM articles a
			WHERE (`+strings.Join(either, " OR ")+`) AND a.status = 'published' AND a.published_at <= ?
			ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?`, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("followed articles: %w", err)
	}
	return arts, nil
}

// RecordReading notes a visit, moving the time of an earlier one.
func (db *DB) RecordReading(ctx context.Context, readerID, articleID int64, at time.Time) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO reading_history (reader_id, article_id, read_at) VALUES (?, ?, ?)
			ON CONFLICT (reader_id, article_id) DO UPDATE SET read_at = excluded.read_at`, readerID, articleID, at.Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("record reading of article %d: %w", articleID, err)
	}
	return nil
}

// History returns the whole reading history.
func (db *DB) History(ctx context.Context, readerID int64) ([]news.HistoryEntry, error) {
	var list []news.HistoryEntry
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT article_id, read_at FROM reading_history WHERE reader_id = ?
			ORDER BY read_at DESC, article_id DESC`, []any{readerID}, func(rows *sql.Rows) error {
			var h news.HistoryEntry
			var at int64
			err := rows.Scan(&h.ArticleID, &at)
			h.ReadAt = time.Unix(at, 0).UTC()
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
	if _, err := db.execCount(ctx, `DELETE FROM reading_history WHERE reader_id = ?`, readerID); err != nil {
		return fmt.Errorf("clear history of reader %d: %w", readerID, err)
	}
	return nil
}
