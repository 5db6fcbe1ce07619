package site

import (
	"html/template"
	"sync"
	"sync/atomic"

	"github.com/mastheadhq/masthead/internal/news"
)

// partMemo keeps parts of pages rendered: the parts every page shows
// alike (the header and the footer) and the latest column most article
// pages share. Rendering them again for each page no cache has seen was
// a third of an article page's cost (issue #9's cold render).
//
// A part is a function of what it is rendered from: the chrome (settings,
// sections, menus, addresses), for the column also the list of newest
// stories, and what its partID names. Chromes and lists are never
// modified once read, so the memo names them by identity: the chrome's
// read (shared by the chromes of every edition read with it) and the
// list's backing array, both allocated anew at every read. The memo holds
// the owner it was filled for, so neither address can be reused for
// another read while its parts are kept; a part rendered from another
// owner replaces them all.
type partMemo struct {
	// hits and misses count lookups, for the metrics page.
	hits, misses atomic.Uint64

	mu    sync.Mutex
	owner partOwner
	parts map[partID]template.HTML
}

// partOwner is what every part in a memo was rendered from.
type partOwner struct {
	chrome *chromeRead
	list   *news.Article // the first of the newest stories, for the column
}

// partID tells apart the parts of one owner.
type partID struct {
	name string
	// key is whatever else the part shows: the column's key (the article
	// left out), or the page's path when a menu marks it current.
	key     string
	lang    string
	baseURL string
	year    int
}

// maxMemoParts bounds a memo: a header and a footer per edition, with a
// few more for pages a menu links to; the shared column of each edition
// and one for each article among the newest.
const maxMemoParts = 256

// part returns the part id rendered from owner, from the memo or from
// render, which it then keeps. A zero owner keeps nothing.
func (m *partMemo) part(owner partOwner, id partID, render func() (template.HTML, error)) (template.HTML, error) {
	if owner.chrome == nil {
		return render()
	}
	m.mu.Lock()
	if m.owner != owner {
		m.owner, m.parts = owner, map[partID]template.HTML{}
	}
	html, ok := m.parts[id]
	m.mu.Unlock()
	if ok {
		m.hits.Add(1)
		return html, nil
	}
	m.misses.Add(1)
	html, err := render()
	if err != nil {
		return "", err
	}
	m.mu.Lock()
	if m.owner == owner && len(m.parts) < maxMemoParts {
		m.parts[id] = html
	}
	m.mu.Unlock()
	return html, nil
}

// renderPart renders the named template of the layout with data, for a
// memo; data is a page by pointer, so that a part found in the memo costs
// no copy of it. The theme's output is escaped already.
func (s *Site) renderPart(name, lang string, data any) func() (template.HTML, error) {
	return func() (template.HTML, error) {
		b, err := s.theme.RenderPart(partsPage, name, lang, data)
		return template.HTML(b), err
	}
}

// partsPage is the page template whose set the memoized parts are taken
// from: every page's set holds the layout, and the column is the article
// page's own.
const partsPage = "article"

// chromeParts renders the header and footer of p, a page for readers who
// are not signed in, or leaves them empty for the layout to render in
// place; the same for the banners. The built-in layout's header, footer
// and banners read only the chrome, the edition, the year and whether a
// menu links to the page; a theme of the operator's own may read
// anything, so its pages render them in place.
func (s *Site) chromeParts(p *basePage) {
	if p.Reader != nil || s.theme.Custom() {
		return
	}
	c := p.chrome
	owner := partOwner{chrome: c.read}
	id := partID{name: "header", lang: p.Lang, baseURL: p.BaseURL, year: p.Year}
	if menusLink(p.Path, c.header, c.mobile) {
		id.key = p.Path
	}
	header, err := s.parts.part(owner, id, s.renderPart("header", p.Lang, p))
	if err != nil {
		return
	}
	id = partID{name: "footer", lang: p.Lang, baseURL: p.BaseURL, year: p.Year}
	if menusLink(p.Path, c.footer) {
		id.key = p.Path
	}
	footer, err := s.parts.part(owner, id, s.renderPart("footer", p.Lang, p))
	if err != nil {
		return
	}
	id = partID{name: "banners", lang: p.Lang, baseURL: p.BaseURL}
	banners, err := s.parts.part(owner, id, s.renderPart("banners", p.Lang, p))
	if err != nil {
		return
	}
	p.HeaderHTML, p.FooterHTML, p.BannersHTML = header, footer, banners
}

// newsletterPart renders the article page's newsletter form, which offers
// the alerts of the article's section, once per section.
func (s *Site) newsletterPart(p *articlePage) {
	if p.Reader != nil || s.theme.Custom() {
		return
	}
	id := partID{name: "newsletter-inline", lang: p.Lang, baseURL: p.BaseURL}
	if p.AlertSection != nil {
		id.key = p.AlertSection.ID
	}
	html, err := s.parts.part(partOwner{chrome: p.chrome.read}, id, s.renderPart("newsletter-inline", p.Lang, p))
	if err == nil {
		p.NewsletterHTML = html
	}
}

// menusLink reports whether an item of the menus, or of their submenus,
// links to path: the page is then marked current in them.
func menusLink(path string, menus ...[]news.MenuItem) bool {
	for _, items := range menus {
		for _, it := range items {
			if it.URL == path || menusLink(path, it.Children) {
				return true
			}
		}
	}
	return false
}

// columnMemo is the memo of an edition's latest columns: each edition
// has a list of newest stories of its own, which would otherwise take the
// place of the others' at every page.
func (s *Site) columnMemo(lang string) *partMemo {
	if m, ok := s.columns.Load(lang); ok {
		return m.(*partMemo)
	}
	m, _ := s.columns.LoadOrStore(lang, new(partMemo))
	return m.(*partMemo)
}

// PartCounts reports how many headers, footers and latest columns pages
// found rendered already and how many they rendered.
func (s *Site) PartCounts() (hits, misses uint64) {
	hits, misses = s.parts.hits.Load(), s.parts.misses.Load()
	s.columns.Range(func(_, m any) bool {
		hits += m.(*partMemo).hits.Load()
		misses += m.(*partMemo).misses.Load()
		return true
	})
	return hits, misses
}
