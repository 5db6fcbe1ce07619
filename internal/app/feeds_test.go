package app_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"html"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// getWith fetches path with extra request headers.
func getWith(t testing.TB, path string, header map[string]string) page {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, demoSite.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return page{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// local turns an absolute address on the test server into its path, and
// fails the test for any other address: feeds and sitemaps must carry
// absolute addresses, and only ones on this site.
func local(t testing.TB, u string) string {
	t.Helper()
	p, ok := strings.CutPrefix(u, demoSite.srv.URL+"/")
	if !ok {
		t.Fatalf("%q is not an absolute address on %s", u, demoSite.srv.URL)
	}
	return "/" + p
}

// demoState is what the store says readers should see right now.
type demoState struct {
	settings news.Settings
	tree     *news.CategoryTree
	now      time.Time
	hidden   []news.Article // drafts, scheduled and future-dated
}

func loadDemoState(t *testing.T) demoState {
	t.Helper()
	ctx := context.Background()
	st := demoState{now: time.Now()}
	var err error
	if st.settings, err = demoSite.main.Store.Settings(ctx); err != nil {
		t.Fatal(err)
	}
	cats, err := demoSite.main.Store.AllCategories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.tree = news.NewCategoryTree(cats)
	all, err := demoSite.main.Store.ListArticles(ctx, store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if !a.VisibleAt(st.now) {
			st.hidden = append(st.hidden, a)
		}
	}
	if len(st.hidden) < 3 {
		t.Fatalf("the demo has %d hidden articles; the tests need drafts, scheduled and future-dated ones", len(st.hidden))
	}
	return st
}

// visible lists what a listing with filter f shows readers, newest first.
func (st demoState) visible(t *testing.T, f store.ArticleFilter) []news.Article {
	t.Helper()
	f.VisibleAt = st.now
	list, err := demoSite.main.Store.ListArticles(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func (st demoState) articlePath(a news.Article) string {
	path := a.PublishedAt.In(st.settings.Location()).Format("/2006/01/02/") + a.Slug + "/"
	if a.Lang != "" {
		return "/" + a.Lang + path // a further edition's
	}
	return path
}

// defaultEdition keeps the articles the default edition's pages and
// feeds list; the sitemaps list every edition's.
var defaultEdition = []string{""}

func (st demoState) category(t *testing.T, path string) news.Category {
	t.Helper()
	c, ok := st.tree.ByPath(path)
	if !ok {
		t.Fatalf("demo has no category %s", path)
	}
	return c
}

func modified(a news.Article) time.Time {
	if a.UpdatedAt.After(a.PublishedAt) {
		return a.UpdatedAt
	}
	return a.PublishedAt
}

// feedCase is one feed address and the articles it must carry.
type feedCase struct {
	path, format string // format: "rss" or "atom"
	filter       store.ArticleFilter
}

func feedCases(t *testing.T, st demoState) []feedCase {
	t.Helper()
	ctx := context.Background()
	newsCat := st.category(t, "news")
	economy := st.category(t, "news/economy")
	cop29, err := demoSite.main.Store.TagBySlug(ctx, "cop29")
	if err != nil {
		t.Fatal(err)
	}
	kuzio, err := demoSite.main.Store.AuthorBySlug(ctx, "taras-kuzio")
	if err != nil {
		t.Fatal(err)
	}
	all := store.ArticleFilter{}
	inNews := store.ArticleFilter{CategoryIDs: st.tree.Descendants(newsCat.ID)}
	return []feedCase{
		{"/feed/", "rss", all},
		{"/feed/rss2/", "rss", all},
		{"/feed/rss/", "rss", all},
		{"/feed/atom/", "atom", all},
		{"/category/news/feed/", "rss", inNews},
		{"/category/news/feed/rss2/", "rss", inNews},
		{"/category/news/feed/atom/", "atom", inNews},
		{"/category/news/economy/feed/", "rss", store.ArticleFilter{CategoryIDs: st.tree.Descendants(economy.ID)}},
		{"/tag/cop29/feed/", "rss", store.ArticleFilter{TagID: cop29.ID}},
		{"/tag/cop29/feed/atom/", "atom", store.ArticleFilter{TagID: cop29.ID}},
		{"/author/taras-kuzio/feed/", "rss", store.ArticleFilter{AuthorID: kuzio.ID}},
		{"/author/taras-kuzio/feed/atom/", "atom", store.ArticleFilter{AuthorID: kuzio.ID}},
	}
}

func TestFeedsCarryTheNewestVisibleArticles(t *testing.T) {
	st := loadDemoState(t)
	contentTypes := map[string]string{"rss": "application/rss+xml; charset=utf-8", "atom": "application/atom+xml; charset=utf-8"}
	for _, tc := range feedCases(t, st) {
		t.Run(tc.path, func(t *testing.T) {
			p := get(t, tc.path)
			if p.status != http.StatusOK {
				t.Fatalf("status %d", p.status)
			}
			if ct := p.header.Get("Content-Type"); ct != contentTypes[tc.format] {
				t.Errorf("Content-Type %q, want %q", ct, contentTypes[tc.format])
			}
			feed, err := gofeed.NewParser().ParseString(p.body)
			if err != nil {
				t.Fatalf("gofeed: %v", err)
			}
			if feed.FeedType != tc.format {
				t.Errorf("feed type %q, want %q", feed.FeedType, tc.format)
			}
			if !strings.HasPrefix(feed.Title, st.settings.Name) || feed.Language != st.settings.Language {
				t.Errorf("feed title %q language %q", feed.Title, feed.Language)
			}
			local(t, feed.Link)
			if got := local(t, feed.FeedLink); !strings.HasSuffix(got, "/feed/") && !strings.HasSuffix(got, "/feed/atom/") {
				t.Errorf("self link %q is not the feed's canonical address", feed.FeedLink)
			}

			want := st.visible(t, store.ArticleFilter{
				CategoryIDs: tc.filter.CategoryIDs, TagID: tc.filter.TagID, AuthorID: tc.filter.AuthorID, Limit: 20,
				Langs: defaultEdition,
			})
			if len(want) == 0 {
				t.Fatal("the demo listing is empty; the test needs articles")
			}
			if len(feed.Items) != len(want) {
				t.Fatalf("%d items, want %d (the newest 20 at most)", len(feed.Items), len(want))
			}
			for i, it := range feed.Items {
				a := want[i]
				checkFeedItem(t, st, it, a, tc.format)
			}
			for _, h := range st.hidden {
				if strings.Contains(p.body, h.Title) || strings.Contains(p.body, h.Slug) {
					t.Errorf("hidden %s article %q is in the feed", h.Status, h.Title)
				}
			}
		})
	}
}

func checkFeedItem(t *testing.T, st demoState, it *gofeed.Item, a news.Article, format string) {
	t.Helper()
	if it.Title != a.Title {
		t.Errorf("item %q, want %q (newest first)", it.Title, a.Title)
		return
	}
	if got := local(t, it.Link); got != st.articlePath(a) {
		t.Errorf("%s: link %s, want %s", a.Slug, got, st.articlePath(a))
	}
	if !strings.HasPrefix(it.GUID, "tag:") || !strings.HasSuffix(it.GUID, ":article/"+strconv.FormatInt(a.ID, 10)) {
		t.Errorf("%s: id %q, want a tag URI naming the article", a.Slug, it.GUID)
	}
	if it.PublishedParsed == nil || !it.PublishedParsed.Equal(a.PublishedAt) {
		t.Errorf("%s: published %v, want %v", a.Slug, it.PublishedParsed, a.PublishedAt)
	}
	if format == "atom" && (it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(modified(a))) {
		t.Errorf("%s: updated %v, want %v", a.Slug, it.UpdatedParsed, modified(a))
	}
	var wantAuthors []string
	for _, au := range a.Authors {
		wantAuthors = append(wantAuthors, au.Name)
	}
	if len(wantAuthors) == 0 && format == "atom" {
		wantAuthors = []string{st.settings.Name}
	}
	var gotAuthors []string
	for _, au := range it.Authors {
		gotAuthors = append(gotAuthors, au.Name)
	}
	if strings.Join(gotAuthors, ", ") != strings.Join(wantAuthors, ", ") {
		t.Errorf("%s: authors %q, want %q", a.Slug, gotAuthors, wantAuthors)
	}
	for _, c := range a.Categories {
		if !slices.Contains(it.Categories, c.Name) {
			t.Errorf("%s: categories %q lack section %q", a.Slug, it.Categories, c.Name)
		}
	}
	for _, tag := range a.Tags {
		if !slices.Contains(it.Categories, tag.Name) {
			t.Errorf("%s: categories %q lack topic %q", a.Slug, it.Categories, tag.Name)
		}
	}
	if a.Image == nil {
		if len(it.Enclosures) != 0 {
			t.Errorf("%s: enclosures %v without a featured image", a.Slug, it.Enclosures)
		}
		return
	}
	if len(it.Enclosures) != 1 {
		t.Errorf("%s: %d enclosures, want the featured image", a.Slug, len(it.Enclosures))
		return
	}
	e := it.Enclosures[0]
	img := get(t, local(t, e.URL))
	if img.status != http.StatusOK || !strings.HasPrefix(e.Type, "image/") || img.header.Get("Content-Type") != e.Type {
		t.Errorf("%s: enclosure %s: status %d, type %q served as %q", a.Slug, e.URL, img.status, e.Type, img.header.Get("Content-Type"))
	}
	if e.Length != strconv.Itoa(len(img.body)) {
		t.Errorf("%s: enclosure length %s, the file has %d bytes", a.Slug, e.Length, len(img.body))
	}
}

func TestCategoryFeedIncludesSubSectionArticles(t *testing.T) {
	st := loadDemoState(t)
	newsCat := st.category(t, "news")
	feed, err := gofeed.NewParser().ParseString(get(t, "/category/news/feed/").body)
	if err != nil {
		t.Fatal(err)
	}
	onlyBelow := 0
	for _, a := range st.visible(t, store.ArticleFilter{CategoryIDs: st.tree.Descendants(newsCat.ID), Limit: 20, Langs: defaultEdition}) {
		if slices.ContainsFunc(a.Categories, func(c news.Category) bool { return c.ID == newsCat.ID }) {
			continue
		}
		onlyBelow++
		if !slices.ContainsFunc(feed.Items, func(it *gofeed.Item) bool { return it.Title == a.Title }) {
			t.Errorf("%q, filed under a sub-section of News, is missing from the News feed", a.Title)
		}
	}
	if onlyBelow == 0 {
		t.Fatal("the demo's News feed has no article filed only under a sub-section; the test proves nothing")
	}
}

// setFullText switches the feeds' full-text setting for one test.
func setFullText(t *testing.T, on bool) {
	t.Helper()
	ctx := context.Background()
	s, err := demoSite.main.Store.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	was := s.FeedFullText
	s.FeedFullText = on
	if err := demoSite.main.Store.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.FeedFullText = was
		if err := demoSite.main.Store.SaveSettings(ctx, s); err != nil {
			t.Error(err)
		}
	})
}

func TestFeedsCarryExcerptsOrWholeArticlesAsSet(t *testing.T) {
	st := loadDemoState(t)
	newest := st.visible(t, store.ArticleFilter{Limit: 20, Langs: defaultEdition})
	for _, full := range []bool{false, true} {
		t.Run("full text "+strconv.FormatBool(full), func(t *testing.T) {
			setFullText(t, full)
			for _, path := range []string{"/feed/", "/feed/atom/"} {
				feed, err := gofeed.NewParser().ParseString(get(t, path).body)
				if err != nil {
					t.Fatal(err)
				}
				for i, it := range feed.Items {
					a := newest[i]
					if a.Standfirst != "" && it.Description != a.Standfirst {
						t.Errorf("%s %s: summary %q, want the standfirst %q", path, a.Slug, it.Description, a.Standfirst)
					}
					if !full {
						if it.Content != "" {
							t.Errorf("%s %s: whole article in an excerpt feed", path, a.Slug)
						}
						continue
					}
					if len(it.Content) < len(a.Body)/2 {
						t.Errorf("%s %s: content of %d bytes for a body of %d", path, a.Slug, len(it.Content), len(a.Body))
					}
					for _, relative := range []string{`href="/`, `src="/`, `srcset="/`} {
						if strings.Contains(it.Content, relative) {
							t.Errorf("%s %s: content keeps a relative address (%s…)", path, a.Slug, relative)
						}
					}
				}
			}
			var jf struct {
				Items []struct {
					ContentHTML string `json:"content_html"`
					Summary     string `json:"summary"`
				} `json:"items"`
			}
			if err := json.Unmarshal([]byte(get(t, "/feed/json/").body), &jf); err != nil {
				t.Fatal(err)
			}
			for i, it := range jf.Items {
				excerptOnly := it.ContentHTML == "<p>"+html.EscapeString(it.Summary)+"</p>"
				if excerptOnly == full {
					t.Errorf("JSON Feed item %d: content_html %.80q… with full text %v", i, it.ContentHTML, full)
				}
			}
		})
	}
}

func TestJSONFeed(t *testing.T) {
	st := loadDemoState(t)
	p := get(t, "/feed/json/")
	if p.status != http.StatusOK || p.header.Get("Content-Type") != "application/feed+json; charset=utf-8" {
		t.Fatalf("status %d, Content-Type %q", p.status, p.header.Get("Content-Type"))
	}
	var f struct {
		Version     string `json:"version"`
		Title       string `json:"title"`
		HomePageURL string `json:"home_page_url"`
		FeedURL     string `json:"feed_url"`
		Items       []struct {
			ID            string `json:"id"`
			URL           string `json:"url"`
			Title         string `json:"title"`
			ContentHTML   string `json:"content_html"`
			DatePublished string `json:"date_published"`
			Image         string `json:"image"`
			Authors       []struct {
				Name string `json:"name"`
				URL  string `json:"url"`
			} `json:"authors"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(p.body), &f); err != nil {
		t.Fatal(err)
	}
	if f.Version != "https://jsonfeed.org/version/1.1" || f.Title != st.settings.Name {
		t.Errorf("version %q title %q", f.Version, f.Title)
	}
	if local(t, f.HomePageURL) != "/" || local(t, f.FeedURL) != "/feed/json/" {
		t.Errorf("home %q feed %q", f.HomePageURL, f.FeedURL)
	}
	want := st.visible(t, store.ArticleFilter{Limit: 20, Langs: defaultEdition})
	if len(f.Items) != len(want) {
		t.Fatalf("%d items, want %d", len(f.Items), len(want))
	}
	for i, it := range f.Items {
		a := want[i]
		if it.ID == "" || it.Title != a.Title || local(t, it.URL) != st.articlePath(a) || it.ContentHTML == "" {
			t.Errorf("item %d: %+v, want %q", i, it, a.Title)
		}
		if d, err := time.Parse(time.RFC3339, it.DatePublished); err != nil || !d.Equal(a.PublishedAt) {
			t.Errorf("%s: date_published %q (%v), want %v", a.Slug, it.DatePublished, err, a.PublishedAt)
		}
		if len(it.Authors) != len(a.Authors) {
			t.Errorf("%s: %d authors, want %d", a.Slug, len(it.Authors), len(a.Authors))
		}
		for j, au := range it.Authors {
			if au.Name != a.Authors[j].Name || local(t, au.URL) != "/author/"+a.Authors[j].Slug+"/" {
				t.Errorf("%s: author %+v", a.Slug, au)
			}
		}
		if (it.Image != "") != (a.Image != nil) {
			t.Errorf("%s: image %q, featured image %v", a.Slug, it.Image, a.Image != nil)
		}
	}
}

func TestPagesLinkTheirFeeds(t *testing.T) {
	tests := []struct {
		page string
		want []string // alternate links in order, as "type path"
	}{
		{"/", []string{"application/rss+xml /feed/", "application/atom+xml /feed/atom/", "application/feed+json /feed/json/"}},
		{"/category/news/economy/", []string{"application/rss+xml /category/news/economy/feed/", "application/atom+xml /category/news/economy/feed/atom/", "application/rss+xml /feed/"}},
		{"/category/news/page/2/", []string{"application/rss+xml /category/news/feed/", "application/atom+xml /category/news/feed/atom/"}},
		{"/tag/cop29/", []string{"application/rss+xml /tag/cop29/feed/", "application/atom+xml /tag/cop29/feed/atom/"}},
		{"/author/taras-kuzio/", []string{"application/rss+xml /author/taras-kuzio/feed/", "application/atom+xml /author/taras-kuzio/feed/atom/"}},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			p := get(t, tt.page)
			if p.doc == nil {
				t.Fatalf("status %d, not HTML", p.status)
			}
			var got []string
			p.doc.Find(`head link[rel=alternate]`).Each(func(_ int, s *goquery.Selection) {
				typ, _ := s.Attr("type")
				href, _ := s.Attr("href")
				title, _ := s.Attr("title")
				if title == "" {
					t.Errorf("feed link %s has no title", href)
				}
				got = append(got, typ+" "+local(t, href))
			})
			if len(got) < len(tt.want) || !slices.Equal(got[:len(tt.want)], tt.want) {
				t.Errorf("alternate links %q, want %q first", got, tt.want)
			}
			for _, l := range got {
				typ, path, _ := strings.Cut(l, " ")
				if f := get(t, path); f.status != http.StatusOK || !strings.HasPrefix(f.header.Get("Content-Type"), typ+";") {
					t.Errorf("%s: status %d, Content-Type %q, want %s", path, f.status, f.header.Get("Content-Type"), typ)
				}
			}
		})
	}
}

func TestConditionalRequestsGet304(t *testing.T) {
	st := loadDemoState(t)
	var newest time.Time
	for _, a := range st.visible(t, store.ArticleFilter{Limit: 20, Langs: defaultEdition}) {
		if m := modified(a); m.After(newest) {
			newest = m
		}
	}
	months, err := demoSite.main.Store.ArticleMonths(context.Background(), store.ArticleRange{VisibleAt: st.now})
	if err != nil || len(months) == 0 {
		t.Fatalf("months %v, %v", months, err)
	}
	monthFile := "/sitemap-articles-" + months[0].Start().Format("2006-01") + ".xml"
	for _, path := range []string{"/feed/", "/feed/atom/", "/feed/json/", "/category/news/feed/", "/sitemap.xml", "/news-sitemap.xml", "/sitemap-tags.xml", monthFile} {
		t.Run(path, func(t *testing.T) {
			first := get(t, path)
			etag, lastMod := first.header.Get("ETag"), first.header.Get("Last-Modified")
			if first.status != http.StatusOK || etag == "" || lastMod == "" {
				t.Fatalf("status %d, ETag %q, Last-Modified %q", first.status, etag, lastMod)
			}
			if strings.HasPrefix(path, "/feed/") {
				if lm, err := http.ParseTime(lastMod); err != nil || !lm.Equal(newest) {
					t.Errorf("Last-Modified %s, want the newest item's change %s", lastMod, newest.Format(http.TimeFormat))
				}
			}
			lm, _ := http.ParseTime(lastMod)
			tests := []struct {
				name   string
				header map[string]string
				want   int
			}{
				{"same ETag", map[string]string{"If-None-Match": etag}, http.StatusNotModified},
				{"ETag among others", map[string]string{"If-None-Match": `"stale", ` + etag}, http.StatusNotModified},
				{"same date", map[string]string{"If-Modified-Since": lastMod}, http.StatusNotModified},
				{"later date", map[string]string{"If-Modified-Since": lm.Add(time.Hour).Format(http.TimeFormat)}, http.StatusNotModified},
				{"older copy", map[string]string{"If-Modified-Since": lm.Add(-time.Second).Format(http.TimeFormat)}, http.StatusOK},
				{"other ETag wins over a current date", map[string]string{"If-None-Match": `"stale"`, "If-Modified-Since": lastMod}, http.StatusOK},
			}
			for _, tt := range tests {
				p := getWith(t, path, tt.header)
				if p.status != tt.want {
					t.Errorf("%s: status %d, want %d", tt.name, p.status, tt.want)
				}
				if p.status == http.StatusNotModified && p.body != "" {
					t.Errorf("%s: 304 with a body", tt.name)
				}
				if p.status == http.StatusOK && p.body != first.body {
					t.Errorf("%s: a different document", tt.name)
				}
			}
		})
	}
}

func TestFeedAddressesThatDoNotExist(t *testing.T) {
	for _, path := range []string{
		"/feed/rdf/", "/feed/atom/extra/", "/tag/nope/feed/", "/author/nobody/feed/atom/",
		"/category/nope/feed/", "/category/news/feed/xml/", "/tag/cop29/feed/mp3/",
	} {
		if p := get(t, path); p.status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, p.status)
		}
	}
}

// sitemapDoc is a sitemap or sitemap index as a crawler reads it.
type sitemapDoc struct {
	XMLName  xml.Name
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"sitemap"`
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		News    *struct {
			Name            string `xml:"publication>name"`
			Language        string `xml:"publication>language"`
			PublicationDate string `xml:"publication_date"`
			Title           string `xml:"title"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"url"`
}

func getSitemap(t *testing.T, path string) sitemapDoc {
	t.Helper()
	p := get(t, path)
	if p.status != http.StatusOK || p.header.Get("Content-Type") != "application/xml; charset=utf-8" {
		t.Fatalf("GET %s: status %d, Content-Type %q", path, p.status, p.header.Get("Content-Type"))
	}
	var doc sitemapDoc
	if err := xml.Unmarshal([]byte(p.body), &doc); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if doc.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" {
		t.Errorf("GET %s: root %v", path, doc.XMLName)
	}
	return doc
}

func parseLastMod(t *testing.T, where, s string) time.Time {
	t.Helper()
	lm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Errorf("%s: lastmod %q is not W3C datetime: %v", where, s, err)
	}
	return lm
}

func TestSitemapsListEveryVisibleAddressOnce(t *testing.T) {
	st := loadDemoState(t)
	ctx := context.Background()
	index := getSitemap(t, "/sitemap.xml")
	if index.XMLName.Local != "sitemapindex" {
		t.Fatalf("root %q, want sitemapindex", index.XMLName.Local)
	}
	months, err := demoSite.main.Store.ArticleMonths(ctx, store.ArticleRange{VisibleAt: st.now})
	if err != nil {
		t.Fatal(err)
	}
	var wantFiles []string
	for _, m := range months {
		wantFiles = append(wantFiles, "/sitemap-articles-"+m.Start().Format("2006-01")+".xml")
	}
	wantFiles = append(wantFiles, "/sitemap-categories.xml", "/sitemap-tags.xml", "/sitemap-authors.xml", "/sitemap-pages.xml")
	var files []string
	for _, sm := range index.Sitemaps {
		files = append(files, local(t, sm.Loc))
		parseLastMod(t, sm.Loc, sm.LastMod)
	}
	if !slices.Equal(files, wantFiles) {
		t.Fatalf("index lists %q, want %q", files, wantFiles)
	}

	listed := map[string]string{} // path -> the file that listed it
	for _, file := range files {
		doc := getSitemap(t, file)
		if doc.XMLName.Local != "urlset" || len(doc.URLs) == 0 {
			t.Errorf("%s: root %q with %d addresses", file, doc.XMLName.Local, len(doc.URLs))
		}
		for _, u := range doc.URLs {
			path := local(t, u.Loc)
			if prev, dup := listed[path]; dup {
				t.Errorf("%s is listed by %s and %s", path, prev, file)
			}
			listed[path] = file
			parseLastMod(t, u.Loc, u.LastMod)
			if p := get(t, path); p.status != http.StatusOK {
				t.Errorf("%s lists %s, which answers %d", file, path, p.status)
			}
		}
	}
	all := st.visible(t, store.ArticleFilter{})
	for _, a := range all {
		path := st.articlePath(a)
		if !strings.HasPrefix(listed[path], "/sitemap-articles-"+a.PublishedAt.UTC().Format("2006-01")) {
			t.Errorf("article %s is listed by %q, want its month's file", path, listed[path])
		}
	}
	for _, h := range st.hidden {
		for path := range listed {
			if strings.Contains(path, h.Slug) {
				t.Errorf("hidden %s article listed: %s", h.Status, path)
			}
		}
	}
	for _, want := range []string{"/", "/category/news/", "/category/news/economy/", "/tag/cop29/", "/author/taras-kuzio/", "/privacy-policy/"} {
		if _, ok := listed[want]; !ok {
			t.Errorf("no sitemap lists %s", want)
		}
	}
}

func TestArticleSitemapLastModIsTheArticlesChange(t *testing.T) {
	st := loadDemoState(t)
	a := st.visible(t, store.ArticleFilter{Limit: 1})[0]
	doc := getSitemap(t, "/sitemap-articles-"+a.PublishedAt.UTC().Format("2006-01")+".xml")
	for _, u := range doc.URLs {
		if local(t, u.Loc) == st.articlePath(a) {
			if lm := parseLastMod(t, u.Loc, u.LastMod); !lm.Equal(modified(a)) {
				t.Errorf("lastmod %s, want %s", u.LastMod, modified(a).Format(time.RFC3339))
			}
			return
		}
	}
	t.Errorf("newest article %s is not in its month's sitemap", a.Slug)
}

func TestNewsSitemapHasTheLastTwoDays(t *testing.T) {
	st := loadDemoState(t)
	doc := getSitemap(t, "/news-sitemap.xml")
	var want []news.Article
	for _, a := range st.visible(t, store.ArticleFilter{}) {
		if a.PublishedAt.After(st.now.Add(-48 * time.Hour)) {
			want = append(want, a)
		}
	}
	if len(want) == 0 {
		t.Fatal("the demo has no article from the last two days")
	}
	if len(doc.URLs) != len(want) {
		t.Fatalf("%d articles, want the %d of the last 48 hours", len(doc.URLs), len(want))
	}
	for i, u := range doc.URLs {
		a := want[i]
		if local(t, u.Loc) != st.articlePath(a) || u.News == nil {
			t.Errorf("entry %d: %s, want %s with news fields", i, u.Loc, st.articlePath(a))
			continue
		}
		n := u.News
		lang := a.Lang
		if lang == "" {
			lang = "en"
		}
		if n.Name != st.settings.Name || n.Language != lang || n.Title != a.Title {
			t.Errorf("%s: news fields %+v", a.Slug, n)
		}
		if d, err := time.Parse(time.RFC3339, n.PublicationDate); err != nil || !d.Equal(a.PublishedAt) {
			t.Errorf("%s: publication_date %q, want %s", a.Slug, n.PublicationDate, a.PublishedAt.Format(time.RFC3339))
		}
	}
}

func TestRobotsTxtPointsAtTheSitemaps(t *testing.T) {
	p := get(t, "/robots.txt")
	if p.status != http.StatusOK || p.header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("status %d, Content-Type %q", p.status, p.header.Get("Content-Type"))
	}
	lines := strings.Split(p.body, "\n")
	for _, want := range []string{
		"User-agent: *", "Disallow: /admin/", "Disallow: /search$", "Disallow: /search?",
		"Sitemap: " + demoSite.srv.URL + "/sitemap.xml", "Sitemap: " + demoSite.srv.URL + "/news-sitemap.xml",
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("robots.txt lacks %q:\n%s", want, p.body)
		}
	}
	for _, l := range lines {
		if u, ok := strings.CutPrefix(l, "Sitemap: "); ok {
			if s := get(t, local(t, u)); s.status != http.StatusOK {
				t.Errorf("%s answers %d", u, s.status)
			}
		}
	}
}

func TestSitemapAddressesThatDoNotExist(t *testing.T) {
	st := loadDemoState(t)
	current := st.now.UTC().Format("2006-01")
	for _, path := range []string{
		"/sitemap-articles-1999-01.xml", "/sitemap-articles-2026-13.xml", "/sitemap-articles-" + current + "-2.xml",
		"/sitemap-articles-" + current + "-1.xml", "/sitemap-articles-" + current + "x.xml", "/sitemap-articles-26-1.xml",
		"/sitemap-tags-1.xml", "/sitemap-tags-02.xml", "/sitemap-tags-2.xml", "/sitemap-nothing.xml", "/sitemap-.xml",
	} {
		if p := get(t, path); p.status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, p.status)
		}
	}
	for _, old := range []string{"/wp-sitemap.xml", "/sitemap_index.xml"} {
		p := get(t, old)
		if p.status != http.StatusMovedPermanently || p.header.Get("Location") != "/sitemap.xml" {
			t.Errorf("GET %s: status %d to %q, want 301 to /sitemap.xml", old, p.status, p.header.Get("Location"))
		}
	}
}
