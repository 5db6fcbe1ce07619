package pagecache

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Page is a rendered response that a handler offers to the cache.
type Page struct {
	Body        []byte
	ContentType string
	// CacheControl is sent to browsers and CDNs with the page.
	CacheControl string
	// LastModified is when the content last changed; zero means now,
	// the moment it was rendered.
	LastModified time.Time
	// Deps are the change keys the page shows (store/keys.go).
	Deps []string
	// Expires, when set, is the moment the page goes stale without any
	// change (a future-dated article becomes visible then).
	Expires time.Time
	// NoStore answers with the page, with its validators and
	// compression, but keeps it out of the cache: it was read from a
	// replica that lags, or is personal.
	NoStore bool
	// Fragment, when set, is the part of Body between two FragmentMarks,
	// kept apart so that a change to it alone does not drop the page.
	// Serve then cuts the marks out of Body where it lies: the caller
	// gives Body up.
	Fragment *Fragment
}

// The encodings a page is kept in.
const (
	encIdentity = iota
	encGzip
	encBrotli
	numEncodings
)

var encodingNames = [numEncodings]string{"", "gzip", "br"}

// rep is one encoding of a page with every header it is sent with.
type rep struct {
	body        []byte
	etag        string
	lastMod     time.Time
	header      http.Header // of a 200
	notModified http.Header // of a 304: validators and caching, no body's
	// frag is the fragment the page was assembled with, at
	// body[start:end] of the identity rep; nil for a page in one part.
	frag       *fragment
	start, end int
	// wireHeads are the headers as the express lane writes them.
	wireHeads atomic.Pointer[wireHeads]
}

// entry is one cached page.
type entry struct {
	key     Key
	deps    []string    // sorted, distinct
	expires int64       // unix nanoseconds; 0 never
	timers  [2]Observer // of a 200 and of a 304
	reps    [numEncodings]atomic.Pointer[rep]
	ref     atomic.Bool // used since the CLOCK hand last passed
	queued  atomic.Bool // waiting for compression, or compressed
	// base hashes the page's bytes around its fragment, for the tags
	// of the page assembled with a new one.
	base [sha256.Size]byte
	// ring is the entry's place in Cache.ring, -1 once dropped; size is
	// what it counts against the budget, depsSize the part of it its
	// keys take. All are guarded by Cache.mu.
	ring     int
	size     int64
	depsSize int64
}

// entryOverhead is what an entry costs beyond its bytes and strings: the
// structs, map slots and index sets, roughly.
const entryOverhead = 512

// Serve answers r with p: from the cache's stored copy when r missed the
// cache and p may be stored, otherwise straight from p. Either way the
// answer has an ETag and Last-Modified, honours If-None-Match and
// If-Modified-Since, and is compressed when the reader accepts it.
func Serve(w http.ResponseWriter, r *http.Request, p Page) {
	var sp splitParts
	if p.Fragment != nil {
		p, sp = splitPage(p)
	}
	rec, _ := r.Context().Value(recorderKey{}).(*recorder)
	if rec != nil && !p.NoStore {
		if e := rec.cache.store(rec, r, w.Header(), p, sp); e != nil {
			rec.cache.serveEntry(w, r, e)
			return
		}
	}
	serveOnce(w, r, w.Header(), p, sp)
}

// store builds an entry from p and keeps it, unless something it depends
// on changed while it was rendered, it sets a cookie, or it is too big
// for the budget. It returns the entry, kept or not, or nil when p cannot
// be an entry at all.
func (c *Cache) store(rec *recorder, r *http.Request, base http.Header, p Page, sp splitParts) *entry {
	if _, ok := base["Set-Cookie"]; ok {
		return nil
	}
	deps := slices.Clone(p.Deps)
	slices.Sort(deps)
	deps = slices.Compact(deps)
	p.Body = exact(p.Body)
	e := &entry{key: rec.key, deps: deps, ring: -1}
	lastMod := lastModified(p.LastModified, c.now())
	if !p.Expires.IsZero() {
		e.expires = p.Expires.UnixNano()
	}
	if c.cfg.Observe != nil && r.Pattern != "" {
		e.timers = [2]Observer{c.cfg.Observe(r.Pattern, http.StatusOK), c.cfg.Observe(r.Pattern, http.StatusNotModified)}
	}
	var named []string
	if c.cfg.SurrogateKeys {
		named = deps
		if sp.frag != nil {
			named = mergeKeys(deps, sp.frag.Deps)
		}
	}
	var f *fragment
	etag := ""
	if sp.frag != nil {
		f = newFragment(rec.key.Host, *sp.frag, p.Body[sp.start:sp.end])
		e.base = baseSum(p.Body, sp.start, sp.end)
		etag = partsTag(e.base, f.sum)
	} else {
		etag = etagOf(p.Body)
	}
	id := newRep(base, p, lastMod, p.Body, etag, named)
	id.frag, id.start, id.end = f, sp.start, sp.end
	e.reps[encIdentity].Store(id)
	for _, d := range deps {
		e.depsSize += int64(len(d)) + 64
	}
	e.size = entryOverhead + repSize(id) + e.depsSize
	e.key.Path, e.key.Query, e.key.Host = strings.Clone(e.key.Path), strings.Clone(e.key.Query), strings.Clone(e.key.Host)
	if e.size > c.cfg.MaxBytes/8 {
		return e // served, but too large to keep
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.unchangedSinceLocked(rec.seq, deps) {
		return e
	}
	if f != nil {
		// Before the entry is visible to other requests: the fragment
		// stored may be an equal one another page stored first.
		id.frag = c.shareFragmentLocked(f, rec.seq)
		if !id.frag.dropped.Load() {
			id.frag.refs++ // first, so that the removals below cannot drop it
		}
	}
	if old := c.entries[e.key]; old != nil {
		c.removeLocked(old)
	}
	c.makeRoomLocked(e.size)
	e.ring = len(c.ring)
	c.ring = append(c.ring, e)
	c.entries[e.key] = e
	for _, d := range deps {
		set := c.deps[d]
		if set == nil {
			set = map[*entry]struct{}{}
			c.deps[d] = set
		}
		set[e] = struct{}{}
	}
	c.used += e.size
	c.stores.Add(1)
	return e
}

// unchangedSinceLocked reports whether no invalidation after seq touched
// any of deps (sorted).
func (c *Cache) unchangedSinceLocked(seq uint64, deps []string) bool {
	if c.seq-seq >= uint64(len(c.recent)) {
		return c.seq == seq
	}
	for s := seq + 1; s <= c.seq; s++ {
		inv := c.recent[s%uint64(len(c.recent))]
		if inv.all {
			return false
		}
		for _, k := range inv.keys {
			if _, found := slices.BinarySearch(deps, k); found {
				return false
			}
		}
	}
	return true
}

// makeRoomLocked evicts entries by CLOCK until n more bytes fit: an entry
// used since the hand last passed gets a second chance.
func (c *Cache) makeRoomLocked(n int64) {
	for c.used+n > c.cfg.MaxBytes && len(c.ring) > 0 {
		if c.hand >= len(c.ring) {
			c.hand = 0
		}
		e := c.ring[c.hand]
		if e.ref.Swap(false) {
			c.hand++
			continue
		}
		c.removeLocked(e) // the last entry takes its place under the hand
		c.evictions.Add(1)
	}
}

func (c *Cache) removeLocked(e *entry) {
	if e.ring < 0 {
		return
	}
	if c.entries[e.key] == e {
		delete(c.entries, e.key)
	}
	c.releaseFragmentLocked(e.reps[encIdentity].Load().frag)
	for _, d := range e.deps {
		if set := c.deps[d]; set != nil {
			delete(set, e)
			if len(set) == 0 {
				delete(c.deps, d)
			}
		}
	}
	last := len(c.ring) - 1
	c.ring[e.ring] = c.ring[last]
	c.ring[e.ring].ring = e.ring
	c.ring[last] = nil
	c.ring = c.ring[:last]
	e.ring = -1
	c.used -= e.size
}

// serveEntry writes e in the encoding the reader prefers among those
// ready, or 304 when the reader's copy is current, and returns the status.
func (c *Cache) serveEntry(w http.ResponseWriter, r *http.Request, e *entry) int {
	rp := c.pickRep(r, e)
	return writeRep(w, r, rp, e.matches, rp.lastMod)
}

// pickRep is the encoding of e to answer r with: the one the reader
// prefers among those ready. A page asked for compressed that has no
// compressed form yet is queued for one.
func (c *Cache) pickRep(r *http.Request, e *entry) *rep {
	gz, br := acceptedEncodings(r.Header["Accept-Encoding"])
	id := e.reps[encIdentity].Load()
	rp := id
	// A compressed form made from an older fragment is never sent: the
	// refresh that replaced the fragment also clears them.
	if br {
		if b := e.reps[encBrotli].Load(); b != nil && !b.stale() {
			rp = b
		}
	} else if gz {
		if g := e.reps[encGzip].Load(); g != nil && !g.stale() {
			rp = g
		}
	}
	if (gz || br) && rp == id && len(rp.body) >= minCompress && !e.queued.Swap(true) {
		c.enqueue(e)
	}
	return rp
}

// matches reports whether an entity tag names any encoding of the page:
// they are one content, so a reader holding any of them has it.
func (e *entry) matches(tag string) bool {
	for i := range e.reps {
		if rp := e.reps[i].Load(); rp != nil && rp.etag == tag && !rp.stale() {
			return true
		}
	}
	return false
}

// writeRep answers with rp, or with 304 Not Modified when the request's
// validators match, and returns the status.
func writeRep(w http.ResponseWriter, r *http.Request, rp *rep, matches func(string) bool, lastMod time.Time) int {
	h := w.Header()
	if notModified(r, matches, lastMod) {
		for k, v := range rp.notModified {
			h[k] = v
		}
		w.WriteHeader(http.StatusNotModified)
		return http.StatusNotModified
	}
	for k, v := range rp.header {
		h[k] = v
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return http.StatusOK
	}
	w.Write(rp.body) //nolint:errcheck // a failed write means the reader left
	return http.StatusOK
}

// serveOnce answers with a page that is not kept: validators and gzip are
// worked out for this request alone.
func serveOnce(w http.ResponseWriter, r *http.Request, base http.Header, p Page, sp splitParts) {
	lastMod := lastModified(p.LastModified, time.Now())
	etag := etagOf(p.Body)
	if sp.frag != nil {
		// Tagged as the cached page would be, so that a reader's copy
		// from either is current for the other.
		etag = partsTag(baseSum(p.Body, sp.start, sp.end), sha256.Sum256(p.Body[sp.start:sp.end]))
	}
	id := newRep(base, p, lastMod, p.Body, etag, nil)
	rp := id
	if gz, _ := acceptedEncodings(r.Header["Accept-Encoding"]); gz && len(p.Body) >= minCompress {
		rp = compressRep(id, encGzip)
	}
	writeRep(w, r, rp, func(tag string) bool { return tag == id.etag || tag == rp.etag }, lastMod)
}

func lastModified(t, now time.Time) time.Time {
	if t.IsZero() {
		t = now
	}
	return t.UTC().Truncate(time.Second)
}

// etagOf is a strong entity tag made from the bytes, so that every node
// gives the same page the same tag.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:15]) + `"`
}

// Header values shared by every response, never changed after start-up.
var (
	varyAcceptEncoding = []string{"Accept-Encoding"}
)

// volatile headers belong to one response and are never stored.
var volatile = map[string]bool{"X-Request-Id": true, "Content-Length": true, "Date": true}

// newRep makes the headers of one encoding of a page: those already set
// for the response (the security headers), then the page's own.
func newRep(base http.Header, p Page, lastMod time.Time, body []byte, etag string, deps []string) *rep {
	h := make(http.Header, len(base)+10)
	for k, v := range base {
		if !volatile[k] {
			h[k] = slices.Clone(v)
		}
	}
	h["Content-Type"] = []string{p.ContentType}
	h["Cache-Control"] = []string{p.CacheControl}
	h["Vary"] = varyAcceptEncoding
	h["Etag"] = []string{etag}
	h["Last-Modified"] = []string{lastMod.Format(http.TimeFormat)}
	if len(deps) > 0 {
		setSurrogateKeys(h, deps)
	}
	nm := make(http.Header, len(h))
	for k, v := range h {
		switch k {
		case "Content-Type", "Content-Encoding", "Content-Length":
		default:
			nm[k] = v
		}
	}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	return &rep{body: body, etag: etag, lastMod: lastMod, header: h, notModified: nm}
}

// mergeKeys is the sorted union of two lists of keys: a CDN must purge a
// page for a change to its fragment as well as to the rest of it.
func mergeKeys(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// setSurrogateKeys names keys in the headers a CDN purges by.
func setSurrogateKeys(h http.Header, keys []string) {
	// Surrogate-Key (Fastly, and most caches that read one) is
	// separated by spaces, Cache-Tag (Cloudflare) by commas.
	h["Surrogate-Key"] = []string{strings.Join(keys, " ")}
	h["Cache-Tag"] = []string{strings.Join(keys, ",")}
}

// exact returns b in an array of its own length, unless it nearly is
// already: a kept page counts against the budget with all the memory it
// holds, and a buffer grown by doubling holds up to twice its bytes.
func exact(b []byte) []byte {
	if cap(b)-len(b) <= len(b)/32 {
		return b
	}
	return bytes.Clone(b)
}

// repSize is the memory rp holds, counted by capacity. Headers count
// twice: the express lane may keep them again in their wire form.
func repSize(rp *rep) int64 {
	n := int64(cap(rp.body))
	for k, v := range rp.header {
		n += 2 * (int64(len(k)) + 32)
		for _, s := range v {
			n += 2 * int64(len(s))
		}
	}
	return n
}

// minCompress is the smallest body worth compressing: below it the
// encoding's own framing eats most of the gain.
const minCompress = 512

// gzipLevel is the level of gzip on the fly and in the background: 6 is
// within a few per cent of 9 on HTML at half the time.
const gzipLevel = 6

var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzipLevel)
	return w
}}

func gzipBytes(body []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(body) / 4)
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&buf)
	zw.Write(body) //nolint:errcheck // writes to a bytes.Buffer do not fail
	zw.Close()     //nolint:errcheck
	gzipWriters.Put(zw)
	return buf.Bytes()
}

// compressRep makes the gzip or brotli form of the identity rep id.
func compressRep(id *rep, enc int) *rep {
	var body []byte
	if enc == encGzip {
		body = gzipBytes(id.body)
	} else {
		body = brotliBytes(id.body)
	}
	body = exact(body)
	etag := strings.TrimSuffix(id.etag, `"`) + "-" + encodingNames[enc] + `"`
	out := &rep{body: body, etag: etag, lastMod: id.lastMod, frag: id.frag,
		header: make(http.Header, len(id.header)+1), notModified: make(http.Header, len(id.notModified))}
	for k, v := range id.header {
		out.header[k] = v
	}
	for k, v := range id.notModified {
		out.notModified[k] = v
	}
	for _, h := range []http.Header{out.header, out.notModified} {
		h["Etag"] = []string{etag}
	}
	out.header["Content-Encoding"] = []string{encodingNames[enc]}
	out.header["Content-Length"] = []string{strconv.Itoa(len(body))}
	return out
}
