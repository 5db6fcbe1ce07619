package news

import "time"

// Webhook events: what a registered address can be told of.
const (
	EventArticlePublished   = "article.published"
	EventArticleUpdated     = "article.updated" // a change to a published article
	EventArticleUnpublished = "article.unpublished"
	EventArticleDeleted     = "article.deleted"
	EventPageChanged        = "page.changed" // created, changed or deleted
	EventSubscriberAdded    = "subscriber.added"
)

// WebhookEvents lists every event, in the order forms show them.
var WebhookEvents = []string{EventArticlePublished, EventArticleUpdated, EventArticleUnpublished,
	EventArticleDeleted, EventPageChanged, EventSubscriberAdded}

// Webhook is an address an administrator registered to be told of events.
type Webhook struct {
	ID     int64
	URL    string
	Events []string
	// Secret keys the HMAC signature of each delivery, so that the
	// receiver can tell Masthead's requests from forgeries. It must be
	// kept to sign, so it is stored as it is.
	Secret    string
	CreatedAt time.Time
}

// Wants reports whether the webhook is registered for event.
func (w Webhook) Wants(event string) bool {
	for _, e := range w.Events {
		if e == event {
			return true
		}
	}
	return false
}

// DeliveryStatus is where a delivery stands.
type DeliveryStatus string

// Delivery statuses.
const (
	DeliveryPending   DeliveryStatus = "pending"   // waiting for its first or next attempt
	DeliveryDelivered DeliveryStatus = "delivered" // the receiver answered 2xx
	DeliveryFailed    DeliveryStatus = "failed"    // retries ran out
)

// Delivery is one event on its way to one webhook, with the outcome of
// its last attempt.
type Delivery struct {
	ID        int64
	WebhookID int64
	Event     string
	Payload   []byte // the JSON body, fixed when the event happened
	Status    DeliveryStatus
	Attempts  int
	CreatedAt time.Time
	// NextAttemptAt is when a pending delivery is next tried.
	NextAttemptAt time.Time
	// GiveUpAt is when retrying stops: a day after the event, or after a
	// manual re-send.
	GiveUpAt      time.Time
	LastAttemptAt time.Time
	// ResponseStatus is the receiver's HTTP status, zero when none came.
	ResponseStatus int
	LastError      string
}
