package mail

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"

	"github.com/mastheadhq/masthead/internal/news"
)

// UnsubscribePath is where one-click unsubscribe links point. Mail
// providers POST to it from their own sites (RFC 8058), so it is the one
// route the cross-origin check lets through: its token, not the origin,
// proves the request.
const UnsubscribePath = "/newsletter/unsubscribe"

// secretName names the key unsubscribe tokens are signed with, kept in the
// database so that every node signs and checks alike.
const secretName = "newsletter-unsubscribe"

// SecretStore is where the signing key lives (store.Secrets).
type SecretStore interface {
	Secret(ctx context.Context, name string, fresh func() []byte) ([]byte, error)
}

// UnsubscribeKey returns the key, making it on first use.
func UnsubscribeKey(ctx context.Context, s SecretStore) ([]byte, error) {
	return s.Secret(ctx, secretName, func() []byte {
		b := make([]byte, 32)
		rand.Read(b)
		return b
	})
}

// UnsubscribeToken returns the token of a subscription's unsubscribe
// link: its id and an HMAC over the id and the address, so that a token
// cannot be forged or moved to another subscription, and stops working
// if the subscription is deleted and the id reused for another address.
func UnsubscribeToken(key []byte, sub news.Subscriber) string {
	b := binary.BigEndian.AppendUint64(nil, uint64(sub.ID))
	b = append(b, unsubscribeMAC(key, sub)...)
	return base64.RawURLEncoding.EncodeToString(b)
}

func unsubscribeMAC(key []byte, sub news.Subscriber) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("unsubscribe\x00"))
	m.Write(binary.BigEndian.AppendUint64(nil, uint64(sub.ID)))
	m.Write([]byte("\x00" + sub.Email))
	return m.Sum(nil)[:16]
}

// ErrBadToken is a token that is not one this site made.
var ErrBadToken = errors.New("unsubscribe: malformed token")

// UnsubscribeID reads the subscription id from a token, without checking
// it: CheckUnsubscribe does, once the subscription is loaded.
func UnsubscribeID(token string) (int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != 8+16 {
		return 0, ErrBadToken
	}
	id := int64(binary.BigEndian.Uint64(b[:8]))
	if id <= 0 {
		return 0, ErrBadToken
	}
	return id, nil
}

// CheckUnsubscribe reports whether token was made for sub with key.
func CheckUnsubscribe(key []byte, sub news.Subscriber, token string) bool {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != 8+16 {
		return false
	}
	return hmac.Equal(b[8:], unsubscribeMAC(key, sub))
}
