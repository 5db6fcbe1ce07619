package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/storejson"
)

// ArticleDrafts returns every writer's draft of an article, by user id.
func (db *DB) ArticleDrafts(ctx context.Context, articleID int64) ([]news.Draft, error) {
	var drafts []news.Draft
	err := db.read(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT user_id, base_version, saved_at, snapshot FROM article_drafts
			WHERE article_id = $1 ORDER BY user_id`, []any{articleID},
			func(rows pgx.Rows) error {
				d := news.Draft{ArticleID: articleID}
				var snap string
				if err := rows.Scan(&d.UserID, &d.BaseVersion, &d.SavedAt, &snap); err != nil {
					return err
				}
				d.SavedAt = d.SavedAt.UTC()
				var err error
				d.Article, err = storejson.DecodeArticle(articleID, snap)
				drafts = append(drafts, d)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("drafts of article %d: %w", articleID, err)
	}
	return drafts, nil
}

// AllRedirects returns every redirect by path. COLLATE "C" orders bytewise,
// as SQLite does, whatever the database's collation.
func (db *DB) AllRedirects(ctx context.Context) ([]news.Redirect, error) {
	var list []news.Redirect
	err := db.read(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT path, article_id, target, created_at FROM redirects
			ORDER BY path COLLATE "C"`, nil,
			func(rows pgx.Rows) error {
				var r news.Redirect
				var article *int64
				err := rows.Scan(&r.Path, &article, &r.Target, &r.CreatedAt)
				if article != nil {
					r.ArticleID = *article
				}
				r.CreatedAt = r.CreatedAt.UTC()
				list = append(list, r)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("all redirects: %w", err)
	}
	return list, nil
}

// AllSecrets returns every secret by name, bytewise.
func (db *DB) AllSecrets(ctx context.Context) ([]store.NamedSecret, error) {
	var list []store.NamedSecret
	err := db.read(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT name, value FROM secrets ORDER BY name COLLATE "C"`, nil,
			func(rows pgx.Rows) error {
				var s store.NamedSecret
				err := rows.Scan(&s.Name, &s.Value)
				list = append(list, s)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("all secrets: %w", err)
	}
	return list, nil
}

// RecoveryCodes returns a user's recovery codes, spent ones included.
func (db *DB) RecoveryCodes(ctx context.Context, userID int64) ([]store.RecoveryCode, error) {
	var list []store.RecoveryCode
	err := db.read(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT code_hash, used_at FROM user_recovery_codes
			WHERE user_id = $1 ORDER BY code_hash COLLATE "C"`, []any{userID},
			func(rows pgx.Rows) error {
				var c store.RecoveryCode
				var used *time.Time
				err := rows.Scan(&c.Hash, &used)
				c.UsedAt = timeOf(used)
				list = append(list, c)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("recovery codes of user %d: %w", userID, err)
	}
	return list, nil
}

// checkNewVersion refuses a version CreateArticle cannot keep. Zero means
// a new article's first version; a larger one keeps the version of an
// article moved from another store, so that its revisions still follow on.
func checkNewVersion(v int) error {
	if v < 0 {
		return invalid("negative version %d", v)
	}
	return nil
}
