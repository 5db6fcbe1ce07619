package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// newWireNewsroom is newNewsroom with --wire-allow-private, so that
// feeds served by the tests on 127.0.0.1 can be followed.
func newWireNewsroom(t *testing.T) *newsroomSite {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.WireAllowPrivate = true
	m, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(func() { srv.Close(); m.Close() })
	return &newsroomSite{t: t, cfg: cfg, srv: srv, main: m}
}

const wireRSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Trend</title><link>https://trend.example/</link>
<item><title>Gas deal signed in Baku on Friday</title><link>https://trend.example/gas?utm_source=rss</link><guid>t1</guid>
<dc:creator>Leyla Aliyeva</dc:creator><pubDate>Fri, 14 Mar 2025 09:30:00 +0000</pubDate>
<description><![CDATA[<p>Ministers signed. <img src="https://tracker.example/pixel.gif" alt=""><script>alert("x")</script></p>]]></description></item>
<item><title>Oil output falls for a third month</title><link>https://trend.example/oil</link><guid>t2</guid>
<pubDate>Fri, 14 Mar 2025 08:00:00 +0000</pubDate><description>Production fell again.</description></item>
</channel></rss>`

const wireJSON = `{"version": "https://jsonfeed.org/version/1.1", "title": "APA",
 "items": [
  {"id": "a1", "url": "https://trend.example/oil#comments", "title": "Neft hasilatı azalır", "summary": "Hasilat yenə azaldı.", "date_published": "2025-03-14T10:00:00Z"},
  {"id": "a2", "url": "https://apa.example/bridge", "title": "Bakıda yeni körpü açıldı bu gün", "summary": "Körpü açıldı.", "date_published": "2025-03-14T11:00:00Z", "authors": [{"name": "Aynur"}]}
 ]}`

// wireFeeds serves an RSS feed at /rss and a JSON Feed at /json.
func wireFeeds(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/rss":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, wireRSS)
		case "/json":
			w.Header().Set("Content-Type", "application/feed+json")
			fmt.Fprint(w, wireJSON)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func addWireSource(t *testing.T, n *newsroomSite, c *http.Client, name, feed, lang string) {
	t.Helper()
	resp, body := n.do(c, "POST", "/admin/wire/sources/", url.Values{"name": {name}, "feed_url": {feed}, "language": {lang}, "minutes": {"15"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add source %s: %d %s", name, resp.StatusCode, notice(body))
	}
}

func wireTitles(t *testing.T, n *newsroomSite, c *http.Client, query string) []string {
	t.Helper()
	resp, body := n.do(c, "GET", "/admin/wire/"+query, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /admin/wire/%s: %d", query, resp.StatusCode)
	}
	var titles []string
	parseHTML(t, body).Find(".wire__title").Each(func(_ int, s *goquery.Selection) {
		titles = append(titles, strings.TrimSpace(s.Text()))
	})
	return titles
}

func TestWireSourcesAreKeptByEditorsWithValidation(t *testing.T) {
	n := newWireNewsroom(t)
	editor := n.signInAs("editor")
	contributor := n.signInAs("contributor")
	for _, bad := range []url.Values{
		{"name": {""}, "feed_url": {"https://x.example/feed"}, "minutes": {"15"}},
		{"name": {"X"}, "feed_url": {"javascript:alert(1)"}, "minutes": {"15"}},
		{"name": {"X"}, "feed_url": {"https://x.example/feed"}, "minutes": {"1"}},
		{"name": {"X"}, "feed_url": {"https://x.example/feed"}, "minutes": {"often"}},
		{"name": {"X"}, "feed_url": {"https://x.example/feed"}, "language": {"English!"}, "minutes": {"15"}},
	} {
		resp, body := n.do(editor, "POST", "/admin/wire/sources/", bad)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Nothing was saved") {
			t.Errorf("source %v: %d", bad, resp.StatusCode)
		}
	}
	if all, _ := n.main.Store.WireSources(t.Context()); len(all) != 0 {
		t.Fatalf("bad input stored %d sources", len(all))
	}
	if resp, _ := n.do(contributor, "POST", "/admin/wire/sources/", url.Values{"name": {"X"}, "feed_url": {"https://x.example/"}, "minutes": {"15"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a contributor adding a source: %d, want 403", resp.StatusCode)
	}
	if resp, _ := n.do(contributor, "GET", "/admin/wire/sources/", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a contributor reading the sources: %d, want 403", resp.StatusCode)
	}

	addWireSource(t, n, editor, "Trend", "https://en.trend.example/feeds/index.rss", "en")
	all, err := n.main.Store.WireSources(t.Context())
	must(t, err)
	if len(all) != 1 || all[0].Name != "Trend" || all[0].Language != "en" || all[0].Interval.Minutes() != 15 {
		t.Fatalf("stored sources: %+v", all)
	}
	path := "/admin/wire/sources/" + strconv.FormatInt(all[0].ID, 10)
	_, body := n.do(editor, "GET", "/admin/wire/sources/", nil)
	if !strings.Contains(body, `href="`+path+`"`) {
		t.Error("the sources page does not link to the source")
	}
	resp, _ := n.do(editor, "POST", path, url.Values{"name": {"Trend News"}, "feed_url": {"https://en.trend.example/rss"}, "language": {"az"}, "minutes": {"60"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d", resp.StatusCode)
	}
	got, err := n.main.Store.WireSource(t.Context(), all[0].ID)
	must(t, err)
	if got.Name != "Trend News" || got.FeedURL != "https://en.trend.example/rss" || got.Language != "az" || got.Interval.Hours() != 1 {
		t.Errorf("updated source: %+v", got)
	}
	if resp, _ := n.do(editor, "POST", path+"/delete", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if all, _ := n.main.Store.WireSources(t.Context()); len(all) != 0 {
		t.Errorf("deleted source still listed: %+v", all)
	}
}

func TestWireRefusesPrivateFeedAddressesByDefault(t *testing.T) {
	n := newNewsroom(t)
	editor := n.signInAs("editor")
	for _, feed := range []string{"http://127.0.0.1:8080/feed", "http://10.0.0.5/rss", "http://[::1]/feed", "http://169.254.169.254/latest/meta-data"} {
		resp, body := n.do(editor, "POST", "/admin/wire/sources/", url.Values{"name": {"Inside"}, "feed_url": {feed}, "minutes": {"15"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "private") {
			t.Errorf("private feed %s: %d %s", feed, resp.StatusCode, notice(body))
		}
	}
}

func TestWireInboxPollsDeduplicatesFiltersAndMarksSeen(t *testing.T) {
	n := newWireNewsroom(t)
	feeds := wireFeeds(t)
	editor := n.signInAs("editor")
	addWireSource(t, n, editor, "Trend", feeds.URL+"/rss", "en")
	addWireSource(t, n, editor, "APA", feeds.URL+"/json", "az")
	must(t, n.main.WireJob().Run(t.Context(), "test"))

	// Sources are polled by name: APA brought the oil story first, so
	// Trend's copy of it, at the same address, is its duplicate.
	want := []string{"Bakıda yeni körpü açıldı bu gün", "Neft hasilatı azalır", "Gas deal signed in Baku on Friday"}
	if got := wireTitles(t, n, editor, ""); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("inbox %q, want %q", got, want)
	}
	_, body := n.do(editor, "GET", "/admin/wire/", nil)
	doc := parseHTML(t, body)
	if doc.Find(".wire img, .wire script").Length() != 0 || strings.Contains(body, "tracker.example") {
		t.Error("the inbox embeds remote content from a feed")
	}
	if s := doc.Find(".wire__summary").Eq(2).Text(); s != "Ministers signed." {
		t.Errorf("summary %q, want the description's text", s)
	}
	if doc.Find(`.wire__title a[href="https://trend.example/gas?utm_source=rss"]`).Length() != 1 {
		t.Error("the item does not link to the original")
	}
	if text := doc.Find(".wire__item").Eq(2).Text(); !strings.Contains(text, "Leyla Aliyeva") || !strings.Contains(text, "Trend") {
		t.Error("the item does not show its source and author")
	}

	sources, _ := n.main.Store.WireSources(t.Context())
	var apa news.WireSource
	for _, s := range sources {
		if s.Name == "APA" {
			apa = s
		}
	}
	for query, want := range map[string][]string{
		"?source=" + strconv.FormatInt(apa.ID, 10): {"Bakıda yeni körpü açıldı bu gün", "Neft hasilatı azalır"},
		"?lang=en":     {"Gas deal signed in Baku on Friday"},
		"?q=MINISTERS": {"Gas deal signed in Baku on Friday"},
		"?q=körpü":     {"Bakıda yeni körpü açıldı bu gün"},
	} {
		if got := wireTitles(t, n, editor, query); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: %q, want %q", query, got, want)
		}
	}

	items, err := n.main.Store.WireItems(t.Context(), store.WireFilter{Language: "en"})
	must(t, err)
	resp, _ := n.do(editor, "POST", "/admin/wire/seen", url.Values{"id": {strconv.FormatInt(items[0].ID, 10)}, "back": {"/admin/wire/?lang=en"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/wire/?lang=en" {
		t.Fatalf("mark seen: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if got := wireTitles(t, n, editor, ""); len(got) != 2 {
		t.Errorf("after marking one seen: %q", got)
	}
	resp, _ = n.do(editor, "POST", "/admin/wire/seen", url.Values{"id": {"1", "2", "3", "4"}, "back": {"https://evil.example/"}})
	if resp.Header.Get("Location") != "/admin/wire/" {
		t.Errorf("mark seen went back to %q", resp.Header.Get("Location"))
	}
	if got := wireTitles(t, n, editor, ""); len(got) != 0 {
		t.Errorf("after marking all seen: %q", got)
	}
	if got := wireTitles(t, n, editor, "?seen=1"); len(got) != 3 {
		t.Errorf("with seen items: %q", got)
	}

	// Polling again finds nothing new: the items are known by their ids.
	for _, s := range sources {
		s.Poll.NextPollAt = s.Poll.LastPolledAt
		must(t, n.main.Store.RecordWirePoll(t.Context(), s.ID, s.Poll))
	}
	must(t, n.main.WireJob().Run(t.Context(), "again"))
	if got := wireTitles(t, n, editor, ""); len(got) != 0 {
		t.Errorf("a second poll brought back %q", got)
	}
}

func TestWireReprintAndTranslateOpenAttributedDrafts(t *testing.T) {
	n := newWireNewsroom(t)
	feeds := wireFeeds(t)
	editor := n.signInAs("editor")
	contributor, _ := n.staff("writer@example.org", "Wanda Writer", "contributor")
	addWireSource(t, n, editor, "Trend", feeds.URL+"/rss", "en")
	addWireSource(t, n, editor, "APA", feeds.URL+"/json", "az")
	must(t, n.main.Store.SetEditions(t.Context(), []news.Edition{{Code: "az", Name: "Azərbaycanca", Dir: "ltr"}, {Code: "ru", Name: "Русский", Dir: "ltr"}}))
	must(t, n.main.WireJob().Run(t.Context(), "test"))
	items, err := n.main.Store.WireItems(t.Context(), store.WireFilter{})
	must(t, err)
	byTitle := map[string]news.WireItem{}
	for _, it := range items {
		byTitle[it.Title] = it
	}

	gas := byTitle["Gas deal signed in Baku on Friday"]
	resp, _ := n.do(contributor, "POST", fmt.Sprintf("/admin/wire/items/%d/reprint", gas.ID), url.Values{})
	m := editURL.FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || m == nil || m[2] != "created" {
		t.Fatalf("reprint: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	a, err := n.main.Store.Article(t.Context(), id)
	must(t, err)
	wantSource := news.Attribution{Kind: news.Reprint, Publication: "Trend", URL: "https://trend.example/gas?utm_source=rss",
		OriginalAuthor: "Leyla Aliyeva", Language: "en"}
	if a.Title != gas.Title || a.Standfirst != "Ministers signed." || a.Status != news.StatusDraft || a.Source != wantSource {
		t.Errorf("reprint draft: title %q, standfirst %q, status %s, source %+v", a.Title, a.Standfirst, a.Status, a.Source)
	}
	if !strings.Contains(a.Body, "<blockquote>") || !strings.Contains(a.Body, `href="https://trend.example/gas?utm_source=rss"`) {
		t.Errorf("reprint body %q", a.Body)
	}
	if len(a.Authors) != 1 || a.Authors[0].Name != "Wanda Writer" {
		t.Errorf("reprint byline %+v", a.Authors)
	}
	_, editorPage := n.do(contributor, "GET", m[0], nil)
	if doc := parseHTML(t, editorPage); doc.Find(`#source_publication`).AttrOr("value", "") != "Trend" ||
		doc.Find(`#source_kind option[selected]`).AttrOr("value", "") != "reprint" {
		t.Error("the editor does not show the reprint's attribution")
	}
	if it, _ := n.main.Store.WireItem(t.Context(), gas.ID); !it.Seen {
		t.Error("the reprinted item is still new")
	}

	bridge := byTitle["Bakıda yeni körpü açıldı bu gün"]
	resp, _ = n.do(editor, "POST", fmt.Sprintf("/admin/wire/items/%d/translate", bridge.ID), url.Values{})
	m = editURL.FindStringSubmatch(resp.Header.Get("Location"))
	if m == nil {
		t.Fatalf("translate: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	id, _ = strconv.ParseInt(m[1], 10, 64)
	a, err = n.main.Store.Article(t.Context(), id)
	must(t, err)
	if a.Source.Kind != news.Translation || a.Source.Language != "az" || a.Source.Publication != "APA" ||
		a.Source.OriginalAuthor != "Aynur" || a.Source.Translator != "A editor" || a.Slug == "" {
		t.Errorf("translation draft: slug %q, source %+v", a.Slug, a.Source)
	}
	if a.Lang != "" {
		t.Errorf("a translation with no edition chosen is in %q, want the default language", a.Lang)
	}
	// The same story twice gets an address of its own; a reprint is in
	// the item's language when the publication has that edition.
	resp, _ = n.do(editor, "POST", fmt.Sprintf("/admin/wire/items/%d/reprint", bridge.ID), url.Values{})
	m2 := editURL.FindStringSubmatch(resp.Header.Get("Location"))
	if m2 == nil || m2[1] == m[1] {
		t.Fatalf("second draft of one item: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if id, _ := strconv.ParseInt(m2[1], 10, 64); wireDraftLang(t, n, id) != "az" {
		t.Errorf("a reprint of an Azerbaijani item is not in the az edition")
	}
	if wireDraftLang(t, n, a.ID) != "" || wireDraftLang(t, n, mustID(t, m[1])) != "" {
		t.Error("drafts in the default language moved")
	}
	_, inbox := n.do(editor, "GET", "/admin/wire/?seen=1", nil)
	if doc := parseHTML(t, inbox); doc.Find(`form[action$="/translate"] select[name=lang] option`).Length() < 3 {
		t.Error("the inbox offers no edition to translate into")
	}
	resp, _ = n.do(editor, "POST", fmt.Sprintf("/admin/wire/items/%d/translate", gas.ID), url.Values{"lang": {"ru"}})
	m3 := editURL.FindStringSubmatch(resp.Header.Get("Location"))
	if m3 == nil || wireDraftLang(t, n, mustID(t, m3[1])) != "ru" {
		t.Errorf("translate into ru: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	before, err := n.main.Store.ListArticles(t.Context(), store.ArticleFilter{})
	must(t, err)
	resp, _ = n.do(editor, "POST", fmt.Sprintf("/admin/wire/items/%d/translate", gas.ID), url.Values{"lang": {"xx"}})
	after, err := n.main.Store.ListArticles(t.Context(), store.ArticleFilter{})
	must(t, err)
	if resp.StatusCode < 400 || len(after) != len(before) {
		t.Errorf("translate into an edition that does not exist: %d, %d articles before and %d after", resp.StatusCode, len(before), len(after))
	}
	if resp, _ := n.do(editor, "POST", "/admin/wire/items/99999/reprint", url.Values{}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("reprint of an unknown item: %d", resp.StatusCode)
	}
}

func TestReprintPageShowsAttributionAndCanonicalToTheOriginal(t *testing.T) {
	d := newDesk(t)
	form := d.editorForm(d.editor, "/admin/articles/new")
	form.Set("title", "Pipeline talks resume")
	form.Set("body", "<p>Talks resumed in Baku on Monday.</p>")
	form.Set("category", strconv.FormatInt(d.section.ID, 10))
	form.Set("image", strconv.FormatInt(d.picture.ID, 10))
	form.Set("image_alt", d.picture.Alt)
	form.Set("source_kind", "reprint")
	form.Set("source_publication", "Eurasia Review")
	form.Set("source_url", "javascript:alert(1)")
	form.Set("source_canonical", "1")
	resp, body := d.do(d.editor, "POST", "/admin/articles/", form)
	if resp.StatusCode == http.StatusSeeOther || !strings.Contains(notice(body), "http://") {
		t.Fatalf("a javascript: original was taken: %d %q", resp.StatusCode, notice(body))
	}
	form.Set("source_url", "")
	if resp, body := d.do(d.editor, "POST", "/admin/articles/", form); resp.StatusCode == http.StatusSeeOther || !strings.Contains(notice(body), "canonical") {
		t.Fatalf("canonical without an address was taken: %d %q", resp.StatusCode, notice(body))
	}
	form.Set("source_url", "https://eurasiareview.example/pipeline")
	form.Set("source_original_author", "Rauf Quliyev")
	form.Set("source_note", "Reprinted with permission.")
	form.Set("step", "publish")
	id := d.save(d.editor, "/admin/articles/", form, "published")
	a, err := d.main.Store.Article(t.Context(), id)
	must(t, err)
	if !a.Source.Canonical {
		t.Fatal("the canonical choice was not stored")
	}
	if f := d.editorForm(d.editor, fmt.Sprintf("/admin/articles/%d/", id)); f.Get("source_canonical") != "1" {
		t.Error("the editor does not show the canonical choice as made")
	}

	page := readerArticle(t, d, a)
	doc := parseHTML(t, page)
	if got := doc.Find(`link[rel=canonical]`).AttrOr("href", ""); got != "https://eurasiareview.example/pipeline" {
		t.Errorf("canonical %q, want the original", got)
	}
	aside := doc.Find("aside.attribution")
	if text := strings.Join(strings.Fields(aside.Text()), " "); !strings.Contains(text, "Originally published by Rauf Quliyev in Eurasia Review") ||
		!strings.Contains(text, "Reprinted with permission.") || aside.Find(`a[href="https://eurasiareview.example/pipeline"]`).Length() != 1 {
		t.Errorf("attribution %q", text)
	}
	var basedOn bool
	doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		var ld map[string]any
		if json.Unmarshal([]byte(s.Text()), &ld) == nil && ld["isBasedOn"] == "https://eurasiareview.example/pipeline" {
			basedOn = true
		}
	})
	if !basedOn {
		t.Error("the structured data does not name the original")
	}

	form = d.editorForm(d.editor, fmt.Sprintf("/admin/articles/%d/", id))
	form.Del("source_canonical")
	d.save(d.editor, fmt.Sprintf("/admin/articles/%d/", id), form, "saved")
	a, _ = d.main.Store.Article(t.Context(), id)
	doc = parseHTML(t, readerArticle(t, d, a))
	if got := doc.Find(`link[rel=canonical]`).AttrOr("href", ""); strings.Contains(got, "eurasiareview") || !strings.Contains(got, "/pipeline-talks-resume/") {
		t.Errorf("canonical without the choice %q, want the article's own address", got)
	}
}

// readerArticle fetches an article's page as a reader.
func readerArticle(t *testing.T, d *desk, a news.Article) string {
	t.Helper()
	loc, _ := time.LoadLocation("Asia/Baku")
	path := a.PublishedAt.In(loc).Format("/2006/01/02/") + a.Slug + "/"
	status, body := d.reader(path)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d", path, status)
	}
	return body
}

func wireDraftLang(t *testing.T, n *newsroomSite, id int64) string {
	t.Helper()
	a, err := n.main.Store.Article(t.Context(), id)
	must(t, err)
	return a.Lang
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
