package feeds

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Limits from the sitemap protocol (sitemaps.org) and Google News.
const (
	// MaxSitemapURLs is how many addresses one sitemap, or one sitemap
	// index, may list.
	MaxSitemapURLs = 50_000
	// MaxNewsURLs is how many articles one Google News sitemap may list.
	MaxNewsURLs = 1_000
	// maxLocLength is the longest address a sitemap may hold.
	maxLocLength = 2048
)

// ContentTypeXML is the content type sitemaps are served with.
const ContentTypeXML = "application/xml; charset=utf-8"

const (
	nsSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"
	nsNews    = "http://www.google.com/schemas/sitemap-news/0.9"
	nsXHTML   = "http://www.w3.org/1999/xhtml"
)

// ErrSitemapFull is returned by Add when the sitemap already lists as
// many entries as it may; the caller should have split it.
var ErrSitemapFull = errors.New("sitemap full")

// URL is one address in a sitemap.
type URL struct {
	Loc     string
	LastMod time.Time // zero to leave lastmod out
	News    *NewsArticle
	// Alternates are the address in other languages, the address itself
	// included, as Google reads them (xhtml:link rel="alternate").
	Alternates []Alternate
}

// Alternate is a page's address in one language; Lang may be "x-default".
type Alternate struct {
	Lang string
	Href string
}

type xhtmlLink struct {
	Rel      string `xml:"rel,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// NewsArticle is what a Google News sitemap says about an article.
type NewsArticle struct {
	Publication string // the publication's name, as it appears in Google News
	Language    string // BCP 47; written as Google News wants, see NewsLanguage
	Published   time.Time
	Title       string
}

// Sitemap is one entry of a sitemap index.
type Sitemap struct {
	Loc     string
	LastMod time.Time // zero to leave lastmod out
}

type urlEntry struct {
	Loc     string      `xml:"loc"`
	LastMod string      `xml:"lastmod,omitempty"`
	News    *newsEntry  `xml:"news:news"`
	Links   []xhtmlLink `xml:"xhtml:link"`
}

type newsEntry struct {
	Publication     newsPublication `xml:"news:publication"`
	PublicationDate string          `xml:"news:publication_date"`
	Title           string          `xml:"news:title"`
}

type newsPublication struct {
	Name     string `xml:"news:name"`
	Language string `xml:"news:language"`
}

type sitemapEntry struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// stream writes one XML document element by element: the root opens on
// the first entry (or on Close, for an empty document), each entry is
// encoded as it comes, and nothing but a write buffer is held, whatever
// the number of entries.
type stream struct {
	bw      *bufio.Writer
	enc     *xml.Encoder
	root    xml.StartElement
	entry   xml.StartElement
	max     int
	n       int
	started bool
	closed  bool
}

func newStream(w io.Writer, root string, attrs []xml.Attr, entry string, max int) *stream {
	bw := bufio.NewWriterSize(w, 64<<10)
	return &stream{
		bw:    bw,
		enc:   xml.NewEncoder(bw),
		root:  xml.StartElement{Name: xml.Name{Local: root}, Attr: attrs},
		entry: xml.StartElement{Name: xml.Name{Local: entry}},
		max:   max,
	}
}

func (s *stream) start() error {
	if s.started {
		return nil
	}
	s.started = true
	if _, err := s.bw.WriteString(xml.Header); err != nil {
		return err
	}
	if err := s.enc.EncodeToken(s.root); err != nil {
		return err
	}
	if err := s.enc.Flush(); err != nil {
		return err
	}
	return s.bw.WriteByte('\n')
}

func (s *stream) add(v any, loc string) error {
	if s.closed {
		return errors.New("sitemap: add after close")
	}
	if s.n >= s.max {
		return fmt.Errorf("%w: %d entries", ErrSitemapFull, s.max)
	}
	if loc == "" || len(loc) > maxLocLength || !strings.Contains(loc, "://") {
		return fmt.Errorf("sitemap: %q is not an absolute address of at most %d bytes", loc, maxLocLength)
	}
	if err := s.start(); err != nil {
		return err
	}
	// EncodeElement flushes the encoder into bw, so the newline written
	// straight to bw lands after the element.
	if err := s.enc.EncodeElement(v, s.entry); err != nil {
		return err
	}
	s.n++
	return s.bw.WriteByte('\n')
}

func (s *stream) close() error {
	if s.closed {
		return nil
	}
	if err := s.start(); err != nil {
		return err
	}
	s.closed = true
	if err := s.enc.EncodeToken(s.root.End()); err != nil {
		return err
	}
	if err := s.enc.Flush(); err != nil {
		return err
	}
	if err := s.bw.WriteByte('\n'); err != nil {
		return err
	}
	return s.bw.Flush()
}

// URLSet writes a sitemap (a urlset) one address at a time, so that its
// size in memory does not grow with the number of addresses.
type URLSet struct {
	s    *stream
	news bool
}

// NewURLSet starts a sitemap written to w. Nothing is written until the
// first Add or Close.
func NewURLSet(w io.Writer) *URLSet {
	attrs := []xml.Attr{{Name: xml.Name{Local: "xmlns"}, Value: nsSitemap}, {Name: xml.Name{Local: "xmlns:xhtml"}, Value: nsXHTML}}
	return &URLSet{s: newStream(w, "urlset", attrs, "url", MaxSitemapURLs)}
}

// NewNewsURLSet starts a Google News sitemap written to w: a sitemap with
// the news namespace, holding at most MaxNewsURLs articles, each of which
// must carry a NewsArticle.
func NewNewsURLSet(w io.Writer) *URLSet {
	attrs := []xml.Attr{
		{Name: xml.Name{Local: "xmlns"}, Value: nsSitemap},
		{Name: xml.Name{Local: "xmlns:news"}, Value: nsNews},
	}
	return &URLSet{s: newStream(w, "urlset", attrs, "url", MaxNewsURLs), news: true}
}

// Add writes one address. It returns ErrSitemapFull past the limit.
func (u *URLSet) Add(url URL) error {
	e := urlEntry{Loc: url.Loc}
	for _, a := range url.Alternates {
		e.Links = append(e.Links, xhtmlLink{Rel: "alternate", HrefLang: a.Lang, Href: a.Href})
	}
	if !url.LastMod.IsZero() {
		e.LastMod = rfc3339(url.LastMod)
	}
	switch {
	case u.news && url.News == nil:
		return fmt.Errorf("sitemap: news entry %s without its news fields", url.Loc)
	case !u.news && url.News != nil:
		return fmt.Errorf("sitemap: news fields for %s in a sitemap without the news namespace", url.Loc)
	case url.News != nil:
		e.News = &newsEntry{
			Publication:     newsPublication{Name: url.News.Publication, Language: NewsLanguage(url.News.Language)},
			PublicationDate: rfc3339(url.News.Published),
			Title:           url.News.Title,
		}
	}
	return u.s.add(e, url.Loc)
}

// Len returns how many addresses have been written.
func (u *URLSet) Len() int { return u.s.n }

// Close ends the document and flushes it to the writer. It does not close
// the writer.
func (u *URLSet) Close() error { return u.s.close() }

// Index writes a sitemap index one sitemap at a time.
type Index struct{ s *stream }

// NewIndex starts a sitemap index written to w.
func NewIndex(w io.Writer) *Index {
	attrs := []xml.Attr{{Name: xml.Name{Local: "xmlns"}, Value: nsSitemap}}
	return &Index{s: newStream(w, "sitemapindex", attrs, "sitemap", MaxSitemapURLs)}
}

// Add writes one sitemap's entry.
func (x *Index) Add(sm Sitemap) error {
	e := sitemapEntry{Loc: sm.Loc}
	if !sm.LastMod.IsZero() {
		e.LastMod = rfc3339(sm.LastMod)
	}
	return x.s.add(e, sm.Loc)
}

// Close ends the index and flushes it to the writer.
func (x *Index) Close() error { return x.s.close() }

// NewsLanguage turns a BCP 47 tag into the code Google News expects: the
// ISO 639 language alone ("en-GB" is "en"), except Chinese, which Google
// tells apart by script: "zh-cn" for Simplified, "zh-tw" for Traditional.
func NewsLanguage(tag string) string {
	tag = strings.ToLower(strings.ReplaceAll(tag, "_", "-"))
	lang, rest, _ := strings.Cut(tag, "-")
	if lang != "zh" {
		return lang
	}
	for _, sub := range strings.Split(rest, "-") {
		switch sub {
		case "hant", "tw", "hk", "mo":
			return "zh-tw"
		}
	}
	return "zh-cn"
}
