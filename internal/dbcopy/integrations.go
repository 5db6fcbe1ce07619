package dbcopy

import (
	"context"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// Integrations: the API keys apps use and the webhooks registered for
// events, ids kept, after the staff accounts that own keys. Keys are
// stored by the hash of their secret, so copying the hash keeps every
// app's key working; revoked keys come along, revoked. Webhook deliveries
// move too, the log and the queue alike: a pending delivery is an event
// the receiver has not had yet (an article published just before the
// site stopped for the move), and the new site's dispatcher sends it. One
// that was being sent as the site stopped is sent again, which receivers
// of retried webhooks already expect.

var apiKeys = aggregate[news.APIKey]{
	label: "API keys",
	size:  countOf(eachAPIKey),
	each:  eachAPIKey,
	write: func(ctx context.Context, to store.Store, batch []news.APIKey) error {
		for _, k := range batch {
			if err := to.CreateAPIKey(ctx, &k); err != nil {
				return err
			}
			if k.Revoked() {
				if err := to.RevokeAPIKey(ctx, k.ID, k.RevokedAt); err != nil {
					return err
				}
			}
		}
		return nil
	},
	digest: func(d *digest, k news.APIKey) {
		d.int(k.ID).str(string(k.Kind)).str(k.Name).int(k.UserID).str(k.Hash).str(k.Hint)
		d.time(k.CreatedAt).time(k.RevokedAt)
	},
}

func eachAPIKey(ctx context.Context, st store.Store, fn func([]news.APIKey) error) error {
	all, err := st.APIKeys(ctx)
	return whole(fn, byID(all, func(k news.APIKey) int64 { return k.ID }), err)
}

var webhooks = aggregate[news.Webhook]{
	label: "webhooks",
	size:  countOf(eachWebhook),
	each:  eachWebhook,
	write: func(ctx context.Context, to store.Store, batch []news.Webhook) error {
		for _, w := range batch {
			if err := to.CreateWebhook(ctx, &w); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, w news.Webhook) {
		d.int(w.ID).str(w.URL).str(w.Secret).time(w.CreatedAt).int(int64(len(w.Events)))
		for _, e := range w.Events {
			d.str(e)
		}
	},
}

func eachWebhook(ctx context.Context, st store.Store, fn func([]news.Webhook) error) error {
	all, err := st.AllWebhooks(ctx)
	return whole(fn, byID(all, func(w news.Webhook) int64 { return w.ID }), err)
}

var deliveries = aggregate[news.Delivery]{
	label: "webhook deliveries",
	size:  countOf(eachDelivery),
	each:  eachDelivery,
	write: func(ctx context.Context, to store.Store, batch []news.Delivery) error {
		for _, dl := range batch {
			if err := to.CreateDelivery(ctx, &dl); err != nil {
				return err
			}
		}
		return nil
	},
	digest: func(d *digest, dl news.Delivery) {
		d.int(dl.ID).int(dl.WebhookID).str(dl.Event).str(string(dl.Payload)).str(string(dl.Status)).int(int64(dl.Attempts))
		d.time(dl.CreatedAt).time(dl.NextAttemptAt).time(dl.GiveUpAt).time(dl.LastAttemptAt)
		d.int(int64(dl.ResponseStatus)).str(dl.LastError)
	},
}

func eachDelivery(ctx context.Context, st store.Store, fn func([]news.Delivery) error) error {
	for after := int64(0); ; {
		batch, err := st.DeliveriesAfter(ctx, after, batchSize)
		if err != nil || len(batch) == 0 {
			return err
		}
		if err := fn(batch); err != nil {
			return err
		}
		after = batch[len(batch)-1].ID
	}
}
