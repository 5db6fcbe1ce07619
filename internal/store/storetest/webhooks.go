package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

func testWebhooks(t *testing.T, open Opener) {
	t.Run("events queue a delivery per webhook that wants them", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		pub := news.Webhook{URL: "https://a.example/hook", Events: []string{news.EventArticlePublished, news.EventPageChanged}, Secret: "s1", CreatedAt: now}
		pages := news.Webhook{URL: "https://b.example/hook", Events: []string{news.EventPageChanged}, Secret: "s2", CreatedAt: now}
		must(t, s.CreateWebhook(ctx, &pub))
		must(t, s.CreateWebhook(ctx, &pages))
		hooks, err := s.AllWebhooks(ctx)
		must(t, err)
		assertEqual(t, "webhooks", hooks, []news.Webhook{pub, pages})

		n, err := s.QueueEvent(ctx, news.EventPageChanged, []byte(`{"page":1}`), now)
		must(t, err)
		if n != 2 {
			t.Errorf("page.changed queued %d deliveries, want 2", n)
		}
		n, err = s.QueueEvent(ctx, news.EventSubscriberAdded, []byte(`{}`), now)
		must(t, err)
		if n != 0 {
			t.Errorf("an event nobody wants queued %d", n)
		}
		log, err := s.Deliveries(ctx, pub.ID, 10)
		must(t, err)
		if len(log) != 1 || log[0].Status != news.DeliveryPending || string(log[0].Payload) != `{"page":1}` ||
			!log[0].NextAttemptAt.Equal(now) || !log[0].GiveUpAt.Equal(now.Add(store.WebhookRetryWindow)) {
			t.Fatalf("queued delivery: %+v", log)
		}
	})

	t.Run("a queued event rolls back with its change", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		must(t, s.CreateWebhook(ctx, &news.Webhook{URL: "https://a.example/", Events: []string{news.EventPageChanged}, Secret: "s"}))
		boom := errors.New("boom")
		err := s.Atomic(ctx, func(tx store.Store) error {
			if _, err := tx.QueueEvent(ctx, news.EventPageChanged, []byte(`{}`), now); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if due, _ := s.ClaimDeliveries(ctx, now.Add(time.Hour), time.Minute, 10); len(due) != 0 {
			t.Errorf("%d deliveries survived the rollback", len(due))
		}
	})

	t.Run("claims lease due deliveries once, attempts are recorded, re-sends requeue", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := news.Webhook{URL: "https://a.example/", Events: []string{news.EventArticleDeleted}, Secret: "s"}
		must(t, s.CreateWebhook(ctx, &w))
		for i := range 3 {
			_, err := s.QueueEvent(ctx, news.EventArticleDeleted, []byte(`{}`), now.Add(time.Duration(i)*time.Second))
			must(t, err)
		}
		first, err := s.ClaimDeliveries(ctx, now.Add(time.Second), time.Minute, 10)
		must(t, err)
		if len(first) != 2 || first[0].CreatedAt.After(first[1].CreatedAt) {
			t.Fatalf("claimed %d due deliveries, want the 2 due, oldest first", len(first))
		}
		again, err := s.ClaimDeliveries(ctx, now.Add(2*time.Second), time.Minute, 10)
		must(t, err)
		if len(again) != 1 {
			t.Errorf("a second claim took %d, want only the one not leased", len(again))
		}
		d := first[0]
		d.Status, d.Attempts, d.LastAttemptAt, d.NextAttemptAt, d.ResponseStatus, d.LastError = news.DeliveryFailed, 9, now.Add(time.Hour), now.Add(time.Hour), 503, "Service Unavailable"
		must(t, s.RecordAttempt(ctx, d))
		got, err := s.Delivery(ctx, d.ID)
		must(t, err)
		if got.Status != news.DeliveryFailed || got.Attempts != 9 || got.ResponseStatus != 503 || got.LastError != "Service Unavailable" || !got.LastAttemptAt.Equal(now.Add(time.Hour)) {
			t.Errorf("after recording: %+v", got)
		}
		must(t, s.ResendDelivery(ctx, d.ID, now.Add(2*time.Hour)))
		got, _ = s.Delivery(ctx, d.ID)
		if got.Status != news.DeliveryPending || !got.NextAttemptAt.Equal(now.Add(2*time.Hour)) || !got.GiveUpAt.Equal(now.Add(2*time.Hour+store.WebhookRetryWindow)) {
			t.Errorf("after re-sending: %+v", got)
		}
		if err := s.ResendDelivery(ctx, 9999, now); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("re-sending an unknown delivery: %v", err)
		}
		if err := s.RecordAttempt(ctx, news.Delivery{ID: 9999, Status: news.DeliveryFailed, NextAttemptAt: now}); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("recording an unknown delivery: %v", err)
		}
		must(t, s.DeleteWebhook(ctx, w.ID))
		if _, err := s.Delivery(ctx, d.ID); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("a deleted webhook's delivery: %v", err)
		}
		if err := s.DeleteWebhook(ctx, w.ID); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("deleting twice: %v", err)
		}
	})

	t.Run("bad webhooks are refused", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		for name, w := range map[string]news.Webhook{
			"no url":    {Events: []string{"x"}, Secret: "s"},
			"no events": {URL: "https://a.example/", Secret: "s"},
			"no secret": {URL: "https://a.example/", Events: []string{"x"}},
		} {
			if err := s.CreateWebhook(ctx, &w); !errors.Is(err, news.ErrInvalid) {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
}
