package feeds

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// MaxBackoff caps how long a failing source waits before it is tried
// again.
const MaxBackoff = 24 * time.Hour

// WireStore is what the poller reads and writes.
type WireStore interface {
	WireSources(ctx context.Context) ([]news.WireSource, error)
	RecordWirePoll(ctx context.Context, id int64, p news.WirePoll) error
	AddWireItems(ctx context.Context, sourceID int64, items []news.WireItem, now time.Time) (int, error)
}

var _ WireStore = store.Store(nil)

// Poller polls the wire's sources that are due and stores their new
// items.
type Poller struct {
	Store   WireStore
	Fetcher *Fetcher
	Log     *slog.Logger
	Now     func() time.Time // time.Now when nil
}

// PollReport says what one round of polling did.
type PollReport struct {
	Polled, Failed, NewItems int
}

// PollDue polls every source whose next poll has come, one after another,
// and reports what it did. A source that fails records its error and
// backs off; the others carry on. Only failing to read the sources, or
// ctx ending, is an error.
func (p *Poller) PollDue(ctx context.Context) (PollReport, error) {
	var rep PollReport
	sources, err := p.Store.WireSources(ctx)
	if err != nil {
		return rep, err
	}
	for _, src := range sources {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		if src.Poll.NextPollAt.After(p.now()) {
			continue
		}
		n, err := p.Poll(ctx, src)
		rep.Polled++
		rep.NewItems += n
		if err != nil {
			rep.Failed++
		}
	}
	return rep, nil
}

// Poll asks for one source's feed, stores its new items and records the
// outcome on the source: on success the validators, and the next poll one
// interval on; on failure the error, and a backoff that doubles with each
// failure in a row up to MaxBackoff. It returns how many items were new,
// and the poll's error.
func (p *Poller) Poll(ctx context.Context, src news.WireSource) (int, error) {
	state := src.Poll
	started := p.now()
	state.LastPolledAt = started
	got, err := p.Fetcher.Fetch(ctx, src.FeedURL, state.ETag, state.LastModified)
	added := 0
	if err == nil && !got.NotModified {
		added, err = p.store(ctx, src, got.Body)
	}
	if err != nil {
		if ctx.Err() != nil {
			// Stopping is not the source's fault: leave it due.
			return 0, err
		}
		state.Failures++
		state.LastError = describe(err)
		state.NextPollAt = started.Add(Backoff(src.Interval, state.Failures))
		p.logger().Warn("wire source poll failed", "source", src.ID, "name", src.Name, "failures", state.Failures, "err", err)
	} else {
		state.Failures, state.LastError = 0, ""
		state.LastOKAt = started
		state.NextPollAt = started.Add(src.Interval)
		state.ETag, state.LastModified = got.ETag, got.LastModified
	}
	if rerr := p.Store.RecordWirePoll(ctx, src.ID, state); rerr != nil {
		return added, errors.Join(err, rerr)
	}
	return added, err
}

func (p *Poller) store(ctx context.Context, src news.WireSource, body []byte) (int, error) {
	feed, err := ParseFeed(bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	items := make([]news.WireItem, 0, len(feed.Items))
	for _, it := range feed.Items {
		wi := news.WireItem{GUID: it.ID, URL: safeLink(it.URL), Title: it.Title, Summary: it.Summary, PublishedAt: it.Published}
		if len(it.Authors) > 0 {
			wi.Author = it.Authors[0].Name
		}
		if wi.Title == "" && wi.Summary == "" {
			continue
		}
		if wi.PublishedAt.After(p.now()) {
			// A date in the future would pin the item to the top.
			wi.PublishedAt = p.now()
		}
		items = append(items, wi)
	}
	return p.Store.AddWireItems(ctx, src.ID, items, p.now())
}

// safeLink keeps only web addresses, so that no item links to javascript:.
func safeLink(u string) string {
	if isWebURL(u) {
		return u
	}
	return ""
}

// Backoff is how long a source waits after failures polls failed in a
// row: twice its interval after the first, doubling, at most MaxBackoff.
func Backoff(interval time.Duration, failures int) time.Duration {
	d := max(interval, time.Minute)
	for i := 0; i < failures && d < MaxBackoff; i++ {
		d *= 2
	}
	return min(d, MaxBackoff)
}

// describe turns an error into the sentence shown on the source, without
// the request's plumbing.
func describe(err error) string {
	msg := err.Error()
	if errors.Is(err, context.DeadlineExceeded) || strings.Contains(msg, "Client.Timeout") {
		return "the feed took too long to answer"
	}
	const limit = 300
	if r := []rune(msg); len(r) > limit {
		msg = string(r[:limit]) + "…"
	}
	return msg
}

func (p *Poller) now() time.Time {
	if p.Now != nil {
		return p.Now().UTC().Truncate(time.Second)
	}
	return time.Now().UTC().Truncate(time.Second)
}

func (p *Poller) logger() *slog.Logger {
	if p.Log == nil {
		return slog.Default()
	}
	return p.Log
}
