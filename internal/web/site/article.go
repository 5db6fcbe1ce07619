package site

import (
	"html/template"
	"net/http"
	"regexp"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/render"
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
	ctx := r.Context()
	a, err := s.store.ArticleBySlug(ctx, slug)
	if err != nil {
		return err
	}
	now := s.now()
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
	return s.renderArticle(w, r, a, base, false)
}

// renderArticle writes the article page. A preview shows an article that
// readers cannot see yet, to whoever holds its signed link.
func (s *Site) renderArticle(w http.ResponseWriter, r *http.Request, a news.Article, base basePage, preview bool) error {
	ctx, now, c := r.Context(), s.now(), base.chrome
	canonical := articlePath(a, c.loc)
	d := &deps{}
	d.chrome(c)
	d.article(a)
	related, err := s.store.RelatedArticles(ctx, a, now, relatedCount)
	if err != nil {
		return err
	}
	d.cards(related)
	latest, err := s.latestCards(ctx, c, latestCount, a.ID, d)
	if err != nil {
		return err
	}
	page := articlePage{basePage: base, Latest: latest}
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
	if err := s.addTranslations(ctx, &page, a, d); err != nil {
		return err
	}
	if pc, ok := a.PrimaryCategory(); ok {
		page.AlertSection = &choiceView{ID: idText(pc.ID), Name: c.sectionName(pc)}
	}
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
		v.Source = sourceViewOf(a.Source)
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

func sourceViewOf(src news.Attribution) *sourceView {
	kind := "Reprint"
	if src.Kind == news.Translation {
		kind = "Translation"
	}
	return &sourceView{
		Kind: kind, Publication: src.Publication, URL: safeURL(src.URL), Language: languageName(src.Language),
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

var languageNames = map[string]string{
	"az": "Azerbaijani", "ru": "Russian", "en": "English", "tr": "Turkish", "fr": "French",
	"de": "German", "ka": "Georgian", "hy": "Armenian", "fa": "Persian", "uk": "Ukrainian",
}

func languageName(code string) string {
	if name, ok := languageNames[strings.ToLower(code)]; ok {
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
