package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mastheadhq/masthead/internal/web/pagecache"
)

// The express lane answers page-cache hits on a plain HTTP/1.1
// connection itself, and hands every other request, with the connection
// it came on, to net/http.
//
// Why: a cached page is a map lookup and one write, but net/http spends
// several times that on each request (parsing every header into a map,
// a Request and a context, cloning and sorting the response's headers,
// two system calls to write them and the body). Measured on the 2-core
// machine, a bare net/http handler writing a page from memory reached
// about 0.6 of nginx's rate for the same bytes as a static file; issue #9
// asks for 0.85. The lane reads the request into a buffer, answers from
// the cache with the page's headers already laid out as they go on the
// wire, and writes headers and body with one writev.
//
// Only the plainest requests are taken (see parseRequest); at the first
// request it does not answer, the lane passes the connection and every
// byte it has read but not answered to net/http, which serves it from
// then on. So the lane never decides anything net/http would decide
// differently: what it cannot answer from the cache, net/http answers as
// if the lane were not there.

// expressLane serves connections for a Server.
type expressLane struct {
	cache    *pagecache.Cache
	log      *slog.Logger
	handoff  *handoffListener
	idle     time.Duration // for the next request
	header   time.Duration // to read a request's head once it has begun
	write    time.Duration
	mu       sync.Mutex
	conns    map[*expressConn]struct{}
	closing  atomic.Bool
	finished sync.WaitGroup
	answered atomic.Int64 // requests the lane answered itself
}

// expressConn is one connection while the lane holds it.
type expressConn struct {
	net.Conn
	busy atomic.Bool // a request is being read or answered
}

// accept serves the connections ln accepts until it is closed.
func (l *expressLane) accept(ln net.Listener) error {
	var wait time.Duration
	for {
		c, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) || l.closing.Load() {
				return nil
			}
			// Out of file descriptors, say: wait and try again, as
			// net/http does.
			wait = min(max(2*wait, 5*time.Millisecond), time.Second)
			time.Sleep(wait)
			continue
		}
		wait = 0
		l.finished.Add(1)
		go l.serve(c)
	}
}

// serve holds c until it closes, times out, or is handed to net/http.
func (l *expressLane) serve(c net.Conn) {
	defer l.finished.Done()
	ec := &expressConn{Conn: c}
	if !l.track(ec, true) {
		c.Close()
		return
	}
	handed := false
	defer func() {
		// As net/http does: a panic ends the connection, not the process.
		if v := recover(); v != nil {
			l.log.Error("panic", "path", "express lane", "panic", v, "stack", string(debug.Stack()))
		}
		l.track(ec, false)
		if !handed {
			c.Close()
		}
	}()
	rd := newRequestReader(c)
	defer rd.release()
	for {
		res, err := rd.next(l, ec)
		if err != nil {
			return
		}
		if res == parseHandOff {
			handed = l.handoff.deliver(&prefixConn{Conn: c, buf: rd.unread()})
			return
		}
		keep, answered := l.answer(ec, rd)
		if !answered {
			handed = l.handoff.deliver(&prefixConn{Conn: c, buf: rd.unread()})
			return
		}
		rd.consume()
		ec.busy.Store(false)
		if !keep || l.closing.Load() {
			return
		}
	}
}

// track adds or removes a connection; it refuses new ones once the lane
// is closing.
func (l *expressLane) track(c *expressConn, add bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !add {
		delete(l.conns, c)
		return true
	}
	if l.closing.Load() {
		return false
	}
	l.conns[c] = struct{}{}
	return true
}

// answer writes the cache's answer to the request rd holds, and reports
// whether the connection stays open and whether there was an answer.
func (l *expressLane) answer(c *expressConn, rd *requestReader) (keep, answered bool) {
	r := rd.request()
	q, ok := l.cache.Quick(r)
	if !ok {
		return false, false
	}
	status := statusLine(rd.req.http10, q.Status)
	tail := rd.tail[:0]
	tail = append(tail, "Date: "...)
	tail = append(tail, httpDate()...)
	if q.ID != "" {
		tail = append(tail, "\r\nX-Request-Id: "...)
		tail = append(tail, q.ID...)
	}
	// As net/http says it: an HTTP/1.1 answer that ends the connection,
	// an HTTP/1.0 one that does not.
	switch {
	case rd.req.keepAlive:
		tail = append(tail, "\r\nConnection: keep-alive"...)
	case rd.req.close && !rd.req.http10:
		tail = append(tail, "\r\nConnection: close"...)
	}
	tail = append(tail, "\r\n\r\n"...)
	rd.tail = tail
	bufs := rd.bufs[:0]
	bufs = append(bufs, status, q.Head, tail)
	if len(q.Body) > 0 {
		bufs = append(bufs, q.Body)
	}
	rd.bufs = bufs
	c.SetWriteDeadline(time.Now().Add(l.write)) //nolint:errcheck // a failed write reports it
	// To the TCP connection itself: only its dynamic type has writev.
	_, err := rd.bufs.WriteTo(c.Conn)
	rd.bufs = bufs[:0]
	l.answered.Add(1)
	l.cache.Done(r, &q)
	return err == nil && !rd.req.close, true
}

// statusLine is the line an answer starts with: like net/http's, in the
// request's version.
func statusLine(http10 bool, status int) []byte {
	switch {
	case http10 && status == http.StatusNotModified:
		return notModified10
	case http10:
		return ok10
	case status == http.StatusNotModified:
		return notModified11
	}
	return ok11
}

var (
	ok11, notModified11 = []byte("HTTP/1.1 200 OK\r\n"), []byte("HTTP/1.1 304 Not Modified\r\n")
	ok10, notModified10 = []byte("HTTP/1.0 200 OK\r\n"), []byte("HTTP/1.0 304 Not Modified\r\n")
)

// shutdown stops taking connections, closes those waiting for a request
// at once and the others once their answer is written, and waits for
// them until ctx is done, when it closes them all.
func (l *expressLane) shutdown(ctx context.Context) error {
	l.closing.Store(true)
	done := make(chan struct{})
	go func() { l.finished.Wait(); close(done) }()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		l.closeConns(false)
		select {
		case <-done:
			return nil
		case <-ctx.Done():
			l.closeConns(true)
			<-done
			return ctx.Err()
		case <-tick.C:
		}
	}
}

func (l *expressLane) closeConns(busyToo bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for c := range l.conns {
		if busyToo || !c.busy.Load() {
			c.Close()
		}
	}
}

// requestReader reads one connection's requests into a buffer and keeps
// what their answers need, reused from one request to the next.
type requestReader struct {
	conn   net.Conn
	buf    []byte
	n      int // bytes read into buf
	req    parsedRequest
	fields []headerField
	r      http.Request
	url    url.URL
	header http.Header
	strs   map[string]string // the last value of each field, as a string
	tail   []byte
	bufs   net.Buffers
}

var readBuffers = sync.Pool{New: func() any { b := make([]byte, maxExpressHeader); return &b }}

func newRequestReader(c net.Conn) *requestReader {
	return &requestReader{conn: c, buf: *readBuffers.Get().(*[]byte), header: http.Header{}, strs: map[string]string{}}
}

// release returns the buffer once the lane is done with the connection;
// unread copies what is still needed out of it first.
func (rd *requestReader) release() {
	if rd.buf != nil {
		buf := rd.buf[:cap(rd.buf)]
		readBuffers.Put(&buf)
		rd.buf = nil
	}
}

// next reads until the buffer holds a whole request head the lane can
// answer, or one it cannot.
func (rd *requestReader) next(l *expressLane, c *expressConn) (parseResult, error) {
	// The head must arrive within l.header of its first byte, however
	// slowly it trickles in; waiting for that first byte may take l.idle.
	c.SetReadDeadline(time.Now().Add(l.idle)) //nolint:errcheck // a failed read reports it
	started := false
	for {
		if rd.n > 0 {
			c.busy.Store(true)
			req, res := parseRequest(rd.buf[:rd.n], rd.fields)
			if res != parseIncomplete {
				rd.req, rd.fields = req, req.fields
				return res, nil
			}
			if !started {
				started = true
				c.SetReadDeadline(time.Now().Add(l.header)) //nolint:errcheck
			}
		} else if l.closing.Load() {
			return 0, net.ErrClosed
		}
		m, err := rd.conn.Read(rd.buf[rd.n:])
		rd.n += m
		if err != nil {
			if rd.n > 0 && m > 0 {
				continue // answer what came with the error, then see it again
			}
			return 0, err
		}
	}
}

// consume drops the answered request from the buffer.
func (rd *requestReader) consume() {
	rd.n = copy(rd.buf, rd.buf[rd.req.size:rd.n])
}

// unread is what was read and not answered, for net/http to read first.
func (rd *requestReader) unread() []byte {
	return append([]byte(nil), rd.buf[:rd.n]...)
}

// request is the parsed request as an *http.Request, for the page cache:
// method, path, host, headers and the peer's address. It is the same
// value each time, rebuilt: nothing may keep it.
func (rd *requestReader) request() *http.Request {
	p := &rd.req
	clear(rd.header)
	for _, f := range p.fields {
		if f.name != "Host" { // net/http moves it to Request.Host
			rd.header[f.name] = append(rd.header[f.name], rd.str(f.name, f.value))
		}
	}
	// As net/http does (RFC 9111's Pragma for HTTP/1.0 caches).
	if pragma := rd.header["Pragma"]; len(pragma) > 0 && pragma[0] == "no-cache" && rd.header["Cache-Control"] == nil {
		rd.header["Cache-Control"] = []string{"no-cache"}
	}
	uri := rd.str(":uri", p.target)
	rd.url = url.URL{Path: uri}
	if p.url != nil {
		rd.url = *p.url
	}
	rd.r = http.Request{
		Method: http.MethodGet, URL: &rd.url, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: rd.header, Host: rd.str("Host", p.host), RemoteAddr: rd.str(":peer", nil), RequestURI: uri,
		Close: p.close,
	}
	if p.head {
		rd.r.Method = http.MethodHead
	}
	if p.http10 {
		rd.r.Proto, rd.r.ProtoMinor = "HTTP/1.0", 0
	}
	// Its context is context.Background, as a Request's without one is.
	return &rd.r
}

// str returns v as a string, the same one as last time when v has not
// changed: a keep-alive client sends the same headers with every
// request, and making each into a string again would be most of the
// lane's allocations.
func (rd *requestReader) str(name string, v []byte) string {
	if name == ":peer" {
		if s, ok := rd.strs[name]; ok {
			return s
		}
		s := rd.conn.RemoteAddr().String()
		rd.strs[name] = s
		return s
	}
	if s, ok := rd.strs[name]; ok && s == string(v) {
		return s
	}
	if len(rd.strs) >= 2*maxExpressFields {
		clear(rd.strs) // a client inventing new names with every request
	}
	s := string(v)
	rd.strs[name] = s
	return s
}

// httpDate is the Date header's value, made once a second.
func httpDate() string {
	now := time.Now().Unix()
	if d := cachedDate.Load(); d != nil && d.unix == now {
		return d.text
	}
	d := &dateText{unix: now, text: time.Unix(now, 0).UTC().Format(http.TimeFormat)}
	cachedDate.Store(d)
	return d.text
}

type dateText struct {
	unix int64
	text string
}

var cachedDate atomic.Pointer[dateText]

// prefixConn is a connection handed to net/http, with the bytes the lane
// read and did not answer given back first.
type prefixConn struct {
	net.Conn
	buf []byte
}

func (c *prefixConn) Read(p []byte) (int, error) {
	if len(c.buf) > 0 {
		n := copy(p, c.buf)
		c.buf = c.buf[n:]
		return n, nil
	}
	return c.Conn.Read(p)
}

// handoffListener is the listener net/http serves: it accepts the
// connections the lane hands over.
type handoffListener struct {
	addr   net.Addr
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func newHandoffListener(addr net.Addr) *handoffListener {
	return &handoffListener{addr: addr, conns: make(chan net.Conn), closed: make(chan struct{})}
}

// deliver gives c to net/http, and reports false (closing c) when net/http
// has stopped serving.
func (h *handoffListener) deliver(c net.Conn) bool {
	// Deadlines are net/http's to set from here on.
	c.SetDeadline(time.Time{}) //nolint:errcheck
	select {
	case h.conns <- c:
		return true
	case <-h.closed:
		c.Close()
		return true // closed here; the lane must not close it again
	}
}

func (h *handoffListener) Accept() (net.Conn, error) {
	select {
	case c := <-h.conns:
		return c, nil
	case <-h.closed:
		return nil, net.ErrClosed
	}
}

func (h *handoffListener) Close() error {
	h.once.Do(func() { close(h.closed) })
	return nil
}

func (h *handoffListener) Addr() net.Addr { return h.addr }
