package app_test

import (
	"context"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/news"
)

// editionsSite is a small publication in English with Azerbaijani and
// Persian editions: an English story with its Azerbaijani translation,
// and a story in each language on its own.
func editionsSite(t *testing.T) (*app.Main, string, map[string]news.Article) {
	t.Helper()
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	m, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	st := m.Store
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.SaveSettings(ctx, news.Settings{Name: "Caspian Digest", Language: "en", TimeZone: "Asia/Baku"}))
	must(st.SetEditions(ctx, []news.Edition{
		{Code: "az", Name: "Azərbaycanca", Dir: news.DirLTR, Position: 1, Tagline: "Gündəlik icmal"},
		{Code: "fa", Name: "فارسی", Dir: news.DirRTL, Position: 2},
	}))
	cat := news.Category{Name: "News", Slug: "news"}
	must(st.CreateCategory(ctx, &cat))
	must(st.SetCategoryNames(ctx, cat.ID, []news.CategoryName{{Lang: "az", Name: "Xəbərlər"}}))
	when := time.Now().Add(-2 * time.Hour).UTC().Truncate(time.Second)
	mk := func(slug, title, lang string, offset time.Duration) news.Article {
		return news.Article{Title: title, Slug: slug, Body: "<p>Pipeline gas text.</p>", WordCount: 700, Status: news.StatusPublished,
			PublishedAt: when.Add(offset), UpdatedAt: when.Add(offset), Lang: lang, Categories: []news.Category{cat}}
	}
	arts := map[string]news.Article{}
	en := mk("gas-deal", "Gas deal signed", "", 0)
	must(st.CreateArticle(ctx, &en))
	az := mk("qaz-sazisi", "Qaz sazişi imzalandı", "az", time.Minute)
	az.TranslationGroup, az.TranslatedFrom = en.ID, en.ID
	must(st.CreateArticle(ctx, &az))
	en.TranslationGroup, en.Version = en.ID, 0
	must(st.UpdateArticle(ctx, &en))
	only := mk("only-english", "Only in English", "", -time.Hour)
	must(st.CreateArticle(ctx, &only))
	fa := mk("farsi-story", "خبر فارسی", "fa", -time.Minute)
	must(st.CreateArticle(ctx, &fa))
	for _, a := range []news.Article{en, az, only, fa} {
		arts[a.Slug] = a
	}
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(srv.Close)
	return m, srv.URL, arts
}

func fetchPage(t *testing.T, url string) page {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	p := page{status: resp.StatusCode, header: resp.Header, body: string(b)}
	p.doc, _ = goquery.NewDocumentFromReader(strings.NewReader(p.body))
	return p
}

func TestEditionPagesShowTheirLanguageOnly(t *testing.T) {
	_, base, _ := editionsSite(t)
	az := fetchPage(t, base+"/az/")
	if az.status != 200 {
		t.Fatalf("/az/: status %d", az.status)
	}
	if lang, _ := az.doc.Find("html").Attr("lang"); lang != "az" {
		t.Errorf("/az/ lang = %q", lang)
	}
	if dir, _ := az.doc.Find("html").Attr("dir"); dir != "ltr" {
		t.Errorf("/az/ dir = %q", dir)
	}
	if !strings.Contains(az.body, "Qaz sazişi imzalandı") || strings.Contains(az.body, "Gas deal signed") || strings.Contains(az.body, "Only in English") {
		t.Errorf("/az/ should list the Azerbaijani story only")
	}
	if got := az.doc.Find(".skip-link").Text(); got != "Məzmuna keçin" {
		t.Errorf("/az/ skip link = %q, want the Azerbaijani words", got)
	}
	if href, _ := az.doc.Find("a.brand").Attr("href"); href != "/az/" {
		t.Errorf("/az/ brand links to %q", href)
	}
	if got := az.doc.Find(".lead .label").Text(); got != "Xəbərlər" {
		t.Errorf("/az/ labels the lead story's section %q, want its Azerbaijani name", got)
	}
	monthsAz := []string{"yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"}
	date := az.doc.Find(".lead time").Text()
	if !slices.ContainsFunc(monthsAz, func(m string) bool { return strings.Contains(date, " "+m+" ") }) {
		t.Errorf("/az/ dates the lead story %q, want an Azerbaijani month", date)
	}
	if got := az.doc.Find(".lead .meta span").Last().Text(); got != "4 dəq. oxunuş" {
		t.Errorf("/az/ reading time %q", got)
	}
	en := fetchPage(t, base+"/")
	if strings.Contains(en.body, "Qaz sazişi") || !strings.Contains(en.body, "Gas deal signed") {
		t.Errorf("/ should list the default language's stories only")
	}
	if got := en.doc.Find("nav.editions a[hreflang=az]").AttrOr("href", ""); got != "/az/" {
		t.Errorf("language switcher links az to %q", got)
	}
	fa := fetchPage(t, base+"/fa/")
	if dir, _ := fa.doc.Find("html").Attr("dir"); dir != "rtl" {
		t.Errorf("/fa/ dir = %q, want rtl", dir)
	}
	cat := fetchPage(t, base+"/az/category/news/")
	if cat.status != 200 || cat.doc.Find("h1").Text() != "Xəbərlər" || strings.Contains(cat.body, "Gas deal signed") {
		t.Errorf("/az/category/news/: status %d, h1 %q", cat.status, cat.doc.Find("h1").Text())
	}
	feed := fetchPage(t, base+"/az/feed/")
	if !strings.Contains(feed.body, "Qaz sazişi") || strings.Contains(feed.body, "Gas deal") || !strings.Contains(feed.body, "<language>az</language>") {
		t.Errorf("/az/feed/ should carry the az story only, in az:\n%.600s", feed.body)
	}
	search := fetchPage(t, base+"/az/search?q=pipeline")
	if !strings.Contains(search.body, "Qaz sazişi") || strings.Contains(search.body, "Gas deal signed") {
		t.Errorf("/az/search should find az stories only")
	}
	if js := fetchPage(t, base+"/az/search.json?q=pipeline"); !strings.Contains(js.body, "Qaz sazişi") || strings.Contains(js.body, "Gas deal") {
		t.Errorf("/az/search.json should find az stories only: %s", js.body)
	}
	// The dropdown's words come in the edition's language.
	for path, want := range map[string][2]string{
		"/az/search.json?q=pipeline": {`"more_label":"“pipeline” üzrə bütün nəticələr"`, `"status":"1 nəticə"`},
		"/az/search.json?q=zzzzqqqq": {`"status":"Nəticə yoxdur"`, `"total":0`},
		"/search.json?q=pipeline":    {`"more_label":"All results for “pipeline”"`, `"status":"2 results"`},
	} {
		js := fetchPage(t, base+path)
		if !strings.Contains(js.body, want[0]) || !strings.Contains(js.body, want[1]) {
			t.Errorf("%s: %s, want %s and %s", path, js.body, want[0], want[1])
		}
	}
	if p := fetchPage(t, base+"/az/account/"); p.status != 404 {
		t.Errorf("/az/account/: status %d, want 404 (accounts are not per edition)", p.status)
	}
	if p := fetchPage(t, base+"/az"); p.status != 301 || p.header.Get("Location") != "/az/" {
		t.Errorf("/az: %d to %q", p.status, p.header.Get("Location"))
	}
}

func TestTranslationsLinkEachOther(t *testing.T) {
	_, base, arts := editionsSite(t)
	loc, _ := time.LoadLocation("Asia/Baku")
	enPath := news.ArticlePath(arts["gas-deal"], loc)
	azPath := "/az" + news.ArticlePath(arts["qaz-sazisi"], loc)

	az := fetchPage(t, base+azPath)
	if az.status != 200 {
		t.Fatalf("%s: status %d", azPath, az.status)
	}
	alternates := map[string]string{}
	az.doc.Find("link[rel=alternate][hreflang]").Each(func(_ int, s *goquery.Selection) {
		alternates[s.AttrOr("hreflang", "")] = s.AttrOr("href", "")
	})
	if !strings.HasSuffix(alternates["en"], enPath) || !strings.HasSuffix(alternates["az"], azPath) || !strings.HasSuffix(alternates["x-default"], enPath) {
		t.Errorf("az article alternates = %v", alternates)
	}
	if href := az.doc.Find(".read-in a[hreflang=en]").AttrOr("href", ""); !strings.HasSuffix(href, enPath) {
		t.Errorf("Read in links English to %q", href)
	}
	if got := az.doc.Find(".read-in a").Text(); got != "English" {
		t.Errorf("Read in names %q", got)
	}
	en := fetchPage(t, base+enPath)
	if href := en.doc.Find(".read-in a[hreflang=az]").AttrOr("href", ""); !strings.HasSuffix(href, azPath) {
		t.Errorf("the original's Read in links az to %q", href)
	}
	if en.doc.Find("link[rel=alternate][hreflang]").Length() != 3 {
		t.Errorf("the original should have en, az and x-default alternates")
	}
	only := fetchPage(t, base+news.ArticlePath(arts["only-english"], loc))
	if only.doc.Find(".read-in").Length() != 0 || only.doc.Find("link[hreflang]").Length() != 0 {
		t.Errorf("an article without translations offers none")
	}
	// The wrong edition's address sends readers to the right one.
	if p := fetchPage(t, base+"/az"+enPath); p.status != 301 || p.header.Get("Location") != enPath {
		t.Errorf("/az%s: %d to %q", enPath, p.status, p.header.Get("Location"))
	}
	if p := fetchPage(t, base+strings.TrimPrefix(azPath, "/az")); p.status != 301 || p.header.Get("Location") != azPath {
		t.Errorf("unprefixed az article: %d to %q", p.status, p.header.Get("Location"))
	}
}

func TestEditingAnEditionsArticleRefreshesItsCachedPages(t *testing.T) {
	m, base, arts := editionsSite(t)
	if !strings.Contains(fetchPage(t, base+"/az/").body, "Qaz sazişi imzalandı") {
		t.Fatal("/az/ lacks the story before the edit")
	}
	fetchPage(t, base+"/az/") // now from the page cache, if kept
	a, err := m.Store.Article(context.Background(), arts["qaz-sazisi"].ID)
	if err != nil {
		t.Fatal(err)
	}
	a.Title, a.Version = "Qaz sazişi təsdiqləndi", 0
	if err := m.Store.UpdateArticle(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(fetchPage(t, base+"/az/").body, "Qaz sazişi təsdiqləndi") {
		if time.Now().After(deadline) {
			t.Fatal("/az/ still shows the old title 5 s after the edit")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestSitemapListsTranslationsAsAlternates(t *testing.T) {
	_, base, arts := editionsSite(t)
	loc, _ := time.LoadLocation("Asia/Baku")
	en, az := arts["gas-deal"], arts["qaz-sazisi"]
	file := "/sitemap-articles-" + en.PublishedAt.UTC().Format("2006-01") + ".xml"
	p := fetchPage(t, base+file)
	if p.status != 200 {
		t.Fatalf("%s: status %d", file, p.status)
	}
	var set struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Rel      string `xml:"rel,attr"`
				HrefLang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(p.body), &set); err != nil {
		t.Fatal(err)
	}
	enURL, azURL := base+news.ArticlePath(en, loc), base+"/az"+news.ArticlePath(az, loc)
	found := map[string]map[string]string{}
	for _, u := range set.URLs {
		links := map[string]string{}
		for _, l := range u.Links {
			if l.Rel == "alternate" {
				links[l.HrefLang] = l.Href
			}
		}
		found[u.Loc] = links
	}
	for _, loc := range []string{enURL, azURL} {
		links, ok := found[loc]
		if !ok {
			t.Errorf("%s is not in the sitemap (it lists %v)", loc, found)
			continue
		}
		if links["en"] != enURL || links["az"] != azURL || links["x-default"] != enURL {
			t.Errorf("%s alternates = %v", loc, links)
		}
	}
	only := base + news.ArticlePath(arts["only-english"], loc)
	if links, ok := found[only]; ok && len(links) != 0 {
		t.Errorf("an article without translations has alternates %v", links)
	}
}
