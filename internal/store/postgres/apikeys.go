package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

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
		created = time.Now()
	}
	created = created.UTC().Truncate(time.Second)
	var id int64
	err := db.write(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO api_keys (id, kind, name, user_id, hash, hint, created_at) OVERRIDING SYSTEM VALUE
			VALUES (coalesce($1, nextval(pg_get_serial_sequence('api_keys', 'id'))), $2, $3, $4, $5, $6, $7) RETURNING id`,
			idArg(k.ID), string(k.Kind), k.Name, idArg(k.UserID), k.Hash, k.Hint, created).Scan(&id)
		if err != nil || k.ID == 0 {
			return err
		}
		return advanceIdentity(ctx, q, "api_keys", id)
	})
	if err != nil {
		return fmt.Errorf("create API key %q: %w", k.Name, err)
	}
	k.ID, k.CreatedAt = id, created
	return nil
}

// APIKeys returns every key, newest first.
func (db *DB) APIKeys(ctx context.Context) ([]news.APIKey, error) {
	var keys []news.APIKey
	err := db.readOne(ctx, func(q querier) error {
		return queryEach(ctx, q, `SELECT `+apiKeyColumns+` FROM api_keys k ORDER BY k.id DESC`, nil,
			func(rows pgx.Rows) error {
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
	err := db.readOne(ctx, func(q querier) error {
		var err error
		k, err = scanAPIKey(q.QueryRow(ctx, `SELECT `+apiKeyColumns+` FROM api_keys k
			LEFT JOIN users u ON u.id = k.user_id
			WHERE k.hash = $1 AND k.revoked_at IS NULL AND (u.id IS NULL OR NOT u.disabled)`, hash))
		return err
	})
	if err != nil {
		return news.APIKey{}, fmt.Errorf("API key: %w", err)
	}
	return k, nil
}

// RevokeAPIKey withdraws a working key.
func (db *DB) RevokeAPIKey(ctx context.Context, id int64, at time.Time) error {
	err := db.write(ctx, func(q querier) error {
		tag, err := q.Exec(ctx, `UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`, timeArg(at), id)
		if err == nil && tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: no working key %d", news.ErrNotFound, id)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("revoke API key %d: %w", id, err)
	}
	return nil
}

func scanAPIKey(row pgx.Row) (news.APIKey, error) {
	var k news.APIKey
	var kind string
	var user *int64
	var created time.Time
	var revoked *time.Time
	err := row.Scan(&k.ID, &kind, &k.Name, &user, &k.Hash, &k.Hint, &created, &revoked)
	k.Kind, k.CreatedAt, k.RevokedAt = news.APIKeyKind(kind), created.UTC(), timeOf(revoked)
	if user != nil {
		k.UserID = *user
	}
	return k, err
}
