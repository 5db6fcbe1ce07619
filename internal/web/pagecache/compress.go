package pagecache

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
)

// brotliLevel is the level pages are compressed at in the background:
// measured on article pages, 5 is within 1% of 9's size at a tenth of the
// time; 11 is kept for static assets, compressed once at start-up.
const brotliLevel = 5

func brotliBytes(body []byte) []byte {
	return BrotliBytes(body, brotliLevel)
}

// BrotliBytes compresses body with brotli at level.
func BrotliBytes(body []byte, level int) []byte {
	var buf bytes.Buffer
	buf.Grow(len(body) / 4)
	w := brotli.NewWriterLevel(&buf, level)
	w.Write(body) //nolint:errcheck // writes to a bytes.Buffer do not fail
	w.Close()     //nolint:errcheck
	return buf.Bytes()
}

// GzipBytes compresses body with gzip.
func GzipBytes(body []byte) []byte { return gzipBytes(body) }

// enqueue asks the compressor for e's gzip and brotli forms. A full queue
// (a burst of new pages) leaves e plain until a later hit asks again.
func (c *Cache) enqueue(e *entry) {
	select {
	case c.queue <- e:
	default:
		e.queued.Store(false)
	}
}

// compressLoop makes the compressed forms of queued pages, one at a time:
// compression is the costliest part of a new page and must never hold up
// a response, nor take both cores while pages are being served.
func (c *Cache) compressLoop() {
	defer close(c.done)
	for {
		select {
		case <-c.stop:
			return
		case e := <-c.queue:
			c.compress(e)
		}
	}
}

func (c *Cache) compress(e *entry) {
	id := e.reps[encIdentity].Load()
	gz := compressRep(id, encGzip)
	br := compressRep(id, encBrotli)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.ring < 0 || e.reps[encIdentity].Load() != id {
		return // dropped, or its fragment replaced, meanwhile
	}
	e.reps[encGzip].Store(gz)
	e.reps[encBrotli].Store(br)
	added := int64(cap(gz.body) + cap(br.body) + 2*256)
	e.size += added
	c.used += added
	if c.used > c.cfg.MaxBytes {
		c.makeRoomLocked(0)
	}
}

// acceptedEncodings reads Accept-Encoding without allocating: whether
// gzip and brotli are acceptable (named, or "*", without q=0).
func acceptedEncodings(values []string) (gzip, br bool) {
	for _, v := range values {
		for v != "" {
			var item string
			item, v, _ = strings.Cut(v, ",")
			name, params, _ := strings.Cut(item, ";")
			name = strings.TrimSpace(name)
			if zeroQuality(params) {
				continue
			}
			switch {
			case strings.EqualFold(name, "gzip"), strings.EqualFold(name, "x-gzip"):
				gzip = true
			case strings.EqualFold(name, "br"):
				br = true
			case name == "*":
				gzip, br = true, true
			}
		}
	}
	return gzip, br
}

// zeroQuality reports whether parameters say q=0 (also 0.0, 0.000).
func zeroQuality(params string) bool {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		return err == nil && q == 0
	}
	return false
}

// notModified reports whether the reader's copy is current. If-None-Match,
// when present, decides alone (RFC 9110 13.1.2), compared weakly as a GET
// may; otherwise If-Modified-Since against the second-truncated time.
func notModified(r *http.Request, matches func(string) bool, lastMod time.Time) bool {
	if inm := r.Header["If-None-Match"]; len(inm) > 0 {
		for _, v := range inm {
			for v != "" {
				var tag string
				tag, v, _ = strings.Cut(v, ",")
				tag = strings.TrimSpace(tag)
				if tag == "*" || matches(strings.TrimPrefix(tag, "W/")) {
					return true
				}
			}
		}
		return false
	}
	ims := r.Header["If-Modified-Since"]
	if len(ims) == 0 {
		return false
	}
	since, err := http.ParseTime(ims[0])
	return err == nil && !lastMod.After(since)
}

// AcceptsEncodings reads a request's Accept-Encoding: whether gzip and
// brotli are acceptable.
func AcceptsEncodings(r *http.Request) (gzip, br bool) {
	return acceptedEncodings(r.Header["Accept-Encoding"])
}

// NotModified reports whether a request's validators name the current
// representation: If-None-Match against etags, or else If-Modified-Since
// against lastMod.
func NotModified(r *http.Request, lastMod time.Time, etags ...string) bool {
	return notModified(r, func(tag string) bool { return slices.Contains(etags, tag) }, lastMod)
}
