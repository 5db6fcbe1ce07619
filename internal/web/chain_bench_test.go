package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkChain is what the middleware adds to every request that is not
// a page-cache hit: request id, access log (at info level, so not
// written), panic recovery, security headers and the cross-origin check,
// around a handler that writes a short body.
func BenchmarkChain(b *testing.B) {
	log := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	body := []byte("hello")
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	for _, c := range []struct {
		name string
		h    http.Handler
	}{{"bare", bare}, {"chain", Chain(bare, log)}} {
		b.Run(c.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/2026/12/06/story/", nil)
			w := &benchWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				c.h.ServeHTTP(w, req)
			}
		})
	}
}

type benchWriter struct{ h http.Header }

func (w *benchWriter) Header() http.Header         { return w.h }
func (w *benchWriter) WriteHeader(int)             {}
func (w *benchWriter) Write(b []byte) (int, error) { return len(b), nil }
