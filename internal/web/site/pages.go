package site

import (
	"context"
	"encoding/json"
	"html/template"
	"net/http"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/render"
)

// basePage is what every page template receives: the publication's
// identity and navigation, and the page's own metadata.
type basePage struct {
	chrome chrome
	// ctx is the request's, for work done while rendering (the Save
	// buttons' state).
	ctx context.Context

	Site      news.Settings
	Lang      string
	Dir       string // "ltr" or "rtl"
	HomeURL   string // the edition's front page
	SearchURL string
	// Editions is the language switcher; empty with one edition.
	Editions []editionLink
	// Alternates are the page in other languages (hreflang), with
	// x-default; ReadIn the same as links for readers.
	Alternates  []alternate
	ReadIn      []editionLink
	Title       string // the page's own title; the layout adds the site name
	Description string
	Canonical   string // absolute
	Path        string
	BaseURL     string
	NoIndex     bool
	PrevURL     string
	NextURL     string
	Feeds       []feedLink // <link rel="alternate"> to the feeds of what the page shows

	HeaderMenu  []menuItem
	MobileMenu  []menuItem
	FooterMenu  []menuItem
	Sections    []link
	Social      []link
	Banners     []bannerView
	Logo        *imageView
	ShowConsent bool
	Breadcrumbs []link
	Year        int
	OG          openGraph
	JSONLD      []template.JS
	// Reader is the signed-in reader, only on requests that carry the
	// reader cookie: pages for everyone else are the same for all.
	Reader *readerView
	// HeaderHTML, FooterHTML and BannersHTML are the header, footer and
	// banners rendered already (Site.chromeParts); when empty the layout
	// renders them.
	HeaderHTML, FooterHTML, BannersHTML template.HTML
}

// openGraph holds the tags that link previews are made from.
type openGraph struct {
	Type          string
	Image         string
	ImageWidth    int
	ImageHeight   int
	ImageAlt      string
	PublishedTime string
	ModifiedTime  string
	Section       string
	Authors       []string
	Tags          []string
}

type bannerView struct {
	Title string
	URL   string
	Image *imageView
}

// consentCookie remembers the reader's answer to the privacy notice
// (see consentValue); while it is absent the notice is shown.
const consentCookie = "consent"

func (s *Site) base(r *http.Request) (basePage, error) {
	c, err := s.chromeFor(r.Context())
	if err != nil {
		return basePage{}, err
	}
	c.baseURL = requestBaseURL(c.settings, r)
	path := c.prefix + r.URL.Path
	p := basePage{
		chrome: c, ctx: r.Context(), Site: c.settings, Lang: c.edition.Code, Dir: c.edition.Dir, Path: path, BaseURL: c.baseURL,
		HomeURL: c.prefix + "/", SearchURL: c.prefix + "/search",
		Canonical:   c.baseURL + path,
		HeaderMenu:  menuView(c.header, path),
		MobileMenu:  menuView(c.mobile, path),
		FooterMenu:  menuView(c.footer, path),
		Logo:        imageFor(c.settings.Logo, 480, "", false),
		Year:        s.now().In(c.loc).Year(),
		OG:          openGraph{Type: "website"},
		Description: c.settings.Tagline,
		Feeds:       siteFeedLinks(c),
	}
	p.ShowConsent = !hasCookie(r, consentCookie)
	if len(c.editions) > 1 {
		for _, e := range c.editions {
			u := "/"
			if e.Code != c.editions[0].Code {
				u = "/" + e.Code + "/"
			}
			p.Editions = append(p.Editions, editionLink{Code: e.Code, Name: e.Name, URL: u, Current: e.Code == c.edition.Code})
		}
	}
	if p.Reader, err = s.readerView(r); err != nil {
		return basePage{}, err
	}
	for _, cat := range c.tree.Roots() {
		p.Sections = append(p.Sections, link{Label: cat.Name, URL: c.categoryPath(cat.ID)})
	}
	for _, l := range c.settings.Social {
		p.Social = append(p.Social, link{Label: networkName(l.Network), URL: l.URL})
	}
	for _, b := range c.banners {
		p.Banners = append(p.Banners, bannerView{Title: b.Title, URL: b.URL, Image: imageFor(b.Image, 640, "18rem", true)})
	}
	if src, w, h := socialImage(c.settings.Logo); src != "" {
		p.OG.Image, p.OG.ImageWidth, p.OG.ImageHeight = absoluteURL(c.baseURL, src), w, h
	}
	s.chromeParts(&p)
	return p, nil
}

// addJSONLD appends a structured-data object. encoding/json escapes <, >
// and &, so no value can close the script element.
func (p *basePage) addJSONLD(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	p.JSONLD = append(p.JSONLD, template.JS(b))
}

// homePage is the front page.
type homePage struct {
	basePage
	Lead    *card
	Latest  []card
	Opinion []card
	Blocks  []sectionBlock
}

type sectionBlock struct {
	Name     string
	URL      string
	Articles []card
}

// articlePage is one story with everything around it.
type articlePage struct {
	basePage
	Article       articleView
	RelatedInline []card
	Related       []card
	// Latest is the column of newest stories, rendered (columnMemo).
	Latest template.HTML
	// LatestMark surrounds the Latest column when the page cache keeps
	// it apart (pagecache.FragmentMark); empty otherwise.
	LatestMark template.HTML
	// Preview marks an unpublished article shown through a signed link.
	Preview bool
	// Bookmark is the Save button, for signed-in readers.
	Bookmark *bookmarkView
	// AlertSection is the article's section, offered in its newsletter form.
	AlertSection *choiceView
	// NewsletterHTML is that form rendered already (Site.newsletterPart).
	NewsletterHTML template.HTML
}

type articleView struct {
	Title      string
	Standfirst string
	Body       template.HTML
	URL        string
	Category   *link
	Tags       []link
	Authors    []authorView
	Published  dateView
	Updated    dateView
	WasUpdated bool
	Minutes    int
	Words      int
	Image      *imageView
	Source     *sourceView
	TOC        []render.Heading
	Share      []link
}

type authorView struct {
	Name   string
	URL    string
	Bio    string
	Avatar *imageView
	Links  []link
}

type sourceView struct {
	Kind           string // "Reprint" or "Translation"
	Publication    string
	URL            string
	Language       string
	Translator     string
	OriginalAuthor string
	Note           string
}

// listingPage is a paginated list of articles: a section, topic or author.
type listingPage struct {
	basePage
	Kind        string // "category", "tag" or "author"
	Heading     string
	Intro       string
	Author      *authorView
	Subsections []link
	Articles    []card
	Pagination  pagination
	// Follow is the Follow button, for signed-in readers.
	Follow *followView
}

type pagination struct {
	Page    int
	Pages   int
	PrevURL string
	NextURL string
	Links   []pageLink
	// More says that there are pages after Pages, not counted.
	More bool
}

type pageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// staticPage is a page such as the Privacy Policy.
type staticPage struct {
	basePage
	Heading string
	Body    template.HTML
	Updated dateView
}

// errorPage is the designed 404 or 500 page.
type errorPage struct {
	basePage
	Status int
	Latest []card
}

// signInPage is the reader sign-in form.
type signInPage struct {
	basePage
	Problem string
	Email   string
	Next    string // where to go once signed in
}

// Language is the page's language, which picks the theme's catalogue.
func (p basePage) Language() string { return p.Lang }
