package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// jsonLD returns the page's structured-data objects by @type.
func jsonLD(t *testing.T, p page) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	p.doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		var v map[string]any
		if err := json.Unmarshal([]byte(s.Text()), &v); err != nil {
			t.Fatalf("JSON-LD does not parse: %v\n%s", err, s.Text())
		}
		out[v["@type"].(string)] = v
	})
	return out
}

func TestArticleMetadataForSearchEnginesAndLinkPreviews(t *testing.T) {
	a, path := articleURL(t, frenchSlug)
	p := get(t, path)
	abs := demoSite.srv.URL
	meta := func(attr, name string) string {
		v, _ := p.doc.Find(`meta[` + attr + `="` + name + `"]`).Attr("content")
		return v
	}
	checks := map[string]string{
		"og:type":                meta("property", "og:type"),
		"og:title":               meta("property", "og:title"),
		"og:url":                 meta("property", "og:url"),
		"article:section":        meta("property", "article:section"),
		"article:published_time": meta("property", "article:published_time"),
		"twitter:card":           meta("name", "twitter:card"),
		"description":            meta("name", "description"),
	}
	want := map[string]string{
		"og:type": "article", "og:title": a.Title, "og:url": abs + path, "article:section": "Opinion",
		"article:published_time": a.PublishedAt.In(mustLoc(t)).Format(time.RFC3339),
		"twitter:card":           "summary_large_image", "description": a.Standfirst,
	}
	for k, w := range want {
		if checks[k] != w {
			t.Errorf("%s = %q, want %q", k, checks[k], w)
		}
	}
	if img := meta("property", "og:image"); !strings.HasPrefix(img, abs+"/media/") ||
		meta("property", "og:image:width") != "1200" || meta("property", "og:image:height") != "630" {
		t.Errorf("og:image %q %sx%s, want an absolute 1200x630 card", img, meta("property", "og:image:width"), meta("property", "og:image:height"))
	}
	if p.count(`meta[property="article:author"]`) == 0 || p.count(`meta[property="article:tag"]`) != len(a.Tags) {
		t.Errorf("article:author or article:tag missing")
	}
	ld := jsonLD(t, p)
	na := ld["NewsArticle"]
	if na == nil {
		t.Fatal("no NewsArticle JSON-LD")
	}
	if na["headline"] != a.Title || na["isAccessibleForFree"] != true || na["articleSection"] != "Opinion" {
		t.Errorf("NewsArticle fields: %v", na)
	}
	authors, _ := na["author"].([]any)
	if len(authors) == 0 || authors[0].(map[string]any)["url"] != abs+"/author/taras-kuzio/" {
		t.Errorf("NewsArticle author: %v", na["author"])
	}
	if pub, _ := na["publisher"].(map[string]any); pub["@type"] != "Organization" || pub["logo"] == nil {
		t.Errorf("NewsArticle publisher: %v", na["publisher"])
	}
	if crumbs := ld["BreadcrumbList"]; crumbs == nil || len(crumbs["itemListElement"].([]any)) != 3 {
		t.Errorf("BreadcrumbList: %v", crumbs)
	}
	if home := jsonLD(t, get(t, "/")); home["WebSite"] == nil || home["WebSite"]["potentialAction"] == nil {
		t.Errorf("home page lacks WebSite with SearchAction: %v", home)
	}
	if author := jsonLD(t, get(t, "/author/taras-kuzio/")); author["Person"] == nil {
		t.Error("author page lacks Person")
	}
	if cat := jsonLD(t, get(t, "/category/news/")); cat["CollectionPage"] == nil {
		t.Error("category page lacks CollectionPage")
	}
}

func TestReprintsPointToTheirOriginal(t *testing.T) {
	ctx := context.Background()
	all, err := demoSite.main.Store.ListArticles(ctx, storeFilterVisible())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if a.Source.Kind != news.Reprint {
			continue
		}
		_, path := articleURL(t, a.Slug)
		p := get(t, path)
		if got := jsonLD(t, p)["NewsArticle"]["isBasedOn"]; got != a.Source.URL {
			t.Errorf("%s: isBasedOn %v, want %q", a.Slug, got, a.Source.URL)
		}
		if !strings.Contains(p.text(".attribution"), a.Source.Publication) || p.attr(".attribution a", "href") != a.Source.URL {
			t.Errorf("%s: attribution box %q lacks the original", a.Slug, p.text(".attribution"))
		}
		return
	}
	t.Fatal("the demo has no visible reprint")
}

func TestHostileTitlesCannotBreakStructuredData(t *testing.T) {
	ctx := context.Background()
	title := `He said "no" </script><script>alert(1)</script> & left 🎉`
	a := news.Article{Title: title, Slug: "hostile-title", Standfirst: `</script><!--`, Body: "<p>x</p>", WordCount: 1,
		Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Hour).UTC().Truncate(time.Second)}
	if err := demoSite.main.Store.CreateArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { demoSite.main.Store.DeleteArticle(ctx, a.ID) })
	_, path := articleURL(t, a.Slug)
	p := get(t, path)
	if p.count("script:not([src]):not([type])") != 0 || strings.Contains(p.body, "<script>alert") {
		t.Fatal("the title injected a script element")
	}
	if got := jsonLD(t, p)["NewsArticle"]["headline"]; got != title {
		t.Errorf("headline %q, want %q", got, title)
	}
	if p.text("h1") != title {
		t.Errorf("h1 %q", p.text("h1"))
	}
}

func storeFilterVisible() store.ArticleFilter {
	return store.ArticleFilter{VisibleAt: time.Now()}
}
