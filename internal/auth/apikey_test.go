package auth

import (
	"regexp"
	"strings"
	"testing"

	"github.com/mastheadhq/masthead/internal/news"
)

func TestContentKeysHaveGhostsForm(t *testing.T) {
	ghostKey := regexp.MustCompile(`^[0-9a-f]{26}$`)
	seen := map[string]bool{}
	for range 50 {
		secret, hash, hint := NewAPISecret(news.APIKeyContent)
		if !ghostKey.MatchString(secret) {
			t.Fatalf("content key %q is not 26 hex characters", secret)
		}
		if seen[secret] {
			t.Fatalf("key %q made twice", secret)
		}
		seen[secret] = true
		if hash != HashAPISecret(secret) || strings.Contains(hash, secret) || !strings.HasPrefix(secret, hint) {
			t.Errorf("hash %q or hint %q do not fit %q", hash, hint, secret)
		}
	}
}

func TestAdminTokensAreLongAndMarked(t *testing.T) {
	secret, hash, hint := NewAPISecret(news.APIKeyAdmin)
	if !strings.HasPrefix(secret, AdminTokenPrefix) || len(secret) != len(AdminTokenPrefix)+26 {
		t.Errorf("admin token %q", secret)
	}
	if hash == HashAPISecret(secret+"x") || len(hash) != 64 || !strings.HasPrefix(secret, hint) {
		t.Errorf("hash %q, hint %q", hash, hint)
	}
}
