// Package wpimport brings a WordPress site into Masthead from the WXR file
// WordPress's Tools → Export writes: posts, pages, attachments, authors,
// categories and tags, with redirects from every address the site
// answered. It reads the file as a stream, one item at a time, and
// records what it imported by WordPress id, so that running it again
// updates rather than doubles, and a run that was stopped can be finished.
package wpimport

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/htmlindex"
)

// Site is what the export says about the site it came from (the RSS
// channel's header).
type Site struct {
	Title       string
	Link        string
	Description string
	Language    string
	WXRVersion  string // "1.0", "1.1" or "1.2"
	BaseSiteURL string // the network's address on multisite, else the site's
	BaseBlogURL string // the site's own address, e.g. https://news.example
}

// Author is a WordPress user who wrote something in the export.
type Author struct {
	ID          int64 // absent (zero) in WXR 1.0
	Login       string
	Email       string
	DisplayName string
	FirstName   string
	LastName    string
}

// Term is a category, a tag or a term of another taxonomy.
type Term struct {
	ID          int64
	Taxonomy    string // "category", "post_tag", or another taxonomy's name
	Slug        string // WordPress's "nicename"; may be percent-encoded
	Parent      string // the parent's slug; empty at the top
	Name        string
	Description string
}

// Item is one post, page, attachment or other record of the export.
type Item struct {
	Line          int // where the item starts in the file, for messages
	Title         string
	Link          string // its permalink as WordPress gave it
	Creator       string // the author's login
	GUID          string
	Content       string
	Excerpt       string
	ID            int64
	PostDate      string // local time, "2006-01-02 15:04:05"
	PostDateGMT   string // "0000-00-00 00:00:00" when never published
	ModifiedGMT   string
	Name          string // the slug (post_name)
	Status        string // publish, draft, pending, future, private, inherit, trash…
	Parent        int64
	MenuOrder     int
	Type          string // post, page, attachment, nav_menu_item…
	Password      string
	Sticky        bool
	AttachmentURL string
	Terms         []ItemTerm
	Meta          []Meta
	// Comments counts the item's comments; ApprovedComments those
	// WordPress showed. Their text is not kept: Masthead has no comments.
	Comments         int
	ApprovedComments int
}

// ItemTerm is a category, tag or other term an item is filed under.
type ItemTerm struct {
	Domain   string // the taxonomy: "category", "post_tag", "post_format"…
	Nicename string // the term's slug
	Name     string
}

// Meta is one of an item's custom fields (wp:postmeta).
type Meta struct {
	Key, Value string
}

// MetaValue returns the value of the item's first custom field named key.
func (it *Item) MetaValue(key string) (string, bool) {
	for _, m := range it.Meta {
		if m.Key == key {
			return m.Value, true
		}
	}
	return "", false
}

// Visitor receives an export's parts in file order. Site comes first,
// once, before any author, term or item; a nil function skips its part.
// An error returned by a function stops the reading and is returned.
type Visitor struct {
	Site   func(Site) error
	Author func(Author) error
	Term   func(Term) error
	Item   func(Item) error
}

// FormatError says where and why a file is not a readable WordPress
// export.
type FormatError struct {
	Line, Column int
	Reason       string
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Reason)
}

// maxText bounds one element's text, so that a damaged or hostile file
// cannot make the reader hold more than one item's worth of memory. The
// largest post bodies real sites hold are a few megabytes.
const maxText = 64 << 20

// Namespaces of the elements the reader knows, besides the wp: and
// excerpt: ones, whose URIs carry the WXR version.
const (
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsWPBase  = "http://wordpress.org/export/"
)

var supportedVersions = map[string]bool{"1.0": true, "1.1": true, "1.2": true}

// Read reads a WXR export from r, element by element, handing each part to
// v as soon as it is complete: memory holds one item at a time, whatever
// the file's size. A file that is not well-formed XML, is not a WordPress
// export, or declares a DOCTYPE (whose entities could expand without
// bound) is a *FormatError naming the line.
func Read(r io.Reader, v Visitor) error {
	d := xml.NewDecoder(r)
	d.Strict = true
	d.CharsetReader = charsetReader
	rd := &reader{d: d, v: v}
	return rd.document()
}

func charsetReader(label string, input io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, fmt.Errorf("the file declares the encoding %q, which is not known", label)
	}
	return enc.NewDecoder().Reader(input), nil
}

type reader struct {
	d        *xml.Decoder
	v        Visitor
	site     Site
	siteSent bool
	// cut, when not zero, is where a part of the file read on its own
	// ends (scanInParts): the input stops there, between two children of
	// the channel.
	cut int64
}

// fail makes a FormatError at the decoder's current position.
func (r *reader) fail(format string, args ...any) error {
	line, col := r.d.InputPos()
	return &FormatError{Line: line, Column: col, Reason: fmt.Sprintf(format, args...)}
}

// token returns the next token, turning the decoder's errors into
// FormatErrors.
func (r *reader) token() (xml.Token, error) {
	tok, err := r.d.Token()
	if err != nil {
		return nil, r.wrap(err)
	}
	return tok, nil
}

// wrap turns a decoder error into a FormatError, an early end of file
// into a clear one.
func (r *reader) wrap(err error) error {
	if errors.Is(err, io.EOF) {
		return r.fail("the file ends before the export does: it is truncated")
	}
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		line, col := r.d.InputPos()
		reason := syn.Msg
		switch {
		case strings.Contains(reason, "unexpected EOF"):
			reason = "the file ends in the middle of an element: it is truncated"
		case reason == "invalid UTF-8":
			reason = "invalid UTF-8: the text is not in the encoding the file declares (UTF-8 unless it says otherwise); it was saved in another one"
		}
		return &FormatError{Line: syn.Line, Column: colIfSameLine(syn.Line, line, col), Reason: reason}
	}
	return r.fail("%v", err)
}

func colIfSameLine(errLine, line, col int) int {
	if errLine == line {
		return col
	}
	return 0
}

// document reads up to the root element, which must be <rss>, then the
// channel, then makes sure nothing but comments follows.
func (r *reader) document() error {
	for {
		tok, err := r.d.Token()
		if errors.Is(err, io.EOF) {
			return r.fail("the file holds no XML element: it is empty or not XML")
		}
		if err != nil {
			return r.wrap(err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return r.directive(t)
		case xml.StartElement:
			if t.Name.Local != "rss" || t.Name.Space != "" {
				return r.fail("this is not a WordPress export: its root element is <%s>, not <rss>", t.Name.Local)
			}
			if err := r.rss(); err != nil {
				return err
			}
			return r.trailer()
		}
	}
}

func (r *reader) directive(t xml.Directive) error {
	if strings.HasPrefix(strings.TrimSpace(string(t)), "DOCTYPE") {
		return r.fail("the file declares a DOCTYPE; WordPress exports have none, and the entities one may declare can expand without bound, so it is refused")
	}
	return r.fail("the file holds an XML declaration <!%s…> that WordPress exports never have", firstWord(string(t)))
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

func (r *reader) trailer() error {
	for {
		tok, err := r.d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return r.wrap(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return r.fail("an element <%s> follows the end of the export", t.Name.Local)
		case xml.Directive:
			return r.directive(t)
		}
	}
}

// rss reads the root's children: the channel, and nothing else of use.
func (r *reader) rss() error {
	sawChannel := false
	for {
		tok, err := r.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "channel" && t.Name.Space == "" && !sawChannel {
				sawChannel = true
				if err := r.channel(); err != nil {
					return err
				}
				continue
			}
			if err := r.skip(); err != nil {
				return err
			}
		case xml.EndElement:
			if !sawChannel {
				return r.fail("this is not a WordPress export: <rss> holds no <channel>")
			}
			return nil
		case xml.Directive:
			return r.directive(t)
		}
	}
}

func (r *reader) skip() error {
	if err := r.d.Skip(); err != nil {
		return r.wrap(err)
	}
	return nil
}

// isWP reports whether space is a WXR wp: namespace and returns its
// version ("1.2" for http://wordpress.org/export/1.2/).
func isWP(space string) (string, bool) {
	rest, ok := strings.CutPrefix(space, nsWPBase)
	if !ok {
		return "", false
	}
	version, ok := strings.CutSuffix(rest, "/")
	if !ok || strings.Contains(version, "/") {
		return "", false
	}
	return version, true
}

func isExcerpt(space string) bool {
	rest, ok := strings.CutPrefix(space, nsWPBase)
	return ok && strings.HasSuffix(rest, "/excerpt/")
}

// channel reads the site's header, then the authors, terms and items, in
// whatever order they come.
func (r *reader) channel() error {
	for {
		end := r.d.InputOffset()
		tok, err := r.d.Token()
		if err != nil {
			if r.cut != 0 && end == r.cut {
				return errCut
			}
			return r.wrap(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := r.channelChild(t); err != nil {
				return err
			}
		case xml.EndElement:
			return r.sendSite()
		case xml.Directive:
			return r.directive(t)
		}
	}
}

func (r *reader) channelChild(t xml.StartElement) error {
	name := t.Name
	if version, ok := isWP(name.Space); ok {
		return r.wpChannelChild(t, version)
	}
	if name.Space == "" {
		switch name.Local {
		case "title":
			return r.textInto(&r.site.Title)
		case "link":
			return r.textInto(&r.site.Link)
		case "description":
			return r.textInto(&r.site.Description)
		case "language":
			return r.textInto(&r.site.Language)
		case "item":
			return r.item()
		}
	}
	return r.skip()
}

func (r *reader) wpChannelChild(t xml.StartElement, version string) error {
	switch t.Name.Local {
	case "wxr_version":
		if err := r.textInto(&r.site.WXRVersion); err != nil {
			return err
		}
		r.site.WXRVersion = strings.TrimSpace(r.site.WXRVersion)
		if !supportedVersions[r.site.WXRVersion] {
			return r.fail("WXR version %q is not one this importer reads (1.0, 1.1 or 1.2)", r.site.WXRVersion)
		}
		if version != r.site.WXRVersion {
			return r.fail("the file says WXR version %s but uses the namespace of version %s", r.site.WXRVersion, version)
		}
		return nil
	case "base_site_url":
		return r.textInto(&r.site.BaseSiteURL)
	case "base_blog_url":
		return r.textInto(&r.site.BaseBlogURL)
	case "author":
		return r.author()
	case "category":
		return r.term("category")
	case "tag":
		return r.term("post_tag")
	case "term":
		return r.term("")
	}
	return r.skip()
}

// sendSite hands the header to the visitor once, after checking that the
// file is a WordPress export at all: an RSS feed has the same shape but
// no wp:wxr_version.
func (r *reader) sendSite() error {
	if r.siteSent {
		return nil
	}
	if r.site.WXRVersion == "" {
		return r.fail("this is not a WordPress export: the channel has no <wp:wxr_version> (an ordinary RSS feed, perhaps)")
	}
	r.site.BaseSiteURL = strings.TrimSpace(r.site.BaseSiteURL)
	r.site.BaseBlogURL = strings.TrimSpace(r.site.BaseBlogURL)
	r.site.Link = strings.TrimSpace(r.site.Link)
	r.siteSent = true
	if r.v.Site != nil {
		return r.v.Site(r.site)
	}
	return nil
}

// text reads the character data of the element just opened, up to its
// end. Elements nested inside text (which WordPress never writes) are
// skipped.
func (r *reader) text() (string, error) {
	var b strings.Builder
	for {
		tok, err := r.token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if b.Len()+len(t) > maxText {
				return "", r.fail("an element holds more than %d MiB of text", maxText>>20)
			}
			b.Write(t)
		case xml.StartElement:
			if err := r.skip(); err != nil {
				return "", err
			}
		case xml.EndElement:
			return b.String(), nil
		case xml.Directive:
			return "", r.directive(t)
		}
	}
}

func (r *reader) textInto(dst *string) error {
	s, err := r.text()
	*dst = s
	return err
}

// intInto reads a whole number that may not be negative (ids).
func (r *reader) intInto(dst *int64, what string) error {
	return r.wholeNumber(dst, what, false)
}

// intIntoSigned reads a whole number that may be negative (menu_order).
func (r *reader) intIntoSigned(dst *int64, what string) error {
	return r.wholeNumber(dst, what, true)
}

// wholeNumber reads the element's text as a whole number; empty text is 0.
func (r *reader) wholeNumber(dst *int64, what string, signed bool) error {
	s, err := r.text()
	if err != nil {
		return err
	}
	s = strings.TrimSpace(s)
	if s == "" {
		*dst = 0
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || (n < 0 && !signed) {
		return r.fail("%s %q is not a whole number", what, s)
	}
	*dst = n
	return nil
}

// children calls fn for each child element of the element just opened,
// up to its end. fn must consume the child, up to and including its end.
func (r *reader) children(fn func(xml.StartElement) error) error {
	for {
		tok, err := r.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := fn(t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		case xml.Directive:
			return r.directive(t)
		}
	}
}

func (r *reader) author() error {
	if err := r.sendSite(); err != nil {
		return err
	}
	var a Author
	err := r.children(func(t xml.StartElement) error {
		if _, ok := isWP(t.Name.Space); !ok {
			return r.skip()
		}
		switch t.Name.Local {
		case "author_id":
			return r.intInto(&a.ID, "wp:author_id")
		case "author_login":
			return r.textInto(&a.Login)
		case "author_email":
			return r.textInto(&a.Email)
		case "author_display_name":
			return r.textInto(&a.DisplayName)
		case "author_first_name":
			return r.textInto(&a.FirstName)
		case "author_last_name":
			return r.textInto(&a.LastName)
		}
		return r.skip()
	})
	if err != nil {
		return err
	}
	if strings.TrimSpace(a.Login) == "" {
		return r.fail("a <wp:author> has no login")
	}
	if r.v.Author != nil {
		return r.v.Author(a)
	}
	return nil
}

// term reads a wp:category, wp:tag or wp:term; taxonomy is empty for
// wp:term, which names its own.
func (r *reader) term(taxonomy string) error {
	if err := r.sendSite(); err != nil {
		return err
	}
	t := Term{Taxonomy: taxonomy}
	err := r.children(func(el xml.StartElement) error {
		if _, ok := isWP(el.Name.Space); !ok {
			return r.skip()
		}
		switch el.Name.Local {
		case "term_id":
			return r.intInto(&t.ID, "wp:term_id")
		case "term_taxonomy":
			return r.textInto(&t.Taxonomy)
		case "category_nicename", "tag_slug", "term_slug":
			return r.textInto(&t.Slug)
		case "category_parent", "term_parent":
			return r.textInto(&t.Parent)
		case "cat_name", "tag_name", "term_name":
			return r.textInto(&t.Name)
		case "category_description", "tag_description", "term_description":
			return r.textInto(&t.Description)
		}
		return r.skip()
	})
	if err != nil {
		return err
	}
	t.Slug, t.Parent = strings.TrimSpace(t.Slug), strings.TrimSpace(t.Parent)
	if t.Slug == "" {
		return r.fail("a term has no slug")
	}
	if t.Taxonomy == "" {
		return r.fail("the term %q names no taxonomy", t.Slug)
	}
	if r.v.Term != nil {
		return r.v.Term(t)
	}
	return nil
}

func (r *reader) item() error {
	if err := r.sendSite(); err != nil {
		return err
	}
	line, _ := r.d.InputPos()
	it := Item{Line: line}
	err := r.children(func(el xml.StartElement) error { return r.itemChild(&it, el) })
	if err != nil {
		return err
	}
	if it.ID == 0 {
		return &FormatError{Line: line, Reason: "an <item> has no wp:post_id"}
	}
	if r.v.Item != nil {
		return r.v.Item(it)
	}
	return nil
}

func (r *reader) itemChild(it *Item, el xml.StartElement) error {
	name := el.Name
	switch {
	case name.Space == "":
		return r.rssItemChild(it, el)
	case name.Space == nsContent && name.Local == "encoded":
		return r.textInto(&it.Content)
	case isExcerpt(name.Space) && name.Local == "encoded":
		return r.textInto(&it.Excerpt)
	case name.Space == nsDC && name.Local == "creator":
		return r.textInto(&it.Creator)
	}
	if _, ok := isWP(name.Space); ok {
		return r.wpItemChild(it, el)
	}
	return r.skip()
}

func (r *reader) rssItemChild(it *Item, el xml.StartElement) error {
	switch el.Name.Local {
	case "title":
		return r.textInto(&it.Title)
	case "link":
		if err := r.textInto(&it.Link); err != nil {
			return err
		}
		it.Link = strings.TrimSpace(it.Link)
		return nil
	case "guid":
		return r.textInto(&it.GUID)
	case "category":
		return r.itemTerm(it, el)
	}
	return r.skip()
}

func (r *reader) itemTerm(it *Item, el xml.StartElement) error {
	var t ItemTerm
	for _, a := range el.Attr {
		switch a.Name.Local {
		case "domain":
			t.Domain = a.Value
		case "nicename":
			t.Nicename = a.Value
		}
	}
	if err := r.textInto(&t.Name); err != nil {
		return err
	}
	// WXR 1.0 also lists each category without attributes; the
	// attributed entry carries everything.
	if t.Domain == "" || t.Nicename == "" {
		return nil
	}
	it.Terms = append(it.Terms, t)
	return nil
}

func (r *reader) wpItemChild(it *Item, el xml.StartElement) error {
	switch el.Name.Local {
	case "post_id":
		return r.intInto(&it.ID, "wp:post_id")
	case "post_date":
		return r.textInto(&it.PostDate)
	case "post_date_gmt":
		return r.textInto(&it.PostDateGMT)
	case "post_modified_gmt":
		return r.textInto(&it.ModifiedGMT)
	case "post_name":
		return r.textInto(&it.Name)
	case "status":
		return r.trimmedInto(&it.Status)
	case "post_parent":
		return r.intInto(&it.Parent, "wp:post_parent")
	case "menu_order":
		var n int64
		err := r.intIntoSigned(&n, "wp:menu_order")
		it.MenuOrder = int(n)
		return err
	case "post_type":
		return r.trimmedInto(&it.Type)
	case "post_password":
		return r.textInto(&it.Password)
	case "is_sticky":
		var n int64
		err := r.intInto(&n, "wp:is_sticky")
		it.Sticky = n != 0
		return err
	case "attachment_url":
		if err := r.textInto(&it.AttachmentURL); err != nil {
			return err
		}
		it.AttachmentURL = strings.TrimSpace(it.AttachmentURL)
		return nil
	case "postmeta":
		return r.postmeta(it)
	case "comment":
		return r.comment(it)
	}
	return r.skip()
}

func (r *reader) trimmedInto(dst *string) error {
	err := r.textInto(dst)
	*dst = strings.TrimSpace(*dst)
	return err
}

func (r *reader) postmeta(it *Item) error {
	var m Meta
	err := r.children(func(el xml.StartElement) error {
		if _, ok := isWP(el.Name.Space); ok {
			switch el.Name.Local {
			case "meta_key":
				return r.textInto(&m.Key)
			case "meta_value":
				return r.textInto(&m.Value)
			}
		}
		return r.skip()
	})
	if err != nil {
		return err
	}
	it.Meta = append(it.Meta, m)
	return nil
}

// comment counts a comment, keeping only whether WordPress showed it.
func (r *reader) comment(it *Item) error {
	var approved string
	err := r.children(func(el xml.StartElement) error {
		if _, ok := isWP(el.Name.Space); ok && el.Name.Local == "comment_approved" {
			return r.textInto(&approved)
		}
		return r.skip()
	})
	if err != nil {
		return err
	}
	it.Comments++
	if strings.TrimSpace(approved) == "1" {
		it.ApprovedComments++
	}
	return nil
}
