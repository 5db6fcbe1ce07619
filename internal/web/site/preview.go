package site

import (
	"net/http"
	"strconv"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
)

// preview shows an article as readers will see it, whatever its status,
// to whoever holds a link the newsroom signed. A bad or expired link is
// an ordinary 404, so links cannot be probed for which articles exist.
func (s *Site) preview(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound("preview id")
	}
	q := r.URL.Query()
	if err := newsroom.CheckPreview(r.Context(), s.store, id, q.Get("exp"), q.Get("sig"), s.now()); err != nil {
		return err
	}
	a, err := s.store.Article(r.Context(), id)
	if err != nil {
		return err
	}
	if a.PublishedAt.IsZero() {
		a.PublishedAt = s.now()
	}
	base, err := s.base(r)
	if err != nil {
		return err
	}
	// Ranked against the article as the editor has it now, not kept.
	related, err := s.store.RelatedArticles(r.Context(), a, s.now(), relatedCount)
	if err != nil {
		return err
	}
	return s.renderArticle(w, r, a, related, base, true)
}

// redirect answers an address that no longer serves anything with a 301
// to where its content lives now, and reports whether it did. WordPress's
// query addresses (/?p=12) are looked up by their parameter first.
func (s *Site) redirect(w http.ResponseWriter, r *http.Request) bool {
	return s.queryRedirect(w, r) || s.redirectFrom(w, r, r.URL.Path)
}

// queryRedirect answers an address in one of WordPress's query forms
// (/?p=12, /?page_id=3, /?cat=5) that an import left a redirect for. The
// front page asks it first, since "/" itself always serves.
func (s *Site) queryRedirect(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.RawQuery == "" {
		return false
	}
	key, ok := news.QueryRedirectPath(r.URL.Path, r.URL.Query())
	return ok && s.redirectFrom(w, r, key)
}

// redirectFrom answers with the redirect stored under key. A redirect to
// an article follows it to its current address, and only while readers
// may see it.
func (s *Site) redirectFrom(w http.ResponseWriter, r *http.Request, key string) bool {
	ctx := r.Context()
	rd, err := s.store.Redirect(ctx, key)
	if err != nil {
		return false
	}
	target := rd.Target
	if rd.ArticleID != 0 {
		a, err := s.store.Article(ctx, rd.ArticleID)
		if err != nil || !a.VisibleAt(s.now()) {
			return false
		}
		settings, err := s.store.Settings(ctx)
		if err != nil {
			return false
		}
		target = news.ArticlePath(a, settings.Location())
	}
	if target == "" || target == r.URL.Path {
		return false
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
	return true
}
