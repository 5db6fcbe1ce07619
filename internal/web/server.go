// Package web runs Masthead's HTTP server: timeouts, graceful shutdown,
// and the middleware chain every surface shares, written out in one place.
package web

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mastheadhq/masthead/internal/mail"
	"github.com/mastheadhq/masthead/internal/web/pagecache"
)

// Server is an http.Server with Masthead's timeouts, and optionally the
// express lane in front of it (see express.go).
type Server struct {
	srv  *http.Server
	log  *slog.Logger
	lane *expressLane
}

// NewServer serves handler, which should already be wrapped in Chain.
func NewServer(addr string, handler http.Handler, log *slog.Logger) *Server {
	return &Server{
		log: log,
		srv: &http.Server{
			Addr:              addr,
			Handler:           handler,
			ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout:       60 * time.Second,
			WriteTimeout:      60 * time.Second,
			IdleTimeout:       120 * time.Second,
			MaxHeaderBytes:    64 << 10,
			ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		},
	}
}

// Express makes the server answer the hits of cache itself, on an
// express lane in front of net/http (see express.go). Call it before
// Serve.
func (s *Server) Express(cache *pagecache.Cache) {
	s.lane = &expressLane{cache: cache, log: s.log, idle: s.srv.IdleTimeout, header: s.srv.ReadHeaderTimeout,
		write: s.srv.WriteTimeout, conns: map[*expressConn]struct{}{}}
}

// Serve accepts connections on ln until ctx is done, then stops taking new
// ones and lets requests in flight finish for up to drain.
func (s *Server) Serve(ctx context.Context, ln net.Listener, drain time.Duration) error {
	errc := make(chan error, 1)
	var accepted chan error
	if s.lane != nil {
		s.lane.handoff = newHandoffListener(ln.Addr())
		go func() { errc <- s.srv.Serve(s.lane.handoff) }()
		accepted = make(chan error, 1)
		go func() { accepted <- s.lane.accept(ln) }()
	} else {
		go func() { errc <- s.srv.Serve(ln) }()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	var laneErr error
	var lanes sync.WaitGroup
	if s.lane != nil {
		s.lane.closing.Store(true)
		ln.Close()
		<-accepted // no connection is taken after this
		lanes.Go(func() { laneErr = s.lane.shutdown(shutdownCtx) })
	}
	err := s.srv.Shutdown(shutdownCtx)
	lanes.Wait()
	if err = errors.Join(err, laneErr); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Chain is the middleware every request passes through, outermost last.
// trustedProxies are the reverse proxies whose X-Forwarded-For and
// X-Forwarded-Proto are believed (see ClientAddr and IsTLS).
func Chain(h http.Handler, log *slog.Logger, trustedProxies ...netip.Prefix) http.Handler {
	h = crossOrigin(h)
	h = securityHeaders(h)
	h = recoverPanics(h, log)
	h = logRequests(h, log)
	h = resolveClient(h, trustedProxies)
	h = requestID(h)
	return h
}

type ctxKey int

const requestIDKey ctxKey = iota

// RequestID returns the id given to the request being served.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// requestIDs makes request ids: a random number drawn once per process,
// plus a count of the requests before. Ids are unique within a process and
// as unlikely to repeat across processes as 64 random bits; they are not
// secrets, so an atomic add does instead of a read of the system's
// randomness per request.
var requestIDs struct {
	base uint64
	n    atomic.Uint64
}

func init() {
	var b [8]byte
	rand.Read(b[:])
	requestIDs.base = binary.LittleEndian.Uint64(b[:])
}

// NewRequestID returns a new request id: 16 hex digits.
func NewRequestID() string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], requestIDs.base+requestIDs.n.Add(1))
	return hex.EncodeToString(b[:])
}

func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := NewRequestID()
		w.Header()["X-Request-Id"] = []string{id}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

// statusWriter records the status a handler wrote, for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func logRequests(next http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		level := slog.LevelDebug
		if sw.status >= 500 {
			level = slog.LevelError
		}
		// Checked first: the arguments below would be allocated for
		// every request even when the level drops the line.
		if !log.Enabled(r.Context(), level) {
			return
		}
		log.Log(r.Context(), level, "request",
			"id", RequestID(r.Context()), "client", ClientAddr(r), "method", r.Method, "path", r.URL.Path,
			"status", sw.status, "bytes", sw.bytes, "duration", time.Since(start))
	})
}

func recoverPanics(next http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.ErrorContext(r.Context(), "panic", "id", RequestID(r.Context()), "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				http.Error(w, "Internal Server Error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows only the site's own scripts, styles and
// images: no inline script, no framing, no plugins.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// securityHeaderValues are set on every response. The slices are shared
// by all responses, which only ever replace them (Header.Set), never
// change them in place; assigning them costs no allocation per request.
var securityHeaderValues = map[string][]string{
	"Content-Security-Policy":    {contentSecurityPolicy},
	"X-Content-Type-Options":     {"nosniff"},
	"Referrer-Policy":            {"strict-origin-when-cross-origin"},
	"X-Frame-Options":            {"DENY"},
	"Permissions-Policy":         {"camera=(), microphone=(), geolocation=(), interest-cohort=()"},
	"Cross-Origin-Opener-Policy": {"same-origin"},
}

var hstsValue = []string{"max-age=63072000; includeSubDomains"}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range securityHeaderValues {
			h[k] = v[:len(v):len(v)]
		}
		if IsTLS(r) {
			h["Strict-Transport-Security"] = hstsValue[:1:1]
		}
		next.ServeHTTP(w, r)
	})
}

// AllowImagesFrom lets pages show pictures from origins besides the
// site's own (media an import linked where they were) by adding them to
// the Content-Security-Policy's img-src. It goes inside Chain, whose
// policy it widens; responses that set a policy of their own keep it.
func AllowImagesFrom(next http.Handler, origins []string) http.Handler {
	if len(origins) == 0 {
		return next
	}
	policy := strings.Replace(contentSecurityPolicy, "img-src 'self' data:", "img-src 'self' data: "+strings.Join(origins, " "), 1)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if w.Header().Get("Content-Security-Policy") == contentSecurityPolicy {
			w.Header().Set("Content-Security-Policy", policy)
		}
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses state-changing requests that a browser marks as
// coming from another site: the defence against cross-site request forgery
// for every form, present and future.
//
// One route is let through: the newsletter's one-click unsubscribe, which
// mail providers POST from their own sites (RFC 8058). It acts only on a
// signed token naming the subscription, so a forged request can do no
// more than the link in the subscriber's own mail, and doing it twice is
// the same as once.
func crossOrigin(next http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.AddInsecureBypassPattern(CrossSiteExempt)
	return p.Handler(next)
}

// CrossSiteExempt is the only route pattern that takes cross-site posts.
const CrossSiteExempt = "POST " + mail.UnsubscribePath
