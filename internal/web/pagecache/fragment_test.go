package pagecache

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// latestSite serves pages that each show a shared "latest" column, as
// article pages do: the page depends on its own key, the column on
// "list". It counts whole-page renders and column renders apart.
type latestSite struct {
	version       int // what the column shows
	pageRenders   int
	columnRenders int
	marks         bool
}

func (s *latestSite) column() Fragment {
	return Fragment{Key: "latest", Arg: "x", Deps: []string{"list"},
		Body: []byte("<aside>latest v" + strconv.Itoa(s.version) + "</aside>")}
}

func (s *latestSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.pageRenders++
	col := s.column()
	body := "<main>" + strings.Repeat(r.URL.Path, 400) + "</main>" + string(col.Body) + "<footer>end</footer>"
	if s.marks {
		body = "<main>" + strings.Repeat(r.URL.Path, 400) + "</main>" + FragmentMark + string(col.Body) + FragmentMark + "<footer>end</footer>"
	}
	Serve(w, r, Page{Body: []byte(body), ContentType: "text/html", CacheControl: "public, max-age=0",
		Deps: []string{strings.Trim(r.URL.Path, "/")}, Fragment: &col})
}

func (s *latestSite) render(r *http.Request, arg string) (Fragment, error) {
	s.columnRenders++
	return s.column(), nil
}

func newLatestSite(marks bool) (*Cache, *latestSite, http.Handler) {
	s := &latestSite{version: 1, marks: marks}
	c := New(Config{MaxBytes: 1 << 20, RenderFragment: s.render})
	return c, s, c.Handler(s)
}

func TestAChangeToAFragmentRendersTheFragmentAloneAndTheWholePageChanges(t *testing.T) {
	c, s, h := newLatestSite(true)
	defer c.Close()
	first := get(t, h, "/a")
	get(t, h, "/a")
	get(t, h, "/b")
	if s.pageRenders != 2 || s.columnRenders != 0 {
		t.Fatalf("%d page and %d column renders for two pages, want 2 and 0", s.pageRenders, s.columnRenders)
	}
	if body := first.Body.String(); strings.Contains(body, FragmentMark) || !strings.HasSuffix(body, "</main><aside>latest v1</aside><footer>end</footer>") {
		t.Fatalf("page as served: %q", body[len(body)-60:])
	}
	if st := c.Stats(); st.Fragments != 1 {
		t.Errorf("%d fragments held, want the two pages' column once", st.Fragments)
	}

	s.version = 2
	c.Invalidate([]string{"list"}, false)
	fresh := get(t, h, "/a", "If-None-Match", first.Header().Get("Etag"))
	if fresh.Code != http.StatusOK {
		t.Fatalf("after the column changed, a reader with the old copy got %d", fresh.Code)
	}
	if s.pageRenders != 2 || s.columnRenders != 1 {
		t.Errorf("%d page and %d column renders after the column changed, want 2 and 1", s.pageRenders, s.columnRenders)
	}
	want := strings.Replace(first.Body.String(), "latest v1", "latest v2", 1)
	if got := fresh.Body.String(); got != want {
		t.Errorf("page after the change ends %q", got[len(got)-60:])
	}
	if n, _ := strconv.Atoi(fresh.Header().Get("Content-Length")); n != len(want) {
		t.Errorf("Content-Length %d for %d bytes", n, len(want))
	}
	tag := fresh.Header().Get("Etag")
	if tag == "" || tag == first.Header().Get("Etag") {
		t.Errorf("ETag %q after the change, before %q", tag, first.Header().Get("Etag"))
	}
	if again := get(t, h, "/a", "If-None-Match", tag); again.Code != http.StatusNotModified {
		t.Errorf("the new tag got %d, want 304", again.Code)
	}
	if b := get(t, h, "/b"); !strings.Contains(b.Body.String(), "latest v2") || s.pageRenders != 2 {
		t.Errorf("the other page: %d page renders, body with v2: %v", s.pageRenders, strings.Contains(b.Body.String(), "latest v2"))
	}
	if st := c.Stats(); st.Refreshes != 2 || st.Fragments != 1 {
		t.Errorf("%d refreshes, %d fragments; want 2 and 1", st.Refreshes, st.Fragments)
	}

	// A change to the page itself still renders it whole.
	c.Invalidate([]string{"a"}, false)
	get(t, h, "/a")
	if s.pageRenders != 3 {
		t.Errorf("%d page renders after the page's own key changed, want 3", s.pageRenders)
	}
}

func TestAPageAndItsEtagFromTheCacheMatchThePageServedOnce(t *testing.T) {
	s := &latestSite{version: 1, marks: true}
	once := get(t, s, "/a") // no cache in front: served once
	c, _, h := newLatestSite(true)
	defer c.Close()
	cached := get(t, h, "/a")
	if once.Body.String() != cached.Body.String() || once.Header().Get("Etag") != cached.Header().Get("Etag") {
		t.Errorf("served once: %q %s; from the cache: %q %s", once.Body.String()[:20], once.Header().Get("Etag"),
			cached.Body.String()[:20], cached.Header().Get("Etag"))
	}
}

func TestAPageWithoutMarksDependsOnItsFragmentsKeys(t *testing.T) {
	c, s, h := newLatestSite(false)
	defer c.Close()
	get(t, h, "/a")
	c.Invalidate([]string{"list"}, false)
	get(t, h, "/a")
	if s.pageRenders != 2 || s.columnRenders != 0 {
		t.Errorf("%d page and %d column renders, want the page rendered again whole", s.pageRenders, s.columnRenders)
	}
}

func TestACompressedPageIsNeverSentWithAnOldFragment(t *testing.T) {
	c, s, h := newLatestSite(true)
	defer c.Close()
	get(t, h, "/a")
	waitCompressed(t, h, "/a")
	s.version = 2
	c.Invalidate([]string{"list"}, false)
	for _, enc := range []string{"gzip", "br", "identity"} {
		rec := get(t, h, "/a", "Accept-Encoding", enc)
		body := decoded(t, rec)
		if !strings.Contains(body, "latest v2") {
			t.Errorf("Accept-Encoding %s: %s encoding, new column %v", enc, rec.Header().Get("Content-Encoding"), strings.Contains(body, "latest v2"))
		}
	}
	waitCompressed(t, h, "/a")
	for _, enc := range []string{"gzip", "br"} {
		rec := get(t, h, "/a", "Accept-Encoding", enc)
		if rec.Header().Get("Content-Encoding") != enc || !strings.Contains(decoded(t, rec), "latest v2") {
			t.Errorf("%s made after the change: sent as %q, new column %v", enc, rec.Header().Get("Content-Encoding"), strings.Contains(decoded(t, rec), "latest v2"))
		}
	}
}

func waitCompressed(t *testing.T, h http.Handler, path string) {
	t.Helper()
	for range 200 {
		if get(t, h, path, "Accept-Encoding", "gzip").Header().Get("Content-Encoding") == "gzip" {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("page never compressed")
}

// decoded is a response's body with its Content-Encoding undone.
func decoded(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var r io.Reader = bytes.NewReader(rec.Body.Bytes())
	switch rec.Header().Get("Content-Encoding") {
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPagesSharingAFragmentRenderItOnceAfterAChange(t *testing.T) {
	s := &latestSite{version: 1, marks: true}
	c := New(Config{MaxBytes: 1 << 20, RenderFragment: s.render,
		FragmentKey: func(*http.Request, string) (string, error) { return "latest", nil }})
	defer c.Close()
	h := c.Handler(s)
	paths := []string{"/a", "/b", "/c"}
	for _, p := range paths {
		get(t, h, p)
	}
	s.version = 2
	c.Invalidate([]string{"list"}, false)
	for _, p := range paths {
		if body := get(t, h, p).Body.String(); !strings.Contains(body, "latest v2") {
			t.Errorf("%s after the change does not show the new column", p)
		}
	}
	if s.pageRenders != 3 || s.columnRenders != 1 {
		t.Errorf("%d page and %d column renders, want 3 and 1", s.pageRenders, s.columnRenders)
	}
}

func TestAFragmentNoPageShowsIsDropped(t *testing.T) {
	c, _, h := newLatestSite(true)
	defer c.Close()
	get(t, h, "/a")
	get(t, h, "/b")
	c.Invalidate([]string{"a"}, false)
	if st := c.Stats(); st.Fragments != 1 {
		t.Fatalf("%d fragments while /b still shows it", st.Fragments)
	}
	c.Invalidate([]string{"b"}, false)
	if st := c.Stats(); st.Fragments != 0 || st.Bytes != 0 {
		t.Errorf("%d fragments, %d bytes held after every page showing it was dropped", st.Fragments, st.Bytes)
	}
}

func TestSplitCutsTheMarksOutInPlace(t *testing.T) {
	for _, tt := range []struct {
		in, out    string
		start, end int
		ok         bool
	}{
		{"<p>a</p>" + FragmentMark + "<aside>b</aside>" + FragmentMark + "<p>c</p>", "<p>a</p><aside>b</aside><p>c</p>", 8, 24, true},
		{FragmentMark + FragmentMark, "", 0, 0, true},
		{"x" + FragmentMark + "y", "x" + FragmentMark + "y", 0, 0, false},
		{FragmentMark + "a" + FragmentMark + "b" + FragmentMark, FragmentMark + "a" + FragmentMark + "b" + FragmentMark, 0, 0, false},
		{"plain", "plain", 0, 0, false},
	} {
		out, start, end, ok := split([]byte(tt.in))
		if string(out) != tt.out || start != tt.start || end != tt.end || ok != tt.ok {
			t.Errorf("split(%q) = %q, %d, %d, %v; want %q, %d, %d, %v", tt.in, out, start, end, ok, tt.out, tt.start, tt.end, tt.ok)
		}
		if ok && string(out[start:end]) != "<aside>b</aside>" && tt.out != "" {
			t.Errorf("split(%q): the fragment is %q", tt.in, out[start:end])
		}
	}
}
