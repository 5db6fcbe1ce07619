package site

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/render"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/web/pagecache"
)

// Article page shape.
const (
	relatedCount       = 8
	relatedInlineCount = 3
	latestCount        = 10
	// tocMinHeadings is how many headings make an article long enough to
	// need a table of contents.
	tocMinHeadings = 3
)

var (
	articleRoute = regexp.MustCompile(`^/(\d{4})/(\d{2})/(\d{2})/([^/]+)/$`)
	pageRoute    = regexp.MustCompile(`^/([^/]+)/$`)
	sitemapRoute = regexp.MustCompile(`^/sitemap-([a-z0-9-]+)\.xml$`)
)

// content serves the addresses that only their shape distinguishes:
// articles (/yyyy/mm/dd/slug/), static pages (/slug/) and the sitemap
// index's files (/sitemap-articles-2026-11.xml).
func (s *Site) content(w http.ResponseWriter, r *http.Request) error {
	p := r.URL.Path
	if !strings.HasSuffix(p, "/") && !strings.Contains(p[strings.LastIndexByte(p, '/'):], ".") {
		if articleRoute.MatchString(p+"/") || pageRoute.MatchString(p+"/") {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return nil
		}
	}
	if m := articleRoute.FindStringSubmatch(p); m != nil {
		return s.article(w, r, m[4])
	}
	if m := pageRoute.FindStringSubmatch(p); m != nil {
		return s.staticPage(w, r, m[1])
	}
	if m := sitemapRoute.FindStringSubmatch(p); m != nil {
		return s.sitemapFile(w, r, m[1])
	}
	return notFound("path " + p)
}

func (s *Site) article(w http.ResponseWriter, r *http.Request, slug string) error {
	now := s.now()
	// One read for the article and the stories the page suggests.
	a, related, err := s.store.ArticleWithRelated(r.Context(), slug, now, relatedCount)
	if err != nil {
		return err
	}
	if !a.VisibleAt(now) {
		return notFound("article " + slug)
	}
	base, err := s.base(r)
	if err != nil {
		return err
	}
	canonical := articlePath(a, base.chrome.loc)
	if canonical != base.Path {
		// The date in the address is wrong (an old link, or an edited
		// publication date), or the edition is: send readers and search
		// engines to the right one.
		http.Redirect(w, r, canonical, http.StatusMovedPermanently)
		return nil
	}
	return s.renderArticle(w, r, a, related, base, false)
}

// renderArticle writes the article page with the related stories it
// suggests. A preview shows an article that readers cannot see yet, to
// whoever holds its signed link.
func (s *Site) renderArticle(w http.ResponseWriter, r *http.Request, a news.Article, related []news.Article, base basePage, preview bool) error {
	ctx, c := r.Context(), base.chrome
	canonical := articlePath(a, c.loc)
	d := &deps{}
	d.chrome(c)
	d.article(a)
	d.cards(related)
	latest, column, err := s.latestColumn(ctx, c, a.ID)
	if err != nil {
		return err
	}
	page := articlePage{basePage: base, Latest: latest}
	if base.Reader == nil && !preview && pagecache.Recording(r) {
		// Kept apart by the page cache, so that a publication renders
		// this column again, not every article page.
		page.LatestMark, d.fragment = pagecache.FragmentMark, column
	} else {
		d.add(column.Deps...)
	}
	page.Article = articleViewOf(a, c)
	page.Related = c.cards(related, 640, sizesCard, true)
	if len(page.Related) > relatedInlineCount {
		page.RelatedInline = page.Related[:relatedInlineCount]
	} else {
		page.RelatedInline = page.Related
	}
	page.Canonical = base.BaseURL + canonical
	page.Article.URL = page.Canonical
	page.Article.Share = shareLinks(page.Canonical, a.Title)
	page.describeArticle(a)
	if u := safeURL(a.Source.URL); a.Source.Canonical && !a.Source.IsZero() && u != "" {
		// The editor asked search engines to credit the original. The
		// structured data still describes this page, and names the
		// original as what it is based on.
		page.Canonical = u
	}
	if err := s.addTranslations(ctx, &page, a, d); err != nil {
		return err
	}
	if pc, ok := a.PrimaryCategory(); ok {
		page.AlertSection = &choiceView{ID: idText(pc.ID), Name: c.sectionName(pc)}
	}
	s.newsletterPart(&page)
	if base.Reader != nil && !preview {
		if err := s.readerArticle(r, &page, a); err != nil {
			return err
		}
	}
	if preview {
		// Never cached: s.render writes it as it is, no-store.
		page.NoIndex, page.Preview = true, true
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Robots-Tag", "noindex, nofollow")
		return s.render(w, "article", page)
	}
	return s.renderCached(w, r, "article", page, d)
}

// latestColumn is an article page's column of the newest stories with the
// article itself left out, rendered, and the same as a fragment for the
// page cache: pages of articles that are not among the newest show the
// same column and share it.
func (s *Site) latestColumn(ctx context.Context, c chrome, except int64) (template.HTML, *pagecache.Fragment, error) {
	lang := c.langFilter()
	all, err := s.latestArticles(ctx, lang, latestCount+1)
	if err != nil {
		return "", nil, err
	}
	key := latestColumnKey(all, except, lang)
	list := make([]news.Article, 0, latestCount)
	for _, a := range all {
		if a.ID != except && len(list) < latestCount {
			list = append(list, a)
		}
	}
	fd := &deps{}
	fd.add(store.KeyChrome, store.KeyLatest)
	fd.cards(list)
	var owner partOwner
	if len(all) > 0 {
		owner = partOwner{chrome: c.read, list: &all[0]}
	}
	id := partID{name: "latest-column", key: key, lang: c.edition.Code, baseURL: c.baseURL}
	html, err := s.columnMemo(c.edition.Code).part(owner, id, func() (template.HTML, error) {
		return s.renderPart("latest-column", c.edition.Code, c.cards(list, 320, sizesThumb, true))()
	})
	if err != nil {
		return "", nil, err
	}
	return html, &pagecache.Fragment{Key: key, Arg: columnArg(lang, except), Deps: fd.keys}, nil
}

// latestColumnKey names the column of newest stories an article page
// of an edition (lang, "" for the default) shows: the same for every
// article not among them.
func latestColumnKey(newest []news.Article, article int64, lang string) string {
	key := "latest"
	for _, a := range newest {
		if a.ID == article {
			key = "latest-" + idText(article)
		}
	}
	if lang != "" {
		key += "@" + lang
	}
	return key
}

// columnArg names an article page's latest column for the page cache:
// the edition and the article, which FragmentKey and RenderFragment read
// back with parseColumnArg.
func columnArg(lang string, article int64) string { return lang + "/" + idText(article) }

func parseColumnArg(arg string) (lang string, article int64, err error) {
	lang, id, _ := strings.Cut(arg, "/")
	article, err = strconv.ParseInt(id, 10, 64)
	if err != nil {
		return "", 0, fmt.Errorf("latest column of %q: %w", arg, err)
	}
	return lang, article, nil
}

// FragmentKey names the latest column RenderFragment would render for
// the article arg, for the page cache.
func (s *Site) FragmentKey(r *http.Request, arg string) (string, error) {
	lang, id, err := parseColumnArg(arg)
	if err != nil {
		return "", err
	}
	all, err := s.latestArticles(r.Context(), lang, latestCount+1)
	if err != nil {
		return "", err
	}
	return latestColumnKey(all, id, lang), nil
}

// RenderFragment renders an article page's latest column again for the
// page cache, after a change to one of its keys (a publication): arg is
// the article's id.
func (s *Site) RenderFragment(r *http.Request, arg string) (pagecache.Fragment, error) {
	ctx := r.Context()
	lang, id, err := parseColumnArg(arg)
	if err != nil {
		return pagecache.Fragment{}, err
	}
	var version int64
	if s.readsReplica {
		if version, _, err = s.store.ChangesSince(ctx, math.MaxInt64); err != nil {
			return pagecache.Fragment{}, err
		}
	}
	c, err := s.loadChrome(ctx)
	if err != nil {
		return pagecache.Fragment{}, err
	}
	c = c.forEdition(lang)
	column, fr, err := s.latestColumn(ctx, c, id)
	if err != nil {
		return pagecache.Fragment{}, err
	}
	fr.Body = []byte(column)
	// As for whole pages: nothing read from a replica that had not seen
	// every change the cache has dropped pages for is kept.
	fr.NoStore = s.horizon == nil || (s.readsReplica && version < s.horizon.feed.Version())
	return *fr, nil
}

func articleViewOf(a news.Article, c chrome) articleView {
	body, headings := render.Outline(a.Body)
	v := articleView{
		Title: a.Title, Standfirst: a.Standfirst,
		Body:       template.HTML(body), // sanitised when it was saved
		Published:  c.dateIn(a.PublishedAt),
		Updated:    c.dateIn(a.UpdatedAt),
		WasUpdated: a.WasUpdated(),
		Minutes:    a.ReadingMinutes(),
		Words:      a.WordCount,
		Image:      imageFor(a.Image, 1024, sizesLead, false),
	}
	if len(headings) >= tocMinHeadings {
		v.TOC = headings
	}
	if pc, ok := a.PrimaryCategory(); ok {
		v.Category = &link{Label: c.sectionName(pc), URL: c.categoryPath(pc.ID)}
	}
	for _, t := range a.Tags {
		v.Tags = append(v.Tags, link{Label: t.Name, URL: c.tagPath(t)})
	}
	for _, au := range a.Authors {
		v.Authors = append(v.Authors, authorViewOf(au))
	}
	if !a.Source.IsZero() {
		v.Source = sourceViewOf(a.Source, c.edition.Code)
	}
	return v
}

func authorViewOf(au news.Author) authorView {
	v := authorView{Name: au.Name, URL: authorPath(au), Bio: au.Bio, Avatar: imageFor(au.Avatar, 320, "4rem", false)}
	for _, l := range au.Links {
		v.Links = append(v.Links, link{Label: networkName(l.Network), URL: l.URL})
	}
	return v
}

func sourceViewOf(src news.Attribution, pageLang string) *sourceView {
	kind := "Reprint"
	if src.Kind == news.Translation {
		kind = "Translation"
	}
	return &sourceView{
		Kind: kind, Publication: src.Publication, URL: safeURL(src.URL), Language: languageName(src.Language, pageLang),
		Translator: src.Translator, OriginalAuthor: src.OriginalAuthor, Note: src.Note,
	}
}

// safeURL keeps only web addresses, so an attribution cannot carry a
// javascript: link.
func safeURL(u string) string {
	if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		return u
	}
	return ""
}

var networkNames = map[string]string{
	"x": "X", "twitter": "X", "facebook": "Facebook", "telegram": "Telegram", "youtube": "YouTube",
	"linkedin": "LinkedIn", "instagram": "Instagram", "website": "Website", "mastodon": "Mastodon",
}

func networkName(n string) string {
	if name, ok := networkNames[strings.ToLower(n)]; ok {
		return name
	}
	return n
}

// languageName is the name of the language code in the language of the
// page (CLDR's names: "Azerbaijani", "azərbaycan", "азербайджанский"), or
// the code itself when it names no language.
func languageName(code, pageLang string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	page, err := language.Parse(pageLang)
	if err != nil {
		page = language.English
	}
	if name := display.Languages(page).Name(tag); name != "" {
		return name
	}
	return code
}

// describeArticle fills the page's search-engine and link-preview metadata.
func (p *articlePage) describeArticle(a news.Article) {
	c := p.chrome
	p.Title = a.Title
	if a.SEOTitle != "" {
		p.Title = a.SEOTitle
	}
	p.Description = a.Standfirst
	if a.SEODescription != "" {
		p.Description = a.SEODescription
	}
	p.OG.Type = "article"
	p.OG.PublishedTime = p.Article.Published.ISO
	p.OG.ModifiedTime = p.Article.Updated.ISO
	if src, w, h := socialImage(a.Image); src != "" {
		p.OG.Image, p.OG.ImageWidth, p.OG.ImageHeight, p.OG.ImageAlt = absoluteURL(p.BaseURL, src), w, h, a.Image.Alt
	}
	crumbs := []link{{Label: c.settings.Name, URL: c.prefix + "/"}}
	if pc, ok := a.PrimaryCategory(); ok {
		p.OG.Section = c.sectionName(pc)
		for _, anc := range c.tree.Ancestors(pc.ID) {
			crumbs = append(crumbs, link{Label: anc.Name, URL: c.categoryPath(anc.ID)})
		}
		crumbs = append(crumbs, link{Label: c.sectionName(pc), URL: c.categoryPath(pc.ID)})
	}
	p.Breadcrumbs = append(crumbs, link{Label: a.Title})
	for _, au := range a.Authors {
		p.OG.Authors = append(p.OG.Authors, p.BaseURL+authorPath(au))
	}
	for _, t := range a.Tags {
		p.OG.Tags = append(p.OG.Tags, t.Name)
	}
	p.addJSONLD(newsArticleLD(a, p))
	p.addJSONLD(breadcrumbLD(p.Breadcrumbs, p.BaseURL, p.Canonical))
}

func newsArticleLD(a news.Article, p *articlePage) map[string]any {
	c := p.chrome
	var authors []map[string]any
	for _, au := range a.Authors {
		authors = append(authors, map[string]any{"@type": "Person", "name": au.Name, "url": p.BaseURL + authorPath(au)})
	}
	org := map[string]any{"@type": "Organization", "name": c.settings.Name, "url": p.BaseURL + "/"}
	if src, _, _ := socialImage(c.settings.Logo); src != "" {
		org["logo"] = map[string]any{"@type": "ImageObject", "url": absoluteURL(p.BaseURL, src)}
	}
	ld := map[string]any{
		"@context":            "https://schema.org",
		"@type":               "NewsArticle",
		"headline":            a.Title,
		"description":         a.Standfirst,
		"mainEntityOfPage":    p.Canonical,
		"datePublished":       p.Article.Published.ISO,
		"dateModified":        p.Article.Updated.ISO,
		"author":              authors,
		"publisher":           org,
		"isAccessibleForFree": true,
		"wordCount":           a.WordCount,
		"inLanguage":          p.Lang,
	}
	if p.OG.Image != "" {
		ld["image"] = []string{p.OG.Image}
	}
	if p.OG.Section != "" {
		ld["articleSection"] = p.OG.Section
	}
	if len(p.OG.Tags) > 0 {
		ld["keywords"] = p.OG.Tags
	}
	if u := safeURL(a.Source.URL); !a.Source.IsZero() && u != "" {
		ld["isBasedOn"] = u
	}
	return ld
}

func breadcrumbLD(crumbs []link, baseURL, current string) map[string]any {
	items := make([]map[string]any, len(crumbs))
	for i, c := range crumbs {
		item := map[string]any{"@type": "ListItem", "position": i + 1, "name": c.Label}
		if c.URL != "" {
			item["item"] = baseURL + c.URL
		} else {
			item["item"] = current
		}
		items[i] = item
	}
	return map[string]any{"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}
}
