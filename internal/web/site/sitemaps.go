package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/feeds"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// newsWindow is how far back a Google News sitemap reaches: Google asks
// for the articles of the last two days only.
const newsWindow = 48 * time.Hour

// The sitemap files that are not articles, by the name between
// "sitemap-" and ".xml".
const (
	sitemapCategories = "categories"
	sitemapTags       = "tags"
	sitemapAuthors    = "authors"
	sitemapPages      = "pages"
)

// robots serves /robots.txt: the newsroom and search results are not for
// crawlers, and the sitemaps say where everything else is.
func (s *Site) robots(w http.ResponseWriter, r *http.Request) error {
	c, err := s.machineChrome(r)
	if err != nil {
		return err
	}
	// Search is disallowed as /search itself, its queries and anything
	// below it, not as the bare prefix, which would also hide a page
	// such as /search-and-rescue/.
	body := "User-agent: *\n" +
		"Disallow: /admin/\n" +
		"Disallow: /search$\n" +
		"Disallow: /search?\n" +
		"Disallow: /search/\n" +
		"\n" +
		"Sitemap: " + c.baseURL + "/sitemap.xml\n" +
		"Sitemap: " + c.baseURL + "/news-sitemap.xml\n"
	d := &deps{}
	d.add(store.KeyChrome)
	s.serveCached(w, r, "text/plain; charset=utf-8", time.Time{}, []byte(body), d)
	return nil
}

// sitemapIndex serves /sitemap.xml, the index of every sitemap file:
// articles by month of publication (split further when a month holds
// more than a sitemap may), then sections, topics, authors and pages.
func (s *Site) sitemapIndex(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.machineChrome(r)
	if err != nil {
		return err
	}
	now := s.now()
	months, err := s.store.ArticleMonths(ctx, store.ArticleRange{VisibleAt: now})
	if err != nil {
		return err
	}
	var entries []feeds.Sitemap
	var newest time.Time
	for _, m := range months {
		for part := 1; part <= parts(m.Articles); part++ {
			entries = append(entries, feeds.Sitemap{Loc: c.baseURL + "/" + monthFileName(m, part), LastMod: m.LastModified})
		}
		newest = latest(newest, m.LastModified)
	}
	for _, kind := range []string{sitemapCategories, sitemapTags, sitemapAuthors, sitemapPages} {
		urls, err := s.sitemapURLs(r, c, kind)
		if err != nil {
			return err
		}
		for part := 1; part <= parts(len(urls)); part++ {
			entries = append(entries, feeds.Sitemap{Loc: c.baseURL + "/" + listFileName(kind, part), LastMod: latestOf(partOf(urls, part))})
		}
		newest = latest(newest, latestOf(urls))
	}
	var body bytes.Buffer
	index := feeds.NewIndex(&body)
	for _, e := range entries {
		if err := index.Add(e); err != nil {
			return err
		}
	}
	if err := index.Close(); err != nil {
		return err
	}
	d := &deps{}
	d.add(store.KeyChrome, store.KeyArticles, store.KeyTags, store.KeyAuthors, store.KeyPages)
	s.serveCached(w, r, feeds.ContentTypeXML, newest, body.Bytes(), d)
	return nil
}

// newsSitemap serves /news-sitemap.xml: the visible articles of the last
// two days with the fields Google News reads.
func (s *Site) newsSitemap(w http.ResponseWriter, r *http.Request) error {
	c, err := s.machineChrome(r)
	if err != nil {
		return err
	}
	now := s.now()
	var body bytes.Buffer
	set := feeds.NewNewsURLSet(&body)
	var newest time.Time
	d := &deps{}
	d.add(store.KeyChrome, store.KeyArticles)
	f := store.EntryFilter{ArticleRange: store.ArticleRange{VisibleAt: now, From: now.Add(-newsWindow)}, Limit: feeds.MaxNewsURLs}
	err = s.store.EachArticleEntry(r.Context(), f, func(e store.ArticleEntry) error {
		newest = latest(newest, e.LastModified())
		// The file changes when its oldest story leaves the window.
		if leaves := e.PublishedAt.Add(newsWindow); d.expires.IsZero() || leaves.Before(d.expires) {
			d.expires = leaves
		}
		return set.Add(feeds.URL{
			Loc:     c.baseURL + entryPath(e, c),
			LastMod: e.LastModified(),
			News: &feeds.NewsArticle{
				Publication: c.settings.Name, Language: entryLanguage(e, c.settings),
				Published: e.PublishedAt, Title: e.Title,
			},
		})
	})
	if err != nil {
		return err
	}
	if err := set.Close(); err != nil {
		return err
	}
	s.serveCached(w, r, feeds.ContentTypeXML, newest, body.Bytes(), d)
	return nil
}

// sitemapFile serves one sitemap file named in the index, such as
// sitemap-articles-2026-11.xml or sitemap-tags-2.xml. The catch-all
// dispatcher hands these over, since a ServeMux wildcard cannot match
// part of a segment.
func (s *Site) sitemapFile(w http.ResponseWriter, r *http.Request, name string) error {
	if rest, ok := strings.CutPrefix(name, "articles-"); ok {
		return s.articleSitemap(w, r, rest)
	}
	kind, num, split := strings.Cut(name, "-")
	part := 1
	if split {
		var err error
		if part, err = partNumber(num); err != nil {
			return err
		}
	}
	switch kind {
	case sitemapCategories, sitemapTags, sitemapAuthors, sitemapPages:
	default:
		return notFound("sitemap " + name)
	}
	c, err := s.machineChrome(r)
	if err != nil {
		return err
	}
	urls, err := s.sitemapURLs(r, c, kind)
	if err != nil {
		return err
	}
	if part > parts(len(urls)) {
		return notFound("sitemap " + name)
	}
	page := partOf(urls, part)
	var body bytes.Buffer
	set := feeds.NewURLSet(&body)
	for _, u := range page {
		if err := set.Add(u); err != nil {
			return err
		}
	}
	if err := set.Close(); err != nil {
		return err
	}
	d := &deps{}
	d.add(store.KeyChrome, store.KeyArticles, store.KeyTags, store.KeyAuthors, store.KeyPages)
	s.serveCached(w, r, feeds.ContentTypeXML, latestOf(page), body.Bytes(), d)
	return nil
}

// articleSitemap serves one month's articles ("2026-11", or "2026-11-2"
// for the second 50,000), streamed from the store to the reader: a month
// of any size costs a write buffer, not a row per article.
func (s *Site) articleSitemap(w http.ResponseWriter, r *http.Request, name string) error {
	month, rest := name, ""
	if len(name) > len("2006-01") {
		month, rest = name[:len("2006-01")], name[len("2006-01"):]
	}
	part := 1
	if rest != "" {
		num, ok := strings.CutPrefix(rest, "-")
		if !ok {
			return notFound("article sitemap " + name)
		}
		var err error
		if part, err = partNumber(num); err != nil {
			return err
		}
	}
	start, err := time.Parse("2006-01", month)
	if err != nil || start.Format("2006-01") != month {
		return notFound("article sitemap " + name)
	}
	c, err := s.machineChrome(r)
	if err != nil {
		return err
	}
	rng := store.ArticleRange{VisibleAt: s.now(), From: start, Until: start.AddDate(0, 1, 0)}
	months, err := s.store.ArticleMonths(r.Context(), rng)
	if err != nil {
		return err
	}
	if len(months) != 1 || part > parts(months[0].Articles) {
		return notFound("article sitemap " + name)
	}
	m := months[0]
	f := store.EntryFilter{ArticleRange: rng, Offset: (part - 1) * feeds.MaxSitemapURLs, Limit: feeds.MaxSitemapURLs}
	alternates, altTag, err := s.sitemapAlternates(r, c, f)
	if err != nil {
		return err
	}
	// The file cannot be hashed before it is streamed, so the ETag is
	// made of what decides its content: the month's count and latest
	// change, the part, the address and zone the URLs are built in, and
	// the translations' addresses.
	tag := fmt.Sprintf("%s|%d|%d|%d|%s|%s|%s", name, part, m.Articles, m.LastModified.Unix(), c.baseURL, c.loc, altTag)
	sum := sha256.Sum256([]byte(tag))
	h := w.Header()
	h.Set("Content-Type", feeds.ContentTypeXML)
	h.Set("Cache-Control", machineCacheControl)
	h.Set("ETag", `W/"`+base64.RawURLEncoding.EncodeToString(sum[:18])+`"`)
	h.Set("Last-Modified", m.LastModified.UTC().Format(http.TimeFormat))
	if notModified(r, h.Get("ETag"), m.LastModified) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	if r.Method == http.MethodHead {
		return nil
	}
	out := &startedWriter{w: w}
	set := feeds.NewURLSet(out)
	err = s.store.EachArticleEntry(r.Context(), f, func(e store.ArticleEntry) error {
		return set.Add(feeds.URL{Loc: c.baseURL + entryPath(e, c), LastMod: e.LastModified(), Alternates: alternates[e.ID]})
	})
	if err == nil {
		err = set.Close()
	}
	if err != nil && out.started {
		// Part of the file has gone out with status 200: cut the
		// connection so that the crawler sees a failed transfer, not a
		// sitemap that merely looks short.
		s.log.ErrorContext(r.Context(), "sitemap stream failed", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
	if err != nil {
		// Nothing has gone out: the error page must not carry the
		// validators and caching of the sitemap it replaces.
		for _, k := range []string{"ETag", "Last-Modified", "Cache-Control"} {
			h.Del(k)
		}
	}
	return err
}

// startedWriter notes whether anything has been written, after which the
// status can no longer change.
type startedWriter struct {
	w       io.Writer
	started bool
}

func (s *startedWriter) Write(p []byte) (int, error) {
	s.started = true
	return s.w.Write(p)
}

// notModified reports whether the reader's copy, named by the request's
// validators, is current. If-None-Match, when present, decides alone, as
// RFC 9110 says; weak comparison is right for a GET.
func notModified(r *http.Request, etag string, lastMod time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, candidate := range strings.Split(inm, ",") {
			candidate = strings.TrimSpace(candidate)
			if candidate == "*" || strings.TrimPrefix(candidate, "W/") == strings.TrimPrefix(etag, "W/") {
				return true
			}
		}
		return false
	}
	since, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	return err == nil && !lastMod.Truncate(time.Second).After(since)
}

// sitemapURLs lists the addresses of one kind of non-article sitemap.
// Sections, topics and authors appear only once they have a visible
// article, since an empty listing is nothing a search engine should
// show; a section counts its sub-sections' articles, as its page does.
func (s *Site) sitemapURLs(r *http.Request, c chrome, kind string) ([]feeds.URL, error) {
	ctx, now := r.Context(), s.now()
	switch kind {
	case sitemapCategories:
		dates, err := s.store.TermsLastModified(ctx, store.TermCategory, now)
		if err != nil {
			return nil, err
		}
		var urls []feeds.URL
		var walk func(cats []news.Category)
		walk = func(cats []news.Category) {
			for _, cat := range cats {
				var last time.Time
				for _, id := range c.tree.Descendants(cat.ID) {
					last = latest(last, dates[id])
				}
				if !last.IsZero() {
					urls = append(urls, feeds.URL{Loc: c.baseURL + c.categoryPath(cat.ID), LastMod: last})
				}
				walk(c.tree.Children(cat.ID))
			}
		}
		walk(c.tree.Roots())
		return urls, nil
	case sitemapTags:
		dates, err := s.store.TermsLastModified(ctx, store.TermTag, now)
		if err != nil {
			return nil, err
		}
		tags, err := s.store.AllTags(ctx)
		if err != nil {
			return nil, err
		}
		var urls []feeds.URL
		for _, t := range tags {
			if last, ok := dates[t.ID]; ok {
				urls = append(urls, feeds.URL{Loc: c.baseURL + tagPath(t), LastMod: last})
			}
		}
		return urls, nil
	case sitemapAuthors:
		dates, err := s.store.TermsLastModified(ctx, store.TermAuthor, now)
		if err != nil {
			return nil, err
		}
		authors, err := s.store.AllAuthors(ctx)
		if err != nil {
			return nil, err
		}
		var urls []feeds.URL
		for _, au := range authors {
			if last, ok := dates[au.ID]; ok {
				urls = append(urls, feeds.URL{Loc: c.baseURL + authorPath(au), LastMod: last})
			}
		}
		return urls, nil
	default:
		return s.pageURLs(r, c)
	}
}

// pageURLs lists the home page, which changes with the newest article,
// and every visible static page.
func (s *Site) pageURLs(r *http.Request, c chrome) ([]feeds.URL, error) {
	ctx, now := r.Context(), s.now()
	home := feeds.URL{Loc: c.baseURL + "/"}
	err := s.store.EachArticleEntry(ctx, store.EntryFilter{ArticleRange: store.ArticleRange{VisibleAt: now}, Limit: 1},
		func(e store.ArticleEntry) error {
			home.LastMod = e.LastModified()
			return nil
		})
	if err != nil {
		return nil, err
	}
	urls := []feeds.URL{home}
	pages, err := s.store.AllPages(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		if p.Status != news.StatusPublished || p.PublishedAt.After(now) {
			continue
		}
		urls = append(urls, feeds.URL{Loc: c.baseURL + pagePath(p), LastMod: latest(p.PublishedAt, p.UpdatedAt)})
	}
	return urls, nil
}

// entryPath is an article's address from its sitemap entry.
func entryPath(e store.ArticleEntry, c chrome) string {
	return articlePath(news.Article{Slug: e.Slug, PublishedAt: e.PublishedAt, Lang: e.Lang}, c.loc)
}

// parts is how many sitemap files n addresses need.
func parts(n int) int {
	return (n + feeds.MaxSitemapURLs - 1) / feeds.MaxSitemapURLs
}

// partOf returns the addresses of the given 1-based sitemap file.
func partOf(urls []feeds.URL, part int) []feeds.URL {
	return urls[(part-1)*feeds.MaxSitemapURLs : min(part*feeds.MaxSitemapURLs, len(urls))]
}

// monthFileName names a month's sitemap file; parts after the first
// carry their number.
func monthFileName(m store.MonthCount, part int) string {
	return listFileName("articles-"+m.Start().Format("2006-01"), part)
}

func listFileName(kind string, part int) string {
	if part == 1 {
		return "sitemap-" + kind + ".xml"
	}
	return "sitemap-" + kind + "-" + strconv.Itoa(part) + ".xml"
}

// partNumber reads the number of a sitemap file after the first; only
// the canonical spelling of 2 and up is accepted, so that each file has
// one address.
func partNumber(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 2 || strconv.Itoa(n) != s {
		return 0, notFound("sitemap part " + s)
	}
	return n, nil
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func latestOf(urls []feeds.URL) time.Time {
	var last time.Time
	for _, u := range urls {
		last = latest(last, u.LastMod)
	}
	return last
}

// sitemapAlternates finds, for the articles of one sitemap file that have
// visible translations, every language's address (xhtml:link alternates,
// x-default the default language's), and a text that changes whenever
// they do, for the file's ETag. A first walk collects the file's
// translation groups; their articles are then read in one query.
func (s *Site) sitemapAlternates(r *http.Request, c chrome, f store.EntryFilter) (map[int64][]feeds.Alternate, string, error) {
	ctx := r.Context()
	var groups []int64
	seen := map[int64]bool{}
	err := s.store.EachArticleEntry(ctx, f, func(e store.ArticleEntry) error {
		if e.TranslationGroup != 0 && !seen[e.TranslationGroup] {
			seen[e.TranslationGroup] = true
			groups = append(groups, e.TranslationGroup)
		}
		return nil
	})
	if err != nil || len(groups) == 0 {
		return nil, "", err
	}
	members, err := s.store.ListArticles(ctx, store.ArticleFilter{VisibleAt: f.VisibleAt, TranslationGroups: groups})
	if err != nil {
		return nil, "", err
	}
	byGroup := map[int64][]news.Article{}
	for _, a := range members {
		byGroup[a.TranslationGroup] = append(byGroup[a.TranslationGroup], a)
	}
	out := map[int64][]feeds.Alternate{}
	var tag strings.Builder
	for _, g := range groups {
		var alts []feeds.Alternate
		langs := map[string]bool{}
		xDefault := ""
		for _, a := range byGroup[g] {
			code := c.langCode(a)
			if langs[code] {
				continue
			}
			langs[code] = true
			u := c.baseURL + articlePath(a, c.loc)
			alts = append(alts, feeds.Alternate{Lang: code, Href: u})
			if a.Lang == "" || xDefault == "" && a.ID == g {
				xDefault = u
			}
		}
		if len(alts) < 2 {
			continue
		}
		if xDefault == "" {
			xDefault = alts[0].Href
		}
		alts = append(alts, feeds.Alternate{Lang: "x-default", Href: xDefault})
		for _, a := range byGroup[g] {
			out[a.ID] = alts
		}
		for _, a := range alts {
			tag.WriteString(a.Href)
		}
	}
	return out, tag.String(), nil
}

// entryLanguage is the language of a sitemap entry's article.
func entryLanguage(e store.ArticleEntry, settings news.Settings) string {
	if e.Lang != "" {
		return e.Lang
	}
	return siteLanguage(settings)
}
