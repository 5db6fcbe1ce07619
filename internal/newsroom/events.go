package newsroom

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// Webhook events are queued in the transaction of the change they tell
// of, so that receivers hear of exactly the changes that were made; the
// webhooks package delivers them later, so publishing never waits for a
// receiver.

// eventBody is a delivery's JSON body.
type eventBody struct {
	Event     string         `json:"event"`
	CreatedAt string         `json:"created_at"`
	Data      map[string]any `json:"data"`
}

// QueueEvent queues event with data for every webhook that wants it,
// inside s's transaction when s is an Atomic store.
func QueueEvent(ctx context.Context, s store.Store, event string, data map[string]any, now time.Time) error {
	body, err := json.Marshal(eventBody{Event: event, CreatedAt: now.UTC().Format(time.RFC3339), Data: data})
	if err != nil {
		return err
	}
	_, err = s.QueueEvent(ctx, event, body, now.UTC())
	return err
}

// QueueSubscriberAdded tells webhooks that a reader subscribed. Readers'
// accounts call it in the transaction that adds the subscriber.
func QueueSubscriberAdded(ctx context.Context, s store.Store, subscriberID int64, email, name string, now time.Time) error {
	return QueueEvent(ctx, s, news.EventSubscriberAdded, map[string]any{
		"subscriber": map[string]any{"id": subscriberID, "email": email, "name": name},
	}, now)
}

// articleData is what an article event says of the article.
func articleData(ctx context.Context, s store.Store, a news.Article) (map[string]any, error) {
	settings, err := s.Settings(ctx)
	if err != nil && !errors.Is(err, news.ErrNotFound) {
		return nil, err
	}
	art := map[string]any{"id": a.ID, "title": a.Title, "slug": a.Slug, "status": a.Status, "version": a.Version}
	if !a.PublishedAt.IsZero() {
		art["published_at"] = a.PublishedAt.UTC().Format(time.RFC3339)
		art["url"] = settings.BaseURL + news.ArticlePath(a, settings.Location())
	}
	if !a.UpdatedAt.IsZero() {
		art["updated_at"] = a.UpdatedAt.UTC().Format(time.RFC3339)
	}
	return map[string]any{"article": art}, nil
}

// QueueArticleEvent queues an article event.
func QueueArticleEvent(ctx context.Context, s store.Store, event string, a news.Article, now time.Time) error {
	data, err := articleData(ctx, s, a)
	if err != nil {
		return err
	}
	return QueueEvent(ctx, s, event, data, now)
}

// articleEvent is the event a save tells of, if any: readers gain,
// lose or see a changed article.
func articleEvent(cur, next news.Article) string {
	wasLive := cur.ID != 0 && cur.Status == news.StatusPublished
	switch {
	case next.Status == news.StatusPublished && !wasLive:
		return news.EventArticlePublished
	case next.Status == news.StatusPublished:
		return news.EventArticleUpdated
	case wasLive:
		return news.EventArticleUnpublished
	}
	return ""
}

// QueuePageChanged tells webhooks that a static page was created,
// changed or deleted (change says which).
func QueuePageChanged(ctx context.Context, s store.Store, p news.Page, change string, now time.Time) error {
	return QueueEvent(ctx, s, news.EventPageChanged, map[string]any{
		"change": change,
		"page":   map[string]any{"id": p.ID, "title": p.Title, "slug": p.Slug, "status": p.Status},
	}, now)
}
