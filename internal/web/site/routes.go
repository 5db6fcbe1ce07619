package site

import "net/http"

// Routes registers every reader-facing address on mux. Articles and static
// pages share the catch-all "/" because their shapes (/2026/11/29/slug/
// and /slug/) cannot be told apart by a pattern alone.
func (s *Site) Routes(mux *http.ServeMux) {
	mux.Handle("GET /{$}", s.handle(s.home))
	mux.Handle("GET /category/{path...}", s.handle(s.category))
	mux.Handle("GET /tag/{slug}/{$}", s.handle(s.tag))
	mux.Handle("GET /tag/{slug}/page/{n}/{$}", s.handle(s.tag))
	mux.Handle("GET /author/{slug}/{$}", s.handle(s.author))
	mux.Handle("GET /author/{slug}/page/{n}/{$}", s.handle(s.author))
	mux.Handle("GET /signin/{$}", s.handle(s.signIn))
	mux.Handle("POST /signin/{$}", s.handle(s.signInSubmit))
	mux.Handle("POST /consent", s.handle(s.consent))
	mux.HandleFunc("GET /assets/{file}", s.asset)
	mux.Handle("GET /media/{key...}", s.handle(s.mediaFile))
	mux.Handle("GET /", s.handle(s.content))
}
