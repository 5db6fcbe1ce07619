package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

var demoContentKey = sync.OnceValue(func() string {
	secret, hash, hint := auth.NewAPISecret(news.APIKeyContent)
	k := news.APIKey{Kind: news.APIKeyContent, Name: "Tests", Hash: hash, Hint: hint}
	if err := demoSite.main.Store.CreateAPIKey(context.Background(), &k); err != nil {
		panic(err)
	}
	return secret
})

// ghostClientDir is where the official client is installed (npm ci).
func ghostClientDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../tools/ghostclient")
	if err != nil {
		t.Fatal(err)
	}
	_, nodeErr := exec.LookPath("node")
	_, modErr := os.Stat(filepath.Join(dir, "node_modules", "@tryghost", "content-api"))
	if nodeErr != nil || modErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("node or the Ghost client is missing (run npm ci in tools/ghostclient): %v %v", nodeErr, modErr)
		}
		t.Skip("node or @tryghost/content-api is not installed; run: (cd tools/ghostclient && npm ci)")
	}
	return dir
}

// demoFacts are the demo publication's content as the store has it, to
// hold the client's answers against.
type demoFacts struct {
	visible     []news.Article // newest first
	post        news.Article   // with a section and a topic
	topic       news.Tag
	section     news.Category
	author      news.Author
	page        news.Page
	pages       []news.Page
	authors     []news.Author
	sectionTags int
	topics      int
}

func loadDemoFacts(t *testing.T) demoFacts {
	t.Helper()
	ctx := context.Background()
	s := demoSite.main.Store
	var f demoFacts
	var err error
	if f.visible, err = s.ListArticles(ctx, store.ArticleFilter{VisibleAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	cats, _ := s.AllCategories(ctx)
	catSlugs := map[string]bool{}
	for _, c := range cats {
		catSlugs[c.Slug] = true
	}
	for _, a := range f.visible {
		for _, tg := range a.Tags {
			if !catSlugs[tg.Slug] && len(a.Categories) > 0 && f.post.ID == 0 {
				f.post, f.topic, f.section, f.author = a, tg, a.Categories[0], a.Authors[0]
			}
		}
	}
	if f.post.ID == 0 {
		t.Fatal("the demo has no visible article with a section and a topic")
	}
	all, _ := s.AllPages(ctx)
	for _, p := range all {
		if p.Status == news.StatusPublished && !p.PublishedAt.After(time.Now()) {
			f.pages = append(f.pages, p)
		}
	}
	if len(f.pages) == 0 {
		t.Fatal("the demo has no published page")
	}
	f.page = f.pages[0]
	f.authors, _ = s.AllAuthors(ctx)
	tags, _ := s.AllTags(ctx)
	f.sectionTags, f.topics = len(cats), len(tags)
	return f
}

func ghostIDOf(kind int, id int64) string { return fmt.Sprintf("%08x%016x", kind, id) }

// clientAnswer is what run.js reports for one call.
type clientAnswer struct {
	Result json.RawMessage `json:"result"`
	Meta   *struct {
		Pagination struct {
			Page  int `json:"page"`
			Limit any `json:"limit"`
			Pages int `json:"pages"`
			Total int `json:"total"`
			Next  any `json:"next"`
			Prev  any `json:"prev"`
		} `json:"pagination"`
	} `json:"meta"`
	Error *struct {
		Name    string `json:"name"`
		Message string `json:"message"`
		Type    string `json:"type"`
		Context string `json:"context"`
	} `json:"error"`
}

type ghostItem struct {
	ID          string `json:"id"`
	Slug        string `json:"slug"`
	Title       string `json:"title"`
	Name        string `json:"name"`
	HTML        *string
	Plaintext   *string
	URL         string `json:"url"`
	PublishedAt string `json:"published_at"`
	Tags        []struct {
		Slug string `json:"slug"`
	} `json:"tags"`
	PrimaryTag *struct {
		Slug string `json:"slug"`
	} `json:"primary_tag"`
	Authors []struct {
		Slug string `json:"slug"`
	} `json:"authors"`
	Count *struct {
		Posts int `json:"posts"`
	} `json:"count"`
	Keys map[string]json.RawMessage `json:"-"`
}

func decodeItems(t *testing.T, name string, raw json.RawMessage) []ghostItem {
	t.Helper()
	var list []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		t.Fatalf("%s: not a list: %v\n%s", name, err, raw)
	}
	out := make([]ghostItem, len(list))
	for i, m := range list {
		out[i] = decodeItem(t, name, m)
	}
	return out
}

func decodeItem(t *testing.T, name string, m map[string]json.RawMessage) ghostItem {
	t.Helper()
	b, _ := json.Marshal(m)
	var it ghostItem
	if err := json.Unmarshal(b, &it); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if h, ok := m["html"]; ok {
		var s string
		json.Unmarshal(h, &s) //nolint:errcheck
		it.HTML = &s
	}
	if p, ok := m["plaintext"]; ok {
		var s string
		json.Unmarshal(p, &s) //nolint:errcheck
		it.Plaintext = &s
	}
	it.Keys = m
	return it
}

func decodeOne(t *testing.T, name string, raw json.RawMessage) ghostItem {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s: not an object: %v\n%s", name, err, raw)
	}
	return decodeItem(t, name, m)
}

func slugsOf(items []ghostItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Slug
	}
	return out
}

func keysOf(it ghostItem) []string {
	var ks []string
	for k := range it.Keys {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func TestOfficialGhostClientReadsTheDemoPublication(t *testing.T) {
	dir := ghostClientDir(t)
	f := loadDemoFacts(t)
	given, _ := json.Marshal(map[string]string{
		"postId": ghostIDOf(1, f.post.ID), "postSlug": f.post.Slug, "tagSlug": f.topic.Slug, "tagId": ghostIDOf(3, f.topic.ID),
		"sectionSlug": f.section.Slug, "authorSlug": f.author.Slug, "authorId": ghostIDOf(5, f.author.ID),
		"pageId": ghostIDOf(2, f.page.ID), "pageSlug": f.page.Slug,
	})
	cmd := exec.Command("node", "run.js", demoSite.srv.URL, demoContentKey(), string(given))
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("run.js: %v\n%s", err, stderr.String())
	}
	var answers map[string]clientAnswer
	if err := json.Unmarshal(out, &answers); err != nil {
		t.Fatalf("run.js printed %s: %v", out, err)
	}
	answer := func(name string) clientAnswer {
		t.Helper()
		a, ok := answers[name]
		if !ok || a.Error != nil {
			t.Fatalf("%s: %+v", name, a.Error)
		}
		return a
	}
	checkPosts(t, f, answer)
	checkOtherResources(t, f, answer)
	checkClientErrors(t, answers)
	checkVersionedPaths(t, out, visibleSlugs(f.visible, nil))
}

// checkVersionedPaths checks that clients configured for Ghost 2 to 4,
// which put the version in the path, get the same posts.
func checkVersionedPaths(t *testing.T, out []byte, slugs []string) {
	t.Helper()
	var got struct{ Versioned map[string]json.RawMessage }
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	want := slugs[:min(3, len(slugs))]
	for _, v := range []string{"v2", "v3", "v4", "v4.0", "canary"} {
		var list []string
		if err := json.Unmarshal(got.Versioned[v], &list); err != nil || !slices.Equal(list, want) {
			t.Errorf("client with version %q: %s, want %v", v, got.Versioned[v], want)
		}
	}
}

func visibleSlugs(list []news.Article, keep func(news.Article) bool) []string {
	var out []string
	for _, a := range list {
		if keep == nil || keep(a) {
			out = append(out, a.Slug)
		}
	}
	return out
}

func checkPosts(t *testing.T, f demoFacts, answer func(string) clientAnswer) {
	t.Helper()
	browse := answer("postsBrowse")
	posts := decodeItems(t, "postsBrowse", browse.Result)
	want := visibleSlugs(f.visible, nil)
	if !slices.Equal(slugsOf(posts), want[:min(15, len(want))]) {
		t.Errorf("posts.browse(): %v, want the 15 newest %v", slugsOf(posts), want[:min(15, len(want))])
	}
	p := browse.Meta.Pagination
	if p.Page != 1 || p.Limit != float64(15) || p.Total != len(want) || p.Pages != (len(want)+14)/15 {
		t.Errorf("posts.browse() pagination %+v for %d posts", p, len(want))
	}
	if keys := keysOf(posts[0]); !slices.Contains(keys, "html") || slices.Contains(keys, "tags") || !slices.Contains(keys, "reading_time") || !slices.Contains(keys, "url") {
		t.Errorf("a browsed post has the keys %v", keys)
	}
	all := answer("postsBrowseAll")
	if got := decodeItems(t, "all", all.Result); len(got) != len(want) || all.Meta.Pagination.Limit != "all" || len(keysOf(got[0])) != 3 {
		t.Errorf("limit all: %d posts (want %d), limit %v, keys %v", len(got), len(want), all.Meta.Pagination.Limit, keysOf(got[0]))
	}
	page2 := answer("postsPage2")
	if got := slugsOf(decodeItems(t, "page2", page2.Result)); !slices.Equal(got, want[2:4]) || page2.Meta.Pagination.Prev != float64(1) || page2.Meta.Pagination.Next != float64(3) {
		t.Errorf("page 2 of 2: %v %+v, want %v", got, page2.Meta.Pagination, want[2:4])
	}
	included := decodeItems(t, "included", answer("postsIncluded").Result)
	for i, it := range included {
		a := f.visible[i]
		if len(it.Tags) != len(a.Categories)+len(a.Tags) || it.PrimaryTag == nil || it.PrimaryTag.Slug != a.Categories[0].Slug || len(it.Authors) != len(a.Authors) || it.Plaintext == nil || it.HTML == nil || *it.HTML != a.Body {
			t.Errorf("post %s with tags and authors: %d tags, primary %v, %d authors", it.Slug, len(it.Tags), it.PrimaryTag, len(it.Authors))
		}
	}
	hasTopic := func(a news.Article) bool {
		return slices.ContainsFunc(a.Tags, func(tg news.Tag) bool { return tg.ID == f.topic.ID })
	}
	if got := slugsOf(decodeItems(t, "filtered", answer("postsFiltered").Result)); !slices.Equal(got, visibleSlugs(f.visible, hasTopic)) {
		t.Errorf("filter tag:%s gave %v, want %v", f.topic.Slug, got, visibleSlugs(f.visible, hasTopic))
	}
	byAuthor := func(a news.Article) bool {
		return hasTopic(a) || slices.ContainsFunc(a.Authors, func(au news.Author) bool { return au.ID == f.author.ID })
	}
	if got := slugsOf(decodeItems(t, "or", answer("postsFilteredOr").Result)); !slices.Equal(got, visibleSlugs(f.visible, byAuthor)) {
		t.Errorf("filter tag or author gave %v, want %v", got, visibleSlugs(f.visible, byAuthor))
	}
	titles := make([]string, 0, len(f.visible))
	for _, a := range f.visible {
		titles = append(titles, a.Title)
	}
	slices.SortFunc(titles, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	var gotTitles []string
	for _, it := range decodeItems(t, "ordered", answer("postsOrdered").Result) {
		gotTitles = append(gotTitles, it.Title)
	}
	if !slices.Equal(gotTitles, titles[:min(5, len(titles))]) {
		t.Errorf("order title asc: %v, want %v", gotTitles, titles[:5])
	}
	monthAgo := time.Now().AddDate(0, 0, -30)
	recent := visibleSlugs(f.visible, func(a news.Article) bool { return a.PublishedAt.After(monthAgo) })
	if got := slugsOf(decodeItems(t, "recent", answer("postsRecent").Result)); !slices.Equal(got, recent) {
		t.Errorf("published in the last 30 days: %v, want %v", got, recent)
	}
	plain := decodeItems(t, "plaintext", answer("postsPlaintext").Result)[0]
	if plain.Plaintext == nil || plain.HTML != nil || strings.Contains(*plain.Plaintext, "<") {
		t.Errorf("formats=plaintext: %v", keysOf(plain))
	}
	read := decodeOne(t, "read", answer("postRead").Result)
	if read.Slug != f.post.Slug || read.ID != ghostIDOf(1, f.post.ID) || len(read.Authors) == 0 || read.PrimaryTag == nil {
		t.Errorf("posts.read(id): %+v", read)
	}
	bySlug := decodeOne(t, "readSlug", answer("postReadSlug").Result)
	if bySlug.Title != f.post.Title || len(bySlug.Keys) != 3 || !strings.HasSuffix(bySlug.URL, news.ArticlePath(f.post, time.UTC)) && !strings.Contains(bySlug.URL, f.post.Slug) {
		t.Errorf("posts.read(slug) with fields: %v %q", keysOf(bySlug), bySlug.URL)
	}
}

func checkOtherResources(t *testing.T, f demoFacts, answer func(string) clientAnswer) {
	t.Helper()
	pages := decodeItems(t, "pages", answer("pagesBrowse").Result)
	if len(pages) != len(f.pages) {
		t.Errorf("pages.browse: %v, want %d pages", slugsOf(pages), len(f.pages))
	}
	if p := decodeOne(t, "page", answer("pageRead").Result); p.Slug != f.page.Slug || p.HTML == nil || *p.HTML != f.page.Body {
		t.Errorf("pages.read(id): %s", p.Slug)
	}
	if p := decodeOne(t, "pageSlug", answer("pageReadSlug").Result); p.Title != f.page.Title || p.Plaintext == nil || p.HTML != nil {
		t.Errorf("pages.read(slug) as plaintext: %v", keysOf(p))
	}
	tags := decodeItems(t, "tags", answer("tagsBrowse").Result)
	if len(tags) != f.sectionTags+f.topics {
		t.Errorf("tags.browse: %d, want %d sections and %d topics", len(tags), f.sectionTags, f.topics)
	}
	counted := 0
	for _, tg := range tags {
		if tg.Count == nil {
			t.Fatalf("tag %s without count.posts", tg.Slug)
		}
		if tg.Slug == f.topic.Slug {
			counted = tg.Count.Posts
		}
	}
	if want := len(visibleSlugs(f.visible, func(a news.Article) bool {
		return slices.ContainsFunc(a.Tags, func(tg news.Tag) bool { return tg.ID == f.topic.ID })
	})); counted != want {
		t.Errorf("count.posts of %s: %d, want %d", f.topic.Slug, counted, want)
	}
	if got := slugsOf(decodeItems(t, "tagsFiltered", answer("tagsFiltered").Result)); len(got) != 2 || !slices.Contains(got, f.topic.Slug) || !slices.Contains(got, f.section.Slug) {
		t.Errorf("tags filtered by slug: %v", got)
	}
	if tg := decodeOne(t, "tag", answer("tagRead").Result); tg.Name != f.topic.Name || tg.Count == nil {
		t.Errorf("tags.read(id): %+v", tg)
	}
	if tg := decodeOne(t, "tagSlug", answer("tagReadSlug").Result); tg.Name != f.section.Name || !strings.Contains(tg.URL, "/category/") {
		t.Errorf("a section read as a tag: %+v", tg)
	}
	authors := decodeItems(t, "authors", answer("authorsBrowse").Result)
	if len(authors) != len(f.authors) {
		t.Errorf("authors.browse: %d, want %d", len(authors), len(f.authors))
	}
	names := make([]string, len(f.authors))
	for i, au := range f.authors {
		names[i] = au.Name
	}
	slices.SortFunc(names, func(a, b string) int { return -strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	if got := decodeItems(t, "authorsOrdered", answer("authorsOrdered").Result); len(got) != 2 || got[0].Name != names[0] || got[1].Name != names[1] {
		t.Errorf("authors by name desc: %+v, want %v", got, names[:2])
	}
	if au := decodeOne(t, "author", answer("authorRead").Result); au.Slug != f.author.Slug || au.Name != f.author.Name {
		t.Errorf("authors.read(id): %+v", au)
	}
	if au := decodeOne(t, "authorSlug", answer("authorReadSlug").Result); au.Count == nil || au.Count.Posts == 0 {
		t.Errorf("authors.read(slug) with count.posts: %+v", au)
	}
	if tiers := decodeItems(t, "tiers", answer("tiersBrowse").Result); len(tiers) != 1 || tiers[0].Slug != "free" {
		t.Errorf("tiers.browse: %+v", tiers)
	}
	if nl := answer("newslettersBrowse"); string(nl.Result) != "[]" {
		t.Errorf("newsletters.browse: %s", nl.Result)
	}
	var settings map[string]any
	if err := json.Unmarshal(answer("settingsBrowse").Result, &settings); err != nil {
		t.Fatal(err)
	}
	s, _ := demoSite.main.Store.Settings(context.Background())
	if settings["title"] != s.Name || settings["description"] != s.Tagline || settings["navigation"] == nil {
		t.Errorf("settings.browse: title %v, description %v", settings["title"], settings["description"])
	}
}

func checkClientErrors(t *testing.T, answers map[string]clientAnswer) {
	t.Helper()
	for name, want := range map[string]string{
		"postMissing":   "NotFoundError Post not found.",
		"offerRead":     "NotFoundError Offer not found.",
		"postBadFilter": "BadRequestError Error parsing filter",
		"unknownKey":    "UnauthorizedError Unknown Content API Key",
	} {
		a := answers[name]
		if a.Error == nil || a.Error.Type+" "+a.Error.Message != want {
			t.Errorf("%s: %+v, want the client to throw %s", name, a.Error, want)
		}
	}
}
