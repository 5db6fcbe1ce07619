package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
)

// AdminTokenPrefix starts every admin API token, so that a token pasted
// into the wrong place (a log, a chat, a repository) is recognisable and
// secret scanners can be taught to find it.
const AdminTokenPrefix = "mh_admin_"

// NewAPISecret makes the secret of a new key of the given kind, with the
// hash the store keeps and the hint shown in lists.
//
// A content key is 26 lower-case hex characters (104 bits), because Ghost's
// clients check that form before sending it. An admin token is the prefix
// and 26 base32 characters (130 bits).
func NewAPISecret(kind news.APIKeyKind) (secret, hash, hint string) {
	if kind == news.APIKeyContent {
		b := make([]byte, 13)
		rand.Read(b) //nolint:errcheck // crypto/rand.Read never fails
		secret = hex.EncodeToString(b)
		return secret, HashAPISecret(secret), secret[:6]
	}
	secret = AdminTokenPrefix + strings.ToLower(rand.Text())
	return secret, HashAPISecret(secret), secret[:len(AdminTokenPrefix)+4]
}

// HashAPISecret is how a key's secret is kept and looked up. The secrets
// are random and long, so a fast hash is enough: there is nothing to guess
// that a slow one would protect.
func HashAPISecret(secret string) string {
	sum := sha256.Sum256([]byte("masthead api key\x00" + secret))
	return hex.EncodeToString(sum[:])
}
