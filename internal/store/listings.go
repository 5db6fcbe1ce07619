package store

import (
	"context"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// Listings reads back records that the rest of the store only ever looks
// up one at a time, so that moving a publication (internal/dbcopy) can
// find them all.
type Listings interface {
	// ArticleDrafts returns every writer's unsaved draft of the article,
	// by user id.
	ArticleDrafts(ctx context.Context, articleID int64) ([]news.Draft, error)
	// AllRedirects returns every redirect, by path in byte order.
	AllRedirects(ctx context.Context) ([]news.Redirect, error)
	// AllSecrets returns every secret, by name in byte order.
	AllSecrets(ctx context.Context) ([]NamedSecret, error)
	// RecoveryCodes returns a user's recovery codes, spent ones included,
	// by hash in byte order.
	RecoveryCodes(ctx context.Context, userID int64) ([]RecoveryCode, error)
}

// NamedSecret is one of the keys Secrets keeps.
type NamedSecret struct {
	Name  string
	Value []byte
}

// RecoveryCode is one of a user's single-use recovery codes, by its hash.
type RecoveryCode struct {
	Hash   string
	UsedAt time.Time // zero while unused
}
