package news

import "time"

// APIKeyKind says which API a key opens.
type APIKeyKind string

// Kinds of API key.
const (
	// APIKeyContent opens the read-only, Ghost-compatible Content API. Like
	// Ghost's, such a key is public by design: it is sent in the query
	// string and reads only what readers may already read.
	APIKeyContent APIKeyKind = "content"
	// APIKeyAdmin opens /api/v1/, with the role of the key's owner.
	APIKeyAdmin APIKeyKind = "admin"
)

// Valid reports whether k is a known kind.
func (k APIKeyKind) Valid() bool { return k == APIKeyContent || k == APIKeyAdmin }

// APIKey is an integration's credential. The store keeps only a hash of
// the secret, which is shown once when the key is made.
type APIKey struct {
	ID   int64
	Kind APIKeyKind
	Name string // what the integration is, e.g. "Mobile app"
	// UserID is the staff account whose role an admin key acts with, and
	// who made a content key; zero for a content key made from the
	// command line.
	UserID int64
	// Hash is the hex SHA-256 of the secret; unique.
	Hash string
	// Hint is the start of the secret, so that staff can tell keys apart
	// without the store holding them.
	Hint      string
	CreatedAt time.Time
	RevokedAt time.Time // zero while the key works
}

// Revoked reports whether the key has been withdrawn.
func (k APIKey) Revoked() bool { return !k.RevokedAt.IsZero() }
