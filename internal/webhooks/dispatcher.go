package webhooks

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"syscall"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// Dispatcher sends due deliveries. Several nodes may run one each: a
// delivery is leased to one node while it is tried.
type Dispatcher struct {
	Store store.Store
	Log   *slog.Logger
	Now   func() time.Time
	// AllowPrivate lets deliveries reach private and loopback addresses
	// (--webhooks-allow-private), for receivers on the same network and
	// for tests.
	AllowPrivate bool
	// Client sends the requests; nil builds one that refuses private
	// addresses at connection time (unless AllowPrivate) and gives up
	// after Timeout.
	Client *http.Client
	// Timeout bounds one attempt; zero means 10 seconds.
	Timeout time.Duration
	// Poll is how often the queue is looked at; zero means 2 seconds.
	Poll time.Duration
	// Workers is how many deliveries are sent at once; zero means 4.
	Workers int

	once sync.Once
}

// lease is how long a claimed delivery is kept from other nodes: longer
// than an attempt can take.
const lease = 2 * time.Minute

// batch is how many deliveries one look at the queue takes.
const batch = 20

func (d *Dispatcher) setup() {
	d.once.Do(func() {
		if d.Log == nil {
			d.Log = slog.Default()
		}
		if d.Now == nil {
			d.Now = time.Now
		}
		if d.Timeout == 0 {
			d.Timeout = 10 * time.Second
		}
		if d.Poll == 0 {
			d.Poll = 2 * time.Second
		}
		if d.Workers == 0 {
			d.Workers = 4
		}
		if d.Client == nil {
			d.Client = d.newClient()
		}
	})
}

// newClient dials only public addresses unless private ones are allowed:
// the check is on the address actually connected to, after resolution,
// so DNS cannot be used to point a registered name inside the network.
// Redirects are not followed, for the same reason.
func (d *Dispatcher) newClient() *http.Client {
	dialer := &net.Dialer{Timeout: d.Timeout, Control: func(_, address string, _ syscall.RawConn) error {
		if d.AllowPrivate {
			return nil
		}
		ap, err := netip.ParseAddrPort(address)
		if err != nil || !Public(ap.Addr()) {
			return ErrPrivateAddress
		}
		return nil
	}}
	transport := &http.Transport{DialContext: dialer.DialContext, TLSHandshakeTimeout: d.Timeout,
		ResponseHeaderTimeout: d.Timeout, MaxIdleConnsPerHost: 2, Proxy: nil}
	return &http.Client{Transport: transport, Timeout: d.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Run sends due deliveries until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) {
	d.setup()
	tick := time.NewTicker(d.Poll)
	defer tick.Stop()
	for {
		if _, err := d.RunOnce(ctx); err != nil && ctx.Err() == nil {
			d.Log.Error("webhook deliveries", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// RunOnce sends the deliveries due now and reports how many it tried.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	d.setup()
	due, err := d.Store.ClaimDeliveries(ctx, d.Now().UTC(), lease, batch)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	hooks, err := d.Store.AllWebhooks(ctx)
	if err != nil {
		return 0, err
	}
	byID := map[int64]news.Webhook{}
	for _, w := range hooks {
		byID[w.ID] = w
	}
	sem := make(chan struct{}, d.Workers)
	var wg sync.WaitGroup
	for _, del := range due {
		w, ok := byID[del.WebhookID]
		if !ok {
			continue
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			d.attempt(ctx, w, del)
		})
	}
	wg.Wait()
	return len(due), nil
}

// attempt sends one delivery and records what happened: delivered on a
// 2xx answer; otherwise tried again after the backoff, or failed when
// the next try would fall after its day is up.
func (d *Dispatcher) attempt(ctx context.Context, w news.Webhook, del news.Delivery) {
	status, errText := d.send(ctx, w, del)
	now := d.Now().UTC()
	del.Attempts++
	del.LastAttemptAt, del.ResponseStatus, del.LastError = now, status, errText
	switch next := now.Add(Backoff(del.Attempts)); {
	case errText == "":
		del.Status, del.NextAttemptAt = news.DeliveryDelivered, now
	case next.After(del.GiveUpAt):
		del.Status, del.NextAttemptAt = news.DeliveryFailed, now
	default:
		del.Status, del.NextAttemptAt = news.DeliveryPending, next
	}
	if err := d.Store.RecordAttempt(context.WithoutCancel(ctx), del); err != nil {
		d.Log.Error("webhook attempt not recorded", "delivery", del.ID, "err", err)
	}
}

// send makes one request; a non-empty error text means it failed.
func (d *Dispatcher) send(ctx context.Context, w news.Webhook, del news.Delivery) (int, string) {
	ctx, cancel := context.WithTimeout(ctx, d.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(del.Payload))
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Masthead-Webhooks/1")
	req.Header.Set(EventHeader, del.Event)
	req.Header.Set(DeliveryHeader, fmt.Sprint(del.ID))
	req.Header.Set(SignatureHeader, Sign(w.Secret, d.Now(), del.Payload))
	resp, err := d.Client.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) //nolint:errcheck
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, resp.Status
	}
	return resp.StatusCode, ""
}
