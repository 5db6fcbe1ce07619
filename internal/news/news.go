// Package news holds Masthead's domain: the things a publication is made
// of (articles, categories, tags, authors, pages, images, menus, settings),
// the rules about them (statuses, slugs, reading time, visibility) and the
// kinds of error every layer above speaks in. It knows nothing of SQL or HTTP.
package news

import (
	"errors"
	"time"
)

// Error kinds. Storage and use-case layers wrap these so that the web layer
// can map them to a status in one place.
var (
	ErrNotFound  = errors.New("not found")
	ErrConflict  = errors.New("conflict")
	ErrInvalid   = errors.New("invalid")
	ErrForbidden = errors.New("forbidden")
)

// Status is where an article or page stands in the editorial workflow.
type Status string

// The statuses of the editorial workflow: draft → review → scheduled →
// published → unpublished. Only published content whose publication time
// has come is shown to readers.
const (
	StatusDraft       Status = "draft"
	StatusReview      Status = "review" // submitted, waiting for an editor
	StatusScheduled   Status = "scheduled"
	StatusPublished   Status = "published"
	StatusUnpublished Status = "unpublished" // taken down after publication
)

// Statuses lists every status in workflow order.
var Statuses = []Status{StatusDraft, StatusReview, StatusScheduled, StatusPublished, StatusUnpublished}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, known := range Statuses {
		if s == known {
			return true
		}
	}
	return false
}

// Article is one story: news, opinion, interview, reprint or translation.
type Article struct {
	ID         int64
	Title      string
	Slug       string
	Standfirst string // the dek shown under the title
	Body       string // sanitised HTML
	WordCount  int    // derived from Body when it is saved
	Status     Status

	PublishedAt time.Time // UTC; for scheduled articles, when they go live
	UpdatedAt   time.Time // UTC; last substantive edit shown to readers
	CreatedAt   time.Time // UTC

	// Categories holds the primary category first, then any extra ones.
	Categories []Category
	Tags       []Tag
	Authors    []Author
	Image      *Image // featured image; nil when there is none

	Source Attribution

	// Lang is the article's edition (a BCP 47 code); empty is the
	// publication's default language.
	Lang string
	// TranslationGroup links an article with its translations: all carry
	// the id of the group's first article; zero is an article on its own.
	TranslationGroup int64
	// TranslatedFrom is the article this one was translated from, and
	// TranslatorID the staff account that started the translation; zero
	// when not a translation made in the newsroom.
	TranslatedFrom int64
	TranslatorID   int64

	SEOTitle       string
	SEODescription string

	// Version counts the article's saves. UpdateArticle refuses a save
	// that names a version other than the stored one, so an editor who
	// worked on a stale copy cannot overwrite a colleague's save.
	Version int
}

// PrimaryCategory returns the article's first category, or false when it
// has none.
func (a Article) PrimaryCategory() (Category, bool) {
	if len(a.Categories) == 0 {
		return Category{}, false
	}
	return a.Categories[0], true
}

// VisibleAt reports whether readers may see the article at time now.
func (a Article) VisibleAt(now time.Time) bool {
	return a.Status == StatusPublished && !a.PublishedAt.After(now)
}

// ReadingMinutes is the article's reading time, rounded up, never zero.
func (a Article) ReadingMinutes() int { return ReadingMinutes(a.WordCount) }

// WasUpdated reports whether the article changed meaningfully after it was
// published, so that pages show an "Updated" date.
func (a Article) WasUpdated() bool {
	return a.UpdatedAt.Sub(a.PublishedAt) > time.Hour
}

// WordsPerMinute is the reading speed used for reading times: the common
// figure for adults reading non-fiction on screen.
const WordsPerMinute = 230

// ReadingMinutes converts a word count into whole minutes of reading,
// rounded up and at least one.
func ReadingMinutes(words int) int {
	m := (words + WordsPerMinute - 1) / WordsPerMinute
	if m < 1 {
		return 1
	}
	return m
}

// AttributionKind says whether an article is original, a reprint of
// another outlet's piece, or a translation of one.
type AttributionKind string

// Kinds of attribution.
const (
	Original    AttributionKind = ""
	Reprint     AttributionKind = "reprint"
	Translation AttributionKind = "translation"
)

// Attribution credits the original of a reprint or translation.
type Attribution struct {
	Kind           AttributionKind
	Publication    string // e.g. "Eurasia Daily Monitor"
	URL            string // the original's address
	Language       string // BCP 47 code of the original, e.g. "az"
	Translator     string
	OriginalAuthor string
	Note           string // licence or permission note
	// Canonical asks search engines to credit the original: the page's
	// canonical link names URL instead of the article's own address.
	Canonical bool
}

// IsZero reports whether the article is original work.
func (a Attribution) IsZero() bool { return a.Kind == Original }

// Category is one node of the section tree (News > Economy).
type Category struct {
	ID          int64
	ParentID    int64 // zero for a top-level category
	Name        string
	Slug        string
	Description string
	Position    int // order among its siblings
}

// Tag is a topic that cuts across sections, such as COP29 or Karabakh.
type Tag struct {
	ID          int64
	Name        string
	Slug        string
	Description string
}

// SocialLink is an account on another network.
type SocialLink struct {
	Network string // e.g. "x", "facebook", "telegram", "youtube", "website"
	URL     string
}

// Author is a byline: a staff member, contributor or guest writer.
type Author struct {
	ID     int64
	Name   string
	Slug   string
	Bio    string
	Email  string
	Avatar *Image
	Links  []SocialLink
}

// Page is a static page such as the Privacy Policy or "Who we are".
type Page struct {
	ID          int64
	Title       string
	Slug        string
	Body        string // sanitised HTML
	Status      Status
	PublishedAt time.Time
	UpdatedAt   time.Time
}

// Image is an uploaded picture with the words that go with it everywhere it
// is used, and the resized variants made from it.
type Image struct {
	ID        int64
	Path      string // storage key of the original
	MIME      string
	Width     int
	Height    int
	Alt       string
	Caption   string
	Credit    string
	Variants  []Variant // ordered by width, smallest first
	CreatedAt time.Time
	// UploadedBy is the id of the staff account that uploaded the image,
	// or zero when unknown (imports, the demo, images older than the
	// record): it decides who may edit the words as "their own".
	UploadedBy int64
}

// Variant is a resized copy of an image. Each scaled width may come in
// several formats (JPEG, and WebP for browsers that take it); MIME tells
// them apart.
type Variant struct {
	Path   string // storage key
	MIME   string
	Width  int
	Height int
	// Crop marks a variant cut to a fixed shape (the 1200×630 social card)
	// rather than scaled to a width.
	Crop bool
}

// Menu names used by the default theme.
const (
	MenuHeader = "header"
	MenuFooter = "footer"
	MenuMobile = "mobile"
)

// MenuItem is one entry of a menu; items nest through ParentID.
type MenuItem struct {
	ID       int64
	ParentID int64
	Label    string
	URL      string
	Position int
	Children []MenuItem // filled by BuildMenu, not stored
}

// Banner is a "Useful links" image link.
type Banner struct {
	ID       int64
	Title    string
	URL      string
	Image    *Image
	Position int
}

// Settings are the publication's identity and preferences.
type Settings struct {
	Name         string
	Tagline      string
	About        string // the footer's "who we are" paragraph
	ContactEmail string
	Copyright    string
	BaseURL      string // absolute address, e.g. https://aze.media
	Language     string // BCP 47 code of the default edition
	TimeZone     string // IANA name; times are shown in it
	Social       []SocialLink
	Logo         *Image
	ConsentText  string // the cookie/privacy bar's sentence
	// FeedFullText puts whole articles in the feeds. Off, feeds carry the
	// standfirst or an excerpt, so that readers come to the site to read on.
	FeedFullText bool
}

// Location returns the publication's time zone, falling back to UTC when
// the name is unknown.
func (s Settings) Location() *time.Location {
	if s.TimeZone == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// ArticlePath is the article's reader address, dated in the publication's
// zone: /2026/11/29/slug/.
func ArticlePath(a Article, loc *time.Location) string {
	return a.PublishedAt.In(loc).Format("/2006/01/02/") + a.Slug + "/"
}
