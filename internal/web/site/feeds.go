package site

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/mastheadhq/masthead/internal/feeds"
	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/render"
	"github.com/mastheadhq/masthead/internal/store"
)

// feedItems is how many articles a feed carries: enough for a reader who
// checks once a day on a busy site, small enough to answer quickly.
const feedItems = 20

// feedExcerptRunes is the length of the excerpt that stands in for a
// missing standfirst.
const feedExcerptRunes = 300

// machineCacheControl lets a CDN or feed reader keep feeds and sitemaps
// for a minute: a breaking story still reaches them quickly, and after
// that a conditional request costs the server no bytes.
const machineCacheControl = "public, max-age=60"

// feedFormat is one of the formats a feed is written in.
type feedFormat string

const (
	formatRSS  feedFormat = "rss"
	formatAtom feedFormat = "atom"
	formatJSON feedFormat = "json"
)

// feedFormats maps the segment after "feed/" to a format. The empty
// segment and WordPress's "rss2" and "rss" are RSS, so that feed readers
// subscribed to a WordPress site keep working after a migration.
var feedFormats = map[string]feedFormat{
	"": formatRSS, "rss2": formatRSS, "rss": formatRSS,
	"atom": formatAtom, "json": formatJSON,
}

// feedSuffix is where a listing's feed in the given format lives,
// relative to the listing: "feed/", "feed/atom/" or "feed/json/".
func feedSuffix(f feedFormat) string {
	if f == formatRSS {
		return "feed/"
	}
	return "feed/" + string(f) + "/"
}

// splitFeed separates a trailing "feed" or "feed/<format>" from a
// category path, reporting whether there was one.
func splitFeed(p string) (string, feedFormat, bool) {
	if catPath, ok := strings.CutSuffix(p, "/feed"); ok {
		return catPath, formatRSS, true
	}
	i := strings.LastIndex(p, "/feed/")
	if i <= 0 {
		return "", "", false
	}
	format, ok := feedFormats[p[i+len("/feed/"):]]
	return p[:i], format, ok
}

// feedScope is what a feed follows: the whole site or one listing.
type feedScope struct {
	name        string // the section, topic or author; "" for the site
	description string
	path        string // the listing's address, "/" for the site
	filter      store.ArticleFilter
	deps        []string // the change keys of the list the feed follows
}

// siteFeed serves /feed/ and /feed/<format>/: the newest articles of the
// whole publication.
func (s *Site) siteFeed(w http.ResponseWriter, r *http.Request) error {
	format, ok := feedFormats[r.PathValue("format")]
	if !ok {
		return notFound("feed format " + r.PathValue("format"))
	}
	c, err := s.machineChrome(r)
	if err != nil {
		return err
	}
	return s.serveFeed(w, r, c, feedScope{description: c.settings.Tagline, path: "/", deps: []string{store.KeyLatest}}, format)
}

// categoryFeed serves /category/<path>/feed/ and its formats: the
// section's articles and those of its sub-sections, as its page lists
// them. category hands over when the path ends in a feed segment; a
// sub-section slugged "feed" is shadowed, as it is on WordPress.
func (s *Site) categoryFeed(w http.ResponseWriter, r *http.Request, catPath string, format feedFormat) error {
	c, err := s.machineChrome(r)
	if err != nil {
		return err
	}
	cat, ok := c.tree.ByPath(catPath)
	if !ok {
		return notFound("category feed " + catPath)
	}
	lists := &deps{}
	lists.categoryLists(c, cat.ID)
	return s.serveFeed(w, r, c, feedScope{
		name: cat.Name, description: cat.Description, path: strings.TrimPrefix(c.categoryPath(cat.ID), c.prefix),
		filter: store.ArticleFilter{CategoryIDs: c.tree.Descendants(cat.ID)}, deps: lists.keys,
	}, format)
}

// tagFeed serves /tag/<slug>/feed/ and its formats.
func (s *Site) tagFeed(w http.ResponseWriter, r *http.Request) error {
	format, ok := feedFormats[r.PathValue("format")]
	if !ok {
		return notFound("feed format " + r.PathValue("format"))
	}
	t, err := s.store.TagBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	c, err := s.machineChrome(r)
	if err != nil {
		return err
	}
	return s.serveFeed(w, r, c, feedScope{
		name: t.Name, description: t.Description, path: tagPath(t),
		filter: store.ArticleFilter{TagID: t.ID}, deps: []string{store.TagKey(t.ID), store.TagListKey(t.ID)},
	}, format)
}

// authorFeed serves /author/<slug>/feed/ and its formats.
func (s *Site) authorFeed(w http.ResponseWriter, r *http.Request) error {
	format, ok := feedFormats[r.PathValue("format")]
	if !ok {
		return notFound("feed format " + r.PathValue("format"))
	}
	au, err := s.store.AuthorBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	c, err := s.machineChrome(r)
	if err != nil {
		return err
	}
	return s.serveFeed(w, r, c, feedScope{
		name: au.Name, description: au.Bio, path: authorPath(au),
		filter: store.ArticleFilter{AuthorID: au.ID}, deps: []string{store.AuthorKey(au.ID), store.AuthorListKey(au.ID)},
	}, format)
}

// machineChrome loads the chrome for a response that is not a page: the
// same settings and section tree, with the absolute address requests
// arrive at.
func (s *Site) machineChrome(r *http.Request) (chrome, error) {
	c, err := s.chromeFor(r.Context())
	if err != nil {
		return c, err
	}
	c.baseURL = requestBaseURL(c.settings, r)
	return c, nil
}

func (s *Site) serveFeed(w http.ResponseWriter, r *http.Request, c chrome, scope feedScope, format feedFormat) error {
	ctx := r.Context()
	f := scope.filter
	f.VisibleAt, f.Limit, f.Langs = s.now(), feedItems, langsOf(ctx)
	list, err := s.store.ListArticles(ctx, f)
	if err != nil {
		return err
	}
	d := &deps{keys: scope.deps}
	d.chrome(c)
	d.cards(list)
	for _, a := range list {
		for _, t := range a.Tags {
			d.add(store.TagKey(t.ID))
		}
	}
	feed := feeds.Feed{
		Title:        feedTitle(c.settings.Name, scope.name),
		Description:  scope.description,
		Language:     c.edition.Code,
		HomeURL:      c.baseURL + c.prefix + scope.path,
		FeedURL:      c.baseURL + c.prefix + scope.path + feedSuffix(format),
		Publisher:    c.settings.Name,
		PublisherURL: c.baseURL + "/",
		Copyright:    c.settings.Copyright,
		Logo:         feedLogo(c),
		Items:        make([]feeds.Item, len(list)),
	}
	if feed.Description == "" && scope.name != "" {
		feed.Description = "The latest from " + scope.name + " on " + c.settings.Name
	}
	for i, a := range list {
		feed.Items[i] = s.feedItem(ctx, c, a)
	}
	var body bytes.Buffer
	var contentType string
	switch format {
	case formatAtom:
		contentType, err = feeds.ContentTypeAtom, feed.WriteAtom(&body)
	case formatJSON:
		contentType, err = feeds.ContentTypeJSON, feed.WriteJSON(&body)
	default:
		contentType, err = feeds.ContentTypeRSS, feed.WriteRSS(&body)
	}
	if err != nil {
		return err
	}
	s.serveCached(w, r, contentType, feed.LastModified(), body.Bytes(), d)
	return nil
}

// feedItem describes one article for the feeds, in full or as its
// summary as the publication chooses.
func (s *Site) feedItem(ctx context.Context, c chrome, a news.Article) feeds.Item {
	created := a.CreatedAt
	if created.IsZero() {
		created = a.PublishedAt
	}
	it := feeds.Item{
		ID:        feeds.TagURI(hostOf(c.baseURL), created, "article/"+strconv.FormatInt(a.ID, 10)),
		URL:       c.baseURL + articlePath(a, c.loc),
		Title:     a.Title,
		Summary:   a.Standfirst,
		Published: a.PublishedAt,
		Updated:   a.UpdatedAt,
	}
	if it.Summary == "" {
		it.Summary = render.Excerpt(a.Body, feedExcerptRunes)
	}
	if c.settings.FeedFullText {
		it.ContentHTML = feeds.AbsoluteURLs(a.Body, c.baseURL)
	}
	for _, au := range a.Authors {
		it.Authors = append(it.Authors, feeds.Person{Name: au.Name, URL: c.baseURL + authorPath(au)})
	}
	// Sections, then topics; a topic named like a section (COP29 is
	// often both) is listed once.
	for _, cat := range a.Categories {
		it.Categories = append(it.Categories, cat.Name)
	}
	for _, t := range a.Tags {
		if !slices.Contains(it.Categories, t.Name) {
			it.Categories = append(it.Categories, t.Name)
		}
	}
	if a.Image != nil {
		key, mime := feedImage(a.Image)
		it.Image = &feeds.Enclosure{URL: media.AbsoluteURL(c.baseURL, key), Type: mime, Length: s.fileSize(ctx, key)}
	}
	return it
}

// feedImageWidth is the width of the picture feeds attach: wide enough
// for any reader's article view, far lighter than an original.
const feedImageWidth = 1200

// feedImage picks the stored file a feed attaches for an image: the
// widest scaled variant up to feedImageWidth, or the original when there
// is none.
func feedImage(img *news.Image) (key, mime string) {
	key, mime = img.Path, img.MIME
	best := 0
	for _, v := range img.Variants {
		// WebP copies are for browsers that ask for them; feed readers
		// and podcatchers all read JPEG.
		if !v.Crop && v.MIME != "image/webp" && v.Width <= feedImageWidth && v.Width > best {
			key, mime, best = v.Path, v.MIME, v.Width
		}
	}
	return key, mime
}

// fileSize returns the size of a stored file, or 0 when it cannot be
// read: RSS requires a length and allows 0 for unknown. Keys are
// content-addressed, so a size once read holds for good and is cached;
// with object storage, each look-up would otherwise be a request.
func (s *Site) fileSize(ctx context.Context, key string) int64 {
	if n, ok := s.sizes.get(key); ok {
		return n
	}
	if media.IsLinked(key) {
		return 0 // kept elsewhere: not fetched to be measured
	}
	f, err := s.media.Open(ctx, key)
	if err != nil {
		return 0
	}
	n := f.Size()
	f.Close()
	s.sizes.put(key, n)
	return n
}

// sizeCache remembers file sizes by key. It is bounded by dropping
// everything when full, which is rare and costs only re-reading.
type sizeCache struct {
	mu    sync.Mutex
	sizes map[string]int64
}

const sizeCacheMax = 10_000

func (c *sizeCache) get(key string) (int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := c.sizes[key]
	return n, ok
}

func (c *sizeCache) put(key string, n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sizes == nil || len(c.sizes) >= sizeCacheMax {
		c.sizes = make(map[string]int64)
	}
	c.sizes[key] = n
}

// feedLogo returns the publication's logo for feeds, which accept only
// GIF, JPEG and PNG images.
func feedLogo(c chrome) string {
	logo := c.settings.Logo
	if logo == nil {
		return ""
	}
	switch logo.MIME {
	case "image/png", "image/jpeg", "image/gif":
		return media.AbsoluteURL(c.baseURL, logo.Path)
	}
	return ""
}

func feedTitle(site, name string) string {
	if name == "" {
		return site
	}
	return site + " – " + name
}

func siteLanguage(settings news.Settings) string {
	if settings.Language == "" {
		return "en"
	}
	return settings.Language
}

// hostOf returns the host name of an absolute address, for tag URIs.
func hostOf(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Hostname() == "" {
		return "localhost"
	}
	return u.Hostname()
}

// feedLink is a <link rel="alternate"> that lets browsers and feed
// readers find a page's feeds. The layout spells each format's MIME type
// as literal text: html/template would write the "+" of a value as
// "&#43;", which parsers accept but feed discovery done by pattern does
// not.
type feedLink struct {
	Format feedFormat // "rss", "atom" or "json"
	Title  string
	URL    string // absolute
}

// feedLinks lists a listing's feeds (the site's when name is ""), RSS
// first because readers pick the first they understand.
func feedLinks(baseURL, site, name, path string, formats ...feedFormat) []feedLink {
	labels := map[feedFormat]string{formatRSS: "RSS", formatAtom: "Atom", formatJSON: "JSON Feed"}
	links := make([]feedLink, len(formats))
	for i, f := range formats {
		links[i] = feedLink{Format: f, Title: feedTitle(site, name) + " (" + labels[f] + ")", URL: baseURL + path + feedSuffix(f)}
	}
	return links
}

// siteFeedLinks are the publication's own feeds, offered on every page.
func siteFeedLinks(c chrome) []feedLink {
	return feedLinks(c.baseURL, c.settings.Name, "", c.prefix+"/", formatRSS, formatAtom, formatJSON)
}

// listingFeedLinks puts a section's, topic's or author's own feeds ahead
// of the site's.
func listingFeedLinks(c chrome, name, path string) []feedLink {
	return append(feedLinks(c.baseURL, c.settings.Name, name, path, formatRSS, formatAtom), siteFeedLinks(c)...)
}
