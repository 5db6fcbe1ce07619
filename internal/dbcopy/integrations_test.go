package dbcopy_test

import (
	"context"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/dbcopy"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// integrationRecords gives the publication API keys (one of a staff
// account, one revoked, one gone from between them in the ids) and two
// webhooks, with a delivery delivered and one queued.
func integrationRecords(t *testing.T, st store.Store) {
	t.Helper()
	ctx := t.Context()
	chief, err := st.UserByEmail(ctx, "chief@example.org")
	must(t, err)
	app := news.APIKey{Kind: news.APIKeyContent, Name: "Mobile app", Hash: "hash-app", Hint: "ab12", CreatedAt: seedTime}
	wire := news.APIKey{Kind: news.APIKeyAdmin, Name: "Wire importer", UserID: chief.ID, Hash: "hash-wire", Hint: "mh_1", CreatedAt: seedTime}
	old := news.APIKey{Kind: news.APIKeyContent, Name: "Old widget", Hash: "hash-old", CreatedAt: seedTime}
	for _, k := range []*news.APIKey{&app, &wire, &old} {
		must(t, st.CreateAPIKey(ctx, k))
	}
	must(t, st.RevokeAPIKey(ctx, old.ID, seedTime.Add(time.Hour)))
	for _, w := range []news.Webhook{
		{URL: "https://hooks.example/published", Events: []string{"post.published", "post.unpublished"}, Secret: "s1", CreatedAt: seedTime},
		{URL: "https://hooks.example/subscribers", Events: []string{"member.added"}, Secret: "s2", CreatedAt: seedTime},
	} {
		must(t, st.CreateWebhook(ctx, &w))
	}
	_, err = st.QueueEvent(ctx, "post.published", []byte(`{"post":{}}`), seedTime)
	must(t, err)
	done, err := st.ClaimDeliveries(ctx, seedTime, time.Minute, 1)
	must(t, err)
	d := done[0]
	d.Status, d.Attempts, d.LastAttemptAt, d.ResponseStatus = news.DeliveryDelivered, 1, seedTime.Add(time.Second), 204
	must(t, st.RecordAttempt(ctx, d))
	_, err = st.QueueEvent(ctx, "post.unpublished", []byte(`{"post":{"id":1}}`), time.Now())
	must(t, err)
	wireRecords(t, st)
}

// wireRecords gives the publication two wire sources, one with
// validators and a backoff, and items, one seen and one a duplicate.
func wireRecords(t *testing.T, st store.Store) {
	t.Helper()
	ctx := t.Context()
	trend := news.WireSource{Name: "Trend", FeedURL: "https://en.trend.az/feeds/index.rss", Language: "en", Interval: time.Hour,
		CreatedAt: seedTime, Poll: news.WirePoll{ETag: `"abc"`, LastPolledAt: seedTime, NextPollAt: seedTime.Add(time.Hour), Failures: 2, LastError: "HTTP 503"}}
	apa := news.WireSource{Name: "APA", FeedURL: "https://apa.az/rss", Language: "az", Interval: 15 * time.Minute, CreatedAt: seedTime}
	must(t, st.CreateWireSource(ctx, &trend))
	must(t, st.CreateWireSource(ctx, &apa))
	_, err := st.AddWireItems(ctx, trend.ID, []news.WireItem{
		{GUID: "t1", URL: "https://en.trend.az/1", Title: "Gas deal signed in Baku today", Summary: "Ministers signed.", PublishedAt: seedTime},
		{GUID: "t2", URL: "https://en.trend.az/2", Title: "Second story of the day here", PublishedAt: seedTime},
	}, seedTime)
	must(t, err)
	_, err = st.AddWireItems(ctx, apa.ID, []news.WireItem{
		{GUID: "a1", URL: "https://apa.az/x", Title: "Gas deal signed in Baku today!", PublishedAt: seedTime},
	}, seedTime)
	must(t, err)
	items, err := st.WireItems(ctx, store.WireFilter{})
	must(t, err)
	_, err = st.MarkWireSeen(ctx, []int64{items[0].ID})
	must(t, err)
}

func integrationCounts(t *testing.T, st store.Store) []dbcopy.Count {
	t.Helper()
	keys, err := st.APIKeys(t.Context())
	must(t, err)
	hooks, err := st.AllWebhooks(t.Context())
	must(t, err)
	dels, err := st.DeliveriesAfter(t.Context(), 0, 1000)
	must(t, err)
	sources, err := st.WireSources(t.Context())
	must(t, err)
	items, err := st.WireItemsAfter(t.Context(), 0, 1000)
	must(t, err)
	return []dbcopy.Count{{Aggregate: "API keys", N: len(keys)}, {Aggregate: "webhooks", N: len(hooks)},
		{Aggregate: "webhook deliveries", N: len(dels)}, {Aggregate: "wire sources", N: len(sources)},
		{Aggregate: "wire items", N: len(items)}}
}

func assertSameIntegrations(t *testing.T, got, want store.Store) {
	t.Helper()
	same(t, "API keys", got.APIKeys, want.APIKeys)
	same(t, "webhooks", got.AllWebhooks, want.AllWebhooks)
	same(t, "webhook deliveries", after(got.DeliveriesAfter), after(want.DeliveriesAfter))
	same(t, "wire sources", got.WireSources, want.WireSources)
	same(t, "wire items", after(got.WireItemsAfter), after(want.WireItemsAfter))
}

// Apps keep working after a move with the keys they had, a revoked key
// stays revoked, the webhooks are registered as before, and an event
// still queued is delivered by the new site, once.
func TestCopyKeepsIntegrations(t *testing.T) {
	ctx := t.Context()
	source := publication(t, sqliteBackend)
	target := postgresBackend.open(t)
	if _, err := dbcopy.Copy(ctx, source, target, nil); err != nil {
		t.Fatal(err)
	}
	k, err := target.ActiveAPIKey(ctx, "hash-wire")
	must(t, err)
	if k.Name != "Wire importer" || k.UserID == 0 {
		t.Errorf("the wire's key on the target: %+v", k)
	}
	if _, err := target.ActiveAPIKey(ctx, "hash-old"); err == nil {
		t.Error("a key revoked before the move works after it")
	}
	hooks, err := target.AllWebhooks(ctx)
	must(t, err)
	if len(hooks) != 2 || !hooks[0].Wants("post.unpublished") {
		t.Errorf("webhooks on the target: %+v", hooks)
	}
	claimed, err := target.ClaimDeliveries(context.Background(), time.Now(), time.Minute, 10)
	must(t, err)
	if len(claimed) != 1 || claimed[0].Event != "post.unpublished" {
		t.Errorf("the target's dispatcher claims %+v, want the one event still queued", claimed)
	}
}
