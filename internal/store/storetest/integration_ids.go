package storetest

import (
	"errors"
	"testing"
	"time"

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
	t.Run("CreateDelivery keeps a delivery as given; DeliveriesAfter walks them all", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		a := news.Webhook{URL: "https://hooks.example/a", Events: []string{"post.published"}, Secret: "s", CreatedAt: now}
		b := news.Webhook{URL: "https://hooks.example/b", Events: []string{"post.published"}, Secret: "s", CreatedAt: now}
		must(t, s.CreateWebhook(ctx, &a))
		must(t, s.CreateWebhook(ctx, &b))
		queued, err := s.QueueEvent(ctx, "post.published", []byte(`{"n":1}`), now)
		must(t, err)
		if queued != 2 {
			t.Fatalf("queued %d", queued)
		}
		failed := news.Delivery{ID: 90, WebhookID: a.ID, Event: "post.published", Payload: []byte(`{"n":0}`),
			Status: news.DeliveryFailed, Attempts: 7, CreatedAt: now, NextAttemptAt: now.Add(time.Hour),
			GiveUpAt: now.Add(24 * time.Hour), LastAttemptAt: now.Add(time.Hour), ResponseStatus: 502, LastError: "bad gateway"}
		must(t, s.CreateDelivery(ctx, &failed))
		got, err := s.Delivery(ctx, 90)
		must(t, err)
		assertEqual(t, "delivery 90", got, failed)
		var walked []news.Delivery
		for after := int64(0); ; {
			page, err := s.DeliveriesAfter(ctx, after, 2)
			must(t, err)
			if len(page) == 0 {
				break
			}
			walked = append(walked, page...)
			after = page[len(page)-1].ID
		}
		if len(walked) != 3 || walked[2].ID != 90 || walked[0].Status != news.DeliveryPending || walked[0].ID >= walked[1].ID {
			t.Errorf("walked %+v", walked)
		}
		next := news.Delivery{WebhookID: b.ID, Event: "x", Payload: []byte(`{}`), Status: news.DeliveryPending,
			CreatedAt: now, NextAttemptAt: now, GiveUpAt: now.Add(time.Hour)}
		must(t, s.CreateDelivery(ctx, &next))
		if next.ID <= 90 {
			t.Errorf("a delivery created after id 90 got %d", next.ID)
		}
		if err := s.CreateDelivery(ctx, &news.Delivery{ID: 90, WebhookID: a.ID, Event: "x", Payload: []byte(`{}`),
			Status: news.DeliveryPending, CreatedAt: now, NextAttemptAt: now, GiveUpAt: now}); !errors.Is(err, news.ErrConflict) {
			t.Errorf("a taken delivery id: %v, want ErrConflict", err)
		}
		if err := s.CreateDelivery(ctx, &news.Delivery{WebhookID: 9999, Event: "x", Payload: []byte(`{}`),
			Status: news.DeliveryPending, CreatedAt: now, NextAttemptAt: now, GiveUpAt: now}); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("a delivery to an unknown webhook: %v, want ErrInvalid", err)
		}
		_, err = s.DeliveriesAfter(ctx, 0, 0)
		assertKind(t, err, news.ErrInvalid, "DeliveriesAfter with a limit below 1")
	})
}
