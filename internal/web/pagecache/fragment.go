package pagecache

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"sync/atomic"
	"time"
)

// FragmentMark surrounds the fragment in a page's body: the page's
// template writes it before and after the part that changes more often
// than the rest. Serve cuts the marks out; a body without exactly two of
// them is kept whole, with the fragment's keys as its own.
const FragmentMark = "<!--masthead:fragment-->"

// Fragment is the part of a page that changes more often than the rest,
// such as the column of newest stories every article page shows. A page
// that offers one is kept in two parts: when a key of the fragment
// changes, only the fragment is rendered again (by Config.RenderFragment)
// and spliced into the page's other bytes, instead of the whole page.
// Pages whose fragments share a Key share one copy and one set of keys.
type Fragment struct {
	// Key names the fragment's content: fragments with the same Key (on
	// the same host) are the same bytes.
	Key string
	// Arg is what RenderFragment needs to render the page's fragment
	// again; its Key may then differ (another story is now the newest).
	Arg string
	// Deps are the change keys the fragment shows.
	Deps []string
	// Body is the fragment's bytes. In a Page, Serve takes them from
	// between the marks; RenderFragment sets them.
	Body []byte
	// NoStore, from RenderFragment, says the fragment may be shown but
	// not kept (it was read from a replica that lags).
	NoStore bool
}

// fragment is one stored fragment, shared by the pages that show it.
type fragment struct {
	key  string // host, NUL, Fragment.Key
	arg  string
	body []byte
	sum  [sha256.Size]byte
	deps []string // sorted, distinct
	// dropped is set, under Cache.mu, when one of deps changed or a newer
	// fragment took the key; pages assembled with it are then stale.
	dropped atomic.Bool
	size    int64
	// refs counts the stored pages assembled with it, under Cache.mu: a
	// fragment no page shows any more (its pages were evicted) is
	// dropped, since eviction only walks pages.
	refs int
}

// maxFragments bounds the fragments kept; past it a page's fragment is
// kept with the page alone and renders again on its next hit.
const maxFragments = 4096

// split cuts the fragment marks out of body, in place: the body without
// them, and where the fragment starts and ends in it. ok is false unless
// there are exactly two marks; body is then left as it was. A page is
// tens of kilobytes, and a copy of it was a tenth of what a cold article
// page allocated.
func split(body []byte) (out []byte, start, end int, ok bool) {
	i := bytes.Index(body, []byte(FragmentMark))
	if i < 0 {
		return body, 0, 0, false
	}
	rest := body[i+len(FragmentMark):]
	j := bytes.Index(rest, []byte(FragmentMark))
	if j < 0 || bytes.Contains(rest[j+len(FragmentMark):], []byte(FragmentMark)) {
		return body, 0, 0, false
	}
	n := copy(body[i:], rest[:j])
	n += copy(body[i+n:], rest[j+len(FragmentMark):])
	return body[:i+n], i, i + j, true
}

// splitParts says where a page's fragment lies in its body.
type splitParts struct {
	frag       *Fragment // nil for a page in one part
	start, end int
}

// splitPage prepares a page that offers a fragment: its body without the
// marks and where the fragment lies in it, or, when the marks are
// missing, the page whole with the fragment's keys added to its own.
func splitPage(p Page) (Page, splitParts) {
	fr := p.Fragment
	p.Fragment = nil
	body, start, end, ok := split(p.Body)
	if !ok {
		p.Deps = append(slices.Clip(p.Deps), fr.Deps...)
		return p, splitParts{}
	}
	p.Body = body
	return p, splitParts{frag: fr, start: start, end: end}
}

func newFragment(host string, fr Fragment, body []byte) *fragment {
	deps := slices.Clone(fr.Deps)
	slices.Sort(deps)
	deps = slices.Compact(deps)
	f := &fragment{key: host + "\x00" + fr.Key, arg: fr.Arg, body: bytes.Clone(body), deps: deps}
	f.sum = sha256.Sum256(f.body)
	f.size = int64(len(f.body)) + entryOverhead
	for _, d := range deps {
		f.size += int64(len(d)) + 64
	}
	return f
}

// baseSum hashes a page's bytes around its fragment.
func baseSum(body []byte, start, end int) [sha256.Size]byte {
	h := sha256.New()
	h.Write(body[:start])
	h.Write([]byte{0})
	h.Write(body[end:])
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// partsTag is the entity tag of a page in two parts, made from the hashes
// of its parts: a new fragment tags the page anew without hashing the
// whole page again, and every node tags the same bytes alike.
func partsTag(base, frag [sha256.Size]byte) string {
	h := sha256.New()
	h.Write(base[:])
	h.Write(frag[:])
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:15]) + `"`
}

// shareFragmentLocked returns the stored fragment to assemble a page
// with: f itself, now stored, or an equal one already stored. It returns
// f marked dropped when f may not be kept (a key changed since seq, or no
// room), so that the page renders it again on its next hit.
func (c *Cache) shareFragmentLocked(f *fragment, seq uint64) *fragment {
	old := c.frags[f.key]
	if old != nil && bytes.Equal(old.body, f.body) {
		return old
	}
	if !c.unchangedSinceLocked(seq, f.deps) || (old == nil && len(c.frags) >= maxFragments) {
		f.dropped.Store(true)
		return f
	}
	if old != nil {
		c.dropFragmentLocked(old)
	}
	c.frags[f.key] = f
	for _, d := range f.deps {
		set := c.fragDeps[d]
		if set == nil {
			set = map[*fragment]struct{}{}
			c.fragDeps[d] = set
		}
		set[f] = struct{}{}
	}
	c.used += f.size
	return f
}

// dropFragmentLocked marks f stale and forgets it: the pages assembled
// with it render their fragment again on their next hit.
func (c *Cache) dropFragmentLocked(f *fragment) {
	if f.dropped.Swap(true) {
		return
	}
	if c.frags[f.key] == f {
		delete(c.frags, f.key)
	}
	for _, d := range f.deps {
		if set := c.fragDeps[d]; set != nil {
			delete(set, f)
			if len(set) == 0 {
				delete(c.fragDeps, d)
			}
		}
	}
	c.used -= f.size
}

// releaseFragmentLocked notes that a stored page no longer shows f, and
// drops f when no page does.
func (c *Cache) releaseFragmentLocked(f *fragment) {
	if f == nil || f.dropped.Load() {
		return
	}
	if f.refs--; f.refs <= 0 {
		c.dropFragmentLocked(f)
	}
}

// stale reports whether rp was assembled with a fragment that has since
// changed.
func (rp *rep) stale() bool { return rp.frag != nil && rp.frag.dropped.Load() }

// refresh renders the fragment of e's page again, or finds it already
// rendered for another page, and splices it in. It reports false when
// the page cannot be answered from the cache now (the fragment could not
// be rendered or kept, or the page was dropped), and the request should
// be rendered in full.
func (c *Cache) refresh(e *entry, r *http.Request, host string) bool {
	old := e.reps[encIdentity].Load()
	if c.cfg.RenderFragment == nil {
		return false
	}
	if c.cfg.FragmentKey != nil {
		if key, err := c.cfg.FragmentKey(r, old.frag.arg); err == nil {
			c.mu.Lock()
			f := c.frags[host+"\x00"+key]
			if f != nil && !f.dropped.Load() {
				ok := c.spliceLocked(e, old, f)
				c.mu.Unlock()
				return ok
			}
			c.mu.Unlock()
		}
	}
	c.mu.RLock()
	seq := c.seq
	c.mu.RUnlock()
	fr, err := c.cfg.RenderFragment(r, old.frag.arg)
	if err != nil || fr.NoStore {
		return false
	}
	f := newFragment(host, fr, fr.Body)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.ring < 0 {
		return false
	}
	if cur := e.reps[encIdentity].Load(); cur != old {
		return !cur.stale() // another request refreshed it meanwhile
	}
	if f = c.shareFragmentLocked(f, seq); f.dropped.Load() {
		return false
	}
	return c.spliceLocked(e, old, f)
}

// spliceLocked replaces e's identity rep old, whose fragment changed, by
// one assembled with f, and drops its compressed forms.
func (c *Cache) spliceLocked(e *entry, old *rep, f *fragment) bool {
	if e.ring < 0 {
		return false
	}
	if cur := e.reps[encIdentity].Load(); cur != old {
		return !cur.stale() // another request refreshed it meanwhile
	}
	id := assemble(old, f, lastModified(time.Time{}, c.now()), e.base)
	c.releaseFragmentLocked(old.frag)
	f.refs++
	if _, ok := id.header["Surrogate-Key"]; ok {
		keys := mergeKeys(e.deps, f.deps)
		setSurrogateKeys(id.header, keys)
		setSurrogateKeys(id.notModified, keys)
	}
	e.reps[encGzip].Store(nil)
	e.reps[encBrotli].Store(nil)
	e.reps[encIdentity].Store(id)
	e.queued.Store(false)
	size := entryOverhead + repSize(id) + e.depsSize
	c.used += size - e.size
	e.size = size
	c.refreshes.Add(1)
	return true
}

// assemble makes the identity rep of a page from old with f in place of
// its fragment.
func assemble(old *rep, f *fragment, lastMod time.Time, base [sha256.Size]byte) *rep {
	body := make([]byte, 0, old.start+len(f.body)+len(old.body)-old.end)
	body = append(body, old.body[:old.start]...)
	body = append(body, f.body...)
	body = append(body, old.body[old.end:]...)
	etag := partsTag(base, f.sum)
	rp := &rep{body: body, etag: etag, lastMod: lastMod, frag: f, start: old.start, end: old.start + len(f.body),
		header: make(http.Header, len(old.header)), notModified: make(http.Header, len(old.notModified))}
	for k, v := range old.header {
		rp.header[k] = v
	}
	for k, v := range old.notModified {
		rp.notModified[k] = v
	}
	tag, modified := []string{etag}, []string{lastMod.Format(http.TimeFormat)}
	for _, h := range []http.Header{rp.header, rp.notModified} {
		h["Etag"], h["Last-Modified"] = tag, modified
	}
	rp.header["Content-Length"] = []string{strconv.Itoa(len(body))}
	return rp
}
