package wpimport

import (
	"context"
	"net/url"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// redirect stores r unless the same redirect is there already (so that a
// re-run writes nothing and counts nothing) or it would send an address
// to itself.
func (imp *Importer) redirect(ctx context.Context, s store.Store, r news.Redirect) error {
	if r.Path == "" || r.Path == r.Target || !strings.HasPrefix(r.Path, "/") {
		return nil
	}
	r.CreatedAt = imp.now()
	added, err := s.AddRedirect(ctx, r)
	if added {
		imp.report.Redirects++
	}
	return err
}

// redirectWithFeed sends an old listing address and its feed to the new
// ones, unless they are the same.
func (imp *Importer) redirectWithFeed(ctx context.Context, s store.Store, old, target string) error {
	if old == target {
		return nil
	}
	if err := imp.redirect(ctx, s, news.Redirect{Path: old, Target: target}); err != nil {
		return err
	}
	return imp.redirect(ctx, s, news.Redirect{Path: old + "feed/", Target: target + "feed/"})
}

// oldPath returns the address an item's link names on this site, in the
// form the reader site looks redirects up by: the decoded path, or for
// WordPress's query forms (/?p=12) the path and that one parameter.
func (imp *Importer) oldPath(link string) (string, bool) {
	u, err := url.Parse(link)
	if err != nil || u.Path == "" && u.RawQuery == "" {
		return "", false
	}
	if u.Host != "" && !imp.sameSite(u.Host) {
		return "", false
	}
	p := u.Path
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		return news.QueryRedirectPath(p, u.Query())
	}
	return p, true
}

// sameSite reports whether host is the exported site's, with or without
// www.
func (imp *Importer) sameSite(host string) bool {
	site := strings.SplitN(imp.ix.Source, "/", 2)[0]
	host = strings.ToLower(host)
	return host == site || strings.TrimPrefix(host, "www.") == strings.TrimPrefix(site, "www.")
}

// siteRedirects sends the site-wide addresses WordPress answered, besides
// those Masthead serves itself, to their Masthead equivalents.
func (imp *Importer) siteRedirects(ctx context.Context) error {
	base := imp.ix.BasePath
	fixed := map[string]string{
		base + "/?feed=rss2":          "/feed/",
		base + "/?feed=rss":           "/feed/",
		base + "/?feed=atom":          "/feed/atom/",
		base + "/comments/feed/":      "/feed/",
		base + "/feed/rdf/":           "/feed/",
		base + "/?feed=comments-rss2": "/feed/",
	}
	if base != "" {
		fixed[base+"/"] = "/"
		fixed[base+"/feed/"] = "/feed/"
	}
	return imp.s.Atomic(ctx, func(s store.Store) error {
		for from, to := range fixed {
			if err := imp.redirect(ctx, s, news.Redirect{Path: from, Target: to}); err != nil {
				return err
			}
		}
		return nil
	})
}

// queryPath is the redirect key of WordPress's query form ?name=value at
// the site's root.
func (imp *Importer) queryPath(name, value string) string {
	p, _ := news.QueryRedirectPath(imp.ix.BasePath+"/", url.Values{name: {value}})
	return p
}
