package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// desk is a newsroom site with an editor and a contributor signed in, a
// section and a described picture to publish with.
type desk struct {
	*newsroomSite
	editor, contributor *http.Client
	section             news.Category
	picture             news.Image
}

func newDesk(t *testing.T) *desk {
	t.Helper()
	d := &desk{newsroomSite: newNewsroom(t)}
	ctx := t.Context()
	must(t, d.main.Store.SaveSettings(ctx, news.Settings{Name: "Desk Daily", TimeZone: "Asia/Baku", Language: "en"}))
	d.section = news.Category{Name: "News", Slug: "news"}
	must(t, d.main.Store.CreateCategory(ctx, &d.section))
	d.picture = news.Image{Path: "2026/12/harbour.jpg", MIME: "image/jpeg", Width: 1600, Height: 900, Alt: "Cranes over the harbour",
		Variants: []news.Variant{{Path: "2026/12/harbour-640.jpg", MIME: "image/jpeg", Width: 640, Height: 360}}}
	must(t, d.main.Store.CreateImage(ctx, &d.picture))
	d.createUser("editor@example.org", "Eda Editor", "editor", "editor's long password")
	d.createUser("contrib@example.org", "Con Tributor", "contributor", "contributor's long password")
	d.editor = d.signIn("editor@example.org", "editor's long password")
	d.contributor = d.signIn("contrib@example.org", "contributor's long password")
	return d
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// editorForm reads the editor's form as a browser would submit it.
func (d *desk) editorForm(c *http.Client, path string) url.Values {
	d.t.Helper()
	resp, body := d.do(c, "GET", path, nil)
	if resp.StatusCode != http.StatusOK {
		d.t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	must(d.t, err)
	form := url.Values{}
	doc.Find("form[data-article-form] input, form[data-article-form] textarea, form[data-article-form] select").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		if name == "" {
			return
		}
		switch {
		case goquery.NodeName(s) == "textarea":
			form.Add(name, s.Text())
		case goquery.NodeName(s) == "select":
			if v, ok := s.Find("option[selected]").Attr("value"); ok {
				form.Add(name, v)
			}
		case s.AttrOr("type", "") == "checkbox":
			if _, on := s.Attr("checked"); on {
				form.Add(name, s.AttrOr("value", "on"))
			}
		default:
			form.Add(name, s.AttrOr("value", ""))
		}
	})
	return form
}

var editURL = regexp.MustCompile(`^/admin/articles/(\d+)/\?done=(\w+)$`)

// save posts the form and returns the article's id, failing unless the
// save was taken with the confirmation wanted.
func (d *desk) save(c *http.Client, path string, form url.Values, done string) int64 {
	d.t.Helper()
	resp, body := d.do(c, "POST", path, form)
	m := editURL.FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || m == nil || m[2] != done {
		d.t.Fatalf("POST %s: %d to %q, want done=%s; page says %q", path, resp.StatusCode, resp.Header.Get("Location"), done, notice(body))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

func notice(body string) string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		return body
	}
	return strings.TrimSpace(doc.Find("[role=alert]").Text())
}

func TestWriteSubmitPublishThroughTheNewsroom(t *testing.T) {
	d := newDesk(t)
	form := d.editorForm(d.contributor, "/admin/articles/new")
	if _, ok := form["body"]; !ok {
		t.Fatal("the editor has no body field")
	}
	form.Set("title", "Harbour reopens after the storm")
	form.Set("standfirst", "Cranes are moving again.")
	form.Set("body", `<p>Ships came <b onclick="steal()">back</b> today.</p><script>alert(1)</script><p>Trade resumed.</p>`)
	form.Set("tags", "Harbour, Storm season")
	form.Set("category", strconv.FormatInt(d.section.ID, 10))
	id := d.save(d.contributor, "/admin/articles/", form, "saved")

	path := fmt.Sprintf("/admin/articles/%d/", id)
	form = d.editorForm(d.contributor, path)
	if body := form.Get("body"); strings.Contains(body, "script") || strings.Contains(body, "onclick") || !strings.Contains(body, "Ships came") {
		t.Errorf("stored body not sanitised: %q", body)
	}
	if form.Get("slug") != "harbour-reopens-after-the-storm" || form.Get("tags") != "Harbour, Storm season" {
		t.Errorf("slug %q, tags %q", form.Get("slug"), form.Get("tags"))
	}

	form.Set("step", "publish")
	if resp, _ := d.do(d.contributor, "POST", path, form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a contributor publishing: %d, want 403", resp.StatusCode)
	}
	form.Set("step", "submit")
	d.save(d.contributor, path, form, "submitted")

	form = d.editorForm(d.editor, path)
	form.Set("step", "publish")
	resp, body := d.do(d.editor, "POST", path, form)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(notice(body), "featured image") {
		t.Fatalf("publishing without a picture: %d %q", resp.StatusCode, notice(body))
	}
	form.Set("image", strconv.FormatInt(d.picture.ID, 10))
	d.save(d.editor, path, form, "published")

	art, err := d.main.Store.Article(t.Context(), id)
	must(t, err)
	log, err := d.main.Store.AuditLog(t.Context(), store.AuditFilter{ActionPrefix: "article.", Limit: 10})
	must(t, err)
	var trail []string
	for _, e := range log {
		trail = append(trail, e.UserName+" "+e.Action)
	}
	if want := "Eda Editor article.published|Con Tributor article.submitted|Con Tributor article.saved"; strings.Join(trail, "|") != want {
		t.Errorf("audit trail %q, want %q", strings.Join(trail, "|"), want)
	}
	loc, _ := time.LoadLocation("Asia/Baku")
	reader := news.ArticlePath(art, loc)
	resp, body = d.do(d.browser(), "GET", reader, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Harbour reopens after the storm") || !strings.Contains(body, "Trade resumed.") {
		t.Fatalf("the published article at %s: %d", reader, resp.StatusCode)
	}
	if strings.Contains(body, "alert(1)") || strings.Contains(body, "steal()") {
		t.Error("the reader page carries the stripped script")
	}

	// Renaming the address keeps the old one working; the picture's words
	// edited beside the article belong to the picture.
	form = d.editorForm(d.editor, path)
	form.Set("slug", "harbour-reopens")
	form.Set("image_alt", "Cranes unloading a ship at dawn")
	d.save(d.editor, path, form, "saved")
	if img, err := d.main.Store.Image(t.Context(), d.picture.ID); err != nil || img.Alt != "Cranes unloading a ship at dawn" {
		t.Errorf("picture words after the editor's save: %q %v", img.Alt, err)
	}
	resp, _ = d.do(d.browser(), "GET", reader, nil)
	if resp.StatusCode != http.StatusMovedPermanently || !strings.HasSuffix(resp.Header.Get("Location"), "/harbour-reopens/") {
		t.Errorf("old address after a slug change: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	// History: every save is there, and two versions compare word by word.
	_, body = d.do(d.editor, "GET", path+"revisions", nil)
	for _, want := range []string{"Con Tributor", "Submitted for review", "Eda Editor", "Published"} {
		if !strings.Contains(body, want) {
			t.Errorf("history lacks %q", want)
		}
	}
	_, body = d.do(d.editor, "GET", path+"diff?from=3&to=4", nil)
	if !strings.Contains(body, "<del>harbour-reopens-after-the-storm</del>") || !strings.Contains(body, "<ins>harbour-reopens</ins>") {
		t.Errorf("diff of the address change: %s", body)
	}
}

func TestSecondSaveOfAStaleVersionIsRefusedAndKept(t *testing.T) {
	d := newDesk(t)
	form := d.editorForm(d.editor, "/admin/articles/new")
	form.Set("title", "Two editors")
	form.Set("body", "<p>First text.</p>")
	id := d.save(d.editor, "/admin/articles/", form, "saved")
	path := fmt.Sprintf("/admin/articles/%d/", id)

	admin := d.editor
	d.createUser("second@example.org", "Sami Second", "editor", "second editor's password")
	other := d.signIn("second@example.org", "second editor's password")
	mine, theirs := d.editorForm(admin, path), d.editorForm(other, path)
	mine.Set("body", "<p>Text from the first tab.</p>")
	theirs.Set("body", "<p>Text from the second tab.</p>")
	d.save(admin, path, mine, "saved")
	resp, body := d.do(other, "POST", path, theirs)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(notice(body), "saved a newer version") {
		t.Fatalf("stale save: %d %q", resp.StatusCode, notice(body))
	}
	if !strings.Contains(body, "Text from the second tab.") {
		t.Error("the refused text is not given back to the writer")
	}
	art, err := d.main.Store.Article(t.Context(), id)
	must(t, err)
	if !strings.Contains(art.Body, "first tab") {
		t.Errorf("stored body %q: the stale save overwrote it", art.Body)
	}
	_, body = d.do(other, "GET", path, nil)
	if !strings.Contains(body, "You have unsaved changes") {
		t.Error("the editor does not offer the refused text back")
	}
	_, body = d.do(other, "GET", path+"?draft=mine", nil)
	if !strings.Contains(body, "Text from the second tab.") {
		t.Error("the unsaved changes cannot be opened")
	}
	// The writer sees who else has the article open.
	if !strings.Contains(body, "Also editing now: Eda Editor") {
		t.Error("the editor does not show the other session of the article")
	}
}

func TestAutosaveAndPreviewLinks(t *testing.T) {
	d := newDesk(t)
	form := d.editorForm(d.contributor, "/admin/articles/new")
	form.Set("body", "<p>Words typed before any title.</p>")
	resp, body := d.do(d.contributor, "POST", "/admin/articles/autosave", form)
	var ans struct {
		ID      int64
		Version int
		Saved   bool
		Edit    string
	}
	if err := json.Unmarshal([]byte(body), &ans); err != nil || resp.StatusCode != http.StatusOK || !ans.Saved || ans.ID == 0 {
		t.Fatalf("autosave of a new article: %d %s", resp.StatusCode, body)
	}
	art, err := d.main.Store.Article(t.Context(), ans.ID)
	must(t, err)
	if art.Title != "Untitled draft" || art.Status != news.StatusDraft || !strings.Contains(art.Body, "Words typed") {
		t.Errorf("autosaved article: %q %s %q", art.Title, art.Status, art.Body)
	}

	resp, body = d.do(d.contributor, "POST", fmt.Sprintf("/admin/articles/%d/preview", ans.ID), url.Values{})
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	link, _ := doc.Find(`a[href^="/preview/"]`).Attr("href")
	if resp.StatusCode != http.StatusOK || link == "" {
		t.Fatalf("preview link: %d", resp.StatusCode)
	}
	resp, body = d.do(d.browser(), "GET", link, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Words typed before any title.") || !strings.Contains(body, "Preview") {
		t.Fatalf("preview without an account: %d", resp.StatusCode)
	}
	if !strings.Contains(resp.Header.Get("X-Robots-Tag"), "noindex") || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("preview headers: %v", resp.Header)
	}
	if resp, _ := d.do(d.browser(), "GET", strings.Replace(link, "sig=", "sig=x", 1), nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("tampered preview link: %d", resp.StatusCode)
	}
	if resp, _ := d.do(d.browser(), "GET", fmt.Sprintf("/preview/%d/", ans.ID), nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unsigned preview: %d", resp.StatusCode)
	}
}

func TestArticleListFiltersAndOwnWork(t *testing.T) {
	d := newDesk(t)
	for _, title := range []string{"Oil prices climb", "Gas pipeline opens"} {
		form := d.editorForm(d.editor, "/admin/articles/new")
		form.Set("title", title)
		d.save(d.editor, "/admin/articles/", form, "saved")
	}
	form := d.editorForm(d.contributor, "/admin/articles/new")
	form.Set("title", "Contributor's oil notes")
	d.save(d.contributor, "/admin/articles/", form, "saved")

	titles := func(c *http.Client, query string) []string {
		_, body := d.do(c, "GET", "/admin/articles/?"+query, nil)
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
		var out []string
		doc.Find("tbody tr td:first-child a:first-child").Each(func(_ int, s *goquery.Selection) { out = append(out, s.Text()) })
		return out
	}
	if got := titles(d.editor, "q=oil"); strings.Join(got, "|") != "Contributor&#39;s oil notes|Oil prices climb" && strings.Join(got, "|") != "Contributor's oil notes|Oil prices climb" {
		t.Errorf("editor searching oil: %q", got)
	}
	if got := titles(d.contributor, ""); len(got) != 1 || got[0] != "Contributor's oil notes" {
		t.Errorf("a contributor's list: %q", got)
	}
	if got := titles(d.editor, "status=published"); len(got) != 0 {
		t.Errorf("published filter: %q", got)
	}
}
