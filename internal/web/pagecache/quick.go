package pagecache

import (
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Quick is a cache hit made ready for the express lane (web.Server's),
// which writes it to the connection itself instead of through net/http:
// a status line for Status, Head, the Date and X-Request-Id lines and the
// blank line, then Body.
type Quick struct {
	// Status is 200, or 304 when the reader's copy is current.
	Status int
	// Head is every stored header, each line ending in CRLF. It is
	// shared by every answer of the same page: never change it.
	Head []byte
	// Body is the page's bytes; nil for a 304 and for HEAD.
	Body []byte
	// ID is the answer's X-Request-Id; empty when none is sent.
	ID string

	start  time.Time
	timer  Observer
	logged bool
}

// Quick answers r from the cache when it holds a current copy of the page
// and nothing is left to do but send it: the same checks as Handler's,
// rendering at most the page's fragment again. It reports false, and
// changes nothing but a fragment it could not render, when the request
// should go to Handler instead (not a GET or HEAD, a query Config.Query
// does not take, refused by Classify, not cached or expired). Done must
// follow a true answer once it has been written. r's context is the only
// one a fragment is rendered with: Config.RenderFragment must need no
// more.
func (c *Cache) Quick(r *http.Request) (Quick, bool) {
	query, ok := c.queryOf(r)
	if !ok {
		return Quick{}, false
	}
	k, ok := c.keyOf(r, query)
	if !ok {
		return Quick{}, false
	}
	e := c.lookup(k)
	if e == nil || e.reps[encIdentity].Load().stale() && !c.refresh(e, r, k.Host) {
		return Quick{}, false
	}
	c.hits.Add(1)
	c.quick.Add(1)
	q := Quick{logged: c.cfg.Log != nil && c.cfg.Log.Enabled(r.Context(), slog.LevelDebug)}
	if q.logged || e.timers[0] != nil {
		q.start = time.Now()
	}
	if c.cfg.RequestID != nil {
		q.ID = c.cfg.RequestID()
	}
	rp := c.pickRep(r, e)
	w := rp.wire()
	switch {
	case notModified(r, e.matches, rp.lastMod):
		q.Status, q.Head = http.StatusNotModified, w.notModified
	case r.Method == http.MethodHead:
		q.Status, q.Head = http.StatusOK, w.ok
	default:
		q.Status, q.Head, q.Body = http.StatusOK, w.ok, rp.body
	}
	q.timer = e.timers[min(q.Status/100-2, 1)]
	return q, true
}

// Done times and logs an answer Quick gave, once it has been written.
func (c *Cache) Done(r *http.Request, q *Quick) {
	if q.timer != nil {
		q.timer.Observe(time.Since(q.start).Seconds())
	}
	if q.logged {
		c.cfg.Log.DebugContext(r.Context(), "request", "id", q.ID, "method", r.Method,
			"path", r.URL.Path, "status", q.Status, "cache", "hit", "express", true, "duration", time.Since(q.start))
	}
}

// wireHeads are a rep's headers as they go on the wire, for a 200 and
// for a 304.
type wireHeads struct {
	ok, notModified []byte
}

// wire returns rp's headers in HTTP/1.1's form, made the
// first time the express lane sends rp. Two answers racing to make them
// make the same bytes; either may be kept.
func (rp *rep) wire() *wireHeads {
	if w := rp.wireHeads.Load(); w != nil {
		return w
	}
	w := &wireHeads{
		ok:          appendHead(nil, rp.header),
		notModified: appendHead(nil, rp.notModified),
	}
	rp.wireHeads.Store(w)
	return w
}

// appendHead writes h as net/http would: keys sorted, values with any CR
// or LF turned into spaces, so that a value can never start a header of
// its own.
func appendHead(b []byte, h http.Header) []byte {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			b = append(b, k...)
			b = append(b, ": "...)
			b = append(b, strings.TrimSpace(crlfToSpace.Replace(v))...)
			b = append(b, "\r\n"...)
		}
	}
	return b
}

var crlfToSpace = strings.NewReplacer("\r", " ", "\n", " ")
