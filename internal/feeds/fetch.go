package feeds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"syscall"
	"time"

	"github.com/mastheadhq/masthead/internal/webhooks"
)

// Politeness and safety limits of the wire's requests.
const (
	// DefaultFetchTimeout bounds one request, body included.
	DefaultFetchTimeout = 20 * time.Second
	// DefaultMaxFeedBytes is the largest feed read, after decompression;
	// beyond it the poll fails. Real feeds are well under 1 MB.
	DefaultMaxFeedBytes = 5 << 20
	// DefaultHostInterval is the least time between two requests to one
	// host, so that many sources on one outlet do not arrive at once.
	DefaultHostInterval = 2 * time.Second
	// maxRedirects is how many redirects a request follows; a loop ends
	// there.
	maxRedirects = 5
)

// UserAgent names Masthead to the outlets it polls, with where to read
// what it is.
const UserAgent = "Masthead-Wire/1.0 (+https://github.com/mastheadhq/masthead; news wire reader)"

// ErrTooLarge is a feed above the size cap.
var ErrTooLarge = errors.New("the feed is larger than the size cap")

// Fetcher asks outlets for their feeds: conditional requests, a timeout,
// a size cap, one request per host at a time and no sooner than
// HostInterval after the last, and, unless AllowPrivate, only to public
// addresses (checked on the address connected to, redirects included).
type Fetcher struct {
	Timeout      time.Duration // DefaultFetchTimeout when zero
	MaxBytes     int64         // DefaultMaxFeedBytes when zero
	HostInterval time.Duration // DefaultHostInterval when zero; negative for none
	// AllowPrivate lets requests reach private and loopback addresses
	// (--wire-allow-private): feeds on the same network, and tests.
	AllowPrivate bool

	once   sync.Once
	client *http.Client
	mu     sync.Mutex
	hosts  map[string]*hostSlot
}

// hostSlot serialises the requests to one host: lock is a channel of one,
// so that waiting for it can give up with the context.
type hostSlot struct {
	lock chan struct{}
	last time.Time
}

// Fetched is the outcome of a request that got an answer.
type Fetched struct {
	// NotModified is a 304: the feed is as it was at the validators sent.
	NotModified bool
	Body        []byte
	// ETag and LastModified are the validators to send next time.
	ETag         string
	LastModified string
}

func (f *Fetcher) setup() {
	f.once.Do(func() {
		if f.Timeout <= 0 {
			f.Timeout = DefaultFetchTimeout
		}
		if f.MaxBytes <= 0 {
			f.MaxBytes = DefaultMaxFeedBytes
		}
		if f.HostInterval == 0 {
			f.HostInterval = DefaultHostInterval
		}
		f.hosts = map[string]*hostSlot{}
		f.client = f.newClient()
	})
}

func (f *Fetcher) newClient() *http.Client {
	dialer := &net.Dialer{Timeout: f.Timeout, Control: func(_, address string, _ syscall.RawConn) error {
		if f.AllowPrivate {
			return nil
		}
		ap, err := netip.ParseAddrPort(address)
		if err != nil || !webhooks.Public(ap.Addr()) {
			return webhooks.ErrPrivateAddress
		}
		return nil
	}}
	transport := &http.Transport{DialContext: dialer.DialContext, TLSHandshakeTimeout: f.Timeout,
		ResponseHeaderTimeout: f.Timeout, MaxIdleConnsPerHost: 1, IdleConnTimeout: time.Minute, Proxy: nil}
	return &http.Client{Transport: transport, Timeout: f.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("stopped after %d redirects", maxRedirects)
			}
			return nil
		}}
}

// Fetch asks for the feed at url, sending the validators of the last
// answer. An answer other than 200 or 304 is an error naming its status.
func (f *Fetcher) Fetch(ctx context.Context, url, etag, lastModified string) (Fetched, error) {
	f.setup()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return Fetched{}, fmt.Errorf("feed address: %w", err)
	}
	release, err := f.take(ctx, req.URL.Host)
	if err != nil {
		return Fetched{}, err
	}
	defer release()
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return Fetched{}, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNotModified:
		return Fetched{NotModified: true, ETag: etag, LastModified: lastModified}, nil
	case http.StatusOK:
	default:
		return Fetched{}, fmt.Errorf("the server answered %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.MaxBytes+1))
	if err != nil {
		return Fetched{}, fmt.Errorf("read the feed: %w", err)
	}
	if int64(len(body)) > f.MaxBytes {
		return Fetched{}, fmt.Errorf("%w (%d bytes)", ErrTooLarge, f.MaxBytes)
	}
	return Fetched{Body: body, ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}, nil
}

// take waits for host's turn: no other request to it under way, and
// HostInterval since the last one began. release ends the turn.
func (f *Fetcher) take(ctx context.Context, host string) (release func(), err error) {
	f.mu.Lock()
	slot := f.hosts[host]
	if slot == nil {
		slot = &hostSlot{lock: make(chan struct{}, 1)}
		f.hosts[host] = slot
	}
	f.mu.Unlock()
	select {
	case slot.lock <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if wait := time.Until(slot.last.Add(f.HostInterval)); f.HostInterval > 0 && wait > 0 {
		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			<-slot.lock
			return nil, ctx.Err()
		}
	}
	slot.last = time.Now()
	return func() { <-slot.lock }, nil
}
