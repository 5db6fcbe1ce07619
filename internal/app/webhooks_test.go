package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/webhooks"
)

// newNewsroomAllowingPrivateWebhooks is newNewsroom with
// --webhooks-allow-private, so that tests' receivers on 127.0.0.1 can be
// registered.
func newNewsroomAllowingPrivateWebhooks(t *testing.T) *newsroomSite {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.WebhooksAllowPrivate = true
	m, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(func() { srv.Close(); m.Close() })
	return &newsroomSite{t: t, cfg: cfg, srv: srv, main: m}
}

// receiver is a webhook endpoint that records what it is sent and
// answers with the status it is set to.
type receiver struct {
	mu       sync.Mutex
	status   int
	got      []received
	srv      *httptest.Server
	hold     chan struct{} // when set, requests wait on it
	arrivals chan struct{}
}

type received struct {
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T) *receiver {
	rc := &receiver{status: http.StatusOK, arrivals: make(chan struct{}, 100)}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.got = append(rc.got, received{r.Header.Clone(), body})
		status, hold := rc.status, rc.hold
		rc.mu.Unlock()
		rc.arrivals <- struct{}{}
		if hold != nil {
			<-hold
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) set(status int) { rc.mu.Lock(); rc.status = status; rc.mu.Unlock() }

func (rc *receiver) requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

// publishable makes what an article needs to be published through the
// API: a section and a featured picture with alt text.
func publishable(t *testing.T, n *newsroomSite, c apiClient) map[string]any {
	t.Helper()
	sec := c.call("POST", "/api/v1/categories", map[string]any{"name": "News"})
	img := uploadPicture(t, n, c.token)
	return map[string]any{"category_ids": []int64{sec.id()}, "image_id": img, "body": "<p>Enough words to read.</p>"}
}

func TestWebhooksAreSignedDeliveredRetriedAndResent(t *testing.T) {
	n := newNewsroomAllowingPrivateWebhooks(t)
	admin, _ := n.staff("admin@example.org", "Ada Admin", "administrator")
	editor, _ := n.adminToken("editor@example.org", "editor")
	rc := newReceiver(t)
	loc := n.posted(admin, "/admin/integrations/webhooks", url.Values{"url": {rc.srv.URL + "/hook"},
		"events": {news.EventArticlePublished, news.EventArticleUpdated, news.EventPageChanged}})
	if !strings.HasPrefix(loc, "/admin/integrations/webhooks/") {
		t.Fatalf("registering sent the browser to %q", loc)
	}
	hooks, err := n.main.Store.AllWebhooks(context.Background())
	if err != nil || len(hooks) != 1 {
		t.Fatalf("webhooks: %v %v", hooks, err)
	}
	hook := hooks[0]

	fields := publishable(t, n, editor)
	fields["title"], fields["step"] = "Bridge opens", "publish"
	if a := editor.call("POST", "/api/v1/articles", fields); a.status != 201 || a.body["status"] != "published" {
		t.Fatalf("publish through the API: %d %v", a.status, a.body)
	}
	now := time.Now().UTC().Add(time.Second)
	d := &webhooks.Dispatcher{Store: n.main.Store, AllowPrivate: true, Now: func() time.Time { return now }}
	rc.set(http.StatusServiceUnavailable)
	if tried, err := d.RunOnce(context.Background()); err != nil || tried != 1 {
		t.Fatalf("first run tried %d: %v", tried, err)
	}
	log, _ := n.main.Store.Deliveries(context.Background(), hook.ID, 10)
	if len(log) != 1 || log[0].Status != news.DeliveryPending || log[0].Attempts != 1 || log[0].ResponseStatus != 503 || !log[0].NextAttemptAt.Equal(now.Truncate(time.Second).Add(30*time.Second)) {
		t.Fatalf("after a 503: %+v", log)
	}
	if tried, _ := d.RunOnce(context.Background()); tried != 0 {
		t.Errorf("a delivery was retried before its backoff: %d", tried)
	}
	now = now.Add(31 * time.Second)
	rc.set(http.StatusOK)
	if tried, _ := d.RunOnce(context.Background()); tried != 1 {
		t.Fatalf("the retry did not run")
	}
	got := rc.requests()
	last := got[len(got)-1]
	if err := webhooks.Verify(hook.Secret, last.header.Get(webhooks.SignatureHeader), last.body, now, 5*time.Minute); err != nil {
		t.Errorf("signature: %v (%q)", err, last.header.Get(webhooks.SignatureHeader))
	}
	var body struct {
		Event string `json:"event"`
		Data  struct {
			Article struct {
				Title, Slug, Status, URL string
			} `json:"article"`
		} `json:"data"`
	}
	if err := json.Unmarshal(last.body, &body); err != nil || body.Event != news.EventArticlePublished || body.Data.Article.Slug != "bridge-opens" ||
		last.header.Get(webhooks.EventHeader) != news.EventArticlePublished || last.header.Get("Content-Type") != "application/json" {
		t.Errorf("delivered %s with %v: %v", last.body, last.header, err)
	}
	log, _ = n.main.Store.Deliveries(context.Background(), hook.ID, 10)
	if log[0].Status != news.DeliveryDelivered || log[0].Attempts != 2 {
		t.Errorf("after a 200: %+v", log[0])
	}

	// A receiver that never recovers is given up after a day.
	rc.set(http.StatusInternalServerError)
	if a := editor.call("POST", "/api/v1/pages", map[string]any{"title": "Contact", "status": "published"}); a.status != 201 {
		t.Fatalf("page: %d", a.status)
	}
	start := now
	for i := 0; i < 40 && now.Sub(start) < 30*time.Hour; i++ {
		now = now.Add(6*time.Hour + time.Minute)
		d.RunOnce(context.Background()) //nolint:errcheck
	}
	log, _ = n.main.Store.Deliveries(context.Background(), hook.ID, 10)
	failed := log[0]
	if failed.Event != news.EventPageChanged || failed.Status != news.DeliveryFailed || failed.Attempts < 3 || !failed.GiveUpAt.Equal(failed.CreatedAt.Add(24*time.Hour)) {
		t.Fatalf("a dead receiver's delivery: %+v", failed)
	}

	// The log shows it, and sending again from the newsroom delivers it.
	_, page := n.do(admin, "GET", "/admin/integrations/webhooks/"+itoa(hook.ID), nil)
	doc := parse(t, page)
	if rows := doc.Find("tbody tr"); rows.Length() != 2 || !strings.Contains(rows.First().Text(), "failed") || !strings.Contains(rows.First().Text(), "500") {
		t.Errorf("delivery log rows: %q", doc.Find("tbody").Text())
	}
	if !strings.Contains(doc.Find("code.secret").Text(), hook.Secret) {
		t.Error("the webhook's page does not show its signing secret")
	}
	rc.set(http.StatusNoContent)
	n.posted(admin, "/admin/integrations/deliveries/"+itoa(failed.ID)+"/resend", url.Values{})
	d.Now = time.Now
	if tried, _ := d.RunOnce(context.Background()); tried != 1 {
		t.Fatal("the re-sent delivery was not tried")
	}
	if again, _ := n.main.Store.Delivery(context.Background(), failed.ID); again.Status != news.DeliveryDelivered {
		t.Errorf("after re-sending: %+v", again)
	}
	if acts := strings.Join(n.auditActions(admin, "action=webhook."), " "); !strings.Contains(acts, "webhook.create") || !strings.Contains(acts, "webhook.resend") {
		t.Errorf("audit: %s", acts)
	}
}

func TestASlowWebhookNeverHoldsUpPublishing(t *testing.T) {
	n := newNewsroomAllowingPrivateWebhooks(t)
	editor, _ := n.adminToken("editor@example.org", "editor")
	rc := newReceiver(t)
	rc.hold = make(chan struct{})
	must(t, n.main.Store.CreateWebhook(context.Background(), &news.Webhook{URL: rc.srv.URL, Events: []string{news.EventPageChanged}, Secret: "s"}))
	ctx, cancel := context.WithCancel(context.Background())
	d := &webhooks.Dispatcher{Store: n.main.Store, AllowPrivate: true, Poll: 10 * time.Millisecond, Timeout: time.Minute}
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	defer func() { cancel(); close(rc.hold); <-done }()

	if a := editor.call("POST", "/api/v1/pages", map[string]any{"title": "First"}); a.status != 201 {
		t.Fatalf("first page: %d", a.status)
	}
	select {
	case <-rc.arrivals:
	case <-time.After(30 * time.Second):
		t.Fatal("the dispatcher never called the receiver")
	}
	// The receiver is now holding the first delivery open; writes go on.
	for _, title := range []string{"Second", "Third"} {
		if a := editor.call("POST", "/api/v1/pages", map[string]any{"title": title}); a.status != 201 {
			t.Fatalf("%s page while the receiver hangs: %d", title, a.status)
		}
	}
	if got := len(rc.requests()); got != 1 {
		t.Logf("%d requests reached the receiver", got)
	}
}

func TestWebhooksRefusePrivateAddressesUnlessAllowed(t *testing.T) {
	n := newNewsroom(t)
	admin, _ := n.staff("admin@example.org", "Ada Admin", "administrator")
	for _, addr := range []string{"http://127.0.0.1:9/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "ftp://example.org/"} {
		n.refused(admin, "/admin/integrations/webhooks", url.Values{"url": {addr}, "events": {news.EventPageChanged}}, "cannot be used")
	}
	n.refused(admin, "/admin/integrations/webhooks", url.Values{"url": {"https://203.0.113.5/hook"}}, "at least one event")
	if hooks, _ := n.main.Store.AllWebhooks(context.Background()); len(hooks) != 0 {
		t.Fatalf("refused webhooks were stored: %v", hooks)
	}
	// A webhook whose address has come to point inside (as by a DNS
	// change) is still not called: the dispatcher checks where it connects.
	rc := newReceiver(t)
	hook := news.Webhook{URL: rc.srv.URL, Events: []string{news.EventPageChanged}, Secret: "s"}
	must(t, n.main.Store.CreateWebhook(context.Background(), &hook))
	_, err := n.main.Store.QueueEvent(context.Background(), news.EventPageChanged, []byte(`{}`), time.Now())
	must(t, err)
	d := &webhooks.Dispatcher{Store: n.main.Store}
	if _, err := d.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	log, _ := n.main.Store.Deliveries(context.Background(), hook.ID, 1)
	if len(rc.requests()) != 0 || len(log) != 1 || !strings.Contains(log[0].LastError, "private") {
		t.Errorf("a private receiver was called (%d requests), log %+v", len(rc.requests()), log)
	}
}
