// Package feeds writes what machines read from a publication: RSS 2.0,
// Atom 1.0 and JSON Feed 1.1 feeds, and sitemaps with Google News's
// extension. It is pure: it takes a description of a feed or a stream of
// sitemap entries and writes bytes, knowing nothing of the store or HTTP.
// Every address it is given must already be absolute.
package feeds

import (
	"strings"
	"time"
)

// Content types of the three feed formats, as the site serves them.
const (
	ContentTypeRSS  = "application/rss+xml; charset=utf-8"
	ContentTypeAtom = "application/atom+xml; charset=utf-8"
	ContentTypeJSON = "application/feed+json; charset=utf-8"
)

// Generator names the software in feeds that have a place for it.
const Generator = "Masthead"

// Feed is one feed: what it follows and its newest items.
type Feed struct {
	Title       string
	Description string
	Language    string // BCP 47, e.g. "en" or "az"
	// HomeURL is the page the feed follows: the home page, or a section,
	// topic or author page.
	HomeURL string
	// FeedURL is the feed's own address, which feed readers subscribe to.
	FeedURL string
	// ID identifies the feed in Atom; FeedURL when empty.
	ID string
	// Publisher is the publication's name. Atom requires an author for
	// every entry, and an article without a byline is the publication's.
	Publisher    string
	PublisherURL string // the publication's home page
	Copyright    string
	Logo         string // absolute address of the publication's logo, or ""
	// Updated is when anything in the feed last changed; when zero, the
	// newest item's time is used.
	Updated time.Time
	Items   []Item
}

// Item is one article in a feed.
type Item struct {
	// ID identifies the item for good, across changes of address: see
	// TagURI. Feed readers show an item again as new when its id changes.
	ID    string
	URL   string // the article's address
	Title string
	// Summary is plain text: the standfirst or an excerpt.
	Summary string
	// ContentHTML is the whole article, HTML with absolute addresses, or
	// "" when the feed carries only summaries.
	ContentHTML string
	Published   time.Time
	Updated     time.Time // zero when never updated
	Authors     []Person
	Categories  []string // section and topic names
	Image       *Enclosure
}

// Person is an author with the address of their page.
type Person struct {
	Name string
	URL  string
}

// Enclosure is a file attached to an item: the featured image.
type Enclosure struct {
	URL  string
	Type string // MIME type
	// Length is the file's size in bytes, or 0 when unknown; RSS requires
	// the attribute and accepts 0 for that.
	Length int64
}

// Modified is when the item last changed: its update time, or its
// publication time when it was not updated after it.
func (it *Item) Modified() time.Time {
	if it.Updated.After(it.Published) {
		return it.Updated
	}
	return it.Published
}

// LastModified is when the feed last changed: Updated when set, else the
// newest Modified among the items, else the zero time.
func (f *Feed) LastModified() time.Time {
	if !f.Updated.IsZero() {
		return f.Updated
	}
	var last time.Time
	for i := range f.Items {
		if m := f.Items[i].Modified(); m.After(last) {
			last = m
		}
	}
	return last
}

func (f *Feed) id() string {
	if f.ID != "" {
		return f.ID
	}
	return f.FeedURL
}

// TagURI builds a tag URI (RFC 4151), such as
// "tag:aze.media,2025-03-14:article/42": an identifier that stays the same
// when an article's address changes with its slug or date, unlike the
// address itself. authority is a domain the publisher held on date.
func TagURI(authority string, date time.Time, specific string) string {
	return "tag:" + strings.ToLower(authority) + "," + date.UTC().Format(time.DateOnly) + ":" + specific
}

// rfc3339 formats t for Atom, JSON Feed and sitemaps, in UTC.
func rfc3339(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}

// rfc1123 formats t as RSS 2.0 requires (RFC 822 with a four-digit year
// and a numeric zone), in UTC.
func rfc1123(t time.Time) string {
	return t.UTC().Format(time.RFC1123Z)
}
