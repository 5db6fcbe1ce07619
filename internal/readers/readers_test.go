package readers_test

import (
	"encoding/json"
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/mail"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/readers"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

// outbox keeps the messages a Service queues, as the queue would hand
// them to the mail server.
type outbox struct {
	mu   sync.Mutex
	msgs []mail.Message
}

func (o *outbox) Enqueue(m mail.Message) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.msgs = append(o.msgs, m)
}

func (o *outbox) last(t *testing.T) mail.Message {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.msgs) == 0 {
		t.Fatal("no mail was queued")
	}
	return o.msgs[len(o.msgs)-1]
}

// token returns the t parameter of the message's first link.
func token(t *testing.T, m mail.Message) string {
	t.Helper()
	for _, f := range strings.Fields(m.Text) {
		if u, err := url.Parse(f); err == nil && u.Query().Get("t") != "" {
			return u.Query().Get("t")
		}
	}
	t.Fatalf("no link in %q", m.Text)
	return ""
}

var fast = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

func newService(t *testing.T, clock *time.Time) (*readers.Service, *outbox) {
	t.Helper()
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "site.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	out := &outbox{}
	return readers.New(readers.Config{Store: db, Mail: out, Params: &fast, Now: func() time.Time { return *clock }}), out
}

var origin = readers.Origin{Site: "Caspian Digest", BaseURL: "https://news.example", Client: "192.0.2.1"}

func TestResetLinkExpiresAfterThirtyMinutesAndWorksOnce(t *testing.T) {
	clock := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	s, out := newService(t, &clock)
	ctx := t.Context()
	if err := s.SignUp(ctx, origin, "a@example.org", "first long password", "A"); err != nil {
		t.Fatal(err)
	}
	if err := s.RequestReset(ctx, origin, "a@example.org"); err != nil {
		t.Fatal(err)
	}
	late := token(t, out.last(t))
	if !strings.Contains(out.last(t).Text, "for 30 minutes") {
		t.Errorf("reset mail: %q", out.last(t).Text)
	}
	clock = clock.Add(30*time.Minute + time.Second)
	if s.CheckResetLink(ctx, late) {
		t.Error("a link 30 minutes old is still valid")
	}
	if _, err := s.Reset(ctx, late, "second long password"); !errors.Is(err, readers.ErrLinkInvalid) {
		t.Errorf("reset with an expired link: %v", err)
	}

	if err := s.RequestReset(ctx, origin, "a@example.org"); err != nil {
		t.Fatal(err)
	}
	older := token(t, out.last(t))
	if err := s.RequestReset(ctx, origin, "a@example.org"); err != nil {
		t.Fatal(err)
	}
	fresh := token(t, out.last(t))
	if s.CheckResetLink(ctx, older) {
		t.Error("a newer reset link left the older one valid")
	}
	clock = clock.Add(29 * time.Minute)
	if !s.CheckResetLink(ctx, fresh) {
		t.Fatal("a 29-minute-old link is refused")
	}
	if _, err := s.Reset(ctx, fresh, "second long password"); err != nil {
		t.Fatalf("reset: %v", err)
	}
	if _, err := s.Reset(ctx, fresh, "third long password"); !errors.Is(err, readers.ErrLinkInvalid) {
		t.Errorf("the link worked twice: %v", err)
	}
	if _, err := s.SignIn(ctx, origin, "a@example.org", "second long password"); err != nil {
		t.Errorf("signing in with the new password: %v", err)
	}
}

func TestSignInLinksAndVerificationExpire(t *testing.T) {
	clock := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	s, out := newService(t, &clock)
	ctx := t.Context()
	if err := s.SendSignInLink(ctx, origin, "b@example.org"); err != nil {
		t.Fatal(err)
	}
	link := token(t, out.last(t))
	clock = clock.Add(readers.SignInLinkTTL)
	if _, err := s.UseLink(ctx, origin, link, news.TokenVerify); !errors.Is(err, readers.ErrLinkInvalid) {
		t.Errorf("a sign-in link at its expiry: %v", err)
	}
	if err := s.SendSignInLink(ctx, origin, "b@example.org"); err != nil {
		t.Fatal(err)
	}
	res, err := s.UseLink(ctx, origin, token(t, out.last(t)), news.TokenVerify)
	if err != nil || !res.SignIn || res.Reader.Email != "b@example.org" || !res.Reader.Verified() {
		t.Fatalf("passwordless sign-up: %+v, %v", res, err)
	}
	// A link made for one purpose does nothing for another.
	if err := s.SendSignInLink(ctx, origin, "b@example.org"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UseLink(ctx, origin, token(t, out.last(t)), news.TokenSubscribe); !errors.Is(err, readers.ErrLinkInvalid) {
		t.Errorf("a sign-in link used to confirm a subscription: %v", err)
	}
}

func TestEmailChangeMovesTheAccountAndItsSubscription(t *testing.T) {
	clock := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	s, out := newService(t, &clock)
	ctx := t.Context()
	must(t, s.SendSignInLink(ctx, origin, "old@example.org"))
	res, err := s.UseLink(ctx, origin, token(t, out.last(t)), news.TokenVerify)
	must(t, err)
	r := res.Reader
	must(t, s.SetSubscription(ctx, r, readers.Choice{Digest: true}))
	must(t, s.RequestEmailChange(ctx, origin, r, "new@example.org", ""))
	msg := out.last(t)
	if msg.To != "new@example.org" {
		t.Fatalf("the confirmation went to %s", msg.To)
	}
	res, err = s.UseLink(ctx, origin, token(t, msg), news.TokenEmailChange)
	must(t, err)
	if res.Reader.Email != "new@example.org" {
		t.Errorf("account address %q", res.Reader.Email)
	}
	if notice := out.last(t); notice.To != "old@example.org" || !strings.Contains(notice.Text, "new@example.org") {
		t.Errorf("the old address was not told: %+v", notice)
	}
	sub, ok, err := s.Subscription(ctx, res.Reader)
	if err != nil || !ok || sub.Email != "new@example.org" || !sub.Digest {
		t.Errorf("subscription after the move: %+v %v %v", sub, ok, err)
	}
	// Another account's address: the answer is the same, nothing moves.
	must(t, s.SendSignInLink(ctx, origin, "taken@example.org"))
	_, err = s.UseLink(ctx, origin, token(t, out.last(t)), news.TokenVerify)
	must(t, err)
	if err := s.RequestEmailChange(ctx, origin, res.Reader, "taken@example.org", ""); err != nil {
		t.Errorf("asking for a taken address: %v", err)
	}
	if m := out.last(t); m.To != "taken@example.org" || !strings.Contains(m.Subject, "not changed") {
		t.Errorf("the taken address's owner got %q", m.Subject)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestConfirmedSubscriptionsQueueTheSubscriberAddedWebhook(t *testing.T) {
	clock := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "site.db"))
	must(t, err)
	t.Cleanup(func() { db.Close() })
	out := &outbox{}
	s := readers.New(readers.Config{Store: db, Mail: out, Params: &fast, Now: func() time.Time { return clock }})
	ctx := t.Context()
	hook := news.Webhook{URL: "https://hooks.example/masthead", Events: []string{news.EventSubscriberAdded}, Secret: "s", CreatedAt: clock}
	must(t, db.CreateWebhook(ctx, &hook))

	// Anonymous: nothing until the confirmation link is followed.
	must(t, s.Subscribe(ctx, origin, "anon@example.org", readers.Choice{Digest: true}))
	if got := subscriberEvents(t, db, hook.ID); len(got) != 0 {
		t.Fatalf("an unconfirmed subscription was announced: %q", got)
	}
	_, err = s.UseLink(ctx, origin, token(t, out.last(t)), news.TokenSubscribe)
	must(t, err)
	// A signed-in reader's subscription is confirmed at once; a change of
	// choices afterwards is not a new subscriber.
	must(t, s.SendSignInLink(ctx, origin, "reader@example.org"))
	res, err := s.UseLink(ctx, origin, token(t, out.last(t)), news.TokenVerify)
	must(t, err)
	must(t, s.SetSubscription(ctx, res.Reader, readers.Choice{Digest: true}))
	must(t, s.SetSubscription(ctx, res.Reader, readers.Choice{Digest: false, CategoryIDs: nil}))
	got := subscriberEvents(t, db, hook.ID)
	want := []string{"anon@example.org", "reader@example.org"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("subscriber.added deliveries for %q, want %q", got, want)
	}
}

// subscriberEvents returns the addresses the webhook's subscriber.added
// deliveries name, oldest first.
func subscriberEvents(t *testing.T, db *sqlite.DB, webhookID int64) []string {
	t.Helper()
	ds, err := db.Deliveries(t.Context(), webhookID, 100)
	must(t, err)
	var emails []string
	for i := len(ds) - 1; i >= 0; i-- {
		if ds[i].Event != news.EventSubscriberAdded {
			t.Errorf("delivery of %s", ds[i].Event)
		}
		var body struct {
			Data struct {
				Subscriber struct{ Email string } `json:"subscriber"`
			} `json:"data"`
		}
		must(t, json.Unmarshal(ds[i].Payload, &body))
		emails = append(emails, body.Data.Subscriber.Email)
	}
	return emails
}
