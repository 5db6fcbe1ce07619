package store

import (
	"context"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// Webhooks keeps registered addresses and the queue of deliveries to them.
// Queueing is a row insert, so it joins the transaction of the change it
// tells of: an event is queued if and only if the change commits.
type Webhooks interface {
	// CreateWebhook stores a webhook and sets its ID (keeping a given one,
	// as every Create method does) and, when zero, its CreatedAt. An empty URL or secret, or no events, is news.ErrInvalid.
	CreateWebhook(ctx context.Context, w *news.Webhook) error
	// AllWebhooks returns every webhook, oldest first.
	AllWebhooks(ctx context.Context) ([]news.Webhook, error)
	// DeleteWebhook removes a webhook with its deliveries; an unknown one
	// is news.ErrNotFound.
	DeleteWebhook(ctx context.Context, id int64) error
	// QueueEvent adds a pending delivery of payload to every webhook
	// registered for event, due at once, given up a day later, and
	// reports how many it queued.
	QueueEvent(ctx context.Context, event string, payload []byte, now time.Time) (int, error)
	// ClaimDeliveries takes up to limit pending deliveries due at now and
	// moves their next attempt to now+lease, so that another node asking
	// meanwhile does not take them too; the oldest due come first.
	ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]news.Delivery, error)
	// RecordAttempt stores the outcome of an attempt: d's Status,
	// Attempts, NextAttemptAt, LastAttemptAt, ResponseStatus and
	// LastError. An unknown delivery is news.ErrNotFound.
	RecordAttempt(ctx context.Context, d news.Delivery) error
	// Deliveries returns a webhook's deliveries, newest first, at most limit.
	Deliveries(ctx context.Context, webhookID int64, limit int) ([]news.Delivery, error)
	// Delivery returns one delivery.
	Delivery(ctx context.Context, id int64) (news.Delivery, error)
	// CreateDelivery stores a delivery as it is, every field and its id
	// kept (a zero ID gets the next free one): a copy to another database
	// carries the queue and the log with it. An unknown webhook or status
	// is news.ErrInvalid.
	CreateDelivery(ctx context.Context, d *news.Delivery) error
	// DeliveriesAfter returns up to limit deliveries of every webhook whose
	// id is above afterID, by id.
	DeliveriesAfter(ctx context.Context, afterID int64, limit int) ([]news.Delivery, error)
	// ResendDelivery makes a delivery pending again, due at now and given
	// up a day later, whatever became of it.
	ResendDelivery(ctx context.Context, id int64, now time.Time) error
}

// WebhookRetryWindow is how long a delivery is retried before it is
// given up as failed.
const WebhookRetryWindow = 24 * time.Hour
