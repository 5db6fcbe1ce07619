package site

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/theme"
	"github.com/mastheadhq/masthead/internal/web"
)

// chrome is what every page shows around its content: identity, menus,
// sections and banners.
type chrome struct {
	settings news.Settings
	loc      *time.Location
	tree     *news.CategoryTree
	header   []news.MenuItem
	mobile   []news.MenuItem
	footer   []news.MenuItem
	banners  []news.Banner
	baseURL  string

	// edition is the language this chrome is for, prefix its addresses'
	// ("" for the default, "/az" …); editions lists every edition, the
	// default first; byLang holds each further edition's chrome.
	edition  news.Edition
	prefix   string
	editions []news.Edition
	byLang   map[string]*chrome
	// dates writes dates in the edition's language.
	dates *theme.Theme
	// read is allocated anew by each readChrome and shared by the chromes
	// of all editions read with it: partMemo names a chrome by it.
	read *chromeRead
}

// chromeRead stands for one read of the chrome. It has a size, so that
// each one allocated has an address of its own.
type chromeRead struct{ _ byte }

// readChrome reads the chrome from the store; loadChrome (chrome_cache.go)
// is what pages call.
func (s *Site) readChrome(ctx context.Context) (chrome, error) {
	var c chrome
	var err error
	c.settings, err = s.store.Settings(ctx)
	if err != nil && !errors.Is(err, news.ErrNotFound) {
		return c, err
	}
	if c.settings.Name == "" {
		c.settings.Name = "Masthead"
	}
	c.loc = c.settings.Location()
	c.dates = s.theme
	c.read = new(chromeRead)
	cats, err := s.store.AllCategories(ctx)
	if err != nil {
		return c, err
	}
	c.tree = news.NewCategoryTree(cats)
	for name, dst := range map[string]*[]news.MenuItem{news.MenuHeader: &c.header, news.MenuMobile: &c.mobile, news.MenuFooter: &c.footer} {
		items, err := s.store.Menu(ctx, name)
		if err != nil {
			return c, fmt.Errorf("menu %s: %w", name, err)
		}
		*dst = news.BuildMenu(items)
	}
	if c.banners, err = s.store.AllBanners(ctx); err != nil {
		return c, err
	}
	editions, err := s.store.Editions(ctx)
	if err != nil {
		return c, err
	}
	names, err := s.store.CategoryNames(ctx)
	if err != nil {
		return c, err
	}
	err = addEditions(&c, editions, names, cats, func(name string) ([]news.MenuItem, error) { return s.store.Menu(ctx, name) })
	return c, err
}

// link is a label and an address.
type link struct {
	Label string
	URL   string
}

// menuItem is a menu entry as the templates show it.
type menuItem struct {
	Label    string
	URL      string
	Current  bool
	Children []menuItem
}

func menuView(items []news.MenuItem, path string) []menuItem {
	out := make([]menuItem, len(items))
	for i, it := range items {
		out[i] = menuItem{Label: it.Label, URL: it.URL, Current: it.URL == path, Children: menuView(it.Children, path)}
	}
	return out
}

// dateView is a moment as text for readers and as ISO 8601 for machines.
type dateView struct {
	Text string
	ISO  string
}

// dateIn shows a moment in the publication's zone, in the words of the
// chrome's edition.
func (c chrome) dateIn(t time.Time) dateView {
	if c.dates == nil {
		return dateIn(t, c.loc)
	}
	lt := t.In(c.loc)
	return dateView{Text: c.dates.Date(c.edition.Code, lt), ISO: lt.Format(time.RFC3339)}
}

func dateIn(t time.Time, loc *time.Location) dateView {
	lt := t.In(loc)
	return dateView{Text: lt.Format("January 2, 2006"), ISO: lt.Format(time.RFC3339)}
}

// imageView is an image ready for an <img>: a default source, responsive
// variants and the words that go with it. WebPSrcset, when set, is offered
// first through <picture>; Srcset then lists the JPEG fallbacks.
type imageView struct {
	Src        string
	Srcset     string
	WebPSrcset string
	Sizes      string
	Width      int
	Height     int
	Alt        string
	Caption    string
	Credit     string
	Lazy       bool
}

// imageFor picks the JPEG (or other fallback) variant nearest to width for
// src and lists every scaled variant in srcset, WebP ones apart, so the
// browser fetches only what it needs in the best format it reads. Images
// stored before WebP variants were made simply have no WebP set.
func imageFor(img *news.Image, width int, sizes string, lazy bool) *imageView {
	if img == nil {
		return nil
	}
	v := &imageView{
		Src: media.URL(img.Path), Width: img.Width, Height: img.Height,
		Alt: img.Alt, Caption: img.Caption, Credit: img.Credit, Sizes: sizes, Lazy: lazy,
	}
	var set, webp []string
	chosen := false
	for _, va := range img.Variants {
		if va.Crop {
			continue
		}
		candidate := media.URL(va.Path) + " " + strconv.Itoa(va.Width) + "w"
		if va.MIME == "image/webp" {
			webp = append(webp, candidate)
			continue
		}
		set = append(set, candidate)
		if !chosen || va.Width <= width {
			v.Src, v.Width, v.Height = media.URL(va.Path), va.Width, va.Height
			chosen = true
		}
	}
	if len(set) > 1 {
		v.Srcset = strings.Join(set, ", ")
	}
	switch {
	case len(webp) > 1:
		v.WebPSrcset = strings.Join(webp, ", ")
	case len(webp) == 1:
		// One candidate needs no width, and so no sizes.
		v.WebPSrcset = strings.Fields(webp[0])[0]
	}
	if len(set) <= 1 && len(webp) <= 1 {
		v.Sizes = ""
	}
	return v
}

// absoluteURL makes a page's address of an image (src, from imageFor or
// socialImage) absolute for metadata: a linked image's already is.
func absoluteURL(base, src string) string {
	if media.IsLinked(src) {
		return src
	}
	return base + src
}

// socialImage returns the 1200×630 card cut of an image when there is one.
func socialImage(img *news.Image) (src string, w, h int) {
	if img == nil {
		return "", 0, 0
	}
	for _, va := range img.Variants {
		if va.Crop {
			return media.URL(va.Path), va.Width, va.Height
		}
	}
	return media.URL(img.Path), img.Width, img.Height
}

// card is an article as lists and teasers show it.
type card struct {
	ID         int64
	Title      string
	URL        string
	Standfirst string
	Category   *link
	Date       dateView
	Minutes    int
	Image      *imageView
	Authors    []link
	// Lang is the article's edition when it is not the default, for a
	// lang attribute on teasers shown among another language's.
	Lang string
	// Bookmark is the Save button, set for signed-in readers.
	Bookmark *bookmarkView
}

const (
	sizesCard  = "(min-width: 64em) 22rem, (min-width: 40em) 45vw, 100vw"
	sizesThumb = "6rem"
	sizesLead  = "(min-width: 64em) 46rem, 100vw"
)

func (c chrome) card(a news.Article, imageWidth int, sizes string, lazy bool) card {
	out := card{
		ID: a.ID, Title: a.Title, URL: articlePath(a, c.loc), Standfirst: a.Standfirst, Lang: a.Lang,
		Date: c.dateIn(a.PublishedAt), Minutes: a.ReadingMinutes(),
		Image: imageFor(a.Image, imageWidth, sizes, lazy),
	}
	if pc, ok := a.PrimaryCategory(); ok {
		out.Category = &link{Label: c.sectionName(pc), URL: c.categoryPath(pc.ID)}
	}
	for _, au := range a.Authors {
		out.Authors = append(out.Authors, link{Label: au.Name, URL: c.authorPath(au)})
	}
	return out
}

func (c chrome) cards(list []news.Article, imageWidth int, sizes string, lazy bool) []card {
	out := make([]card, len(list))
	for i, a := range list {
		out[i] = c.card(a, imageWidth, sizes, lazy)
	}
	return out
}

// articlePath is an article's canonical address: its publication date in
// the publication's time zone, then its slug, as WordPress permalinks are.
// An article of a further edition lives under the edition's prefix,
// wherever it is linked from.
func articlePath(a news.Article, loc *time.Location) string {
	if a.Lang != "" {
		return "/" + a.Lang + news.ArticlePath(a, loc)
	}
	return news.ArticlePath(a, loc)
}

func (c chrome) categoryPath(id int64) string {
	return c.prefix + "/category/" + c.tree.Path(id) + "/"
}

func (c chrome) tagPath(t news.Tag) string       { return c.prefix + tagPath(t) }
func (c chrome) authorPath(a news.Author) string { return c.prefix + authorPath(a) }

func tagPath(t news.Tag) string       { return "/tag/" + t.Slug + "/" }
func authorPath(a news.Author) string { return "/author/" + a.Slug + "/" }
func pagePath(p news.Page) string     { return "/" + p.Slug + "/" }

// requestBaseURL is the publication's absolute address: the configured one,
// or the one the request came in on.
func requestBaseURL(settings news.Settings, r *http.Request) string {
	if settings.BaseURL != "" {
		return strings.TrimRight(settings.BaseURL, "/")
	}
	scheme := "http"
	if web.IsTLS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// shareLinks are plain links to each network's share form: no scripts and
// no trackers are loaded until the reader chooses to share.
func shareLinks(pageURL, title string) []link {
	u, t := url.QueryEscape(pageURL), url.QueryEscape(title)
	return []link{
		{"X", "https://twitter.com/intent/tweet?url=" + u + "&text=" + t},
		{"Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + u},
		{"LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=" + u},
		{"Telegram", "https://t.me/share/url?url=" + u + "&text=" + t},
		{"WhatsApp", "https://wa.me/?text=" + url.QueryEscape(title+" "+pageURL)},
		{"Email", "mailto:?subject=" + url.PathEscape(title) + "&body=" + url.PathEscape(pageURL)},
	}
}
