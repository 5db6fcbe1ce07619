package wpimport

import (
	"fmt"
	"io"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// Index is what the first pass learns of an export, small enough to keep
// whatever the file's size: the site, its authors and terms, one line per
// item, and the attachments that posts may name by id or address before
// the attachment itself comes in the file.
type Index struct {
	Site   Site
	Source string // the site's address, normalised: the mappings' key
	// BasePath is the site's path below its host ("/news" for a site at
	// https://example.org/news), which every old address starts with.
	BasePath string

	Authors     map[string]Author // by login
	Categories  map[string]Term   // by slug
	Tags        map[string]Term   // by slug
	OtherTerms  map[string]int    // terms of other taxonomies, by taxonomy
	Attachments map[int64]*Attachment
	// Items holds the type and status of every item, for questions such
	// as "is this attachment's parent a post we import?".
	Items map[int64]ItemRef
	// Found counts items by type, then by WordPress status.
	Found map[string]map[string]int
	Total int // items in the file

	byFile   map[string]int64  // attachment by file below uploads
	children map[int64][]int64 // attachments by parent item
}

// ItemRef is what the index keeps of every item.
type ItemRef struct {
	Type, Status string
}

// Attachment is what the index keeps of an attachment: enough to import
// it when a post needs it, wherever it stands in the file.
type Attachment struct {
	ID, Parent    int64
	Title, Name   string
	Link, URL     string
	File          string // below wp-content/uploads, e.g. "2024/03/boat.jpg"
	Alt, Caption  string
	Credit        string
	Width, Height int
	Date          string // post_date_gmt
}

// Scan is the first pass: it reads the whole export, checking that it is
// a readable WordPress export from start to end, and returns its Index.
// Nothing is written anywhere.
func Scan(r io.Reader) (*Index, error) {
	ix := newIndex()
	err := Read(r, Visitor{Site: ix.site, Author: ix.author, Term: ix.term, Item: ix.item})
	if err != nil {
		return nil, err
	}
	return ix, nil
}

func newIndex() *Index {
	return &Index{
		Authors: map[string]Author{}, Categories: map[string]Term{}, Tags: map[string]Term{},
		OtherTerms: map[string]int{}, Attachments: map[int64]*Attachment{}, Items: map[int64]ItemRef{},
		Found: map[string]map[string]int{}, byFile: map[string]int64{}, children: map[int64][]int64{},
	}
}

func (ix *Index) author(a Author) error {
	ix.Authors[a.Login] = a
	return nil
}

func (ix *Index) site(s Site) error {
	ix.Site = s
	addr := s.BaseBlogURL
	if addr == "" {
		addr = s.Link
	}
	u, err := url.Parse(addr)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return &FormatError{Reason: fmt.Sprintf("the export names no usable site address (wp:base_blog_url %q)", addr)}
	}
	ix.BasePath = strings.TrimRight(u.Path, "/")
	// http and https, upper and lower case, are one site.
	ix.Source = strings.ToLower(u.Host) + ix.BasePath
	return nil
}

func (ix *Index) term(t Term) error {
	switch t.Taxonomy {
	case "category":
		ix.Categories[t.Slug] = t
	case "post_tag":
		ix.Tags[t.Slug] = t
	default:
		ix.OtherTerms[t.Taxonomy]++
	}
	return nil
}

func (ix *Index) item(it Item) error {
	ix.Total++
	if ix.Found[it.Type] == nil {
		ix.Found[it.Type] = map[string]int{}
	}
	ix.Found[it.Type][it.Status]++
	ix.Items[it.ID] = ItemRef{Type: it.Type, Status: it.Status}
	if it.Type == "attachment" {
		a := attachmentOf(it)
		ix.Attachments[a.ID] = a
		if a.File != "" {
			ix.byFile[a.File] = a.ID
		}
		if a.Parent != 0 {
			ix.children[a.Parent] = append(ix.children[a.Parent], a.ID)
		}
	}
	return nil
}

func attachmentOf(it Item) *Attachment {
	a := &Attachment{ID: it.ID, Parent: it.Parent, Title: strings.TrimSpace(it.Title), Name: it.Name,
		Link: it.Link, URL: it.AttachmentURL, Caption: strings.TrimSpace(it.Excerpt), Date: it.PostDateGMT}
	a.File, _ = it.MetaValue("_wp_attached_file")
	if a.File == "" {
		a.File = uploadsPath(a.URL)
	}
	a.File = strings.TrimPrefix(path.Clean("/"+a.File), "/")
	alt, _ := it.MetaValue("_wp_attachment_image_alt")
	a.Alt = strings.TrimSpace(alt)
	if meta, ok := it.MetaValue("_wp_attachment_metadata"); ok {
		a.Width, a.Height, a.Credit = imageMeta(meta)
	}
	return a
}

// uploadsPath returns the part of a media address below wp-content/uploads,
// or "" when it is not there.
func uploadsPath(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return ""
	}
	_, rest, ok := strings.Cut(u.Path, "/wp-content/uploads/")
	if !ok {
		return ""
	}
	return rest
}

// Fields of the serialised PHP array WordPress keeps in
// _wp_attachment_metadata: the original's size comes first, the credit
// inside image_meta. Reading these three needs no PHP unserialiser.
var (
	metaWidth  = regexp.MustCompile(`^a:\d+:\{s:5:"width";i:(\d+);s:6:"height";i:(\d+);`)
	metaCredit = regexp.MustCompile(`s:6:"credit";s:\d+:"([^"]*)";`)
)

func imageMeta(meta string) (width, height int, credit string) {
	if m := metaWidth.FindStringSubmatch(meta); m != nil {
		width, _ = strconv.Atoi(m[1])
		height, _ = strconv.Atoi(m[2])
	}
	if m := metaCredit.FindStringSubmatch(meta); m != nil {
		credit = strings.TrimSpace(m[1])
	}
	return width, height, credit
}

// sizeSuffix matches the "-300x200" WordPress adds to a resized copy's
// name, and the "-scaled" of an original it shrank on upload.
var sizeSuffix = regexp.MustCompile(`-(?:(\d+)x(\d+)|scaled)$`)

// AttachmentByURL finds the attachment an address refers to, whether it
// names the original or one of WordPress's resized copies, and returns
// the width asked for (0 for the original).
func (ix *Index) AttachmentByURL(addr string) (*Attachment, int) {
	rel := uploadsPath(addr)
	if rel == "" {
		return nil, 0
	}
	if id, ok := ix.byFile[rel]; ok {
		return ix.Attachments[id], 0
	}
	ext := path.Ext(rel)
	stem := strings.TrimSuffix(rel, ext)
	m := sizeSuffix.FindStringSubmatchIndex(stem)
	if m == nil {
		return nil, 0
	}
	width := 0
	if m[2] >= 0 {
		width, _ = strconv.Atoi(stem[m[2]:m[3]])
	}
	original := stem[:m[0]] + ext
	if id, ok := ix.byFile[original]; ok {
		return ix.Attachments[id], width
	}
	// A "-scaled" original has its own resized copies.
	if id, ok := ix.byFile[stem[:m[0]]+"-scaled"+ext]; ok {
		return ix.Attachments[id], width
	}
	return nil, 0
}
