package site

import (
	"net/http"

	"github.com/mastheadhq/masthead/internal/web"
)

// Routes registers every reader-facing address on mux. Articles and static
// pages share the catch-all "/" because their shapes (/2026/11/29/slug/
// and /slug/) cannot be told apart by a pattern alone.
func (s *Site) Routes(mux *web.Mux) {
	mux.Handle("GET /{$}", s.handle(s.cacheable(s.home)))
	mux.Handle("GET /category/{path...}", s.handle(s.cacheable(s.category)))
	mux.Handle("GET /tag/{slug}/{$}", s.handle(s.cacheable(s.tag)))
	mux.Handle("GET /tag/{slug}/page/{n}/{$}", s.handle(s.cacheable(s.tag)))
	mux.Handle("GET /author/{slug}/{$}", s.handle(s.cacheable(s.author)))
	mux.Handle("GET /author/{slug}/page/{n}/{$}", s.handle(s.cacheable(s.author)))
	// Feeds: "/feed/" is RSS; the format segment is "atom", "json", or
	// WordPress's "rss2" and "rss". Category feeds are parsed by category.
	mux.Handle("GET /feed/{$}", s.handle(s.cacheable(s.siteFeed)))
	mux.Handle("GET /feed/{format}/{$}", s.handle(s.cacheable(s.siteFeed)))
	mux.Handle("GET /tag/{slug}/feed/{$}", s.handle(s.cacheable(s.tagFeed)))
	mux.Handle("GET /tag/{slug}/feed/{format}/{$}", s.handle(s.cacheable(s.tagFeed)))
	mux.Handle("GET /author/{slug}/feed/{$}", s.handle(s.cacheable(s.authorFeed)))
	mux.Handle("GET /author/{slug}/feed/{format}/{$}", s.handle(s.cacheable(s.authorFeed)))
	// Sitemaps: the index, Google News's, and robots.txt pointing at both.
	// The index's files (/sitemap-articles-2026-11.xml …) go through the
	// catch-all, since a wildcard cannot match part of a segment.
	mux.Handle("GET /robots.txt", s.handle(s.cacheable(s.robots)))
	mux.Handle("GET /sitemap.xml", s.handle(s.cacheable(s.sitemapIndex)))
	mux.Handle("GET /news-sitemap.xml", s.handle(s.cacheable(s.newsSitemap)))
	// The indexes WordPress and Yoast served, which migrated publications
	// have submitted to search consoles.
	mux.Handle("GET /wp-sitemap.xml", http.RedirectHandler("/sitemap.xml", http.StatusMovedPermanently))
	mux.Handle("GET /sitemap_index.xml", http.RedirectHandler("/sitemap.xml", http.StatusMovedPermanently))
	// Search: the results page, and the JSON behind the header's dropdown.
	mux.Handle("GET /search", s.handle(s.search))
	mux.HandleFunc("GET /search.json", s.searchJSON)
	mux.Handle("GET /signin/{$}", s.handle(s.signIn))
	mux.Handle("POST /signin/{$}", s.handle(s.signInSubmit))
	mux.Handle("POST /consent", s.handle(s.consent))
	mux.HandleFunc("GET /assets/{file}", s.asset)
	mux.Handle("GET /media/{key...}", s.handle(s.mediaFile))
	mux.Handle("GET /preview/{id}/{$}", s.handle(s.preview))
	mux.Handle("GET /", s.handle(s.cacheable(s.content)))
}
