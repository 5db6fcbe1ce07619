package newsroom

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// PreviewTTL is how long a preview link works unless asked otherwise.
const PreviewTTL = 72 * time.Hour

// previewSecret names the key preview links are signed with. It is made
// once per database, so every app node accepts the links of the others.
const previewSecret = "preview-links"

// PreviewPath returns a link that shows the article as readers will see
// it, to anyone who has the link, until it expires. The signature covers
// the article and the expiry, so neither can be changed.
func PreviewPath(ctx context.Context, s store.Secrets, id int64, expires time.Time) (string, error) {
	key, err := previewKey(ctx, s)
	if err != nil {
		return "", err
	}
	exp := strconv.FormatInt(expires.Unix(), 10)
	q := url.Values{"exp": {exp}, "sig": {previewSignature(key, id, exp)}}
	return fmt.Sprintf("/preview/%d/?%s", id, q.Encode()), nil
}

// CheckPreview reports whether a preview link's expiry and signature are
// good for the article at now.
func CheckPreview(ctx context.Context, s store.Secrets, id int64, exp, sig string, now time.Time) error {
	unix, err := strconv.ParseInt(exp, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: preview link without a valid expiry", news.ErrNotFound)
	}
	key, err := previewKey(ctx, s)
	if err != nil {
		return err
	}
	want := previewSignature(key, id, exp)
	if !hmac.Equal([]byte(sig), []byte(want)) {
		return fmt.Errorf("%w: preview link signature does not match", news.ErrNotFound)
	}
	if now.After(time.Unix(unix, 0)) {
		return fmt.Errorf("%w: preview link expired", news.ErrNotFound)
	}
	return nil
}

func previewKey(ctx context.Context, s store.Secrets) ([]byte, error) {
	return s.Secret(ctx, previewSecret, func() []byte {
		key := make([]byte, 32)
		rand.Read(key) //nolint:errcheck // crypto/rand.Read never fails
		return key
	})
}

func previewSignature(key []byte, id int64, exp string) string {
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "preview\x00%d\x00%s", id, exp)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
