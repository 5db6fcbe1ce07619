package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// TestCrawlFindsNoBrokenLinks follows every internal link, image, stylesheet
// and script reachable from the front page and requires each to answer.
func TestCrawlFindsNoBrokenLinks(t *testing.T) {
	pages, addresses := crawl(t, demoSite.srv.URL, nil)
	if pages < 100 {
		t.Errorf("crawl reached only %d pages; the demo site should have well over 100", pages)
	}
	t.Logf("crawled %d pages, %d addresses", pages, addresses)
}

// crawl requests every address reachable from the front page of the site
// at base, failing t for each that does not answer 200, and returns how
// many HTML pages and addresses it saw. visit, if not nil, is given each
// HTML page in the order reached.
func crawl(t *testing.T, base string, visit func(path string, doc *goquery.Document)) (pages, addresses int) {
	t.Helper()
	seen := map[string]string{"/": "start"} // address -> the page that linked it
	queue := []string{"/"}
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		resp, err := client.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			t.Errorf("GET %s (linked from %s): status %d", path, seen[path], resp.StatusCode)
			continue
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			resp.Body.Close()
			continue
		}
		pages++
		doc, err := goquery.NewDocumentFromReader(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("parse %s: %v", path, err)
		}
		if visit != nil {
			visit(path, doc)
		}
		for _, ref := range references(doc) {
			target, ok := internal(path, ref)
			if !ok {
				continue
			}
			if _, done := seen[target]; !done {
				seen[target] = path
				queue = append(queue, target)
			}
		}
	}
	return pages, len(seen)
}

// references lists every address a page makes the browser or reader load.
func references(doc *goquery.Document) []string {
	var refs []string
	doc.Find("a[href], link[href], img[src], source[srcset], script[src], form[method=get][action]").Each(func(_ int, s *goquery.Selection) {
		for _, attr := range []string{"href", "src", "action"} {
			if v, ok := s.Attr(attr); ok {
				refs = append(refs, v)
			}
		}
		if set, ok := s.Attr("srcset"); ok {
			for _, part := range strings.Split(set, ",") {
				if f := strings.Fields(part); len(f) > 0 {
					refs = append(refs, f[0])
				}
			}
		}
	})
	return refs
}

// internal resolves ref against from and reports whether it is on this site.
func internal(from, ref string) (string, bool) {
	base, _ := url.Parse("http://site" + from)
	u, err := base.Parse(ref)
	if err != nil || u.Host != "site" || u.Scheme != "http" {
		return "", false
	}
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p, true
}

func TestUnpublishedArticlesStayHidden(t *testing.T) {
	ctx := context.Background()
	all, err := demoSite.main.Store.ListArticles(ctx, store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var hidden []news.Article
	for _, a := range all {
		if !a.VisibleAt(demoSite.now) {
			hidden = append(hidden, a)
		}
	}
	kinds := map[string]bool{}
	for _, a := range hidden {
		kind := string(a.Status)
		if a.Status == news.StatusPublished {
			kind = "future-dated"
		}
		kinds[kind] = true
	}
	for _, k := range []string{"draft", "scheduled", "future-dated"} {
		if !kinds[k] {
			t.Fatalf("the demo has no %s article to check; kinds: %v", k, kinds)
		}
	}
	listings := []string{"/", "/category/opinion/", "/category/news/", "/tag/cop29/", "/author/taras-kuzio/"}
	for _, a := range hidden {
		_, path := articleURL(t, a.Slug)
		if p := get(t, path); p.status != http.StatusNotFound {
			t.Errorf("%s article %s: status %d, want 404", a.Status, path, p.status)
		}
		for _, l := range listings {
			if p := get(t, l); strings.Contains(p.body, a.Slug) || strings.Contains(p.body, a.Title) {
				t.Errorf("%s article %q is listed on %s", a.Status, a.Title, l)
			}
		}
	}
}

func TestOldAndSloppyAddressesRedirect(t *testing.T) {
	a, path := articleURL(t, frenchSlug)
	wrongDate := "/1999/01/01/" + a.Slug + "/"
	tests := []struct{ from, to string }{
		{strings.TrimSuffix(path, "/"), path},
		{wrongDate, path},
		{"/privacy-policy", "/privacy-policy/"},
		{"/category/news/economy", "/category/news/economy/"},
	}
	for _, tt := range tests {
		p := get(t, tt.from)
		if p.status != http.StatusMovedPermanently || p.header.Get("Location") != tt.to {
			t.Errorf("GET %s: %d to %q, want 301 to %q", tt.from, p.status, p.header.Get("Location"), tt.to)
		}
	}
}

func TestPaginationLinksEveryArticleOfASection(t *testing.T) {
	ctx := context.Background()
	cats, err := demoSite.main.Store.AllCategories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tree := news.NewCategoryTree(cats)
	news_, _ := tree.ByPath("news")
	want, err := demoSite.main.Store.CountArticles(ctx, store.ArticleFilter{VisibleAt: demoSite.now, CategoryIDs: tree.Descendants(news_.ID)})
	if err != nil {
		t.Fatal(err)
	}
	if want <= 12 {
		t.Fatalf("News has %d articles; the demo needs more than one page of them", want)
	}
	got := map[string]bool{}
	next := "/category/news/"
	for pages := 0; next != ""; pages++ {
		p := get(t, next)
		if p.status != 200 {
			t.Fatalf("GET %s: %d", next, p.status)
		}
		p.doc.Find(".card__title a").Each(func(_ int, s *goquery.Selection) {
			href, _ := s.Attr("href")
			if got[href] {
				t.Errorf("%s listed twice", href)
			}
			got[href] = true
		})
		next = p.attr("link[rel=next]", "href")
		if pages > 50 {
			t.Fatal("pagination does not end")
		}
	}
	if len(got) != want {
		t.Errorf("pages list %d articles, the section has %d", len(got), want)
	}
}
