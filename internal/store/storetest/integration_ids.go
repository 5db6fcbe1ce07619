package storetest

import (
	"errors"
	"testing"

	"github.com/mastheadhq/masthead/internal/news"
)

// testIntegrationIDs checks that API keys and webhooks keep the ids they
// are given, as every Create method must, so that a copy to another
// database keeps them (and the deliveries that name a webhook).
func testIntegrationIDs(t *testing.T, open Opener) {
	t.Run("API keys and webhooks keep the ids they are given", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		key := news.APIKey{ID: 30, Kind: news.APIKeyContent, Name: "App", Hash: "h-30", Hint: "ab", CreatedAt: now}
		must(t, s.CreateAPIKey(ctx, &key))
		hook := news.Webhook{ID: 50, URL: "https://hooks.example/a", Events: []string{"post.published"}, Secret: "s", CreatedAt: now}
		must(t, s.CreateWebhook(ctx, &hook))
		keys, err := s.APIKeys(ctx)
		must(t, err)
		assertEqual(t, "keys", keys, []news.APIKey{key})
		hooks, err := s.AllWebhooks(ctx)
		must(t, err)
		assertEqual(t, "webhooks", hooks, []news.Webhook{hook})
		if err := s.CreateAPIKey(ctx, &news.APIKey{ID: 30, Kind: news.APIKeyContent, Name: "Other", Hash: "h-other"}); !errors.Is(err, news.ErrConflict) {
			t.Errorf("a taken key id: %v, want ErrConflict", err)
		}
		if err := s.CreateWebhook(ctx, &news.Webhook{ID: 50, URL: "https://hooks.example/b", Events: []string{"x"}, Secret: "s"}); !errors.Is(err, news.ErrConflict) {
			t.Errorf("a taken webhook id: %v, want ErrConflict", err)
		}
		next := news.APIKey{Kind: news.APIKeyContent, Name: "Next", Hash: "h-next"}
		must(t, s.CreateAPIKey(ctx, &next))
		nextHook := news.Webhook{URL: "https://hooks.example/c", Events: []string{"x"}, Secret: "s"}
		must(t, s.CreateWebhook(ctx, &nextHook))
		if next.ID <= 30 || nextHook.ID <= 50 {
			t.Errorf("ids handed out after given ones: key %d, webhook %d; want above 30 and 50", next.ID, nextHook.ID)
		}
		if err := s.CreateAPIKey(ctx, &news.APIKey{ID: -1, Kind: news.APIKeyContent, Name: "Neg", Hash: "h-neg"}); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("a negative key id: %v, want ErrInvalid", err)
		}
	})
}
