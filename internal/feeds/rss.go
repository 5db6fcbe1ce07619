package feeds

import (
	"bufio"
	"encoding/xml"
	"io"
	"strings"
)

// Namespaces of the RSS extensions the feeds use.
const (
	nsContent     = "http://purl.org/rss/1.0/modules/content/"
	nsDublinCore  = "http://purl.org/dc/elements/1.1/"
	nsAtom        = "http://www.w3.org/2005/Atom"
	rssDocsURL    = "https://www.rssboard.org/rss-specification"
	contentTypeRS = "application/rss+xml"
)

// The RSS structs spell prefixed names ("dc:creator") literally:
// encoding/xml would otherwise declare a namespace on every element, which
// is valid but not what feed readers written against real-world RSS
// expect.
type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Self          rssSelf   `xml:"atom:link"`
	Language      string    `xml:"language,omitempty"`
	Copyright     string    `xml:"copyright,omitempty"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Generator     string    `xml:"generator"`
	Docs          string    `xml:"docs"`
	Image         *rssImage `xml:"image,omitempty"`
	Items         []rssItem `xml:"item"`
}

// rssSelf is the channel's atom:link rel="self", which the RSS Advisory
// Board recommends so that a copied feed still names its source.
type rssSelf struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssImage struct {
	URL   string `xml:"url"`
	Title string `xml:"title"`
	Link  string `xml:"link"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate"`
	Creator     string        `xml:"dc:creator,omitempty"`
	Categories  []string      `xml:"category"`
	Description string        `xml:"description"`
	Content     string        `xml:"content:encoded,omitempty"`
	Enclosure   *rssEnclosure `xml:"enclosure"`
}

// rssGUID says the id is not an address: the item's address can change
// with its slug or date, and its id must not.
type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length int64  `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

// WriteRSS writes the feed as RSS 2.0, with content:encoded for whole
// articles, dc:creator for bylines and an atom:link to itself. Dates are
// RFC 1123 with a numeric zone.
func (f *Feed) WriteRSS(w io.Writer) error {
	doc := rssDoc{
		Version: "2.0", NSContent: nsContent, NSDC: nsDublinCore, NSAtom: nsAtom,
		Channel: rssChannel{
			Title:       f.Title,
			Link:        f.HomeURL,
			Description: f.Description,
			Self:        rssSelf{Href: f.FeedURL, Rel: "self", Type: contentTypeRS},
			Language:    f.Language,
			Copyright:   f.Copyright,
			Generator:   Generator,
			Docs:        rssDocsURL,
			Items:       make([]rssItem, len(f.Items)),
		},
	}
	if doc.Channel.Description == "" {
		// description is required and readers show it under the title.
		doc.Channel.Description = f.Title
	}
	if last := f.LastModified(); !last.IsZero() {
		doc.Channel.LastBuildDate = rfc1123(last)
	}
	if f.Logo != "" {
		doc.Channel.Image = &rssImage{URL: f.Logo, Title: doc.Channel.Title, Link: f.HomeURL}
	}
	for i := range f.Items {
		it := &f.Items[i]
		item := rssItem{
			Title:       it.Title,
			Link:        it.URL,
			GUID:        rssGUID{IsPermaLink: "false", Value: it.ID},
			PubDate:     rfc1123(it.Published),
			Categories:  it.Categories,
			Description: rssText.Replace(it.Summary),
			Content:     it.ContentHTML,
		}
		item.Creator = byline(it.Authors)
		if it.Image != nil {
			item.Enclosure = &rssEnclosure{URL: it.Image.URL, Length: it.Image.Length, Type: it.Image.Type}
		}
		doc.Channel.Items[i] = item
	}
	return writeXML(w, doc)
}

// byline joins a shared byline into one dc:creator. Dublin Core allows
// the element to repeat, but feed readers (gofeed among them) show only
// the first, which would drop every co-author.
func byline(authors []Person) string {
	names := make([]string, len(authors))
	for i, a := range authors {
		names[i] = a.Name
	}
	return strings.Join(names, ", ")
}

// writeXML writes the XML declaration and v through a buffer, so that the
// many small writes encoding/xml makes reach w as a few large ones.
func writeXML(w io.Writer, v any) error {
	bw := bufio.NewWriterSize(w, 32<<10)
	if _, err := bw.WriteString(xml.Header); err != nil {
		return err
	}
	if err := xml.NewEncoder(bw).Encode(v); err != nil {
		return err
	}
	if err := bw.WriteByte('\n'); err != nil {
		return err
	}
	return bw.Flush()
}

// rssText escapes plain text for an item's description, which feed
// readers show as HTML: a standfirst that reads "<script>" must reach
// them as text, not as markup. (Atom says type="text"; JSON Feed's
// summary is plain text by its specification.)
var rssText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
