package feeds

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"

	"github.com/mastheadhq/masthead/internal/render"
)

// Reading other outlets' feeds, for the wire. RSS 2.0, RSS 1.0 (RDF),
// Atom 1.0 and JSON Feed 1.0/1.1 are read with the standard library's
// decoders (see docs/decisions.md: the feed-reading module on offer is
// not an approved release). Whatever a feed carries, what comes out is
// text: titles and summaries as plain text, addresses as given. Nothing
// of a feed is ever shown as HTML.

// Namespaces the reader recognises, besides those the writers use.
const (
	nsRSS1 = "http://purl.org/rss/1.0/"
	nsRDF  = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
)

// SummaryRunes is the longest summary ParseFeed keeps, in characters.
const SummaryRunes = 600

// ErrUnknownFormat is a document that is none of the feed formats read.
var ErrUnknownFormat = errors.New("not an RSS, Atom or JSON feed")

// ParseFeed reads a feed in any of the formats above. Items keep the
// feed's order; an item's ID is its guid or id, or its link when it has
// none. Summary is plain text of at most SummaryRunes characters;
// ContentHTML is the feed's full text as given (unsanitised: for
// counting, never for showing).
func ParseFeed(r io.Reader) (*Feed, error) {
	br := &peekReader{r: r}
	first, err := br.firstByte()
	if err != nil {
		return nil, fmt.Errorf("read feed: %w", err)
	}
	var f *Feed
	if first == '{' {
		f, err = parseJSONFeed(br)
	} else {
		f, err = parseXMLFeed(br)
	}
	if err != nil {
		return nil, err
	}
	for i := range f.Items {
		tidyItem(&f.Items[i])
	}
	return f, nil
}

// peekReader finds the first byte that is not white space or a byte
// order mark, and then reads from the start of the document.
type peekReader struct {
	r    io.Reader
	head []byte
}

func (p *peekReader) firstByte() (byte, error) {
	buf := make([]byte, 512)
	for {
		n, err := p.r.Read(buf)
		p.head = append(p.head, buf[:n]...)
		trimmed := bytes.TrimLeft(bytes.TrimPrefix(p.head, []byte("\xef\xbb\xbf")), " \t\r\n")
		if len(trimmed) > 0 {
			return trimmed[0], nil
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return 0, errors.New("the document is empty")
			}
			return 0, err
		}
	}
}

func (p *peekReader) Read(b []byte) (int, error) {
	if len(p.head) > 0 {
		n := copy(b, p.head)
		p.head = p.head[n:]
		return n, nil
	}
	return p.r.Read(b)
}

func tidyItem(it *Item) {
	it.Title = oneLine(render.PlainText(clean(it.Title)))
	it.Summary = render.Excerpt(clean(it.Summary), SummaryRunes)
	if it.Summary == "" && it.ContentHTML != "" {
		it.Summary = render.Excerpt(clean(it.ContentHTML), SummaryRunes)
	}
	it.URL = strings.TrimSpace(clean(it.URL))
	it.ID = strings.TrimSpace(clean(it.ID))
	if it.ID == "" {
		it.ID = it.URL
	}
	for i := range it.Authors {
		it.Authors[i].Name = oneLine(clean(it.Authors[i].Name))
	}
}

// clean drops what no database column takes: NUL characters (a JSON
// feed can carry them) and broken UTF-8.
func clean(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// parseXMLFeed walks the document's tokens: RSS 2.0 puts items in the
// channel, RSS 1.0 beside it, Atom names them entries.
func parseXMLFeed(r io.Reader) (*Feed, error) {
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel
	// Feeds written by hand or by HTML tools use HTML's named entities.
	d.Entity = xml.HTMLEntity
	root, err := nextStart(d)
	if err != nil {
		return nil, fmt.Errorf("read feed: %w", err)
	}
	f := &Feed{}
	switch {
	case root.Name.Local == "rss":
		err = readRSS(d, f)
	case root.Name.Local == "RDF" && root.Name.Space == nsRDF:
		err = readRSS(d, f)
	case root.Name.Local == "feed" && (root.Name.Space == nsAtom || root.Name.Space == ""):
		err = readAtomFeed(d, f)
	default:
		return nil, fmt.Errorf("%w (the document is <%s>)", ErrUnknownFormat, root.Name.Local)
	}
	if err != nil {
		return nil, fmt.Errorf("read feed: %w", err)
	}
	return f, nil
}

func nextStart(d *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return xml.StartElement{}, io.ErrUnexpectedEOF
			}
			return xml.StartElement{}, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se, nil
		}
	}
}

// rssElement reports whether a name is an RSS element: RSS 2.0 has no
// namespace, RSS 1.0 its own.
func rssElement(n xml.Name, local string) bool {
	return n.Local == local && (n.Space == "" || n.Space == nsRSS1)
}

// readRSS reads the rest of an RSS 2.0 or RSS 1.0 document: the
// channel's title, link and language, and every item wherever it sits.
func readRSS(d *xml.Decoder, f *Feed) error {
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			if depth > 0 {
				return io.ErrUnexpectedEOF
			}
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case rssElement(t.Name, "item"):
				it, err := readRSSItem(d, t)
				if err != nil {
					return err
				}
				f.Items = append(f.Items, it)
			case depth == 1 && rssElement(t.Name, "title"):
				if f.Title, err = text(d); err != nil {
					return err
				}
			case depth == 1 && rssElement(t.Name, "link") && f.HomeURL == "":
				if f.HomeURL, err = text(d); err != nil {
					return err
				}
			case depth == 1 && (rssElement(t.Name, "language") || (t.Name.Space == nsDublinCore && t.Name.Local == "language")):
				if f.Language, err = text(d); err != nil {
					return err
				}
			case depth == 0 && rssElement(t.Name, "channel"):
				depth++
			default:
				if err := d.Skip(); err != nil {
					return err
				}
			}
		case xml.EndElement:
			// The end of the root comes with depth 0; the decoder has
			// checked that tags balance.
			if depth > 0 {
				depth--
			} else {
				return nil
			}
		}
	}
}

func readRSSItem(d *xml.Decoder, start xml.StartElement) (Item, error) {
	var it Item
	for _, a := range start.Attr {
		if a.Name.Space == nsRDF && a.Name.Local == "about" {
			it.ID = a.Value
		}
	}
	var pubDate, dcDate, author string
	var alternate string
	for {
		tok, err := d.Token()
		if err != nil {
			return it, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := t.Name
			var err error
			switch {
			case rssElement(n, "title"):
				it.Title, err = text(d)
			case rssElement(n, "link"):
				it.URL, err = text(d)
			case n.Space == nsAtom && n.Local == "link":
				if href, rel := attr(t, "href"), attr(t, "rel"); href != "" && (rel == "" || rel == "alternate") && alternate == "" {
					alternate = href
				}
				err = d.Skip()
			case rssElement(n, "guid"):
				it.ID, err = text(d)
				if err == nil && attr(t, "isPermaLink") != "false" && it.URL == "" && isWebURL(it.ID) {
					it.URL = it.ID
				}
			case rssElement(n, "description"):
				it.Summary, err = text(d)
			case n.Space == nsContent && n.Local == "encoded":
				it.ContentHTML, err = text(d)
			case n.Space == nsDublinCore && n.Local == "creator":
				var name string
				name, err = text(d)
				if name = strings.TrimSpace(name); name != "" {
					it.Authors = append(it.Authors, Person{Name: name})
				}
			case rssElement(n, "author"):
				author, err = text(d)
			case rssElement(n, "pubDate"):
				pubDate, err = text(d)
			case n.Space == nsDublinCore && n.Local == "date":
				dcDate, err = text(d)
			default:
				err = d.Skip()
			}
			if err != nil {
				return it, err
			}
		case xml.EndElement:
			if it.URL == "" {
				it.URL = alternate
			}
			if len(it.Authors) == 0 {
				if name := rssAuthorName(author); name != "" {
					it.Authors = []Person{{Name: name}}
				}
			}
			it.Published = ParseDate(pubDate)
			if it.Published.IsZero() {
				it.Published = ParseDate(dcDate)
			}
			return it, nil
		}
	}
}

// rssAuthorName takes the name out of RSS's "email (Name)" form.
func rssAuthorName(s string) string {
	s = strings.TrimSpace(s)
	if i, j := strings.Index(s, "("), strings.LastIndex(s, ")"); i >= 0 && j > i {
		return strings.TrimSpace(s[i+1 : j])
	}
	return s
}

// foreign reports whether an element inside Atom belongs to an extension
// (media:title, say), which must not be taken for Atom's own.
func foreign(n xml.Name) bool { return n.Space != nsAtom && n.Space != "" }

func readAtomFeed(d *xml.Decoder, f *Feed) error {
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return io.ErrUnexpectedEOF
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if foreign(t.Name) {
				if err := d.Skip(); err != nil {
					return err
				}
				continue
			}
			switch t.Name.Local {
			case "entry":
				it, err := readAtomEntry(d)
				if err != nil {
					return err
				}
				f.Items = append(f.Items, it)
			case "title":
				if f.Title, err = readAtomText(d, t); err != nil {
					return err
				}
			case "link":
				if rel := attr(t, "rel"); (rel == "" || rel == "alternate") && f.HomeURL == "" {
					f.HomeURL = attr(t, "href")
				}
				if err := d.Skip(); err != nil {
					return err
				}
			default:
				if err := d.Skip(); err != nil {
					return err
				}
			}
		case xml.EndElement:
			return nil
		}
	}
}

func readAtomEntry(d *xml.Decoder) (Item, error) {
	var it Item
	var other string
	var published, updated string
	for {
		tok, err := d.Token()
		if err != nil {
			return it, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			var err error
			if foreign(t.Name) {
				if err := d.Skip(); err != nil {
					return it, err
				}
				continue
			}
			switch t.Name.Local {
			case "id":
				it.ID, err = text(d)
			case "title":
				it.Title, err = readAtomText(d, t)
			case "link":
				href, rel := attr(t, "href"), attr(t, "rel")
				switch {
				case rel == "" || rel == "alternate":
					if it.URL == "" {
						it.URL = href
					}
				case other == "" && rel != "self" && rel != "edit" && rel != "enclosure" && rel != "replies":
					other = href
				}
				err = d.Skip()
			case "summary":
				it.Summary, err = readAtomText(d, t)
			case "content":
				it.ContentHTML, err = readAtomText(d, t)
			case "author":
				var p Person
				p, err = readAtomPerson(d)
				if p.Name != "" {
					it.Authors = append(it.Authors, p)
				}
			case "published":
				published, err = text(d)
			case "updated":
				updated, err = text(d)
			default:
				err = d.Skip()
			}
			if err != nil {
				return it, err
			}
		case xml.EndElement:
			if it.URL == "" {
				it.URL = other
			}
			it.Published, it.Updated = ParseDate(published), ParseDate(updated)
			if it.Published.IsZero() {
				it.Published = it.Updated
			}
			return it, nil
		}
	}
}

func readAtomPerson(d *xml.Decoder) (Person, error) {
	var p Person
	for {
		tok, err := d.Token()
		if err != nil {
			return p, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "name":
				p.Name, err = text(d)
			case "uri":
				p.URL, err = text(d)
			default:
				err = d.Skip()
			}
			if err != nil {
				return p, err
			}
		case xml.EndElement:
			return p, nil
		}
	}
}

// atomText reads an Atom text construct. Text and escaped HTML come as
// character data; XHTML as markup, which is kept as markup so that it is
// read as HTML after.
func readAtomText(d *xml.Decoder, start xml.StartElement) (string, error) {
	if attr(start, "type") != "xhtml" {
		return text(d)
	}
	var inner struct {
		XML string `xml:",innerxml"`
	}
	if err := d.DecodeElement(&inner, &start); err != nil {
		return "", err
	}
	return inner.XML, nil
}

// text reads the character data up to the end of the element just
// started, including that of any elements inside it.
func text(d *xml.Decoder) (string, error) {
	var b strings.Builder
	depth := 0
	for {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth == 0 {
				return strings.TrimSpace(b.String()), nil
			}
			depth--
		}
	}
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

func isWebURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// jsonFeedIn is JSON Feed 1.0 and 1.1: 1.1 lists authors where 1.0 had
// one author.
type jsonFeedIn struct {
	Version     string `json:"version"`
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url"`
	Language    string `json:"language"`
	Items       []struct {
		ID            json.RawMessage `json:"id"`
		URL           string          `json:"url"`
		ExternalURL   string          `json:"external_url"`
		Title         string          `json:"title"`
		Summary       string          `json:"summary"`
		ContentHTML   string          `json:"content_html"`
		ContentText   string          `json:"content_text"`
		DatePublished string          `json:"date_published"`
		DateModified  string          `json:"date_modified"`
		Author        *jsonAuthorIn   `json:"author"`
		Authors       []jsonAuthorIn  `json:"authors"`
	} `json:"items"`
}

type jsonAuthorIn struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

func parseJSONFeed(r io.Reader) (*Feed, error) {
	var in jsonFeedIn
	if err := json.NewDecoder(r).Decode(&in); err != nil {
		return nil, fmt.Errorf("read JSON feed: %w", err)
	}
	if !strings.HasPrefix(in.Version, "https://jsonfeed.org/version/") {
		return nil, fmt.Errorf("%w (a JSON document without a JSON Feed version)", ErrUnknownFormat)
	}
	f := &Feed{Title: in.Title, HomeURL: in.HomePageURL, Language: in.Language}
	for _, ji := range in.Items {
		it := Item{ID: jsonID(ji.ID), URL: ji.URL, Title: ji.Title, Summary: ji.Summary, ContentHTML: ji.ContentHTML,
			Published: ParseDate(ji.DatePublished), Updated: ParseDate(ji.DateModified)}
		if it.URL == "" {
			it.URL = ji.ExternalURL
		}
		if it.ContentHTML == "" && ji.ContentText != "" {
			it.ContentHTML = ji.ContentText
		}
		authors := ji.Authors
		if len(authors) == 0 && ji.Author != nil {
			authors = []jsonAuthorIn{*ji.Author}
		}
		for _, a := range authors {
			if a.Name != "" {
				it.Authors = append(it.Authors, Person(a))
			}
		}
		f.Items = append(f.Items, it)
	}
	return f, nil
}

// jsonID reads an item id, which the specification says is a string
// but some feeds write as a number.
func jsonID(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// dateLayouts are the shapes dates take in feeds found in the wild:
// RFC 822 and its variants for RSS, RFC 3339 for Atom, JSON Feed and
// Dublin Core, and a few sloppier ones.
var dateLayouts = []string{
	time.RFC1123Z, time.RFC1123, time.RFC3339Nano, time.RFC3339,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 02 Jan 2006 15:04 -0700", "Mon, 2 Jan 2006 15:04 MST", "Mon, 2 Jan 06 15:04:05 -0700",
	"2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 MST", "02 Jan 2006 15:04 -0700",
	time.RFC822Z, time.RFC822,
	"Monday, 02-Jan-06 15:04:05 MST", "Mon, 2 January 2006 15:04:05 -0700",
	"2006-01-02T15:04:05-0700", "2006-01-02T15:04:05", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05",
	"2006-01-02T15:04Z07:00", "2006-01-02",
}

// ParseDate reads a feed's date in any of the common shapes, in UTC, or
// returns the zero time for one it cannot read.
func ParseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	if strings.HasSuffix(s, " UT") {
		s += "C" // RFC 822's name for UTC, which Go does not know
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
