package pagecache

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// slowPages renders "/news" slowly enough for readers to pile up, counting
// renders, and serves "/live" (never stored) while letting a test see how
// many of its requests are inside the handler at once.
type slowPages struct {
	renders atomic.Int64
	release chan struct{} // a /news render waits for it
	live    sync.WaitGroup
}

func (p *slowPages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/live" {
		p.live.Done()
		p.live.Wait() // returns only once every /live request is inside at once
		w.Write([]byte("live"))
		return
	}
	p.renders.Add(1)
	select {
	case <-p.release:
	case <-r.Context().Done():
		return // as a render whose queries were cancelled: nothing to store
	case <-time.After(5 * time.Second):
	}
	Serve(w, r, Page{Body: []byte(strings.Repeat("news ", 200)), ContentType: "text/plain",
		CacheControl: "public", Deps: []string{"news"}})
}

func TestReadersOfADroppedPageWaitForOneRender(t *testing.T) {
	c := New(Config{MaxBytes: 1 << 20})
	defer c.Close()
	p := &slowPages{release: make(chan struct{})}
	close(p.release) // the first render is quick
	h := c.Handler(p)
	get(t, h, "/news")
	p.release = make(chan struct{})
	c.Invalidate([]string{"news"}, false)

	const readers = 20
	var wg sync.WaitGroup
	bodies := make([]string, readers)
	for i := range readers {
		wg.Go(func() { bodies[i] = get(t, h, "/news").Body.String() })
	}
	// Let them all arrive, then let the one render finish.
	for c.Stats().Misses < 1+readers {
		time.Sleep(time.Millisecond)
	}
	close(p.release)
	wg.Wait()
	if n := p.renders.Load(); n != 2 {
		t.Errorf("%d renders for %d readers of a dropped page, want 1 (and 1 before the change)", n-1, readers)
	}
	for i, b := range bodies {
		if !strings.HasPrefix(b, "news news") {
			t.Fatalf("reader %d got %q", i, b)
		}
	}
	if st := c.Stats(); st.Coalesced != readers-1 {
		t.Errorf("%d readers answered after waiting, want %d", st.Coalesced, readers-1)
	}
}

// TestReadersOfAnExpiredPageWaitForOneRender: a page kept until a moment
// (a search page, a page with a story scheduled) is rendered once when
// the moment comes, however many readers ask for it then.
func TestReadersOfAnExpiredPageWaitForOneRender(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}
	c := New(Config{MaxBytes: 1 << 20, Now: clock})
	defer c.Close()
	var renders atomic.Int64
	release := make(chan struct{})
	h := c.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if renders.Add(1) > 1 {
			<-release
		}
		Serve(w, r, Page{Body: []byte("kept a minute"), ContentType: "text/plain", Expires: clock().Add(time.Minute)})
	}))
	get(t, h, "/search")
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()

	const readers = 20
	var wg sync.WaitGroup
	for range readers {
		wg.Go(func() {
			if b := get(t, h, "/search").Body.String(); b != "kept a minute" {
				t.Errorf("a reader got %q", b)
			}
		})
	}
	for c.Stats().Misses < 1+readers {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if n := renders.Load(); n != 2 {
		t.Errorf("%d renders for %d readers of an expired page, want 1 (and 1 before it expired)", n-1, readers)
	}
}

func TestARenderOthersWaitForOutlivesItsReader(t *testing.T) {
	c := New(Config{MaxBytes: 1 << 20})
	defer c.Close()
	p := &slowPages{release: make(chan struct{})}
	close(p.release)
	h := c.Handler(p)
	get(t, h, "/news")
	p.release = make(chan struct{})
	c.Invalidate(nil, true)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/news", nil).WithContext(ctx))
	}()
	for p.renders.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	cancel() // the reader leaves mid-render
	close(p.release)
	<-done
	get(t, h, "/news")
	if n := p.renders.Load(); n != 2 {
		t.Errorf("%d renders: the page rendered for a reader who left was not kept", n)
	}
}

func TestPagesNeverStoredAreNotQueued(t *testing.T) {
	c := New(Config{MaxBytes: 1 << 20})
	defer c.Close()
	p := &slowPages{}
	h := c.Handler(p)
	c.Invalidate(nil, true)
	const readers = 5
	p.live.Add(readers)
	var wg sync.WaitGroup
	for range readers {
		wg.Go(func() {
			if got := get(t, h, "/live").Body.String(); got != "live" {
				t.Errorf("got %q", got)
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("requests for a page the cache never keeps were made to wait for one another")
	}
}
