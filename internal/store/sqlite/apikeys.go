package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

const apiKeyColumns = `k.id, k.kind, k.name, k.user_id, k.hash, k.hint, k.created_at, k.revoked_at`

// CreateAPIKey stores a new key by the hash of its secret.
func (db *DB) CreateAPIKey(ctx context.Context, k *news.APIKey) error {
	if !k.Kind.Valid() || k.Name == "" || k.Hash == "" {
		return fmt.Errorf("create API key: %w", invalid("kind %q, name %q, hash set %v", k.Kind, k.Name, k.Hash != ""))
	}
	if err := checkNewID(k.ID); err != nil {
		return fmt.Errorf("create API key: %w", err)
	}
	created := k.CreatedAt
	if created.IsZero() {
		created = now()
	}
	var id int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO api_keys (id, kind, name, user_id, hash, hint, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, idOrNull(k.ID), string(k.Kind), k.Name, idOrNull(k.UserID), k.Hash, k.Hint, created.Unix())
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return fmt.Errorf("create API key %q: %w", k.Name, err)
	}
	k.ID, k.CreatedAt = id, time.Unix(created.Unix(), 0).UTC()
	return nil
}

// APIKeys returns every key, newest first.
func (db *DB) APIKeys(ctx context.Context) ([]news.APIKey, error) {
	var keys []news.APIKey
	err := db.read(ctx, func(tx *sql.Tx) error {
		return queryEach(ctx, tx, `SELECT `+apiKeyColumns+` FROM api_keys k ORDER BY k.id DESC`, nil,
			func(rows *sql.Rows) error {
				k, err := scanAPIKey(rows)
				keys = append(keys, k)
				return err
			})
	})
	if err != nil {
		return nil, fmt.Errorf("API keys: %w", err)
	}
	return keys, nil
}

// ActiveAPIKey finds a working key by the hash of its secret.
func (db *DB) ActiveAPIKey(ctx context.Context, hash string) (news.APIKey, error) {
	var k news.APIKey
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		k, err = scanAPIKey(tx.QueryRowContext(ctx, `SELECT `+apiKeyColumns+` FROM api_keys k
			LEFT JOIN users u ON u.id = k.user_id
			WHERE k.hash = ? AND k.revoked_at IS NULL AND (u.id IS NULL OR NOT u.disabled)`, hash))
		return err
	})
	if err != nil {
		return news.APIKey{}, fmt.Errorf("API key: %w", err)
	}
	return k, nil
}

// RevokeAPIKey withdraws a working key.
func (db *DB) RevokeAPIKey(ctx context.Context, id int64, at time.Time) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, at.Unix(), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return fmt.Errorf("%w: no working key %d", news.ErrNotFound, id)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("revoke API key %d: %w", id, err)
	}
	return nil
}

func scanAPIKey(row scanner) (news.APIKey, error) {
	var k news.APIKey
	var kind string
	var user, created, revoked sql.NullInt64
	err := row.Scan(&k.ID, &kind, &k.Name, &user, &k.Hash, &k.Hint, &created, &revoked)
	k.Kind, k.UserID = news.APIKeyKind(kind), user.Int64
	k.CreatedAt, k.RevokedAt = timeFromUnix(created), timeFromUnix(revoked)
	return k, err
}
