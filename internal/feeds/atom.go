package feeds

import (
	"encoding/xml"
	"io"
	"time"
)

const contentTypeAtom = "application/atom+xml"

type atomFeed struct {
	XMLName   xml.Name      `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string        `xml:"xml:lang,attr,omitempty"`
	ID        string        `xml:"id"`
	Title     string        `xml:"title"`
	Subtitle  string        `xml:"subtitle,omitempty"`
	Updated   string        `xml:"updated"`
	Links     []atomLink    `xml:"link"`
	Authors   []atomPerson  `xml:"author"`
	Generator atomGenerator `xml:"generator"`
	Rights    string        `xml:"rights,omitempty"`
	Logo      string        `xml:"logo,omitempty"`
	Entries   []atomEntry   `xml:"entry"`
}

type atomGenerator struct {
	Name string `xml:",chardata"`
}

type atomLink struct {
	Rel    string `xml:"rel,attr"`
	Type   string `xml:"type,attr,omitempty"`
	Href   string `xml:"href,attr"`
	Length int64  `xml:"length,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary"`
	Content    *atomText      `xml:"content"`
}

// WriteAtom writes the feed as Atom 1.0 (RFC 4287). Every entry carries an
// author, the publication when the article has no byline, so that the
// entry stays valid when a reader copies it out of the feed. Dates are
// RFC 3339 in UTC.
func (f *Feed) WriteAtom(w io.Writer) error {
	updated := f.LastModified()
	if updated.IsZero() {
		// updated is required; an empty feed has changed at no known
		// time, and the epoch says so without pretending to be now.
		updated = time.Unix(0, 0)
	}
	doc := atomFeed{
		Lang:     f.Language,
		ID:       f.id(),
		Title:    f.Title,
		Subtitle: f.Description,
		Updated:  rfc3339(updated),
		Links: []atomLink{
			{Rel: "alternate", Type: "text/html", Href: f.HomeURL},
			{Rel: "self", Type: contentTypeAtom, Href: f.FeedURL},
		},
		Authors:   []atomPerson{{Name: f.Publisher, URI: f.PublisherURL}},
		Generator: atomGenerator{Name: Generator},
		Rights:    f.Copyright,
		Logo:      f.Logo,
		Entries:   make([]atomEntry, len(f.Items)),
	}
	for i := range f.Items {
		it := &f.Items[i]
		entry := atomEntry{
			ID:        it.ID,
			Title:     it.Title,
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: it.URL}},
			Published: rfc3339(it.Published),
			Updated:   rfc3339(it.Modified()),
		}
		for _, a := range it.Authors {
			entry.Authors = append(entry.Authors, atomPerson{Name: a.Name, URI: a.URL})
		}
		if len(entry.Authors) == 0 {
			entry.Authors = []atomPerson{{Name: f.Publisher, URI: f.PublisherURL}}
		}
		for _, c := range it.Categories {
			entry.Categories = append(entry.Categories, atomCategory{Term: c})
		}
		if it.Summary != "" {
			entry.Summary = &atomText{Type: "text", Body: it.Summary}
		}
		if it.ContentHTML != "" {
			entry.Content = &atomText{Type: "html", Body: it.ContentHTML}
		}
		if it.Image != nil {
			entry.Links = append(entry.Links, atomLink{Rel: "enclosure", Type: it.Image.Type, Href: it.Image.URL, Length: it.Image.Length})
		}
		doc.Entries[i] = entry
	}
	return writeXML(w, doc)
}
