package store

import (
	"context"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// APIKeys keeps the credentials of integrations: Content API keys and
// admin API tokens, by the hash of their secret.
type APIKeys interface {
	// CreateAPIKey stores a new key and sets its ID (keeping a given one,
	// as every Create method does) and, when zero, its CreatedAt. An unknown kind, an empty name or hash, or an unknown
	// owner is news.ErrInvalid; a hash already stored is news.ErrConflict.
	CreateAPIKey(ctx context.Context, k *news.APIKey) error
	// APIKeys returns every key, revoked ones included, newest first.
	APIKeys(ctx context.Context) ([]news.APIKey, error)
	// ActiveAPIKey returns the key whose secret hashes to hash. An unknown
	// or revoked key is news.ErrNotFound, as are keys whose owner's account
	// is disabled: a key never outlives its owner's access.
	ActiveAPIKey(ctx context.Context, hash string) (news.APIKey, error)
	// RevokeAPIKey withdraws a key from the given moment. An unknown or
	// already revoked key is news.ErrNotFound.
	RevokeAPIKey(ctx context.Context, id int64, at time.Time) error
}
