package feeds_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/mastheadhq/masthead/internal/feeds"
)

var (
	published = time.Date(2025, time.March, 14, 9, 30, 0, 0, time.UTC)
	baku      = time.FixedZone("AZT", 4*60*60)
)

// sampleFeed is a section feed with one full article carrying everything
// and one bare one: no byline, no picture, no update.
func sampleFeed() *feeds.Feed {
	return &feeds.Feed{
		Title:        "Caspian Digest – Energy",
		Description:  "Oil, gas & the grid",
		Language:     "az",
		HomeURL:      "https://aze.media/category/news/energy/",
		FeedURL:      "https://aze.media/category/news/energy/feed/",
		Publisher:    "Caspian Digest",
		PublisherURL: "https://aze.media/",
		Copyright:    "© 2025 Caspian Digest",
		Items: []feeds.Item{
			{
				ID:          feeds.TagURI("aze.media", published, "article/42"),
				URL:         "https://aze.media/2025/03/14/pipeline-deal/",
				Title:       "Pipeline deal <signed> & sealed",
				Summary:     "Two countries agree on gas.",
				ContentHTML: `<p>The <a href="https://aze.media/tag/gas/">gas</a> deal.</p>`,
				Published:   published.In(baku),
				Updated:     published.Add(3 * time.Hour),
				Authors: []feeds.Person{
					{Name: "Leyla Aliyeva", URL: "https://aze.media/author/leyla-aliyeva/"},
					{Name: "Tural Mammadov", URL: "https://aze.media/author/tural-mammadov/"},
				},
				Categories: []string{"Energy", "Gas"},
				Image:      &feeds.Enclosure{URL: "https://aze.media/media/2025/03/pipe-1200w.jpg", Type: "image/jpeg", Length: 123456},
			},
			{
				ID:        feeds.TagURI("aze.media", published.Add(-time.Hour), "article/41"),
				URL:       "https://aze.media/2025/03/14/bare/",
				Title:     "Bare",
				Summary:   "Nothing else.",
				Published: published.Add(-time.Hour),
			},
		},
	}
}

func write(t testing.TB, f func(io.Writer) error) string {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// wellFormed fails the test unless doc parses as XML from end to end.
func wellFormed(t *testing.T, doc string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, doc)
		}
	}
}

func parse(t *testing.T, doc string) *gofeed.Feed {
	t.Helper()
	wellFormed(t, doc)
	feed, err := gofeed.NewParser().ParseString(doc)
	if err != nil {
		t.Fatalf("gofeed: %v\n%s", err, doc)
	}
	return feed
}

func names(ps []*gofeed.Person) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

// checkCommon asserts what RSS and Atom readers must both get.
func checkCommon(t *testing.T, feed *gofeed.Feed, wantType string) {
	t.Helper()
	if feed.FeedType != wantType {
		t.Errorf("FeedType = %q, want %q", feed.FeedType, wantType)
	}
	if feed.Title != "Caspian Digest – Energy" || feed.Link != "https://aze.media/category/news/energy/" {
		t.Errorf("feed title %q link %q", feed.Title, feed.Link)
	}
	if feed.FeedLink != "https://aze.media/category/news/energy/feed/" {
		t.Errorf("self link %q", feed.FeedLink)
	}
	if feed.Language != "az" {
		t.Errorf("language %q", feed.Language)
	}
	if feed.UpdatedParsed == nil || !feed.UpdatedParsed.Equal(published.Add(3*time.Hour)) {
		t.Errorf("feed updated %v, want the newest item's update", feed.UpdatedParsed)
	}
	if len(feed.Items) != 2 {
		t.Fatalf("%d items, want 2", len(feed.Items))
	}
	it := feed.Items[0]
	if it.Title != "Pipeline deal <signed> & sealed" {
		t.Errorf("title %q: markup characters must survive escaping", it.Title)
	}
	if it.Link != "https://aze.media/2025/03/14/pipeline-deal/" {
		t.Errorf("link %q", it.Link)
	}
	if it.GUID != "tag:aze.media,2025-03-14:article/42" {
		t.Errorf("guid %q", it.GUID)
	}
	if it.PublishedParsed == nil || !it.PublishedParsed.Equal(published) {
		t.Errorf("published %v, want %v", it.PublishedParsed, published)
	}
	if got := strings.Join(names(it.Authors), ", "); got != "Leyla Aliyeva, Tural Mammadov" {
		t.Errorf("authors %q: every author of a shared byline must reach the reader", got)
	}
	if strings.Join(it.Categories, ",") != "Energy,Gas" {
		t.Errorf("categories %q", it.Categories)
	}
	if it.Content != `<p>The <a href="https://aze.media/tag/gas/">gas</a> deal.</p>` {
		t.Errorf("content %q", it.Content)
	}
	if it.Description != "Two countries agree on gas." {
		t.Errorf("description %q", it.Description)
	}
	if len(it.Enclosures) != 1 {
		t.Fatalf("enclosures %v, want the featured image", it.Enclosures)
	}
	if e := it.Enclosures[0]; e.URL != "https://aze.media/media/2025/03/pipe-1200w.jpg" || e.Length != "123456" || e.Type != "image/jpeg" {
		t.Errorf("enclosure %+v", e)
	}
	bare := feed.Items[1]
	if bare.Content != "" || len(bare.Enclosures) != 0 {
		t.Errorf("bare item has content %q, enclosures %v", bare.Content, bare.Enclosures)
	}
}

func TestRSS(t *testing.T) {
	doc := write(t, sampleFeed().WriteRSS)
	feed := parse(t, doc)
	checkCommon(t, feed, "rss")
	if feed.Items[1].Author != nil {
		t.Errorf("an article without a byline has author %v in RSS", feed.Items[1].Author)
	}
	for _, want := range []string{
		`<?xml version="1.0" encoding="UTF-8"?>`,
		`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">`,
		`<atom:link href="https://aze.media/category/news/energy/feed/" rel="self" type="application/rss+xml"></atom:link>`,
		`<guid isPermaLink="false">tag:aze.media,2025-03-14:article/42</guid>`,
		// RFC 1123 with a numeric zone, whatever zone the time came in.
		`<pubDate>Fri, 14 Mar 2025 09:30:00 +0000</pubDate>`,
		`<lastBuildDate>Fri, 14 Mar 2025 12:30:00 +0000</lastBuildDate>`,
		`<dc:creator>Leyla Aliyeva, Tural Mammadov</dc:creator>`,
		`<enclosure url="https://aze.media/media/2025/03/pipe-1200w.jpg" length="123456" type="image/jpeg"></enclosure>`,
		`<description>Oil, gas &amp; the grid</description>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("RSS lacks %s\n%s", want, doc)
		}
	}
	if strings.Count(doc, "<content:encoded>") != 1 {
		t.Errorf("want content:encoded only on the item with content\n%s", doc)
	}
}

func TestAtom(t *testing.T) {
	doc := write(t, sampleFeed().WriteAtom)
	feed := parse(t, doc)
	checkCommon(t, feed, "atom")
	// RFC 4287 requires an author on every entry, or on the feed: the
	// publication stands in for a missing byline.
	if got := names(feed.Items[1].Authors); len(got) != 1 || got[0] != "Caspian Digest" {
		t.Errorf("bare entry authors %q, want the publication", got)
	}
	if got := names(feed.Authors); len(got) != 1 || got[0] != "Caspian Digest" {
		t.Errorf("feed authors %q", got)
	}
	if u := feed.Items[0].UpdatedParsed; u == nil || !u.Equal(published.Add(3*time.Hour)) {
		t.Errorf("entry updated %v", u)
	}
	if u := feed.Items[1].UpdatedParsed; u == nil || !u.Equal(published.Add(-time.Hour)) {
		t.Errorf("never-updated entry's updated %v, want its publication time", u)
	}
	for _, want := range []string{
		`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="az">`,
		`<id>https://aze.media/category/news/energy/feed/</id>`,
		`<updated>2025-03-14T12:30:00Z</updated>`,
		`<published>2025-03-14T09:30:00Z</published>`,
		`<link rel="self" type="application/atom+xml" href="https://aze.media/category/news/energy/feed/"></link>`,
		`<link rel="enclosure" type="image/jpeg" href="https://aze.media/media/2025/03/pipe-1200w.jpg" length="123456"></link>`,
		`<summary type="text">Two countries agree on gas.</summary>`,
		`<content type="html">&lt;p&gt;The &lt;a href=&#34;https://aze.media/tag/gas/&#34;&gt;gas&lt;/a&gt; deal.&lt;/p&gt;</content>`,
		`<author><name>Leyla Aliyeva</name><uri>https://aze.media/author/leyla-aliyeva/</uri></author>`,
		`<category term="Gas"></category>`,
		`<author><name>Caspian Digest</name><uri>https://aze.media/</uri></author>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("Atom lacks %s\n%s", want, doc)
		}
	}
}

func TestEmptyFeedsStayValid(t *testing.T) {
	f := &feeds.Feed{Title: "Quiet", HomeURL: "https://q.example/", FeedURL: "https://q.example/feed/", Publisher: "Quiet"}
	rss := write(t, f.WriteRSS)
	if feed := parse(t, rss); len(feed.Items) != 0 || feed.Description != "Quiet" {
		t.Errorf("empty RSS: %d items, description %q (required, so the title stands in)", len(feed.Items), feed.Description)
	}
	if strings.Contains(rss, "lastBuildDate") {
		t.Errorf("empty RSS claims a build date:\n%s", rss)
	}
	atom := write(t, f.WriteAtom)
	parse(t, atom)
	if !strings.Contains(atom, "<updated>1970-01-01T00:00:00Z</updated>") {
		t.Errorf("empty Atom feed needs an updated element:\n%s", atom)
	}
	var j map[string]any
	if err := json.Unmarshal([]byte(write(t, f.WriteJSON)), &j); err != nil {
		t.Fatal(err)
	}
	if items, ok := j["items"].([]any); !ok || len(items) != 0 {
		t.Errorf("empty JSON Feed items = %#v, want []", j["items"])
	}
}

// jsonFeed is JSON Feed 1.1 as a reader sees it.
type jsonFeed struct {
	Version     string `json:"version"`
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url"`
	FeedURL     string `json:"feed_url"`
	Description string `json:"description"`
	Language    string `json:"language"`
	Authors     []struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	} `json:"authors"`
	Items []struct {
		ID            string `json:"id"`
		URL           string `json:"url"`
		Title         string `json:"title"`
		ContentHTML   string `json:"content_html"`
		Summary       string `json:"summary"`
		Image         string `json:"image"`
		DatePublished string `json:"date_published"`
		DateModified  string `json:"date_modified"`
		Authors       []struct {
			Name string `json:"name"`
			URL  string `json:"url"`
		} `json:"authors"`
		Tags        []string `json:"tags"`
		Attachments []struct {
			URL      string `json:"url"`
			MIMEType string `json:"mime_type"`
			Size     int64  `json:"size_in_bytes"`
		} `json:"attachments"`
	} `json:"items"`
}

func TestJSONFeed(t *testing.T) {
	doc := write(t, sampleFeed().WriteJSON)
	var f jsonFeed
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	if f.Version != "https://jsonfeed.org/version/1.1" || f.Title != "Caspian Digest – Energy" || f.Language != "az" ||
		f.HomePageURL != "https://aze.media/category/news/energy/" || f.FeedURL != "https://aze.media/category/news/energy/feed/" {
		t.Errorf("feed header %+v", f)
	}
	if len(f.Authors) != 1 || f.Authors[0].Name != "Caspian Digest" || f.Authors[0].URL != "https://aze.media/" {
		t.Errorf("feed authors %+v", f.Authors)
	}
	if len(f.Items) != 2 {
		t.Fatalf("%d items", len(f.Items))
	}
	it := f.Items[0]
	if it.ID != "tag:aze.media,2025-03-14:article/42" || it.URL != "https://aze.media/2025/03/14/pipeline-deal/" ||
		it.Title != "Pipeline deal <signed> & sealed" || it.Summary != "Two countries agree on gas." {
		t.Errorf("item %+v", it)
	}
	if it.DatePublished != "2025-03-14T09:30:00Z" || it.DateModified != "2025-03-14T12:30:00Z" {
		t.Errorf("dates %q %q, want RFC 3339", it.DatePublished, it.DateModified)
	}
	if !strings.HasPrefix(it.ContentHTML, `<p>The <a href="https://aze.media/tag/gas/">`) {
		t.Errorf("content_html %q", it.ContentHTML)
	}
	if len(it.Authors) != 2 || it.Authors[1].Name != "Tural Mammadov" || it.Authors[1].URL != "https://aze.media/author/tural-mammadov/" {
		t.Errorf("authors %+v", it.Authors)
	}
	if it.Image != "https://aze.media/media/2025/03/pipe-1200w.jpg" || len(it.Attachments) != 1 ||
		it.Attachments[0].MIMEType != "image/jpeg" || it.Attachments[0].Size != 123456 {
		t.Errorf("image %q attachments %+v", it.Image, it.Attachments)
	}
	if strings.Join(it.Tags, ",") != "Energy,Gas" {
		t.Errorf("tags %q", it.Tags)
	}
	bare := f.Items[1]
	if bare.ContentHTML != "<p>Nothing else.</p>" || bare.DateModified != "" || bare.Authors != nil {
		t.Errorf("summary-only item %+v: content_html must carry the summary", bare)
	}
	if !strings.Contains(doc, `"title":"Pipeline deal <signed> & sealed"`) {
		t.Errorf("JSON Feed escapes markup it need not:\n%s", doc)
	}
}

func TestTagURI(t *testing.T) {
	got := feeds.TagURI("Aze.Media", time.Date(2025, 3, 14, 23, 0, 0, 0, time.FixedZone("", -5*3600)), "article/7")
	if got != "tag:aze.media,2025-03-15:article/7" {
		t.Errorf("TagURI = %q: the date is the UTC date and the authority lower case", got)
	}
}

func TestAbsoluteURLs(t *testing.T) {
	const base = "https://aze.media/"
	tests := []struct{ name, in, want string }{
		{"links and images", `<p><a href="/tag/gas/">gas</a> <img src="/media/a.jpg" alt="A &amp; B"></p>`,
			`<p><a href="https://aze.media/tag/gas/">gas</a> <img src="https://aze.media/media/a.jpg" alt="A &amp; B"></p>`},
		{"srcset candidates", `<img srcset="/media/a-480w.jpg 480w, /media/a-960w.jpg 960w" src="https://cdn.example/a.jpg">`,
			`<img srcset="https://aze.media/media/a-480w.jpg 480w, https://aze.media/media/a-960w.jpg 960w" src="https://cdn.example/a.jpg">`},
		{"absolute, protocol-relative, fragment and mail links stay", `<a href="https://x.example/">x</a><a href="//cdn.example/y">y</a><a href="#h2">z</a><a href="mailto:a@b.c">m</a>`,
			`<a href="https://x.example/">x</a><a href="//cdn.example/y">y</a><a href="#h2">z</a><a href="mailto:a@b.c">m</a>`},
		{"text and entities untouched", `<p>1 / 2 &amp; 3 &lt; 4</p><!-- note -->`, `<p>1 / 2 &amp; 3 &lt; 4</p><!-- note -->`},
		{"quote citation", `<blockquote cite="/2025/01/01/x/">q</blockquote>`, `<blockquote cite="https://aze.media/2025/01/01/x/">q</blockquote>`},
		{"no slash at all", `<p>plain</p>`, `<p>plain</p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := feeds.AbsoluteURLs(tt.in, base); got != tt.want {
				t.Errorf("AbsoluteURLs(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// urlset is a sitemap as a crawler reads it.
type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		News    *struct {
			Publication struct {
				Name     string `xml:"name"`
				Language string `xml:"language"`
			} `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication"`
			PublicationDate string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication_date"`
			Title           string `xml:"http://www.google.com/schemas/sitemap-news/0.9 title"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"url"`
}

func TestSitemap(t *testing.T) {
	var b bytes.Buffer
	s := feeds.NewURLSet(&b)
	must(t, s.Add(feeds.URL{Loc: "https://aze.media/2025/03/14/a/", LastMod: published.In(baku)}))
	must(t, s.Add(feeds.URL{Loc: "https://aze.media/who-we-are/"}))
	if err := s.Add(feeds.URL{Loc: "/relative/"}); err == nil {
		t.Error("a relative address was accepted")
	}
	if err := s.Add(feeds.URL{Loc: "https://aze.media/x/", News: &feeds.NewsArticle{}}); err == nil {
		t.Error("news fields were accepted in a plain sitemap")
	}
	must(t, s.Close())
	must(t, s.Close()) // a second Close is harmless
	if s.Len() != 2 {
		t.Errorf("Len = %d", s.Len())
	}
	wellFormed(t, b.String())
	var got urlset
	must(t, xml.Unmarshal(b.Bytes(), &got))
	if len(got.URLs) != 2 || got.URLs[0].LastMod != "2025-03-14T09:30:00Z" || got.URLs[1].LastMod != "" {
		t.Errorf("urlset %+v\n%s", got, b.String())
	}
	if got.URLs[0].News != nil {
		t.Error("plain sitemap has news fields")
	}
}

func TestEmptySitemapIsAWholeDocument(t *testing.T) {
	var b bytes.Buffer
	must(t, feeds.NewURLSet(&b).Close())
	var got urlset
	must(t, xml.Unmarshal(b.Bytes(), &got))
	if len(got.URLs) != 0 {
		t.Errorf("%+v", got)
	}
}

func TestSitemapRefusesMoreThanTheProtocolAllows(t *testing.T) {
	s := feeds.NewURLSet(io.Discard)
	for i := range feeds.MaxSitemapURLs {
		if err := s.Add(feeds.URL{Loc: fmt.Sprintf("https://aze.media/%d/", i)}); err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
	}
	if err := s.Add(feeds.URL{Loc: "https://aze.media/one-too-many/"}); err == nil {
		t.Fatal("entry 50,001 was accepted")
	}
	long := "https://aze.media/" + strings.Repeat("a", 2048)
	if err := feeds.NewURLSet(io.Discard).Add(feeds.URL{Loc: long}); err == nil {
		t.Error("an address over 2,048 bytes was accepted")
	}
}

func TestNewsSitemap(t *testing.T) {
	var b bytes.Buffer
	s := feeds.NewNewsURLSet(&b)
	must(t, s.Add(feeds.URL{
		Loc: "https://aze.media/2025/03/14/a/", LastMod: published,
		News: &feeds.NewsArticle{Publication: "Caspian Digest", Language: "en-GB", Published: published.In(baku), Title: "Gas & oil"},
	}))
	if err := s.Add(feeds.URL{Loc: "https://aze.media/2025/03/14/b/"}); err == nil {
		t.Error("a news sitemap entry without news fields was accepted")
	}
	must(t, s.Close())
	if !strings.Contains(b.String(), `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">`) {
		t.Errorf("news namespace missing:\n%s", b.String())
	}
	var got urlset
	must(t, xml.Unmarshal(b.Bytes(), &got))
	if len(got.URLs) != 1 || got.URLs[0].News == nil {
		t.Fatalf("%+v\n%s", got, b.String())
	}
	n := got.URLs[0].News
	if n.Publication.Name != "Caspian Digest" || n.Publication.Language != "en" || n.PublicationDate != "2025-03-14T09:30:00Z" || n.Title != "Gas & oil" {
		t.Errorf("news fields %+v", n)
	}

	full := feeds.NewNewsURLSet(io.Discard)
	for i := range feeds.MaxNewsURLs {
		must(t, full.Add(feeds.URL{Loc: fmt.Sprintf("https://aze.media/%d/", i), News: &feeds.NewsArticle{Published: published}}))
	}
	if err := full.Add(feeds.URL{Loc: "https://aze.media/x/", News: &feeds.NewsArticle{Published: published}}); err == nil {
		t.Error("news sitemap took more than 1,000 articles")
	}
}

func TestSitemapIndex(t *testing.T) {
	var b bytes.Buffer
	x := feeds.NewIndex(&b)
	must(t, x.Add(feeds.Sitemap{Loc: "https://aze.media/sitemap-articles-2025-03.xml", LastMod: published}))
	must(t, x.Add(feeds.Sitemap{Loc: "https://aze.media/sitemap-pages.xml"}))
	must(t, x.Close())
	var got struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"sitemap"`
	}
	must(t, xml.Unmarshal(b.Bytes(), &got))
	if len(got.Sitemaps) != 2 || got.Sitemaps[0].LastMod != "2025-03-14T09:30:00Z" || got.Sitemaps[1].Loc != "https://aze.media/sitemap-pages.xml" {
		t.Errorf("%+v\n%s", got, b.String())
	}
}

func TestNewsLanguage(t *testing.T) {
	for in, want := range map[string]string{
		"en": "en", "en-GB": "en", "az-Latn-AZ": "az", "AZ": "az", "pt_BR": "pt",
		"zh": "zh-cn", "zh-Hans": "zh-cn", "zh-CN": "zh-cn", "zh-Hant": "zh-tw", "zh-TW": "zh-tw", "zh-Hant-HK": "zh-tw",
	} {
		if got := feeds.NewsLanguage(in); got != want {
			t.Errorf("NewsLanguage(%q) = %q, want %q", in, got, want)
		}
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
