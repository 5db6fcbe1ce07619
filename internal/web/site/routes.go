package site

import (
	"net/http"

	"github.com/mastheadhq/masthead/internal/mail"

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
	// Readers' accounts: signing in and up, mailed links, the account
	// and its lists.
	mux.Handle("GET /signin/{$}", s.readerPage(s.signIn))
	mux.Handle("POST /signin/{$}", s.readerPage(s.signInSubmit))
	mux.Handle("POST /signin/link", s.readerPage(s.signInLink))
	mux.Handle("GET /signin/lost", s.readerPage(s.lostPassword))
	mux.Handle("POST /signin/lost", s.readerPage(s.lostPasswordSubmit))
	mux.Handle("GET /signup/{$}", s.readerPage(s.signUp))
	mux.Handle("POST /signup/{$}", s.readerPage(s.signUpSubmit))
	mux.Handle("GET /account/link", s.readerPage(s.linkForm))
	mux.Handle("POST /account/link", s.readerPage(s.linkSubmit))
	mux.Handle("GET /account/reset", s.readerPage(s.resetForm))
	mux.Handle("POST /account/reset", s.readerPage(s.resetSubmit))
	mux.Handle("POST /signout", s.readerPage(s.signOut))
	mux.Handle("GET /account/{$}", s.signedInReader(s.account))
	mux.Handle("POST /account/name", s.signedInReader(s.accountName))
	mux.Handle("POST /account/password", s.signedInReader(s.accountPassword))
	mux.Handle("POST /account/email", s.signedInReader(s.accountEmail))
	mux.Handle("POST /account/newsletter", s.signedInReader(s.accountNewsletter))
	mux.Handle("POST /account/history", s.signedInReader(s.accountHistory))
	mux.Handle("POST /account/delete", s.signedInReader(s.accountDelete))
	mux.Handle("GET /account/data.json", s.signedInReader(s.accountData))
	mux.Handle("GET /account/saved/{$}", s.signedInReader(s.saved))
	mux.Handle("POST /account/saved", s.signedInReader(s.bookmark))
	mux.Handle("GET /account/for-you/{$}", s.signedInReader(s.forYou))
	mux.Handle("GET /account/history/{$}", s.signedInReader(s.history))
	mux.Handle("POST /account/follow", s.signedInReader(s.follow))
	// The newsletter. The unsubscribe POST is the one route the
	// cross-origin check lets through (web.Chain): mail providers send it.
	mux.Handle("GET /newsletter/{$}", s.readerPage(s.newsletter))
	mux.Handle("POST /newsletter/{$}", s.readerPage(s.subscribe))
	mux.Handle("GET "+mail.UnsubscribePath, s.readerPage(s.unsubscribeForm))
	mux.Handle("POST "+mail.UnsubscribePath, s.readerPage(s.unsubscribe))
	mux.Handle("POST /consent", s.handle(s.consent))
	mux.HandleFunc("GET /assets/{file}", s.asset)
	mux.Handle("GET /media/{key...}", s.handle(s.mediaFile))
	mux.Handle("GET /preview/{id}/{$}", s.handle(s.preview))
	mux.Handle("GET /", s.handle(s.cacheable(s.content)))
}
