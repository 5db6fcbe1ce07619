package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/web"
	"github.com/mastheadhq/masthead/internal/web/pagecache"
	"github.com/mastheadhq/masthead/internal/web/site"
)

// newPageCache builds the page cache in front of the whole handler, when
// --page-cache allows it, and keeps it current with the change feed:
// every change drops the pages that show one of its keys, on this node
// and (through the feed) on every other; a change whose keys are unknown
// drops everything.
func (m *Main) newPageCache(s *site.Site) *pagecache.Cache {
	if m.Config.PageCache <= 0 {
		return nil
	}
	cfg := pagecache.Config{
		MaxBytes: m.Config.PageCache, Classify: s.Classify, Query: site.SearchQuery, RequestID: web.NewRequestID, Log: m.Log,
		SurrogateKeys:  m.Config.CDNKeys || len(m.Config.PurgeURLs) > 0,
		IsTLS:          func(r *http.Request) bool { return web.TLSBehind(r, m.Config.TrustedProxies) },
		RenderFragment: s.RenderFragment, FragmentKey: s.FragmentKey,
	}
	if len(m.Config.PurgeURLs) > 0 {
		m.purger = newPurger(m.Config.PurgeURLs, m.Log)
	}
	if m.metrics != nil {
		cfg.Observe = func(route string, status int) pagecache.Observer { return m.metrics.RouteTimer(route, status) }
	}
	pc := pagecache.New(cfg)
	// purged is the last version sent to the purge hooks: from the
	// version the node started at, so that a restart purges nothing.
	var purged atomic.Int64
	purged.Store(m.Changes.Version())
	m.Changes.Subscribe(func(c store.Change) {
		exact := c.Kinds != nil && c.KeysExact
		if exact {
			pc.Invalidate(c.Keys, false)
		} else {
			pc.Invalidate(nil, true)
		}
		// A CDN is purged only for changes that happened: a feed that
		// cannot read the database (every poll while it is down) drops
		// this node's pages, but the CDN's copies are what keep the site
		// up meanwhile. Once it can read again, a move of the version it
		// cannot account for purges everything, once.
		if m.purger != nil && c.Version > purged.Load() {
			purged.Store(c.Version)
			m.purger.send(c.Keys, !exact)
		}
	})
	return pc
}

// purger POSTs the keys of each change to the --purge-url addresses, so
// that a CDN in front drops the pages that carry them in Surrogate-Key or
// Cache-Tag. Sending never holds up the change feed: batches queue, and a
// full queue is folded into one "purge everything".
type purger struct {
	urls   []string
	log    *slog.Logger
	client *http.Client

	mu      sync.Mutex
	pending []purge
	wake    chan struct{}
	stop    chan struct{}
	done    chan struct{}
}

// purge is the JSON body a purge hook receives.
type purge struct {
	Keys []string `json:"keys"`
	All  bool     `json:"all"`
}

// maxPendingPurges bounds the queue of purges waiting to be sent.
const maxPendingPurges = 256

func newPurger(urls []string, log *slog.Logger) *purger {
	p := &purger{urls: urls, log: log, client: &http.Client{Timeout: 5 * time.Second},
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go p.run()
	return p
}

func (p *purger) send(keys []string, all bool) {
	if keys == nil || all {
		keys = []string{}
	}
	p.mu.Lock()
	if len(p.pending) >= maxPendingPurges {
		p.pending = []purge{{Keys: []string{}, All: true}}
	} else {
		p.pending = append(p.pending, purge{Keys: keys, All: all})
	}
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

func (p *purger) run() {
	defer close(p.done)
	for {
		select {
		case <-p.stop:
			return
		case <-p.wake:
		}
		p.mu.Lock()
		batch := p.pending
		p.pending = nil
		p.mu.Unlock()
		for _, b := range batch {
			p.post(b)
		}
	}
}

func (p *purger) post(b purge) {
	body, err := json.Marshal(b)
	if err != nil {
		return
	}
	for _, u := range p.urls {
		if err := p.postTo(u, body); err != nil {
			p.log.Warn("purge hook failed", "url", u, "err", err)
		}
	}
}

func (p *purger) postTo(u string, body []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("status %s", resp.Status)
	}
	return nil
}

func (p *purger) close() {
	close(p.stop)
	<-p.done
}

// PageCache returns the page cache in front of the handler, or nil when
// --page-cache turned it off.
func (m *Main) PageCache() *pagecache.Cache { return m.pages }
