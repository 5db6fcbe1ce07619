package postgres

import (
	"context"
	"errors"

	"fmt"
	"github.com/jackc/pgx/v5"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store/storejson"
)

// AddRevision stores one saved version of an article.
func (db *DB) AddRevision(ctx context.Context, r news.Revision) error {
	snap, err := storejson.EncodeArticle(r.Article)
	if err != nil {
		return fmt.Errorf("revision %d of article %d: %w", r.Version, r.ArticleID, err)
	}
	err = db.write(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `INSERT INTO article_revisions
			(article_id, version, created_at, user_id, user_name, note, snapshot)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			r.ArticleID, r.Version, timeArg(timeOrNow(r.CreatedAt)), idArg(r.UserID), r.UserName, r.Note, snap)
		return err
	})
	if err != nil {
		return fmt.Errorf("revision %d of article %d: %w", r.Version, r.ArticleID, err)
	}
	return nil
}

// ReplaceRevision moves an existing revision to r's version and contents.
// The revision replaced is the article's newest one, as autosaves follow
// each other.
func (db *DB) ReplaceRevision(ctx context.Context, r news.Revision) error {
	snap, err := storejson.EncodeArticle(r.Article)
	if err != nil {
		return fmt.Errorf("revision of article %d: %w", r.ArticleID, err)
	}
	err = db.write(ctx, func(q querier) error {
		return rowsAffected(q.Exec(ctx, `UPDATE article_revisions
			SET version = $1, created_at = $2, user_id = $3, user_name = $4, note = $5, snapshot = $6
			WHERE id = (SELECT max(id) FROM article_revisions WHERE article_id = $7::bigint)`,
			r.Version, timeArg(timeOrNow(r.CreatedAt)), idArg(r.UserID), r.UserName, r.Note, snap, r.ArticleID))
	})
	if err != nil {
		return fmt.Errorf("revision of article %d: %w", r.ArticleID, err)
	}
	return nil
}

const revisionColumns = `article_id, version, created_at, user_id, user_name, note, snapshot`

// Revisions returns the article's revisions, newest first.
func (db *DB) Revisions(ctx context.Context, articleID int64) ([]news.Revision, error) {
	var revs []news.Revision
	err := db.read(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT `+revisionColumns+` FROM article_revisions
			WHERE article_id = $1 ORDER BY version DESC`, []any{articleID},
			func(rows pgx.Rows) error {
				r, err := scanRevision(rows)
				revs = append(revs, r)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("revisions of article %d: %w", articleID, err)
	}
	return revs, nil
}

// Revision returns one version of an article.
func (db *DB) Revision(ctx context.Context, articleID int64, version int) (news.Revision, error) {
	var r news.Revision
	err := db.read(ctx, func(q querier) error {
		var err error
		r, err = scanRevision(q.QueryRow(ctx, `SELECT `+revisionColumns+` FROM article_revisions
			WHERE article_id = $1 AND version = $2`, articleID, version))
		return err
	})
	if err != nil {
		return news.Revision{}, fmt.Errorf("revision %d of article %d: %w", version, articleID, err)
	}
	return r, nil
}

func scanRevision(s scanner) (news.Revision, error) {
	var r news.Revision
	var created time.Time
	var user *int64
	var snap string
	if err := s.Scan(&r.ArticleID, &r.Version, &created, &user, &r.UserName, &r.Note, &snap); err != nil {
		return news.Revision{}, err
	}
	r.CreatedAt = created.UTC()
	if user != nil {
		r.UserID = *user
	}
	a, err := storejson.DecodeArticle(r.ArticleID, snap)
	r.Article = a
	return r, err
}

// SaveDraft stores or replaces a writer's unsaved work on an article.
func (db *DB) SaveDraft(ctx context.Context, d news.Draft) error {
	snap, err := storejson.EncodeArticle(d.Article)
	if err != nil {
		return fmt.Errorf("draft of article %d: %w", d.ArticleID, err)
	}
	err = db.write(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `INSERT INTO article_drafts
			(article_id, user_id, base_version, saved_at, snapshot) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (article_id, user_id) DO UPDATE SET
				base_version = excluded.base_version, saved_at = excluded.saved_at, snapshot = excluded.snapshot`,
			d.ArticleID, d.UserID, d.BaseVersion, timeArg(timeOrNow(d.SavedAt)), snap)
		return err
	})
	if err != nil {
		return fmt.Errorf("draft of article %d: %w", d.ArticleID, err)
	}
	return nil
}

// Draft returns a writer's unsaved work on an article.
func (db *DB) Draft(ctx context.Context, articleID, userID int64) (news.Draft, error) {
	d := news.Draft{ArticleID: articleID, UserID: userID}
	err := db.read(ctx, func(q querier) error {
		var saved time.Time
		var snap string
		err := q.QueryRow(ctx, `SELECT base_version, saved_at, snapshot FROM article_drafts
			WHERE article_id = $1 AND user_id = $2`, articleID, userID).Scan(&d.BaseVersion, &saved, &snap)
		if err != nil {
			return err
		}
		d.SavedAt = saved.UTC()
		d.Article, err = storejson.DecodeArticle(articleID, snap)
		return err
	})
	if err != nil {
		return news.Draft{}, fmt.Errorf("draft of article %d: %w", articleID, err)
	}
	return d, nil
}

// DeleteDraft forgets a writer's unsaved work; none is not an error.
func (db *DB) DeleteDraft(ctx context.Context, articleID, userID int64) error {
	err := db.write(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `DELETE FROM article_drafts WHERE article_id = $1 AND user_id = $2`, articleID, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("draft of article %d: %w", articleID, err)
	}
	return nil
}

// TouchPresence notes that a user has an article open.
func (db *DB) TouchPresence(ctx context.Context, articleID, userID int64, at time.Time) error {
	err := db.write(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `INSERT INTO article_presence (article_id, user_id, seen_at) VALUES ($1, $2, $3)
			ON CONFLICT (article_id, user_id) DO UPDATE SET seen_at = excluded.seen_at`,
			articleID, userID, timeArg(at))
		return err
	})
	if err != nil {
		return fmt.Errorf("presence on article %d: %w", articleID, err)
	}
	return nil
}

// LeavePresence notes that a user closed an article.
func (db *DB) LeavePresence(ctx context.Context, articleID, userID int64) error {
	err := db.write(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `DELETE FROM article_presence WHERE article_id = $1 AND user_id = $2`, articleID, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("presence on article %d: %w", articleID, err)
	}
	return nil
}

// PresentUsers returns who has had the article open since a time.
func (db *DB) PresentUsers(ctx context.Context, articleID int64, since time.Time) ([]news.User, error) {
	var users []news.User
	err := db.read(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT `+userColumns+` FROM users u
			JOIN article_presence p ON p.user_id = u.id
			WHERE p.article_id = $1 AND p.seen_at >= $2
			ORDER BY lower(u.name COLLATE "C"), u.id`, []any{articleID, timeArg(since)},
			func(rows pgx.Rows) error {
				u, err := scanUser(rows)
				users = append(users, u)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("presence on article %d: %w", articleID, err)
	}
	return users, nil
}

// upsertRedirect stores a redirect or replaces the one from its path.
const upsertRedirect = `INSERT INTO redirects (path, article_id, target, created_at) VALUES ($1, $2, $3, $4)
	ON CONFLICT (path) DO UPDATE SET
		article_id = excluded.article_id, target = excluded.target, created_at = excluded.created_at`

// SetRedirect stores or replaces the redirect from r.Path.
func (db *DB) SetRedirect(ctx context.Context, r news.Redirect) error {
	err := db.write(ctx, func(q querier) error {
		_, err := q.Exec(ctx, upsertRedirect,
			r.Path, idArg(r.ArticleID), r.Target, timeArg(timeOrNow(r.CreatedAt)))
		return err
	})
	if err != nil {
		return fmt.Errorf("redirect from %q: %w", r.Path, err)
	}
	return nil
}

// AddRedirect stores r unless the redirect from r.Path already goes where
// r does; the upsert's WHERE leaves an identical row untouched, and so
// uncounted.
func (db *DB) AddRedirect(ctx context.Context, r news.Redirect) (bool, error) {
	var n int64
	err := db.write(ctx, func(q querier) error {
		tag, err := q.Exec(ctx, upsertRedirect+`
			WHERE redirects.article_id IS DISTINCT FROM excluded.article_id
				OR redirects.target IS DISTINCT FROM excluded.target`,
			r.Path, idArg(r.ArticleID), r.Target, timeArg(timeOrNow(r.CreatedAt)))
		n = tag.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("redirect from %q: %w", r.Path, err)
	}
	return n > 0, nil
}

// Redirect returns the redirect from path.
func (db *DB) Redirect(ctx context.Context, path string) (news.Redirect, error) {
	r := news.Redirect{Path: path}
	err := db.read(ctx, func(q querier) error {
		var article *int64
		var created time.Time
		err := q.QueryRow(ctx, `SELECT article_id, target, created_at FROM redirects WHERE path = $1`, path).
			Scan(&article, &r.Target, &created)
		r.CreatedAt = created.UTC()
		if article != nil {
			r.ArticleID = *article
		}
		return err
	})
	if err != nil {
		return news.Redirect{}, fmt.Errorf("redirect from %q: %w", path, err)
	}
	return r, nil
}

// DeleteRedirect removes the redirect from path; none is not an error.
func (db *DB) DeleteRedirect(ctx context.Context, path string) error {
	err := db.write(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `DELETE FROM redirects WHERE path = $1`, path)
		return err
	})
	if err != nil {
		return fmt.Errorf("redirect from %q: %w", path, err)
	}
	return nil
}

// CountRedirects counts the stored redirects.
func (db *DB) CountRedirects(ctx context.Context) (int, error) {
	var n int
	err := db.read(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT count(*) FROM redirects`).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count redirects: %w", err)
	}
	return n, nil
}

// Secret returns the named secret, making it on first use. INSERT
// ... ON CONFLICT DO NOTHING lets concurrent first calls race safely: one value wins and both
// read it back.
func (db *DB) Secret(ctx context.Context, name string, fresh func() []byte) ([]byte, error) {
	var value []byte
	// Read first: a read-only replica serves links signed on the primary.
	err := db.readOne(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT value FROM secrets WHERE name = $1`, name).Scan(&value)
	})
	if err == nil || !errors.Is(err, news.ErrNotFound) {
		return value, wrapSecret(name, err)
	}
	err = db.write(ctx, func(q querier) error {
		if _, err := q.Exec(ctx, `INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, name, fresh()); err != nil {
			return err
		}
		return q.QueryRow(ctx, `SELECT value FROM secrets WHERE name = $1`, name).Scan(&value)
	})
	return value, wrapSecret(name, err)
}

func wrapSecret(name string, err error) error {
	if err != nil {
		return fmt.Errorf("secret %q: %w", name, err)
	}
	return nil
}

func timeOrNow(t time.Time) time.Time {
	if t.IsZero() {
		return now()
	}
	return t
}
