package dbcopy

import (
	"context"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// Integrations: the API keys apps use and the webhooks registered for
// events, ids kept, after the staff accounts that own keys. Keys are
// stored by the hash of their secret, so copying the hash keeps every
// app's key working; revoked keys come along, revoked.

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
