package web

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/web/pagecache"
)

// site is a small site behind the page cache and the middleware chain, as
// the app puts them together: /page/N are cacheable pages, /form takes
// posts, anything with a "reader" cookie bypasses the cache.
type site struct {
	cache    *pagecache.Cache
	renders  atomic.Int64
	lastPost atomic.Value
}

func newSite(t *testing.T) *site {
	s := &site{}
	s.cache = pagecache.New(pagecache.Config{
		MaxBytes:  8 << 20,
		RequestID: NewRequestID,
		Classify: func(r *http.Request) (uint8, bool) {
			return 0, !strings.Contains(r.Header.Get("Cookie"), "reader=")
		},
	})
	t.Cleanup(s.cache.Close)
	return s
}

func (s *site) handler() http.Handler {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /page/{n}", func(w http.ResponseWriter, r *http.Request) {
		s.renders.Add(1)
		body := strings.Repeat("<p>Page "+r.PathValue("n")+" of the news, long enough to need two writes.</p>\n", 200)
		pagecache.Serve(w, r, pagecache.Page{Body: []byte(body), ContentType: "text/html; charset=utf-8",
			CacheControl: "public, max-age=0", Deps: []string{"page:" + r.PathValue("n")}})
	})
	mux.HandleFunc("POST /form", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.lastPost.Store(string(b))
		fmt.Fprintf(w, "got %q", b)
	})
	return s.cache.Handler(Chain(mux, log))
}

// serve runs a Server for s, with the express lane or without, and
// returns its address.
func (s *site) serve(t *testing.T, express bool, tweak func(*Server)) (string, *Server) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(ln.Addr().String(), s.handler(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if tweak != nil {
		tweak(srv)
	}
	if express {
		srv.Express(s.cache)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, 2*time.Second) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return ln.Addr().String(), srv
}

// exchange writes raw to a new connection and reads responses until the
// server closes it or stays silent, and returns each as text with the
// headers that differ per answer (Date, X-Request-Id) left out.
func exchange(t *testing.T, addr, raw string) []string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(time.Second))
	br := bufio.NewReader(c)
	var out []string
	methods := requestMethods.FindAllStringSubmatch(raw, -1)
	for i := 0; ; i++ {
		if i >= len(methods) {
			// Every request answered: anything more must come at once.
			c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		}
		req := &http.Request{Method: http.MethodGet}
		if i < len(methods) {
			req.Method = methods[i][1]
		}
		resp, err := http.ReadResponse(br, req)
		if err != nil {
			return out
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("reading a body: %v", err)
		}
		resp.Header.Del("Date")
		resp.Header.Del("X-Request-Id")
		var b strings.Builder
		fmt.Fprintf(&b, "%s %d close=%v\n", resp.Proto, resp.StatusCode, resp.Close)
		resp.Header.Write(&b)
		// The body by its size, hash and start: enough to compare, short
		// enough to read in a failure.
		fmt.Fprintf(&b, "\n%d bytes %x %.60s", len(body), sha256.Sum256(body), body)
		out = append(out, b.String())
	}
}

// requestMethods finds the methods of the requests in a raw exchange, so
// that the answers to HEAD are read without a body.
var requestMethods = regexp.MustCompile(`(?:^|\n)(GET|HEAD|POST) `)

func TestExpressLaneAnswersHitsAsNetHTTPDoes(t *testing.T) {
	s := newSite(t)
	lane, srv := s.serve(t, true, nil)
	plain, _ := s.serve(t, false, nil)
	// Render and store the page, and let its compressed forms be made.
	first := exchange(t, plain, "GET /page/1 HTTP/1.1\r\nHost: news.test\r\nAccept-Encoding: gzip, br\r\n\r\n")
	if len(first) != 1 || !strings.Contains(first[0], "Page 1 of the news") {
		t.Fatalf("first answer: %q", first)
	}
	waitForEncoding(t, plain, "/page/1")
	etag := headerOf(t, plain, "/page/1", "Etag")
	rendered := s.renders.Load()

	for _, tc := range []struct {
		name, raw, want string
	}{
		{"get", "GET /page/1 HTTP/1.1\r\nHost: news.test\r\n\r\n", "HTTP/1.1 200"},
		{"head", "HEAD /page/1 HTTP/1.1\r\nHost: news.test\r\n\r\n", "HTTP/1.1 200"},
		{"gzip", "GET /page/1 HTTP/1.1\r\nHost: news.test\r\nAccept-Encoding: gzip\r\n\r\n", "Content-Encoding: gzip"},
		{"brotli", "GET /page/1 HTTP/1.1\r\nHost: news.test\r\nAccept-Encoding: gzip, deflate, br, zstd\r\n\r\n", "Content-Encoding: br"},
		{"revalidated", "GET /page/1 HTTP/1.1\r\nHost: news.test\r\nIf-None-Match: " + etag + "\r\n\r\n", "HTTP/1.1 304"},
		{"other tag", "GET /page/1 HTTP/1.1\r\nHost: news.test\r\nIf-None-Match: \"nope\"\r\n\r\n", "HTTP/1.1 200"},
		{"since", "GET /page/1 HTTP/1.1\r\nHost: news.test\r\nIf-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n\r\n", "HTTP/1.1 304"},
		{"lower-case names", "GET /page/1 HTTP/1.1\r\nhost: news.test\r\naccept-encoding: gzip\r\nuser-agent: x\r\n\r\n", "Content-Encoding: gzip"},
		{"close", "GET /page/1 HTTP/1.1\r\nHost: news.test\r\nConnection: close\r\n\r\n", "close=true"},
		{"1.0", "GET /page/1 HTTP/1.0\r\nHost: news.test\r\n\r\n", "HTTP/1.0 200 close=true"},
		{"1.0 keep-alive", "GET /page/1 HTTP/1.0\r\nHost: news.test\r\nConnection: Keep-Alive\r\nUser-Agent: ApacheBench/2.3\r\nAccept: */*\r\n\r\nGET /page/1 HTTP/1.0\r\nHost: news.test\r\nConnection: keep-alive\r\n\r\n", "HTTP/1.0 200 close=false"},
		{"1.0 revalidated", "GET /page/1 HTTP/1.0\r\nHost: news.test\r\nIf-None-Match: " + etag + "\r\nConnection: keep-alive\r\n\r\nHEAD /page/1 HTTP/1.0\r\nHost: news.test\r\n\r\n", "HTTP/1.0 304"},
		{"pipelined", "GET /page/1 HTTP/1.1\r\nHost: news.test\r\n\r\nHEAD /page/1 HTTP/1.1\r\nHost: news.test\r\n\r\nGET /page/1 HTTP/1.1\r\nHost: news.test\r\nConnection: close\r\n\r\n", "HTTP/1.1 200"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := s.cache.Stats().Hits
			got := exchange(t, lane, tc.raw)
			want := exchange(t, plain, tc.raw)
			if len(got) == 0 || !slices.Equal(got, want) {
				t.Fatalf("the lane answered\n%q\nnet/http answered\n%q", got, want)
			}
			if !strings.Contains(got[0], tc.want) {
				t.Errorf("answer lacks %q:\n%s", tc.want, got[0])
			}
			if hits := s.cache.Stats().Hits - before; hits != 2*uint64(len(got)) {
				t.Errorf("cache hits: %d for %d answers on each server", hits, len(got))
			}
		})
	}
	if n := s.renders.Load(); n != rendered {
		t.Errorf("the page was rendered %d more times; every answer should have come from the cache", n-rendered)
	}
	if n := srv.lane.answered.Load(); n < 17 {
		t.Errorf("the lane answered %d requests itself, want every hit (17)", n)
	}
}

func TestExpressLaneHandsOtherRequestsToNetHTTP(t *testing.T) {
	s := newSite(t)
	lane, srv := s.serve(t, true, nil)
	exchange(t, lane, "GET /page/2 HTTP/1.1\r\nHost: news.test\r\n\r\n") // stored
	answered := srv.lane.answered.Load()
	// A hit, a post with a body, then a hit again on the same connection:
	// the lane answers the first, net/http the other two.
	got := exchange(t, lane, "GET /page/2 HTTP/1.1\r\nHost: news.test\r\n\r\n"+
		"POST /form HTTP/1.1\r\nHost: news.test\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello there"+
		"GET /page/2 HTTP/1.1\r\nHost: news.test\r\nConnection: close\r\n\r\n")
	if len(got) != 3 {
		t.Fatalf("%d answers, want 3: %q", len(got), got)
	}
	if !strings.Contains(got[0], "Page 2 of the news") || !strings.Contains(got[2], "Page 2 of the news") {
		t.Errorf("the pages' answers lack the page: %q", got)
	}
	if !strings.Contains(got[1], `got "hello there"`) || s.lastPost.Load() != "hello there" {
		t.Errorf("the post's answer: %q (handler got %q)", got[1], s.lastPost.Load())
	}
	if n := srv.lane.answered.Load() - answered; n != 1 {
		t.Errorf("the lane answered %d of the three, want 1 (the rest are net/http's once it has the connection)", n)
	}
	// A miss, a query, a signed-in reader: net/http's, rendered.
	for _, raw := range []string{
		"GET /page/3 HTTP/1.1\r\nHost: news.test\r\n\r\n",
		"GET /page/2?x=1 HTTP/1.1\r\nHost: news.test\r\n\r\n",
		"GET /page/2 HTTP/1.1\r\nHost: news.test\r\nCookie: reader=1\r\n\r\n",
	} {
		before := s.renders.Load()
		if got := exchange(t, lane, raw); len(got) != 1 || !strings.Contains(got[0], "of the news") {
			t.Errorf("%q: %q", raw, got)
		}
		if s.renders.Load() != before+1 {
			t.Errorf("%q was not rendered", raw)
		}
	}
}

// Requests the lane must leave alone, many of them attempts to make two
// readers of one stream disagree about where a request ends. Whatever the
// lane does, the answers must be net/http's own.
var oddRequests = []string{
	"GET /page/1 HTTP/1.1\r\nHost: news.test\r\nContent-Length: 30\r\n\r\nGET /page/1 HTTP/1.1\r\nHost: x\r\n\r\n",
	"GET /page/1 HTTP/1.1\r\nHost: news.test\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /page/1 HTTP/1.1\r\nHost: news.test\r\n\r\n",
	"GET /page/1 HTTP/1.1\r\nHost: news.test\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\n",
	"GET /page/1 HTTP/1.1\r\nHost: news.test\r\nHost: other.test\r\n\r\n",
	"GET /page/1 HTTP/1.1\r\n\r\n",
	"GET /page/1 HTTP/1.1\nHost: news.test\n\n",
	"GET /page/1 HTTP/1.1\r\nHost: news.test\r\n X-Folded: yes\r\n\r\n",
	"GET /page/1 HTTP/1.1\r\nHost : news.test\r\n\r\n",
	"GET /page/1 HTTP/1.1\r\nHost: news.test\r\nX-Bad: a\x00b\r\n\r\n",
	"GET /page/1 HTTP/1.1\r\nHost: news.test\r\nX-Bad: a\rb\r\n\r\n",
	"GET /page/1 HTTP/1.0\r\nHost: news.test\r\nConnection: close, keep-alive\r\n\r\nGET /page/1 HTTP/1.0\r\nHost: news.test\r\n\r\n",
	"GET /page/1 HTTP/1.0\r\n\r\n",
	"GET /page/1 HTTP/1.0\r\nHost: news.test\r\nConnection: close\r\n\r\n",
	"GET /page/1 HTTP/1.2\r\nHost: news.test\r\n\r\n",
	"GET /page/1 HTTP/1.1\r\nHost: news.test\r\nExpect: 100-continue\r\n\r\n",
	"GET /page/1 HTTP/1.1\r\nHost: news.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
	"GET http://news.test/page/1 HTTP/1.1\r\nHost: news.test\r\n\r\n",
	"GET /page/%31 HTTP/1.1\r\nHost: news.test\r\n\r\n",
	"GET /page/%zz HTTP/1.1\r\nHost: news.test\r\n\r\n",
	"GET  /page/1 HTTP/1.1\r\nHost: news.test\r\n\r\n",
	"get /page/1 HTTP/1.1\r\nHost: news.test\r\n\r\n",
	"GET /page/1 HTTP/1.1\r\nHost: news.test\r\nX-Long: " + strings.Repeat("a", 9000) + "\r\n\r\n",
	"GET /page/1 HTTP/1.1\r\nHost: news test\r\n\r\n",
	"GET /page/1#frag HTTP/1.1\r\nHost: news.test\r\n\r\n",
	"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
	"\r\nGET /page/1 HTTP/1.1\r\nHost: news.test\r\n\r\n",
	"GET /page/1 HTTP/1.1\r\nHost: news.test\r\n\r\nPOST /form HTTP/1.1\r\nHost: news.test\r\nContent-Length: 2\r\n\r\nok",
	"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
}

func TestExpressLaneLeavesOddRequestsToNetHTTP(t *testing.T) {
	s := newSite(t)
	lane, _ := s.serve(t, true, nil)
	plain, _ := s.serve(t, false, nil)
	for _, p := range []string{"/page/1", "/page/2"} {
		exchange(t, plain, "GET "+p+" HTTP/1.1\r\nHost: news.test\r\n\r\n")
	}
	for _, raw := range oddRequests {
		got := exchange(t, lane, raw)
		want := exchange(t, plain, raw)
		if !slices.Equal(got, want) {
			t.Errorf("%q:\nthe lane's server answered\n%q\nnet/http alone answered\n%q", raw, got, want)
		}
	}
}

func TestExpressLaneTimesOutSlowHeads(t *testing.T) {
	s := newSite(t)
	lane, _ := s.serve(t, true, func(srv *Server) { srv.srv.ReadHeaderTimeout = 300 * time.Millisecond })
	c, err := net.Dial("tcp", lane)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// A byte every 100 ms: each read is quick, the head never ends.
	start := time.Now()
	for _, b := range []byte("GET /page/1 HTTP/1.1\r\nHost: news.test\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") {
		if _, err := c.Write([]byte{b}); err != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
		if time.Since(start) > 5*time.Second {
			t.Fatal("the connection is still open after 5 s of a head that never ends")
		}
	}
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	if n, err := c.Read(make([]byte, 1)); err == nil {
		t.Fatalf("read %d bytes from a connection that should have been closed", n)
	}
}

func TestExpressLaneShutdownClosesIdleConnections(t *testing.T) {
	s := newSite(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(ln.Addr().String(), s.handler(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv.Express(s.cache)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, 5*time.Second) }()
	addr := ln.Addr().String()
	exchange(t, addr, "GET /page/1 HTTP/1.1\r\nHost: news.test\r\nConnection: close\r\n\r\n")
	// An idle keep-alive connection held by the lane.
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET /page/1 HTTP/1.1\r\nHost: news.test\r\n\r\n")
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Serve did not return within 3 s of being stopped with an idle connection open")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("shutting down took %v with only an idle connection", d)
	}
	c.SetReadDeadline(time.Now().Add(time.Second))
	if _, err := br.ReadByte(); err != io.EOF {
		t.Errorf("the idle connection: %v, want it closed (EOF)", err)
	}
	if _, err := net.Dial("tcp", addr); err == nil {
		t.Error("a new connection was accepted after shutdown")
	}
}

func waitForEncoding(t *testing.T, addr, path string) {
	t.Helper()
	for range 200 {
		if got := exchange(t, addr, "GET "+path+" HTTP/1.1\r\nHost: news.test\r\nAccept-Encoding: br\r\n\r\n"); len(got) == 1 && strings.Contains(got[0], "Content-Encoding: br") {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the page's compressed forms were never made")
}

func headerOf(t *testing.T, addr, path, name string) string {
	t.Helper()
	for _, line := range strings.Split(exchange(t, addr, "GET "+path+" HTTP/1.1\r\nHost: news.test\r\n\r\n")[0], "\r\n") {
		if v, ok := strings.CutPrefix(line, name+": "); ok {
			return v
		}
	}
	t.Fatalf("no %s on %s", name, path)
	return ""
}

// FuzzExpressParse checks the lane's reading of a request against
// net/http's: whatever the lane accepts, net/http reads as the same
// request, ending at the same byte, with no body.
func FuzzExpressParse(f *testing.F) {
	for _, raw := range oddRequests {
		f.Add([]byte(raw))
	}
	f.Add([]byte("GET /page/1 HTTP/1.1\r\nHost: news.test\r\nAccept-Encoding: gzip\r\nCookie: a=b\r\n\r\n"))
	f.Add([]byte("HEAD /a/b/ HTTP/1.1\r\nHost: [::1]:80\r\nConnection: keep-alive, close\r\n\r\nGET"))
	f.Add([]byte("GET /search?q=oil%20price&page=2?x HTTP/1.1\r\nHost: news.test\r\n\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, res := parseRequest(raw, nil)
		if res != parseOK {
			return
		}
		br := bufio.NewReaderSize(bytes.NewReader(raw), len(raw)+16)
		req, err := http.ReadRequest(br)
		if err != nil {
			t.Fatalf("the lane took %q, net/http refuses it: %v", raw, err)
		}
		if req.ContentLength != 0 || len(req.TransferEncoding) > 0 {
			t.Fatalf("the lane took %q, which net/http reads with a body", raw)
		}
		if consumed := len(raw) - br.Buffered(); consumed != p.size {
			t.Fatalf("the lane read %d bytes of %q, net/http %d", p.size, raw, consumed)
		}
		rd := &requestReader{conn: fakeConn{}, header: http.Header{}, strs: map[string]string{}, req: p}
		r := rd.request()
		if r.Method != req.Method || r.URL.Path != req.URL.Path || r.URL.RawQuery != req.URL.RawQuery || r.Host != req.Host || r.Close != req.Close {
			t.Fatalf("%q: the lane reads %s %q host %q close %v; net/http %s %q host %q close %v", raw,
				r.Method, r.URL.Path, r.Host, p.close, req.Method, req.URL.Path, req.Host, req.Close)
		}
		for name, values := range r.Header {
			if !slices.Equal(values, req.Header[name]) {
				t.Fatalf("%q: header %s is %q to the lane, %q to net/http", raw, name, values, req.Header[name])
			}
		}
		if len(r.Header) != len(req.Header) {
			t.Fatalf("%q: the lane has headers %v, net/http %v", raw, r.Header, req.Header)
		}
	})
}

type fakeConn struct{ net.Conn }

func (fakeConn) RemoteAddr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1} }
