package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// searchPage fetches the results page for the given parameters and fails
// unless it is a 200 HTML page with one h1 and the search form.
func searchPage(t *testing.T, params url.Values) page {
	t.Helper()
	p := get(t, "/search?"+params.Encode())
	if p.status != http.StatusOK || p.doc == nil {
		t.Fatalf("GET /search?%s: status %d, %s", params.Encode(), p.status, p.header.Get("Content-Type"))
	}
	if n := p.count("h1"); n != 1 {
		t.Errorf("GET /search?%s: %d h1 elements", params.Encode(), n)
	}
	if p.count("form.search-form input[name=q]") != 1 {
		t.Errorf("GET /search?%s: no search form", params.Encode())
	}
	return p
}

func q(pairs ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Set(pairs[i], pairs[i+1])
	}
	return v
}

// resultTotal reads the number of results from the page's summary.
func resultTotal(t *testing.T, p page) int {
	t.Helper()
	words := strings.Fields(strings.ReplaceAll(p.text(".search-summary"), ",", ""))
	if len(words) == 0 {
		return 0
	}
	n, err := strconv.Atoi(words[0])
	if err != nil {
		t.Fatalf("summary %q does not start with a count", p.text(".search-summary"))
	}
	return n
}

// resultTitles lists the titles of the results shown, in order.
func resultTitles(p page) []string {
	var titles []string
	p.doc.Find(".search-result__title").Each(func(_ int, s *goquery.Selection) {
		titles = append(titles, strings.Join(strings.Fields(s.Text()), " "))
	})
	return titles
}

func TestSearchFindsArticlesByTheirWords(t *testing.T) {
	tests := []struct {
		name, query, wantTitle string
	}{
		{"a word of the title", "Fuzuli", "Return to Fuzuli: the first families move into new homes"},
		{"lower case, a prefix", "fuzu", "Return to Fuzuli: the first families move into new homes"},
		{"a phrase", `"southern gas corridor"`, "Southern Gas Corridor volumes to Europe hit a new high"},
		{"a byline with Azerbaijani letters, folded", "memmedova", "Southern Gas Corridor volumes to Europe hit a new high"},
		{"a byline typed with its letters", "Məmmədova", "Southern Gas Corridor volumes to Europe hit a new high"},
		{"a Cyrillic byline", "Смирнова", "Regional journalism needs better data, not louder headlines"},
		{"a Cyrillic byline in Latin letters", "smirnova", "Regional journalism needs better data, not louder headlines"},
		{"a topic name", "Türkiye", "Defence cooperation with Türkiye: exercises and industry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := searchPage(t, q("q", tt.query))
			titles := resultTitles(p)
			found := false
			for _, title := range titles {
				found = found || title == tt.wantTitle
			}
			if !found {
				t.Errorf("search %q: results %q do not include %q", tt.query, titles, tt.wantTitle)
			}
			if p.attr("meta[name=robots]", "content") != "noindex" {
				t.Error("results page is not marked noindex")
			}
			if got := p.attr("#search-q", "value"); got != tt.query {
				t.Errorf("query echoed as %q, want %q", got, tt.query)
			}
		})
	}
}

func TestSearchResultsLinkTheirArticlesAndMarkTheWords(t *testing.T) {
	p := searchPage(t, q("q", "Fuzuli"))
	first := p.doc.Find(".search-result").First()
	if first.Length() == 0 {
		t.Fatal("no results")
	}
	_, want := articleURL(t, "return-to-fuzuli-the-first-families-move-into-new-homes")
	if href, _ := first.Find(".search-result__title a").Attr("href"); href != want {
		t.Errorf("first result links to %q, want %q", href, want)
	}
	if got := first.Find(".search-result__title mark").Text(); got != "Fuzuli" {
		t.Errorf("title marks %q, want Fuzuli", got)
	}
	if first.Find("time[datetime]").Length() != 1 || first.Find(".label").Length() != 1 {
		t.Error("result without its date or section")
	}

	p = searchPage(t, q("q", "caspian"))
	marks := p.doc.Find(".search-result__snippet mark")
	if marks.Length() == 0 {
		t.Fatalf("no marked words in the snippets of %q", resultTitles(p))
	}
	marks.Each(func(_ int, s *goquery.Selection) {
		if !strings.EqualFold(s.Text(), "caspian") {
			t.Errorf("snippet marks %q for the query caspian", s.Text())
		}
	})
	if !strings.Contains(p.text(".search-summary"), "results for “caspian”") {
		t.Errorf("summary %q", p.text(".search-summary"))
	}
}

func TestSearchFiltersCombineWithTheQuery(t *testing.T) {
	total := resultTotal(t, searchPage(t, q("q", "caspian")))
	tests := []struct {
		name   string
		params url.Values
		check  func(t *testing.T, p page)
	}{
		{"section with its sub-sections", q("q", "caspian", "category", "news"), func(t *testing.T, p page) {
			if p.attr("select[name=category] option[selected]", "value") != "news" {
				t.Error("section choice not kept in the form")
			}
		}},
		{"author", q("q", "caspian", "author", "elena-marchetti"), func(t *testing.T, p page) {
			p.doc.Find(".search-result .meta").Each(func(_ int, s *goquery.Selection) {
				if !strings.Contains(s.Text(), "Elena Marchetti") {
					t.Errorf("result by %q with the author filter on", s.Text())
				}
			})
		}},
		{"topic", q("q", "caspian", "tag", "caspian-sea"), nil},
		{"topic and author", q("q", "caspian", "tag", "caspian-sea", "author", "elena-marchetti"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := searchPage(t, tt.params)
			n := resultTotal(t, p)
			if n == 0 || n >= total {
				t.Errorf("%d results with the filter, %d without: want fewer, but some", n, total)
			}
			if p.attr("details.search-form__filters", "open") == "" && p.doc.Find("details.search-form__filters[open]").Length() == 0 {
				t.Error("the filters are folded away while on")
			}
			if tt.check != nil {
				tt.check(t, p)
			}
		})
	}

	t.Run("dates with nothing in them", func(t *testing.T) {
		p := searchPage(t, q("q", "caspian", "from", "1990-01-01", "to", "1990-12-31"))
		if n := len(resultTitles(p)); n != 0 {
			t.Fatalf("%d results from 1990", n)
		}
		if !strings.Contains(p.text(".search-empty"), "No articles match") {
			t.Errorf("no clear empty state: %q", p.text(".search-empty"))
		}
		clear, _ := p.doc.Find(".search-empty a[href^='/search']").Attr("href")
		if clear != "/search?q=caspian" {
			t.Errorf("suggestion to search without filters links %q", clear)
		}
		if p.count(".search-empty .subsections a") == 0 || p.count(".compact") == 0 {
			t.Error("empty state suggests no sections or latest articles")
		}
	})
}

func TestSearchPagesThroughResults(t *testing.T) {
	first := searchPage(t, q("q", "the"))
	next := first.attr("nav.pagination a[rel=next]", "href")
	if next == "" || first.attr("link[rel=next]", "href") != next {
		t.Fatalf("first page: next link %q, <link rel=next> %q", next, first.attr("link[rel=next]", "href"))
	}
	second := get(t, next)
	if second.status != http.StatusOK || second.attr("nav.pagination a[rel=prev]", "href") == "" {
		t.Fatalf("GET %s: status %d, no prev link", next, second.status)
	}
	a, b := resultTitles(first), resultTitles(second)
	if len(a) != 10 || len(b) == 0 || a[0] == b[0] {
		t.Errorf("page 1 %q, page 2 %q", a, b)
	}
	if second.attr("ol.search-results", "start") != "11" {
		t.Errorf("page 2 numbers its results from %q", second.attr("ol.search-results", "start"))
	}
}

func TestSearchNeverFindsUnpublishedArticles(t *testing.T) {
	for _, title := range []string{"Gas talks enter a decisive round", "What to expect from Baku Energy Week",
		"Preview: the new season at the Opera and Ballet Theatre"} {
		p := searchPage(t, q("q", `"`+title+`"`))
		if n := len(resultTitles(p)); n != 0 {
			t.Errorf("search for %q found %q", title, resultTitles(p))
		}
	}
}

func TestSearchSurvivesAnyInput(t *testing.T) {
	for _, raw := range []string{
		"q=%22", "q=-", "q=*", "q=%22unbalanced", "q=AND", "q=NOT+NOT", "q=NEAR(", "q=title:x", "q=%FF%FE",
		"q=" + strings.Repeat("%21%3F%2E%2C", 2600), "q=" + strings.Repeat("a+", 3000),
		"q=x&page=-1", "q=x&page=abc", "q=x&page=99999999999999999999", "q=the&page=50",
		"q=x&from=2024-13-45&to=yesterday", "q=x&category=../../etc", "q=x&tag=%00", "q=x&author=%3Cb%3E",
		"q=x&q=y", "", "category=news",
	} {
		p := get(t, "/search?"+raw)
		if p.status != http.StatusOK || p.doc == nil || p.count("main") != 1 {
			t.Errorf("GET /search?%.60s: status %d", raw, p.status)
		}
		j := get(t, "/search.json?"+raw)
		if j.status != http.StatusOK || !json.Valid([]byte(j.body)) {
			t.Errorf("GET /search.json?%.60s: status %d, %.80q", raw, j.status, j.body)
		}
	}
}

func TestSearchEchoesTheQuerySafely(t *testing.T) {
	attack := `"><script>alert(1)</script><img src=x onerror=alert(2)>`
	p := searchPage(t, q("q", attack))
	if strings.Contains(p.body, "<script>alert") || strings.Contains(p.body, "<img src=x") {
		t.Error("the query reached the page as markup")
	}
	p.doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		if strings.Contains(s.Text(), "alert") {
			t.Errorf("injected script %q", s.Text())
		}
	})
	if p.count("img[onerror]") != 0 {
		t.Error("injected image")
	}
	if got := p.attr("#search-q", "value"); got != attack {
		t.Errorf("query echoed as %q", got)
	}
	if !strings.Contains(p.text("title"), "alert(1)") {
		t.Errorf("title %q does not show the query as text", p.text("title"))
	}
}

func TestInstantSearchJSON(t *testing.T) {
	type result struct {
		Title, URL, Section, Date, Datetime, Image string
	}
	var body struct {
		Query   string
		Total   int
		More    string
		Results []result
	}
	p := get(t, "/search.json?q=fuzu")
	if p.status != http.StatusOK || !strings.HasPrefix(p.header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, type %q", p.status, p.header.Get("Content-Type"))
	}
	if cc := p.header.Get("Cache-Control"); !strings.Contains(cc, "max-age=") {
		t.Errorf("Cache-Control %q, want a short max-age", cc)
	}
	if err := json.Unmarshal([]byte(p.body), &body); err != nil {
		t.Fatal(err)
	}
	if len(body.Results) == 0 || body.Query != "fuzu" || body.More != "/search?q=fuzu" {
		t.Fatalf("response %+v", body)
	}
	r := body.Results[0]
	_, want := articleURL(t, "return-to-fuzuli-the-first-families-move-into-new-homes")
	if r.URL != want || !strings.Contains(r.Title, "Fuzuli") || r.Section == "" || r.Date == "" ||
		!strings.HasPrefix(r.Image, "/media/") {
		t.Errorf("first result %+v, want the Fuzuli story at %s with section, date and thumbnail", r, want)
	}

	p = get(t, "/search.json?q=the")
	if err := json.Unmarshal([]byte(p.body), &body); err != nil {
		t.Fatal(err)
	}
	if len(body.Results) != 8 || body.Total <= 8 {
		t.Errorf("common word: %d results of %d, want 8 of more", len(body.Results), body.Total)
	}

	p = get(t, "/search.json?q=")
	if strings.TrimSpace(p.body) != `{"query":"","total":0,"more":"/search","more_label":"","status":"No results","results":[]}` {
		t.Errorf("empty query: %s", p.body)
	}
}
