package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// importPayloads are what a hostile or compromised WordPress site puts in
// its export, on top of xssPayloads: CSS expressions, data: and
// entity-encoded script URLs, elements that redirect or re-base a page,
// and shortcodes the converter expands.
var importPayloads = append(append([]string(nil), xssPayloads...),
	`<p style="width: expression(alert(1))">css</p>`,
	`<div style="background:url(javascript:alert(1))">css</div>`,
	`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>`,
	`<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`,
	`<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">entities</a>`,
	`<a href="jav&#x09;ascript:alert(1)">tab</a>`,
	`<a href=" javascript:alert(1)">space</a>`,
	`<svg><script>alert(1)</script></svg>`,
	`<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">`,
	`<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:alert(1)//">`,
	`<link rel="stylesheet" href="javascript:alert(1)"><style>*{background:url(javascript:alert(1))}</style>`,
	`[embed]javascript:alert(1)[/embed]`,
	`[caption id="x" caption="<img src=x onerror=alert(1)>"]<img src="javascript:alert(1)" onerror="alert(1)">[/caption]`,
	`[audio src="javascript:alert(1)"][video src="data:text/html,<script>alert(1)</script>"]`,
	`<img src=x onerror=alert(1)//`,
)

// hostileExport writes a WordPress export in which every field an import
// reads carries payloads[i] for the i-th post: the site's name, authors'
// names, sections and topics with their descriptions, pictures' titles,
// captions, alt text and credits, posts' titles, bodies, excerpts, slugs
// and SEO fields, pages, comments and menu items (the last two counted
// and left behind). Each post has a picture file of its own in uploads.
func hostileExport(t *testing.T, dir string, payloads []string) (export, uploads string) {
	t.Helper()
	uploads = filepath.Join(dir, "uploads")
	must(t, os.MkdirAll(filepath.Join(uploads, "2024", "05"), 0o750))
	pic := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range payloads {
		pic.Set(i%64, 0, color.RGBA{R: uint8(i * 7), A: 255})
		var b bytes.Buffer
		must(t, jpeg.Encode(&b, pic, nil))
		must(t, os.WriteFile(filepath.Join(uploads, "2024", "05", fmt.Sprintf("pic-%d.jpg", i)), b.Bytes(), 0o640))
	}

	cd := func(s string) string { return "<![CDATA[" + s + "]]>" }
	var w strings.Builder
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
`)
	fmt.Fprintf(&w, "<title>%s</title><link>https://harbour.example</link><description>%s</description>\n",
		cd("Harbour "+payloads[4]), cd("News "+payloads[0]))
	w.WriteString("<language>en-GB</language><wp:wxr_version>1.2</wp:wxr_version>\n")
	w.WriteString("<wp:base_site_url>https://harbour.example</wp:base_site_url><wp:base_blog_url>https://harbour.example</wp:base_blog_url>\n")
	for i, p := range payloads {
		fmt.Fprintf(&w, "<wp:author><wp:author_id>%d</wp:author_id><wp:author_login>%s</wp:author_login><wp:author_email>%s</wp:author_email>"+
			"<wp:author_display_name>%s</wp:author_display_name><wp:author_first_name>%s</wp:author_first_name><wp:author_last_name>%s</wp:author_last_name></wp:author>\n",
			10+i, cd(fmt.Sprintf("writer%d", i)), cd(fmt.Sprintf("writer%d@harbour.example", i)), cd("Author "+p), cd(p), cd(p))
		fmt.Fprintf(&w, "<wp:category><wp:term_id>%d</wp:term_id><wp:category_nicename>%s</wp:category_nicename><wp:category_parent></wp:category_parent>"+
			"<wp:cat_name>%s</wp:cat_name><wp:category_description>%s</wp:category_description></wp:category>\n",
			100+i, cd(fmt.Sprintf("section-%d-%s", i, p)), cd("Section "+p), cd("About "+p))
		fmt.Fprintf(&w, "<wp:tag><wp:term_id>%d</wp:term_id><wp:tag_slug>%s</wp:tag_slug><wp:tag_name>%s</wp:tag_name><wp:tag_description>%s</wp:tag_description></wp:tag>\n",
			300+i, cd(fmt.Sprintf("topic-%d-%s", i, p)), cd("Topic "+p), cd("On "+p))
	}
	for i, p := range payloads {
		file := fmt.Sprintf("2024/05/pic-%d.jpg", i)
		credit := "Credit " + p
		metadata := fmt.Sprintf(`a:4:{s:5:"width";i:64;s:6:"height";i:48;s:4:"file";s:%d:"%s";s:10:"image_meta";a:1:{s:6:"credit";s:%d:"%s";}}`,
			len(file), file, len(credit), credit)
		date := fmt.Sprintf("2024-05-%02d 09:00:00", 1+i%28)
		w.WriteString("<item>\n")
		fmt.Fprintf(&w, "<title>%s</title><link>https://harbour.example/?attachment_id=%d</link><dc:creator>%s</dc:creator>\n",
			cd("Picture "+p), 1000+i, cd(fmt.Sprintf("writer%d", i)))
		fmt.Fprintf(&w, "<content:encoded>%s</content:encoded><excerpt:encoded>%s</excerpt:encoded>\n", cd("Description "+p), cd("Caption "+p))
		fmt.Fprintf(&w, "<wp:post_id>%d</wp:post_id><wp:post_date>%s</wp:post_date><wp:post_date_gmt>%s</wp:post_date_gmt>"+
			"<wp:post_name>%s</wp:post_name><wp:status>inherit</wp:status><wp:post_parent>%d</wp:post_parent><wp:post_type>attachment</wp:post_type>\n",
			1000+i, cd(date), cd(date), cd(fmt.Sprintf("pic-%d", i)), 2000+i)
		fmt.Fprintf(&w, "<wp:attachment_url>%s</wp:attachment_url>\n", cd("https://harbour.example/wp-content/uploads/"+file))
		for k, v := range map[string]string{"_wp_attached_file": file, "_wp_attachment_image_alt": "Alt " + p, "_wp_attachment_metadata": metadata} {
			fmt.Fprintf(&w, "<wp:postmeta><wp:meta_key>%s</wp:meta_key><wp:meta_value>%s</wp:meta_value></wp:postmeta>\n", cd(k), cd(v))
		}
		w.WriteString("</item>\n<item>\n")
		body := fmt.Sprintf("Body %s\n\n[caption id=\"attachment_%d\" align=\"alignnone\" width=\"64\"]"+
			"<img class=\"wp-image-%d\" src=\"https://harbour.example/wp-content/uploads/%s\" alt=\"In the text\" width=\"64\" height=\"48\" /> Caption in the text %s[/caption]\n\n"+
			"<a href=\"https://harbour.example/?p=%d\">A link</a> and more: %s", p, 1000+i, 1000+i, file, p, 2000+i, p)
		fmt.Fprintf(&w, "<title>%s</title><link>https://harbour.example/?p=%d</link><dc:creator>%s</dc:creator>\n",
			cd("Title "+p), 2000+i, cd(fmt.Sprintf("writer%d", i)))
		fmt.Fprintf(&w, "<content:encoded>%s</content:encoded><excerpt:encoded>%s</excerpt:encoded>\n", cd(body), cd("Excerpt "+p))
		fmt.Fprintf(&w, "<wp:post_id>%d</wp:post_id><wp:post_date>%s</wp:post_date><wp:post_date_gmt>%s</wp:post_date_gmt>"+
			"<wp:post_name>%s</wp:post_name><wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type>\n",
			2000+i, cd(date), cd(date), cd(fmt.Sprintf("story-%d-%s", i, p)))
		fmt.Fprintf(&w, "<category domain=\"category\" nicename=\"%s\">%s</category>\n", xmlAttr(fmt.Sprintf("section-%d-%s", i, p)), cd("Section "+p))
		fmt.Fprintf(&w, "<category domain=\"post_tag\" nicename=\"%s\">%s</category>\n", xmlAttr(fmt.Sprintf("topic-%d-%s", i, p)), cd("Topic "+p))
		for k, v := range map[string]string{"_thumbnail_id": strconv.Itoa(1000 + i), "_yoast_wpseo_title": "SEO " + p, "_yoast_wpseo_metadesc": "Summary " + p} {
			fmt.Fprintf(&w, "<wp:postmeta><wp:meta_key>%s</wp:meta_key><wp:meta_value>%s</wp:meta_value></wp:postmeta>\n", cd(k), cd(v))
		}
		fmt.Fprintf(&w, "<wp:comment><wp:comment_id>%d</wp:comment_id><wp:comment_author>%s</wp:comment_author><wp:comment_author_email>%s</wp:comment_author_email>"+
			"<wp:comment_author_url>%s</wp:comment_author_url><wp:comment_content>%s</wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment>\n",
			i+1, cd("Commenter "+p), cd("c@mail.example"), cd("javascript:alert(1)"), cd("Comment "+p))
		w.WriteString("</item>\n<item>\n")
		fmt.Fprintf(&w, "<title>%s</title><link>https://harbour.example/page-%d/</link><dc:creator>%s</dc:creator>\n",
			cd("Page "+p), i, cd(fmt.Sprintf("writer%d", i)))
		fmt.Fprintf(&w, "<content:encoded>%s</content:encoded><excerpt:encoded></excerpt:encoded>\n", cd("Page body "+p))
		fmt.Fprintf(&w, "<wp:post_id>%d</wp:post_id><wp:post_date>%s</wp:post_date><wp:post_date_gmt>%s</wp:post_date_gmt>"+
			"<wp:post_name>%s</wp:post_name><wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent><wp:post_type>page</wp:post_type>\n",
			3000+i, cd(date), cd(date), cd(fmt.Sprintf("page-%d", i)))
		w.WriteString("</item>\n<item>\n")
		fmt.Fprintf(&w, "<title>%s</title><wp:post_id>%d</wp:post_id><wp:status>publish</wp:status><wp:post_type>nav_menu_item</wp:post_type>\n",
			cd("Menu "+p), 4000+i)
		fmt.Fprintf(&w, "<wp:postmeta><wp:meta_key>_menu_item_url</wp:meta_key><wp:meta_value>%s</wp:meta_value></wp:postmeta>\n", cd("javascript:alert(1)"))
		w.WriteString("</item>\n")
	}
	w.WriteString("</channel>\n</rss>\n")
	export = filepath.Join(dir, "hostile.xml")
	must(t, os.WriteFile(export, []byte(w.String()), 0o640))
	return export, uploads
}

func xmlAttr(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) //nolint:errcheck // a strings.Builder does not fail
	return b.String()
}

// TestStoredXSSFromAWordPressImportIsRenderedInert imports an export
// whose every field carries a payload with the real command, then reads
// every page, feed and API answer that shows the imported content, as a
// reader and as an administrator: no payload runs, and the text of the
// names and titles is shown, escaped.
func TestStoredXSSFromAWordPressImportIsRenderedInert(t *testing.T) {
	dir := t.TempDir()
	export, uploads := hostileExport(t, dir, importPayloads)
	data := filepath.Join(dir, "data")
	var out, errs bytes.Buffer
	env := app.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }}
	if code := app.CLI(context.Background(), []string{"import", "wordpress", export, "--uploads", uploads, "--data", data}, env); code != 0 {
		t.Fatalf("import exited %d:\n%s\n%s", code, out.String(), errs.String())
	}
	cfg := config.Default()
	cfg.DataDir = data
	m, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	must(t, err)
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(func() { srv.Close(); m.Close() })
	n := &newsroomSite{t: t, cfg: cfg, srv: srv, main: m}
	admin, _ := n.staff("chief@example.org", "Chief", "administrator")
	ctx := t.Context()

	arts, err := m.Store.ListArticles(ctx, store.ArticleFilter{Limit: 1000})
	must(t, err)
	if len(arts) != len(importPayloads) {
		t.Fatalf("%d articles imported, want %d:\n%s", len(arts), len(importPayloads), out.String())
	}
	settings, err := m.Store.Settings(ctx)
	must(t, err)
	var reader, newsroom []string
	seen := map[string]bool{}
	add := func(list *[]string, p string) {
		if !seen[p] {
			seen[p] = true
			*list = append(*list, p)
		}
	}
	for _, p := range []string{"/", "/?page=2", "/search?q=title", "/search?q=alert", "/search.json?q=title", "/feed/", "/feed/atom/",
		"/feed/json/", "/sitemap.xml", "/news-sitemap.xml"} {
		add(&reader, p)
	}
	ids := map[string][]int64{}
	for _, a := range arts {
		add(&reader, news.ArticlePath(a, settings.Location()))
		ids["articles"] = append(ids["articles"], a.ID)
		for _, c := range a.Categories {
			add(&reader, "/category/"+c.Slug+"/")
			add(&reader, "/category/"+c.Slug+"/feed/")
			add(&reader, "/category/"+c.Slug+"/feed/json/")
			ids["categories"] = append(ids["categories"], c.ID)
		}
		for _, tg := range a.Tags {
			add(&reader, "/tag/"+tg.Slug+"/")
			add(&reader, "/tag/"+tg.Slug+"/feed/atom/")
			ids["tags"] = append(ids["tags"], tg.ID)
		}
		for _, au := range a.Authors {
			add(&reader, "/author/"+au.Slug+"/")
			add(&reader, "/author/"+au.Slug+"/feed/")
			ids["authors"] = append(ids["authors"], au.ID)
		}
		if a.Image != nil {
			ids["media"] = append(ids["media"], a.Image.ID)
		}
	}
	pages, err := m.Store.AllPages(ctx)
	must(t, err)
	if len(pages) != len(importPayloads) {
		t.Errorf("%d pages imported, want %d", len(pages), len(importPayloads))
	}
	for _, pg := range pages {
		add(&reader, "/"+pg.Slug+"/")
		ids["pages"] = append(ids["pages"], pg.ID)
	}
	if len(ids["media"]) != len(importPayloads) {
		t.Errorf("%d featured pictures imported, want %d", len(ids["media"]), len(importPayloads))
	}

	// Every payload is in what the pages show, so each page is checked
	// against all of them.
	check := func(where string, status int, ct, body string) {
		t.Helper()
		if status != http.StatusOK {
			t.Errorf("%s: %d", where, status)
		}
		for _, p := range importPayloads {
			assertInert(t, where, status, ct, body, p)
		}
	}
	for _, p := range reader {
		status, ct, body := fetch(t, client, srv.URL, p)
		check("reader GET "+p, status, ct, body)
	}

	// The content API, with a key, and the admin API: their HTML fields
	// are what other sites put in their pages.
	contentKey, hash, _ := auth.NewAPISecret(news.APIKeyContent)
	must(t, m.Store.CreateAPIKey(ctx, &news.APIKey{Kind: news.APIKeyContent, Name: "site", Hash: hash}))
	for _, res := range []string{"posts/?include=authors,tags&limit=all", "pages/?limit=all", "authors/?limit=all", "tags/?limit=all", "settings/"} {
		p := "/ghost/api/content/" + res + "&key=" + contentKey
		if !strings.Contains(res, "?") {
			p = "/ghost/api/content/" + res + "?key=" + contentKey
		}
		status, ct, body := fetch(t, client, srv.URL, p)
		checkJSONHTML(t, "GET "+p, status, ct, body)
	}

	// The admin API, with an editor's token, reads every article whole.
	editorAPI, _ := n.adminToken("desk@example.org", "editor")
	apiPaths := []string{"/api/v1/articles?limit=100", "/api/v1/pages?limit=100", "/api/v1/categories", "/api/v1/tags", "/api/v1/authors"}
	for _, id := range ids["articles"] {
		apiPaths = append(apiPaths, "/api/v1/articles/"+strconv.FormatInt(id, 10))
	}
	for _, id := range ids["media"] {
		apiPaths = append(apiPaths, "/api/v1/media/"+strconv.FormatInt(id, 10))
	}
	for _, p := range apiPaths {
		req, _ := http.NewRequest("GET", srv.URL+p, nil)
		req.Header.Set("Authorization", "Bearer "+editorAPI.token)
		resp, err := client.Do(req)
		must(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		checkJSONHTML(t, "GET "+p, resp.StatusCode, resp.Header.Get("Content-Type"), string(body))
	}

	// Feed readers show the items' HTML as a page would.
	fp := gofeed.NewParser()
	for _, p := range reader {
		if !strings.Contains(p, "feed/") {
			continue
		}
		status, ct, body := fetch(t, client, srv.URL, p)
		if strings.HasPrefix(ct, "application/feed+json") {
			checkJSONHTML(t, "GET "+p, status, ct, body)
			continue
		}
		feed, err := fp.ParseString(body)
		if err != nil {
			t.Errorf("GET %s: %v", p, err)
			continue
		}
		if len(feed.Items) == 0 {
			t.Errorf("GET %s: no items", p)
		}
		for _, it := range feed.Items {
			checkFragment(t, "GET "+p+" item content", it.Content)
			// RSS readers show an item's description as HTML; Atom's
			// summary is declared type="text".
			if feed.FeedType == "rss" {
				checkFragment(t, "GET "+p+" item description", it.Description)
			}
		}
	}

	walked := 0
	for _, r := range m.Routes() {
		method, path, _ := strings.Cut(r, " ")
		if method != "GET" || !strings.HasPrefix(path, "/admin") || strings.Contains(path, "static") || strings.Contains(path, "{name}") ||
			strings.Contains(path, "totp") || strings.Contains(path, "/login") || strings.Contains(path, "setup") {
			continue
		}
		path = strings.TrimSuffix(path, "{$}")
		if !strings.Contains(path, "{id}") {
			add(&newsroom, path)
			continue
		}
		kind := strings.Split(strings.TrimPrefix(path, "/admin/"), "/")[0]
		for _, id := range ids[kind] {
			add(&newsroom, strings.Replace(path, "{id}", strconv.FormatInt(id, 10), 1))
		}
	}
	for _, p := range newsroom {
		resp, body := n.do(admin, "GET", p, nil)
		ct := resp.Header.Get("Content-Type")
		if strings.HasPrefix(ct, "application/json") {
			checkJSONHTML(t, "newsroom GET "+p, resp.StatusCode, ct, body)
			continue
		}
		if resp.StatusCode == http.StatusNotFound && strings.HasSuffix(p, "/diff") {
			continue // an article with a single revision has nothing to compare
		}
		check("newsroom GET "+p, resp.StatusCode, ct, body)
		walked++
	}
	if walked < 4*len(importPayloads) {
		t.Errorf("only %d newsroom pages read: the route walk missed the imported records", walked)
	}
	t.Logf("%d reader pages, %d newsroom pages", len(reader), len(newsroom))

	// The words are shown as text: escaping, not deleting.
	squash := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for _, a := range arts {
		p := getFrom(t, srv.URL, news.ArticlePath(a, settings.Location()))
		if got := squash(p.doc.Find("h1").First().Text()); got != squash(a.Title) {
			t.Errorf("article %d: headline %q, want %q", a.ID, got, a.Title)
		}
		for _, c := range a.Categories {
			cp := getFrom(t, srv.URL, "/category/"+c.Slug+"/")
			if got := squash(cp.doc.Find("h1").First().Text()); !strings.Contains(got, squash(c.Name)) {
				t.Errorf("section %d: heading %q, want %q", c.ID, got, c.Name)
			}
		}
		for _, au := range a.Authors {
			ap := getFrom(t, srv.URL, "/author/"+au.Slug+"/")
			if got := squash(ap.doc.Find("h1").First().Text()); !strings.Contains(got, squash(au.Name)) {
				t.Errorf("author %d: heading %q, want %q", au.ID, got, au.Name)
			}
		}
	}
	// Names keep their markup as text, so the escaping above was tested.
	shown := 0
	for _, a := range arts {
		for _, c := range a.Categories {
			if strings.Contains(c.Name, "<script>") {
				shown++
			}
		}
	}
	if shown == 0 {
		t.Error("no section name kept <script> as text; the import may have changed the payloads before the pages saw them")
	}
}

// getFrom reads an HTML page of srv.
func getFrom(t *testing.T, base, path string) page {
	t.Helper()
	status, ct, body := fetch(t, client, base, path)
	if status != http.StatusOK || !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("GET %s: %d %s", path, status, ct)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	must(t, err)
	return page{status: status, body: body, doc: doc}
}

// checkJSONHTML fails when an HTML field of a JSON answer ("html",
// "*_html", or a body) holds markup that would run where another site
// shows it.
func checkJSONHTML(t *testing.T, where string, status int, ct, body string) {
	t.Helper()
	if status != http.StatusOK || !(strings.HasPrefix(ct, "application/json") || strings.HasPrefix(ct, "application/feed+json")) {
		t.Errorf("%s: %d %s", where, status, ct)
		return
	}
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Errorf("%s: %v", where, err)
		return
	}
	fields := 0
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(k, e)
			}
		case []any:
			for _, e := range x {
				walk(key, e)
			}
		case string:
			if key == "html" || key == "body" || strings.HasSuffix(key, "_html") || key == "content_html" {
				fields++
				checkFragment(t, where+" "+key, x)
			}
		}
	}
	walk("", v)
	if (strings.Contains(where, "posts") || strings.Contains(where, "/articles/") || strings.Contains(where, "feed")) && fields == 0 {
		t.Errorf("%s: no HTML fields found to check", where)
	}
}

// checkFragment parses an HTML fragment as a page would and fails on any
// script, event handler, script or data URL, or active element.
func checkFragment(t *testing.T, where, fragment string) {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(fragment), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Errorf("%s: %v", where, err)
		return
	}
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if activeElements[n.Data] {
				t.Errorf("%s: <%s> in %q", where, n.Data, fragment)
			}
			for _, a := range n.Attr {
				if bad := activeAttr(a); bad != "" {
					t.Errorf("%s: <%s %s=%q> (%s)", where, n.Data, a.Key, a.Val, bad)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	for _, n := range nodes {
		visit(n)
	}
}

// TestActiveMarkupIsRecognised keeps the checks above honest: markup
// that runs, in the disguises the payloads use, is found once parsed.
func TestActiveMarkupIsRecognised(t *testing.T) {
	for _, tc := range []struct {
		fragment string
		active   bool
	}{
		{`<a href="&#106;&#97;vascript:alert(1)">x</a>`, true},
		{"<a href=\" jav\tascript:alert(1)\">x</a>", true},
		{`<a href="JAVASCRIPT:alert(1)">x</a>`, true},
		{`<img src="data:image/svg+xml;base64,PHN2Zz4=">`, true},
		{`<img src=x onerror=alert(1)>`, true},
		{`<p style="width: expression(alert(1))">x</p>`, true},
		{`<form><button formaction="javascript:alert(1)">x</button></form>`, true},
		{`<a href="https://example.org/javascript:alert(1)">x</a>`, false},
		{`<img src="/media/a.jpg" alt="javascript:alert(1)">`, false},
		{`<p>onerror=alert(1) &lt;script&gt;</p>`, false},
	} {
		nodes, err := html.ParseFragment(strings.NewReader(tc.fragment), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
		must(t, err)
		found := false
		var visit func(*html.Node)
		visit = func(n *html.Node) {
			for _, a := range n.Attr {
				found = found || activeAttr(a) != ""
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				visit(c)
			}
		}
		for _, n := range nodes {
			visit(n)
		}
		if found != tc.active {
			t.Errorf("%s: active %v, want %v", tc.fragment, found, tc.active)
		}
	}
}
