package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

func testAPIKeys(t *testing.T, open Opener) {
	t.Run("keys round-trip, list newest first and are found by hash", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		owner := createUser(t, s, "ops@example.com", "Ops", news.RoleEditor)
		content := news.APIKey{Kind: news.APIKeyContent, Name: "Mobile app", Hash: "h-content", Hint: "a1b2c3", CreatedAt: now}
		admin := news.APIKey{Kind: news.APIKeyAdmin, Name: "Wire importer", UserID: owner.ID, Hash: "h-admin", Hint: "mh_x", CreatedAt: now.Add(time.Minute)}
		must(t, s.CreateAPIKey(ctx, &content))
		must(t, s.CreateAPIKey(ctx, &admin))
		if content.ID == 0 || admin.ID == 0 || content.ID == admin.ID {
			t.Fatalf("ids %d and %d", content.ID, admin.ID)
		}
		keys, err := s.APIKeys(ctx)
		must(t, err)
		assertEqual(t, "keys", keys, []news.APIKey{admin, content})
		got, err := s.ActiveAPIKey(ctx, "h-admin")
		must(t, err)
		assertEqual(t, "by hash", got, admin)
		if _, err := s.ActiveAPIKey(ctx, "h-nobody"); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("unknown hash: %v, want not found", err)
		}
	})

	t.Run("revoked keys and keys of disabled owners stop working", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		owner := createUser(t, s, "ops@example.com", "Ops", news.RoleAdministrator)
		k := news.APIKey{Kind: news.APIKeyAdmin, Name: "Bot", UserID: owner.ID, Hash: "h1", CreatedAt: now}
		must(t, s.CreateAPIKey(ctx, &k))
		owner.Disabled = true
		must(t, s.UpdateUser(ctx, &owner))
		if _, err := s.ActiveAPIKey(ctx, "h1"); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("key of a disabled owner: %v, want not found", err)
		}
		owner.Disabled = false
		must(t, s.UpdateUser(ctx, &owner))
		if _, err := s.ActiveAPIKey(ctx, "h1"); err != nil {
			t.Errorf("key of a re-enabled owner: %v", err)
		}
		must(t, s.RevokeAPIKey(ctx, k.ID, now.Add(time.Hour)))
		if _, err := s.ActiveAPIKey(ctx, "h1"); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("revoked key: %v, want not found", err)
		}
		if err := s.RevokeAPIKey(ctx, k.ID, now.Add(2*time.Hour)); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("revoking twice: %v, want not found", err)
		}
		if err := s.RevokeAPIKey(ctx, 9999, now); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("revoking an unknown key: %v, want not found", err)
		}
		keys, err := s.APIKeys(ctx)
		must(t, err)
		if len(keys) != 1 || !keys[0].RevokedAt.Equal(now.Add(time.Hour)) {
			t.Errorf("after revoking: %+v, want revoked at the first time", keys)
		}
	})

	t.Run("bad keys are refused and change nothing", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		must(t, s.CreateAPIKey(ctx, &news.APIKey{Kind: news.APIKeyContent, Name: "One", Hash: "taken", CreatedAt: now}))
		cases := map[string]struct {
			key  news.APIKey
			kind error
		}{
			"unknown kind":  {news.APIKey{Kind: "root", Name: "x", Hash: "a"}, news.ErrInvalid},
			"no name":       {news.APIKey{Kind: news.APIKeyContent, Hash: "b"}, news.ErrInvalid},
			"no hash":       {news.APIKey{Kind: news.APIKeyContent, Name: "x"}, news.ErrInvalid},
			"unknown owner": {news.APIKey{Kind: news.APIKeyAdmin, Name: "x", Hash: "c", UserID: 404}, news.ErrInvalid},
			"hash taken":    {news.APIKey{Kind: news.APIKeyContent, Name: "x", Hash: "taken"}, news.ErrConflict},
		}
		for name, c := range cases {
			if err := s.CreateAPIKey(ctx, &c.key); !errors.Is(err, c.kind) {
				t.Errorf("%s: %v, want %v", name, err, c.kind)
			}
		}
		keys, err := s.APIKeys(ctx)
		must(t, err)
		if len(keys) != 1 {
			t.Errorf("%d keys after refusals, want 1", len(keys))
		}
	})
}
