package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// signInAs creates a staff member with role and returns a browser signed in
// as them.
func (n *newsroomSite) signInAs(role string) *http.Client {
	n.t.Helper()
	b, _ := n.staff(role+"@example.org", "A "+role, role)
	return b
}

// reader fetches a page of the reader site.
func (n *newsroomSite) reader(path string) (int, string) {
	n.t.Helper()
	resp, body := n.do(http.DefaultClient, "GET", path, nil)
	return resp.StatusCode, body
}

// posted checks that a form post was accepted and sent the browser on.
func (n *newsroomSite) posted(c *http.Client, path string, form url.Values) string {
	n.t.Helper()
	resp, body := n.do(c, "POST", path, form)
	if resp.StatusCode != http.StatusSeeOther {
		n.t.Fatalf("POST %s: %d, want 303\n%s", path, resp.StatusCode, body)
	}
	return resp.Header.Get("Location")
}

// refused checks that a form post was turned down with the problem shown.
func (n *newsroomSite) refused(c *http.Client, path string, form url.Values, problem string) {
	n.t.Helper()
	resp, body := n.do(c, "POST", path, form)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		n.t.Fatalf("POST %s: %d, want 422", path, resp.StatusCode)
	}
	doc := parse(n.t, body)
	if got := doc.Find("#problems").Text(); !strings.Contains(got, problem) {
		n.t.Errorf("POST %s: problems %q, want one mentioning %q", path, got, problem)
	}
}

func parse(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func texts(sel *goquery.Selection) []string {
	var out []string
	sel.Each(func(_ int, s *goquery.Selection) { out = append(out, strings.TrimSpace(s.Text())) })
	return out
}

func (n *newsroomSite) categories() []news.Category {
	n.t.Helper()
	cats, err := n.main.Store.AllCategories(context.Background())
	if err != nil {
		n.t.Fatal(err)
	}
	return cats
}

func categoryNamed(t *testing.T, cats []news.Category, name string) news.Category {
	t.Helper()
	for _, c := range cats {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no category %q in %v", name, cats)
	return news.Category{}
}

func TestSectionsAreATreeEditedWithPlainForms(t *testing.T) {
	n := newNewsroom(t)
	ed := n.signInAs("editor")
	n.posted(ed, "/admin/categories/new", url.Values{"name": {"World News"}})
	n.posted(ed, "/admin/categories/new", url.Values{"name": {"Sport"}, "slug": {"Sport Desk"}})
	cats := n.categories()
	world := categoryNamed(t, cats, "World News")
	if world.Slug != "world-news" || categoryNamed(t, cats, "Sport").Slug != "sport-desk" {
		t.Fatalf("slugs: %+v", cats)
	}
	n.posted(ed, "/admin/categories/new", url.Values{"name": {"Economy"}, "parent": {strconv.FormatInt(world.ID, 10)}, "description": {"Money"}})
	economy := categoryNamed(t, n.categories(), "Economy")

	_, body := n.do(ed, "GET", "/admin/categories/", nil)
	doc := parse(t, body)
	if got := texts(doc.Find("main > ul.tree > li > .tree__row .tree__name")); strings.Join(got, ",") != "World News,Sport" {
		t.Errorf("top level: %v", got)
	}
	if got := doc.Find("#category-" + strconv.FormatInt(world.ID, 10) + " .tree #category-" + strconv.FormatInt(economy.ID, 10)).Length(); got != 1 {
		t.Error("Economy is not shown under World News")
	}
	if _, ok := doc.Find("#category-" + strconv.FormatInt(world.ID, 10) + " > .tree__row button[aria-label='Move World News up']").Attr("disabled"); !ok {
		t.Error("the first section's up button is not disabled")
	}

	n.posted(ed, "/admin/categories/"+strconv.FormatInt(world.ID, 10)+"/move", url.Values{"dir": {"down"}})
	if _, body := n.reader("/"); !strings.Contains(body, "Sport") {
		t.Fatal("reader home lacks the sections")
	} else if got := texts(parse(t, body).Find(".site-footer__sections li a")); strings.Join(got, ",") != "Sport,World News" {
		t.Errorf("reader site sections after moving World News down: %v", got)
	}

	// Moving World News under its own child is refused and changes nothing.
	before := n.categories()
	n.refused(ed, "/admin/categories/"+strconv.FormatInt(world.ID, 10), url.Values{
		"name": {"World"}, "slug": {"world"}, "parent": {strconv.FormatInt(economy.ID, 10)},
	}, "cannot be moved under itself")
	n.refused(ed, "/admin/categories/new", url.Values{"name": {"  "}}, "Give the section a name")
	n.refused(ed, "/admin/categories/new", url.Values{"name": {"Sport again"}, "slug": {"sport-desk"}}, "already uses this slug")
	if after := n.categories(); len(after) != len(before) || categoryNamed(t, after, "World News").ParentID != 0 {
		t.Errorf("refused forms changed the sections: %+v", after)
	}

	n.posted(ed, "/admin/categories/"+strconv.FormatInt(world.ID, 10)+"/delete", nil)
	if got := categoryNamed(t, n.categories(), "Economy"); got.ParentID != 0 {
		t.Errorf("Economy did not move up when its parent went: parent %d", got.ParentID)
	}
	if status, _ := n.reader("/category/economy/"); status != http.StatusOK {
		t.Errorf("/category/economy/ after the move: %d", status)
	}
}

func TestManagingNeedsThePermissionForEveryRequest(t *testing.T) {
	n := newNewsroom(t)
	admin := n.signInAs("administrator")
	n.posted(admin, "/admin/categories/new", url.Values{"name": {"News"}})
	n.posted(admin, "/admin/tags/new", url.Values{"name": {"Oil"}})
	n.posted(admin, "/admin/authors/new", url.Values{"name": {"Leyla"}})
	n.posted(admin, "/admin/pages/new", url.Values{"title": {"About"}, "status": {"published"}, "body": {"<p>Us.</p>"}})
	cat := categoryNamed(t, n.categories(), "News")
	tag, _ := n.main.Store.TagBySlug(context.Background(), "oil")
	author, _ := n.main.Store.AuthorBySlug(context.Background(), "leyla")
	page, _ := n.main.Store.PageBySlug(context.Background(), "about")
	id := func(v int64) string { return strconv.FormatInt(v, 10) }

	gets := []string{
		"/admin/categories/", "/admin/categories/new", "/admin/categories/" + id(cat.ID),
		"/admin/tags/", "/admin/tags/" + id(tag.ID),
		"/admin/authors/new", "/admin/authors/" + id(author.ID),
		"/admin/pages/", "/admin/pages/new", "/admin/pages/" + id(page.ID),
		"/admin/menus/", "/admin/menus/header", "/admin/banners/", "/admin/settings",
	}
	posts := map[string]url.Values{
		"/admin/categories/new":                       {"name": {"Intruded"}},
		"/admin/categories/" + id(cat.ID):             {"name": {"Intruded"}},
		"/admin/categories/" + id(cat.ID) + "/move":   {"dir": {"down"}},
		"/admin/categories/" + id(cat.ID) + "/delete": nil,
		"/admin/tags/new":                             {"name": {"Intruded"}},
		"/admin/tags/" + id(tag.ID):                   {"name": {"Intruded"}},
		"/admin/tags/" + id(tag.ID) + "/delete":       nil,
		"/admin/authors/new":                          {"name": {"Intruded"}},
		"/admin/authors/" + id(author.ID):             {"name": {"Intruded"}},
		"/admin/authors/" + id(author.ID) + "/delete": nil,
		"/admin/pages/new":                            {"title": {"Intruded"}, "status": {"published"}},
		"/admin/pages/" + id(page.ID):                 {"title": {"Intruded"}, "status": {"draft"}},
		"/admin/pages/" + id(page.ID) + "/delete":     nil,
		"/admin/menus/header":                         {"key": {"n1"}, "label": {"Intruded"}, "url": {"/"}, "parent": {""}},
		"/admin/banners/":                             {"title": {"Intruded"}, "url": {"/"}},
		"/admin/settings":                             {"name": {"Intruded"}},
	}
	for _, role := range []string{"author", "contributor"} {
		b := n.signInAs(role)
		for _, path := range gets {
			if resp, _ := n.do(b, "GET", path, nil); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", role, path, resp.StatusCode)
			}
		}
		for path, form := range posts {
			if form == nil {
				form = url.Values{}
			}
			if resp, _ := n.do(b, "POST", path, form); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST %s: %d, want 403", role, path, resp.StatusCode)
			}
		}
		_, body := n.do(b, "GET", "/admin/", nil)
		if doc := parse(t, body); doc.Find(`.side a[href="/admin/categories/"], .side a[href="/admin/settings"]`).Length() != 0 {
			t.Errorf("%s sees links to pages they may not open", role)
		}
	}
	editor := n.signInAs("editor")
	for _, path := range []string{"/admin/settings"} {
		if resp, _ := n.do(editor, "GET", path, nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("editor GET %s: %d, want 403", path, resp.StatusCode)
		}
		if resp, _ := n.do(editor, "POST", path, url.Values{"name": {"Intruded"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("editor POST %s: %d, want 403", path, resp.StatusCode)
		}
	}

	// Nothing the refused requests asked for happened.
	if got := categoryNamed(t, n.categories(), "News"); got.Name != "News" || len(n.categories()) != 1 {
		t.Errorf("sections changed: %+v", n.categories())
	}
	tags, _ := n.main.Store.AllTags(context.Background())
	authors, _ := n.main.Store.AllAuthors(context.Background())
	pages, _ := n.main.Store.AllPages(context.Background())
	menu, _ := n.main.Store.Menu(context.Background(), news.MenuHeader)
	banners, _ := n.main.Store.AllBanners(context.Background())
	settings, _ := n.main.Store.Settings(context.Background())
	if len(tags) != 1 || tags[0].Name != "Oil" || len(authors) != 1 || authors[0].Name != "Leyla" ||
		len(pages) != 1 || pages[0].Title != "About" || len(menu) != 0 || len(banners) != 0 || settings.Name == "Intruded" {
		t.Errorf("refused requests changed content: tags %v authors %v pages %v menu %v banners %v settings %q", tags, authors, pages, menu, banners, settings.Name)
	}
}

func TestTopicsMergeRenameAndTypeAhead(t *testing.T) {
	n := newNewsroom(t)
	ctx := context.Background()
	st := n.main.Store
	ed := n.signInAs("editor")
	writer := n.signInAs("contributor")

	// A writer creates topics while writing; the same name twice is one topic.
	resp, body := n.do(writer, "POST", "/admin/tags.json", url.Values{"name": {"Natural gas"}})
	var created struct {
		Tag struct {
			ID         int64
			Name, Slug string
		}
		Created bool
	}
	if err := json.Unmarshal([]byte(body), &created); err != nil || resp.StatusCode != http.StatusCreated || !created.Created || created.Tag.Slug != "natural-gas" {
		t.Fatalf("create by type-ahead: %d %s", resp.StatusCode, body)
	}
	resp, body = n.do(writer, "POST", "/admin/tags.json", url.Values{"name": {"NATURAL GAS"}})
	var again struct {
		Tag     struct{ ID int64 }
		Created bool
	}
	json.Unmarshal([]byte(body), &again)
	if resp.StatusCode != http.StatusOK || again.Created || again.Tag.ID != created.Tag.ID {
		t.Errorf("second create of the same topic: %d %s", resp.StatusCode, body)
	}
	if resp, _ := n.do(writer, "POST", "/admin/tags.json", url.Values{"name": {"!!!"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a topic with no letters: %d", resp.StatusCode)
	}
	n.do(writer, "POST", "/admin/tags.json", url.Values{"name": {"Gas prices"}})
	n.do(writer, "POST", "/admin/tags.json", url.Values{"name": {"Oil"}})
	_, body = n.do(writer, "GET", "/admin/tags.json?q=gas", nil)
	var found struct{ Tags []struct{ Name string } }
	if err := json.Unmarshal([]byte(body), &found); err != nil {
		t.Fatal(err)
	}
	if len(found.Tags) != 2 || found.Tags[0].Name != "Gas prices" || found.Tags[1].Name != "Natural gas" {
		t.Errorf("type-ahead for gas: %s", body)
	}

	gas, _ := st.TagBySlug(ctx, "natural-gas")
	prices, _ := st.TagBySlug(ctx, "gas-prices")
	oil, _ := st.TagBySlug(ctx, "oil")
	now := time.Now().UTC().Truncate(time.Second)
	for i, tags := range [][]news.Tag{{gas}, {gas, oil}, {prices}} {
		a := news.Article{Title: "Story " + strconv.Itoa(i), Slug: "story-" + strconv.Itoa(i), Body: "<p>Text</p>", Status: news.StatusPublished,
			PublishedAt: now.Add(-time.Duration(i+1) * time.Hour), Tags: tags}
		if err := st.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}

	_, body = n.do(ed, "GET", "/admin/tags/?q=GAS", nil)
	rows := parse(t, body).Find("tbody tr")
	if rows.Length() != 2 || !strings.Contains(rows.Eq(1).Text(), "Natural gas") || strings.TrimSpace(rows.Eq(1).Find(".num").Text()) != "2" {
		t.Errorf("topic search with counts: %q", rows.Text())
	}

	n.refused(ed, "/admin/tags/"+strconv.FormatInt(gas.ID, 10)+"/merge", url.Values{"into": {""}}, "Choose the topic")
	loc := n.posted(ed, "/admin/tags/"+strconv.FormatInt(gas.ID, 10)+"/merge", url.Values{"into": {strconv.FormatInt(prices.ID, 10)}})
	if loc != "/admin/tags/"+strconv.FormatInt(prices.ID, 10)+"?done=merged" {
		t.Errorf("after merge, sent to %q", loc)
	}
	if _, err := st.TagBySlug(ctx, "natural-gas"); err == nil {
		t.Error("the merged topic still exists")
	}
	n2, _ := st.CountArticles(ctx, store.ArticleFilter{TagID: prices.ID})
	if n2 != 3 {
		t.Errorf("articles on the target after merge: %d, want 3", n2)
	}
	if status, body := n.reader("/tag/gas-prices/"); status != http.StatusOK || strings.Count(body, "Story ") < 3 {
		t.Errorf("reader topic page after merge: %d", status)
	}
	if status, _ := n.reader("/tag/natural-gas/"); status != http.StatusNotFound {
		t.Errorf("reader page of the merged topic: %d, want 404", status)
	}

	n.posted(ed, "/admin/tags/"+strconv.FormatInt(prices.ID, 10), url.Values{"name": {"Energy prices"}, "slug": {""}, "description": {"What power costs"}})
	if status, body := n.reader("/tag/energy-prices/"); status != http.StatusOK || !strings.Contains(body, "Energy prices") {
		t.Errorf("renamed topic on the reader site: %d", status)
	}
	n.refused(ed, "/admin/tags/"+strconv.FormatInt(prices.ID, 10), url.Values{"name": {"Oil"}, "slug": {"oil"}}, "already uses this slug")
	if got, _ := st.TagBySlug(ctx, "energy-prices"); got.Name != "Energy prices" {
		t.Errorf("a refused rename changed the topic: %+v", got)
	}
}

func TestAuthorsEditProfilesAndOnlyTheirOwn(t *testing.T) {
	n := newNewsroom(t)
	ctx := context.Background()
	st := n.main.Store
	ed := n.signInAs("editor")
	n.posted(ed, "/admin/authors/new", url.Values{
		"name": {"Leyla Əliyeva"}, "bio": {"Economics editor."}, "email": {"Leyla@Example.org"},
		"link_network": {"x", ""}, "link_url": {"https://x.com/leyla", ""},
	})
	n.posted(ed, "/admin/authors/new", url.Values{"name": {"Tural"}})
	leyla, err := st.AuthorBySlug(ctx, "leyla-eliyeva")
	if err != nil || leyla.Email != "leyla@example.org" || len(leyla.Links) != 1 || leyla.Links[0].URL != "https://x.com/leyla" {
		t.Fatalf("created author: %+v %v", leyla, err)
	}
	tural, _ := st.AuthorBySlug(ctx, "tural")
	n.refused(ed, "/admin/authors/new", url.Values{"name": {"X"}, "email": {"not an address"}}, "email address is not valid")
	n.refused(ed, "/admin/authors/new", url.Values{"name": {"Y"}, "avatar": {"999"}}, "no image 999")
	n.refused(ed, "/admin/authors/new", url.Values{"name": {"Z"}, "link_network": {"x"}, "link_url": {"javascript:alert(1)"}}, "full address")
	if all, _ := st.AllAuthors(ctx); len(all) != 2 {
		t.Errorf("refused forms created authors: %d", len(all))
	}

	_, body := n.do(ed, "GET", "/admin/authors.json?q=eli", nil)
	if !strings.Contains(body, `"slug":"leyla-eliyeva"`) || strings.Contains(body, "tural") {
		t.Errorf("byline picker for eli: %s", body)
	}

	// An author whose account is linked to Leyla's byline edits it, and nothing else.
	writer := n.signInAs("author")
	u, err := st.UserByEmail(ctx, "author@example.org")
	if err != nil {
		t.Fatal(err)
	}
	u.AuthorID = leyla.ID
	if err := st.UpdateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	own := "/admin/authors/" + strconv.FormatInt(leyla.ID, 10)
	if resp, _ := n.do(writer, "GET", "/admin/authors/", nil); resp.Header.Get("Location") != own {
		t.Errorf("an author's list sends them to %q, want their profile", resp.Header.Get("Location"))
	}
	if resp, body := n.do(writer, "GET", own, nil); resp.StatusCode != http.StatusOK || parse(t, body).Find("#slug").Length() != 0 {
		t.Errorf("own profile: %d, or the slug is editable", resp.StatusCode)
	}
	n.posted(writer, own, url.Values{"name": {"Leyla Aliyeva"}, "slug": {"hijacked"}, "bio": {"Writes on energy."}})
	got, _ := st.Author(ctx, leyla.ID)
	if got.Name != "Leyla Aliyeva" || got.Bio != "Writes on energy." || got.Slug != "leyla-eliyeva" || len(got.Links) != 0 {
		t.Errorf("own profile after save: %+v", got)
	}
	other := "/admin/authors/" + strconv.FormatInt(tural.ID, 10)
	if resp, _ := n.do(writer, "GET", other, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("GET someone else's profile: %d", resp.StatusCode)
	}
	if resp, _ := n.do(writer, "POST", other, url.Values{"name": {"Hijacked"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST someone else's profile: %d", resp.StatusCode)
	}
	if got, _ := st.Author(ctx, tural.ID); got.Name != "Tural" {
		t.Errorf("someone else's profile changed: %+v", got)
	}
	if status, body := n.reader("/author/leyla-eliyeva/"); status != http.StatusOK || !strings.Contains(body, "Writes on energy.") {
		t.Errorf("reader profile after the edit: %d", status)
	}
}

func TestStaticPagesUseTheEditorAndPublish(t *testing.T) {
	n := newNewsroom(t)
	ed := n.signInAs("editor")
	_, body := n.do(ed, "GET", "/admin/pages/new", nil)
	doc := parse(t, body)
	if doc.Find("form[data-editor-form] .editor[data-editor] textarea#body[name=body]").Length() != 1 ||
		doc.Find("form[data-editor-form] p.editor-stats[data-editor-stats][aria-live=polite]").Length() != 1 ||
		doc.Find(`script[src="/admin/static/editor.js"][defer]`).Length() != 1 {
		t.Error("the page form lacks the editor's markup")
	}
	n.refused(ed, "/admin/pages/new", url.Values{"title": {""}, "status": {"published"}}, "Give the page a title")
	n.refused(ed, "/admin/pages/new", url.Values{"title": {"X"}, "status": {"scheduled"}}, "draft, published or unpublished")
	n.refused(ed, "/admin/pages/new", url.Values{"title": {"Search"}, "status": {"published"}}, "belongs to the site itself")
	if pages, _ := n.main.Store.AllPages(context.Background()); len(pages) != 0 {
		t.Fatalf("refused forms created pages: %v", pages)
	}

	loc := n.posted(ed, "/admin/pages/new", url.Values{"title": {"Who we are"}, "status": {"draft"},
		"body": {`<p>An independent newsroom.</p><script>alert(1)</script><p onclick="x()">Hi</p>`}})
	if status, _ := n.reader("/who-we-are/"); status != http.StatusNotFound {
		t.Errorf("a draft page is public: %d", status)
	}
	edit := strings.TrimSuffix(loc, "?done=created")
	n.posted(ed, edit, url.Values{"title": {"Who we are"}, "slug": {"who-we-are"}, "status": {"published"},
		"body": {`<p>An independent newsroom.</p><script>alert(1)</script><p onclick="x()">Hi</p>`}})
	status, body := n.reader("/who-we-are/")
	if status != http.StatusOK || !strings.Contains(body, "An independent newsroom.") {
		t.Fatalf("published page: %d", status)
	}
	if strings.Contains(body, "alert(1)") || strings.Contains(body, "onclick") {
		t.Error("the page body was not sanitised")
	}
	n.posted(ed, edit, url.Values{"title": {"Who we are"}, "slug": {"who-we-are"}, "status": {"unpublished"}, "body": {"<p>x</p>"}})
	if status, _ := n.reader("/who-we-are/"); status != http.StatusNotFound {
		t.Errorf("an unpublished page is public: %d", status)
	}
	n.posted(ed, edit+"/delete", nil)
	if pages, _ := n.main.Store.AllPages(context.Background()); len(pages) != 0 {
		t.Errorf("page not deleted: %v", pages)
	}
}

func TestMenusSaveWholeAndShowOnTheReaderSite(t *testing.T) {
	n := newNewsroom(t)
	ctx := context.Background()
	ed := n.signInAs("editor")
	_, body := n.do(ed, "GET", "/admin/menus/", nil)
	if got := texts(parse(t, body).Find("tbody td a")); strings.Join(got, ",") != "header,footer,mobile" {
		t.Errorf("menus listed: %v", got)
	}
	n.posted(ed, "/admin/menus/header", url.Values{
		"op":     {"save"},
		"key":    {"n1", "n2", "n3", "n4"},
		"label":  {"News", "Economy", "Contact", ""},
		"url":    {"/category/news/", "/category/news/economy/", "https://example.org/contact", ""},
		"parent": {"", "n1", "", ""},
	})
	items, _ := n.main.Store.Menu(ctx, news.MenuHeader)
	tree := news.BuildMenu(items)
	if len(tree) != 2 || tree[0].Label != "News" || len(tree[0].Children) != 1 || tree[0].Children[0].Label != "Economy" || tree[1].Label != "Contact" {
		t.Fatalf("saved menu: %+v", tree)
	}
	_, body = n.reader("/")
	if got := texts(parse(t, body).Find(".main-nav__list > li > a")); strings.Join(got, ",") != "News,Contact" {
		t.Errorf("reader header menu: %v", got)
	}

	// Move Contact above News: the key names the row.
	_, body = n.do(ed, "GET", "/admin/menus/header", nil)
	doc := parse(t, body)
	contactKey, _ := doc.Find(`input[name=label][value="Contact"]`).Closest("tr").Find("input[name=key]").Attr("value")
	form := url.Values{"op": {"up:" + contactKey}}
	doc.Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
		key, _ := tr.Find("input[name=key]").Attr("value")
		label, _ := tr.Find("input[name=label]").Attr("value")
		addr, _ := tr.Find("input[name=url]").Attr("value")
		parent, _ := tr.Find("select[name=parent] option[selected]").Attr("value")
		form["key"] = append(form["key"], key)
		form["label"] = append(form["label"], label)
		form["url"] = append(form["url"], addr)
		form["parent"] = append(form["parent"], parent)
	})
	n.posted(ed, "/admin/menus/header", form)
	_, body = n.reader("/")
	if got := texts(parse(t, body).Find(".main-nav__list > li > a")); strings.Join(got, ",") != "Contact,News" {
		t.Errorf("reader header menu after moving Contact up: %v", got)
	}
	if got := texts(parse(t, body).Find(".main-nav__list .sub-menu a")); strings.Join(got, ",") != "Economy" {
		t.Errorf("the sub-menu did not move with its parent: %v", got)
	}

	// Adding rows only shows more of them; removing one saves the menu.
	form.Set("op", "add")
	resp, body := n.do(ed, "POST", "/admin/menus/header", form)
	if resp.StatusCode != http.StatusOK || parse(t, body).Find("tbody tr").Length() != 3+2*3 || !strings.Contains(body, "Nothing is saved") {
		t.Errorf("adding rows: %d, %d rows", resp.StatusCode, parse(t, body).Find("tbody tr").Length())
	}
	form.Set("op", "remove:"+contactKey)
	n.posted(ed, "/admin/menus/header", form)
	if items, _ := n.main.Store.Menu(ctx, news.MenuHeader); len(items) != 2 || news.BuildMenu(items)[0].Label != "News" {
		t.Errorf("menu after removing Contact: %+v", items)
	}

	before, _ := n.main.Store.Menu(ctx, news.MenuHeader)
	for _, bad := range []struct{ url, want string }{
		{"javascript:alert(1)", "full address starting with http"},
		{"//evil.example/", "full address starting with http"},
		{"", "give an address"},
	} {
		n.refused(ed, "/admin/menus/header", url.Values{
			"op": {"save"}, "key": {"n1"}, "label": {"Bad"}, "url": {bad.url}, "parent": {""},
		}, bad.want)
	}
	n.refused(ed, "/admin/menus/header", url.Values{
		"op": {"save"}, "key": {"a", "b"}, "label": {"A", "B"}, "url": {"/a/", "/b/"}, "parent": {"b", "a"},
	}, "nested under itself")
	if after, _ := n.main.Store.Menu(ctx, news.MenuHeader); len(after) != len(before) {
		t.Errorf("refused menus changed the stored one: %+v", after)
	}
	if resp, _ := n.do(ed, "GET", "/admin/menus/no-such-menu", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown menu: %d", resp.StatusCode)
	}
}

func TestUsefulLinksAndSettingsShowOnTheReaderSite(t *testing.T) {
	n := newNewsroom(t)
	ctx := context.Background()
	admin := n.signInAs("administrator")
	n.posted(admin, "/admin/banners/", url.Values{
		"op": {"save"}, "title": {"State Statistics Committee", "Central Bank", ""},
		"url": {"https://stat.gov.az", "https://cbar.az", ""}, "image": {"", "", ""},
	})
	n.posted(admin, "/admin/banners/", url.Values{
		"op": {"down:1"}, "title": {"State Statistics Committee", "Central Bank"},
		"url": {"https://stat.gov.az", "https://cbar.az"}, "image": {"", ""},
	})
	banners, _ := n.main.Store.AllBanners(ctx)
	if len(banners) != 2 || banners[0].Title != "Central Bank" {
		t.Fatalf("banners after moving the first down: %+v", banners)
	}
	if _, body := n.reader("/"); !strings.Contains(body, "Central Bank") || !strings.Contains(body, "https://cbar.az") {
		t.Error("useful links are not on the reader site")
	}
	n.refused(admin, "/admin/banners/", url.Values{"op": {"save"}, "title": {"Bad"}, "url": {"ftp://x"}, "image": {""}}, "full address")
	n.refused(admin, "/admin/banners/", url.Values{"op": {"save"}, "title": {"Bad"}, "url": {"/x/"}, "image": {"12"}}, "no image 12")
	if after, _ := n.main.Store.AllBanners(ctx); len(after) != 2 {
		t.Errorf("refused links changed the stored ones: %+v", after)
	}

	settings := url.Values{
		"name": {"Caspian Ledger"}, "tagline": {"Business news from Baku"}, "about": {"We report."},
		"contact_email": {"desk@example.org"}, "base_url": {"https://ledger.example/"}, "language": {"en-gb"},
		"time_zone": {"Asia/Baku"}, "consent": {"We use one cookie."}, "feed_full_text": {"on"},
		"link_network": {"telegram"}, "link_url": {"https://t.me/ledger"},
	}
	n.posted(admin, "/admin/settings", settings)
	s, err := n.main.Store.Settings(ctx)
	if err != nil || s.Name != "Caspian Ledger" || s.BaseURL != "https://ledger.example" || s.Language != "en-GB" ||
		s.TimeZone != "Asia/Baku" || !s.FeedFullText || len(s.Social) != 1 {
		t.Fatalf("saved settings: %+v %v", s, err)
	}
	_, body := n.reader("/")
	doc := parse(t, body)
	if got := strings.TrimSpace(doc.Find(".brand").Text()); got != "Caspian Ledger" {
		t.Errorf("reader site name: %q", got)
	}
	if lang, _ := doc.Find("html").Attr("lang"); lang != "en-GB" {
		t.Errorf("reader page language: %q", lang)
	}

	for _, bad := range []struct{ field, value, want string }{
		{"time_zone", "Mars/Olympus", "not a time zone"},
		{"time_zone", "Local", "not a time zone"},
		{"base_url", "ledger.example", "full address"},
		{"base_url", "ftp://ledger.example", "full address"},
		{"language", "not a language!", "not a language code"},
		{"contact_email", "desk", "contact email"},
		{"name", "", "Give the publication a name"},
	} {
		form := url.Values{}
		for k, v := range settings {
			form[k] = v
		}
		form.Set("name", "Changed")
		form.Set(bad.field, bad.value)
		n.refused(admin, "/admin/settings", form, bad.want)
	}
	if after, _ := n.main.Store.Settings(ctx); after.Name != "Caspian Ledger" {
		t.Errorf("refused settings were saved: %+v", after)
	}
}

// TestStoredMarkupIsShownAsText puts markup into every name a manager can
// type and checks that the newsroom and the reader site show it as text.
func TestStoredMarkupIsShownAsText(t *testing.T) {
	n := newNewsroom(t)
	ctx := context.Background()
	admin := n.signInAs("administrator")
	const xss = `<script>alert("owned")</script><img src=x onerror=alert(1)>`
	n.posted(admin, "/admin/settings", url.Values{"name": {"Paper " + xss}, "tagline": {xss}})
	n.posted(admin, "/admin/categories/new", url.Values{"name": {"Section " + xss}, "slug": {"section"}, "description": {xss}})
	n.posted(admin, "/admin/tags/new", url.Values{"name": {"Topic " + xss}, "slug": {"topic"}})
	n.posted(admin, "/admin/authors/new", url.Values{"name": {"Writer " + xss}, "slug": {"writer"}, "bio": {"Bio " + xss}})
	n.posted(admin, "/admin/pages/new", url.Values{"title": {"Page " + xss}, "slug": {"notice"}, "status": {"published"}, "body": {"<p>Body</p>" + xss}})
	n.posted(admin, "/admin/menus/header", url.Values{"op": {"save"}, "key": {"n1"}, "label": {"Menu " + xss}, "url": {"/notice/"}, "parent": {""}})
	n.posted(admin, "/admin/banners/", url.Values{"op": {"save"}, "title": {"Link " + xss}, "url": {"/notice/"}, "image": {""}})
	tag, _ := n.main.Store.TagBySlug(ctx, "topic")
	author, _ := n.main.Store.AuthorBySlug(ctx, "writer")
	cat := n.categories()[0]
	a := news.Article{Title: "A story", Slug: "a-story", Body: "<p>Text</p>", Status: news.StatusPublished,
		PublishedAt: time.Now().UTC().Add(-time.Hour).Truncate(time.Second), Tags: []news.Tag{tag}, Authors: []news.Author{author}, Categories: []news.Category{cat}}
	if err := n.main.Store.CreateArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}

	id := func(v int64) string { return strconv.FormatInt(v, 10) }
	adminPages := []string{
		"/admin/settings", "/admin/categories/", "/admin/categories/" + id(cat.ID), "/admin/tags/", "/admin/tags/" + id(tag.ID),
		"/admin/authors/", "/admin/authors/" + id(author.ID), "/admin/pages/", "/admin/menus/header", "/admin/banners/",
	}
	for _, path := range adminPages {
		_, body := n.do(admin, "GET", path, nil)
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
			t.Errorf("newsroom %s shows stored markup as markup", path)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(") {
			t.Errorf("newsroom %s does not show the stored text", path)
		}
	}
	readerPages := []string{"/", "/category/section/", "/tag/topic/", "/author/writer/", "/notice/"}
	for _, path := range readerPages {
		status, body := n.reader(path)
		if status != http.StatusOK {
			t.Errorf("reader %s: %d", path, status)
			continue
		}
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") || strings.Contains(body, "onerror=alert") && !strings.Contains(body, "onerror=alert(1)&gt;") {
			t.Errorf("reader %s shows stored markup as markup", path)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(") {
			t.Errorf("reader %s does not show the stored text", path)
		}
	}
}
