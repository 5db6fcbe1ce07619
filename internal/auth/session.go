package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// Session lifetimes: a staff session lasts while it is used, and ends
// after a working week of silence or a month in all.
const (
	SessionIdle    = 7 * 24 * time.Hour
	SessionMaxLife = 30 * 24 * time.Hour
)

// NewToken returns a random token for a cookie or a link (256 bits,
// URL-safe) and the id under which the store keeps it: its SHA-256, so a
// copy of the database cannot be replayed as cookies.
func NewToken() (token, id string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, TokenID(token), nil
}

// TokenID returns the id the store keeps for a token.
func TokenID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
