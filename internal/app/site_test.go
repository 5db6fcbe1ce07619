package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mastheadhq/masthead/internal/news"
)

const frenchSlug = "french-foreign-policy-breaks-with-its-western-allies"

// articleURL finds a demo article's address the way a reader would: from
// a link on its author's or section's page is too indirect, so ask the store
// for the date and build the path like the site does.
func articleURL(t *testing.T, slug string) (news.Article, string) {
	t.Helper()
	a, err := demoSite.main.Store.ArticleBySlug(context.Background(), slug)
	if err != nil {
		t.Fatalf("demo article %s: %v", slug, err)
	}
	settings, err := demoSite.main.Store.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return a, a.PublishedAt.In(settings.Location()).Format("/2006/01/02/") + a.Slug + "/"
}

func TestEveryPageTypeRenders(t *testing.T) {
	_, french := articleURL(t, frenchSlug)
	tests := []struct {
		name, path string
		status     int
		h1         string // expected text of the page's h1 ("" = any)
		want       []string
	}{
		{"home", "/", 200, "Caspian Digest", []string{".lead .lead__title a", ".latest .compact", ".block .card", ".block--opinion .card"}},
		{"article", french, 200, "French foreign policy breaks with its Western allies", []string{".article__body p"}},
		{"top-level category with sub-sections", "/category/news/", 200, "News", []string{".subsections a[href='/category/news/economy/']", ".card"}},
		{"sub-category", "/category/news/economy/", 200, "Economy", []string{".card", ".breadcrumbs a[href='/category/news/']"}},
		{"tag", "/tag/cop29/", 200, "COP29", []string{".card"}},
		{"author", "/author/taras-kuzio/", 200, "Taras Kuzio", []string{".author-box__avatar", ".card"}},
		{"static page", "/privacy-policy/", 200, "Privacy Policy", []string{".article__body h2"}},
		{"who we are", "/who-we-are/", 200, "", []string{".article__body p"}},
		{"sign in", "/signin/", 200, "Welcome back!", []string{"form[action='/signin/'] input[type=email]"}},
		{"unknown page", "/no-such-page/", 404, "Page not found", []string{".masthead", ".site-footer", "form[action='/search']"}},
		{"unknown article", "/2024/01/01/no-such-story/", 404, "Page not found", []string{".compact"}},
		{"unknown category", "/category/nope/", 404, "Page not found", nil},
		{"unknown tag", "/tag/nope/", 404, "Page not found", nil},
		{"unknown author", "/author/nobody/", 404, "Page not found", nil},
		{"page past the end", "/tag/cop29/page/999/", 404, "Page not found", nil},
		{"malformed page number", "/category/news/page/0x1/", 404, "Page not found", nil},
		{"deep nonsense", "/a/b/c/d/e/f/", 404, "Page not found", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := get(t, tt.path)
			if p.status != tt.status {
				t.Fatalf("GET %s: status %d, want %d", tt.path, p.status, tt.status)
			}
			if p.doc == nil {
				t.Fatalf("GET %s: not HTML: %s", tt.path, p.header.Get("Content-Type"))
			}
			if n := p.count("h1"); n != 1 {
				t.Errorf("GET %s: %d h1 elements, want exactly one", tt.path, n)
			}
			if tt.h1 != "" && !strings.Contains(p.text("h1"), tt.h1) {
				t.Errorf("GET %s: h1 %q, want %q", tt.path, p.text("h1"), tt.h1)
			}
			for _, sel := range tt.want {
				if p.count(sel) == 0 {
					t.Errorf("GET %s: no %s", tt.path, sel)
				}
			}
			if got := p.attr("html", "lang"); got != "en" {
				t.Errorf("GET %s: html lang %q", tt.path, got)
			}
		})
	}
}

func TestArticlePageShowsEverythingTheReferenceDoes(t *testing.T) {
	a, path := articleURL(t, frenchSlug)
	p := get(t, path)
	if p.status != http.StatusOK {
		t.Fatalf("status %d", p.status)
	}
	base := demoSite.srv.URL
	checks := []struct {
		what, sel string
		text      string // text the element must contain, if any
	}{
		{"consent bar", "#consent form[action='/consent'] button", "Accept"},
		{"consent text", "#consent", "Privacy Policy"},
		{"logo linking home", "header .brand[href='/']", ""},
		{"nested header menu", ".main-nav .has-sub > a[href='/category/news/']", "News"},
		{"sub-menu item", ".main-nav .sub-menu a[href='/category/news/economy/']", "Economy"},
		{"mobile menu", ".mobile-menu nav a[href='/who-we-are/']", "Who we are"},
		{"font resizer", "[data-font-resizer] [data-font-step='1']", ""},
		{"search box", "form[role=search][action='/search'] input[name=q]", ""},
		{"follow us", ".follow", "Follow us"},
		{"sign in", "a[href='/signin/']", "Sign in"},
		{"breadcrumbs", ".breadcrumbs a[href='/category/opinion/']", "Opinion"},
		{"category label", ".article__header .label", "Opinion"},
		{"title", "h1.article__title", a.Title},
		{"standfirst", ".article__dek", a.Standfirst},
		{"byline links to author", ".byline a[rel=author][href='/author/taras-kuzio/']", "Taras Kuzio"},
		{"byline avatar", ".byline img.byline__avatar", ""},
		{"published date", ".byline time", a.PublishedAt.In(mustLoc(t)).Format("January 2, 2006")},
		{"reading time", ".byline", "Min Read"},
		{"featured image", ".article__figure img[alt]", ""},
		{"caption", ".article__figure figcaption", a.Image.Caption},
		{"body", ".article__body", ""},
		{"author bio box", ".author-box", "Taras Kuzio"},
		{"share links", ".share a[href*='twitter.com/intent/tweet']", "X"},
		{"related inside", ".related-inline li a", ""},
		{"related below", ".related .card", ""},
		{"new articles", ".new-articles .compact img", ""},
		{"useful links", ".useful-links a img", ""},
		{"footer about", ".site-footer__about", "digest"},
		{"footer email", ".site-footer a[href^='mailto:']", "@"},
		{"footer legal links", ".site-footer a[href='/terms-and-conditions/']", "Terms"},
		{"copyright", ".site-footer__copy", "©"},
	}
	for _, c := range checks {
		sel := p.doc.Find(c.sel)
		if sel.Length() == 0 {
			t.Errorf("%s: no element %s", c.what, c.sel)
			continue
		}
		if c.text != "" && !strings.Contains(strings.Join(strings.Fields(sel.Text()), " "), c.text) {
			t.Errorf("%s: %s has %q, want it to contain %q", c.what, c.sel, sel.First().Text(), c.text)
		}
	}
	if got, want := p.attr("link[rel=canonical]", "href"), base+path; got != want {
		t.Errorf("canonical %q, want %q", got, want)
	}
	if want := readingMinutes(a); !strings.Contains(p.text(".byline"), want) {
		t.Errorf("byline %q lacks %q", p.text(".byline"), want)
	}
	// Related articles never include the article itself.
	p.doc.Find(".related a, .related-inline a").Each(func(_ int, s *goquery.Selection) {
		if href, _ := s.Attr("href"); href == path {
			t.Errorf("related list links to the article itself")
		}
	})
	var ld map[string]any
	p.doc.Find("script[type='application/ld+json']").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		var v map[string]any
		if err := json.Unmarshal([]byte(s.Text()), &v); err != nil {
			t.Errorf("JSON-LD does not parse: %v", err)
		}
		if v["@type"] == "NewsArticle" {
			ld = v
		}
		return true
	})
	if ld == nil || ld["headline"] != a.Title {
		t.Errorf("NewsArticle JSON-LD missing or wrong: %v", ld)
	}
}

func readingMinutes(a news.Article) string {
	return strconv.Itoa(a.ReadingMinutes()) + " Min Read"
}

func mustLoc(t *testing.T) *time.Location {
	t.Helper()
	s, err := demoSite.main.Store.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s.Location()
}
