package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mastheadhq/masthead/internal/news"
)

// TestTranslateInABrowser: an editor translates a published story into
// the Azerbaijani edition from the newsroom, writes the translation with
// the original beside the editor, and publishes it. The two reader pages
// then name each other as hreflang alternates and "Read in" links, both
// ways, each in its own language.
func TestTranslateInABrowser(t *testing.T) {
	browser := chromium(t)
	site := newBrowserSite(t)
	ctx := t.Context()
	st := site.main.Store
	must(t, st.SetEditions(ctx, []news.Edition{{Code: "az", Name: "Azərbaycanca", Dir: "ltr"}}))
	editor, _ := site.staff("photo@example.org", "Pia Photo", "editor")
	if resp, _ := site.upload(editor, url.Values{"alt": {"The ferry at the quay"}}, upload{"ferry.jpg", jpegOf(t, 1200, 800)}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	picture := site.images()[0]
	author := news.Author{Name: "Leyla Aliyeva", Slug: "leyla-aliyeva"}
	must(t, st.CreateAuthor(ctx, &author))
	orig := news.Article{Title: "Ferry line to Turkmenbashi reopens", Slug: "ferry-line-reopens",
		Standfirst: "Crossings resume after a month.", Body: "<p>The ferry left Alat at dawn.</p>",
		Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Hour).UTC().Truncate(time.Second),
		Categories: []news.Category{site.section}, Authors: []news.Author{author}, Image: &picture}
	must(t, st.CreateArticle(ctx, &orig))

	base := site.srv.URL
	tab := openTab(t, browser)
	tab.signInByKeyboard(base, "editor@example.org")
	editPath := fmt.Sprintf("/admin/articles/%d/", orig.ID)
	tab.open(base + editPath)
	tab.do(
		chromedp.SetValue(chromedp.CSS(`#translate-lang`), "az"),
		chromedp.Click(chromedp.CSS(`.translate-form button[type=submit]`)),
	)
	tab.waitFor(fmt.Sprintf(`location.pathname !== %q && document.querySelector('.original') !== null`, editPath), 20*time.Second)
	if got := tab.text(`.original`); !strings.Contains(got, orig.Title) || !strings.Contains(got, "The ferry left Alat at dawn.") {
		t.Fatalf("the original beside the editor reads %q", got)
	}

	const title = "Türkmənbaşıya bərə xətti yenidən açıldı"
	tab.eval(`document.getElementById('title').value = ''; ''`)
	tab.do(chromedp.SendKeys(chromedp.CSS(`#title`), title))
	tab.focusEditor()
	tab.keys(" Bərə səhər Ələtdən yola düşdü.")
	tab.do(chromedp.Click(chromedp.CSS(`button[name=step][value=publish]`)))
	tab.waitFor(`location.search === '?done=published'`, 20*time.Second)
	id, err := strconv.ParseInt(strings.Split(tab.eval(`location.pathname`), "/")[3], 10, 64)
	must(t, err)
	translation, err := st.Article(ctx, id)
	must(t, err)
	if translation.Lang != "az" || translation.Status != news.StatusPublished || translation.Title != title ||
		translation.TranslatedFrom != orig.ID || translation.TranslationGroup != orig.ID {
		t.Fatalf("stored translation: lang %q, %s, %q, from %d, group %d", translation.Lang, translation.Status,
			translation.Title, translation.TranslatedFrom, translation.TranslationGroup)
	}

	origURL := base + news.ArticlePath(orig, site.zone)
	azURL := base + "/az" + news.ArticlePath(translation, site.zone)
	tab.open(origURL)
	checkAlternates(t, tab, "en", map[string]string{"en": origURL, "az": azURL}, "az", azURL)
	tab.open(azURL)
	if h1 := tab.text(`.article__title`); h1 != title {
		t.Errorf("the az page's headline is %q", h1)
	}
	checkAlternates(t, tab, "az", map[string]string{"en": origURL, "az": azURL}, "en", origURL)
}

// checkAlternates checks the open page's language, its hreflang
// alternates, and its "Read in" link to the other language.
func checkAlternates(t *testing.T, tab *browserTab, lang string, want map[string]string, other, otherURL string) {
	t.Helper()
	if got := tab.eval(`document.documentElement.lang`); got != lang {
		t.Errorf("%s: <html lang=%q>, want %q", tab.eval(`location.pathname`), got, lang)
	}
	for code, u := range want {
		got := tab.eval(fmt.Sprintf(`(document.querySelector('link[rel=alternate][hreflang=%q]') || {}).href || ''`, code))
		if got != u {
			t.Errorf("%s: hreflang %s alternate %q, want %q", tab.eval(`location.pathname`), code, got, u)
		}
	}
	readIn := tab.eval(fmt.Sprintf(`(document.querySelector('.read-in a[hreflang=%q]') || {}).href || ''`, other))
	if readIn != otherURL {
		t.Errorf("%s: Read in %s links to %q, want %q", tab.eval(`location.pathname`), other, readIn, otherURL)
	}
}
