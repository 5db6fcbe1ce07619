package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
)

// importedSite is a publication made by "masthead import wordpress" from
// the importer's site fixture, served over HTTP.
type importedSite struct {
	srv    *httptest.Server
	report string
}

func importSite(t *testing.T, extra ...string) importedSite {
	t.Helper()
	return importSiteWith(t, config.Default(), append([]string{"--uploads", filepath.Join("..", "wpimport", "testdata", "uploads")}, extra...)...)
}

// importSiteWith imports the fixture site with the flags given and
// serves it with cfg.
func importSiteWith(t *testing.T, cfg config.Config, flags ...string) importedSite {
	t.Helper()
	dir := t.TempDir()
	fixtures := filepath.Join("..", "wpimport", "testdata")
	args := append([]string{"import", "wordpress", filepath.Join(fixtures, "site.xml"), "--data", dir}, flags...)
	var out, errs bytes.Buffer
	env := app.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }}
	if code := app.CLI(context.Background(), args, env); code != 0 {
		t.Fatalf("import exited %d:\n%s\n%s", code, out.String(), errs.String())
	}
	cfg.DataDir = dir
	m, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(func() { srv.Close(); m.Close() })
	return importedSite{srv: srv, report: out.String()}
}

// TestMediaBaseLinksPicturesWhereTheyAre: with --media-base the pages
// show pictures at their old home, and --image-origins lets browsers load
// them.
func TestMediaBaseLinksPicturesWhereTheyAre(t *testing.T) {
	cfg := config.Default()
	cfg.ImageOrigins = "https://cdn.harbour.example"
	site := importSiteWith(t, cfg, "--media-base", "https://cdn.harbour.example/uploads")
	if !strings.Contains(site.report, "--image-origins https://cdn.harbour.example") {
		t.Errorf("report does not say which origin to allow:\n%s", site.report)
	}
	_, p := site.follow(t, "/2024/03/05/port-expansion-approved/")
	lead, _ := p.doc.Find(".article__figure img").Attr("src")
	inText, _ := p.doc.Find(".article__body img").Attr("src")
	og, _ := p.doc.Find(`meta[property="og:image"]`).Attr("content")
	base := "https://cdn.harbour.example/uploads/2024/03/harbour-at-dawn"
	if lead != base+".jpg" || inText != base+"-300x200.jpg" || og != base+".jpg" {
		t.Errorf("featured %q, in the text %q, og:image %q; want them below the media base", lead, inText, og)
	}
	if csp := p.header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: https://cdn.harbour.example") {
		t.Errorf("policy %q does not allow the media origin", csp)
	}
}

// follow requests path and follows its redirects (each a 301) to the
// page they end on, returning the hops and the final page.
func (s importedSite) follow(t *testing.T, path string) (hops []string, final page) {
	t.Helper()
	next := s.srv.URL + path
	for range 5 {
		resp, err := client.Get(next)
		if err != nil {
			t.Fatalf("GET %s: %v", next, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusMovedPermanently {
			p := page{status: resp.StatusCode, header: resp.Header, body: string(body)}
			p.doc, _ = goquery.NewDocumentFromReader(bytes.NewReader(body))
			return hops, p
		}
		loc, err := resp.Location()
		if err != nil {
			t.Fatalf("%s: 301 without a usable Location: %v", next, err)
		}
		hops = append(hops, loc.RequestURI())
		next = loc.String()
	}
	t.Fatalf("%s: more than five redirects: %v", path, hops)
	return nil, page{}
}

// TestImportedWordPressAddressesLeadToTheirPages imports the fixture site
// with the command, then requests every address WordPress answered for
// its content and follows it to the Masthead page, checking that page's
// title, text, byline and section.
func TestImportedWordPressAddressesLeadToTheirPages(t *testing.T) {
	site := importSite(t)
	for _, want := range []string{"Imported the WordPress site harbour.example", "article", "redirects", "Comments: 3 (2 approved)"} {
		if !strings.Contains(site.report, want) {
			t.Errorf("report lacks %q:\n%s", want, site.report)
		}
	}
	port := "/2024/03/05/port-expansion-approved/"
	for _, tc := range []struct {
		old, lands               string
		title, text, by, section string
	}{
		{port, port, "Port expansion approved", "seven votes to two", "Leyla Aliyeva", "Economy"},
		{"/?p=101", port, "Port expansion approved", "new quay begins in May", "Leyla Aliyeva", "Economy"},
		{"/?p=101&utm_source=newsletter", port, "Port expansion approved", "", "", ""},
		{"/2024/03/05/port-expansion-approved/harbour-at-dawn/", port, "Port expansion approved", "", "", ""},
		{"/?attachment_id=100", port, "Port expansion approved", "", "", ""},
		{"/?p=107", "/2024/03/07/theatre-reopens/", "Theatre reopens", "stage machinery dates from 1911", "Tural Huseynov", "Культура"},
		// WordPress dated it in the site's time (UTC+4), Masthead in UTC.
		{"/2024/03/09/derby-ends-level/", "/2024/03/08/derby-ends-level/", "Derby ends level", "tense derby", "Anna Kovacs", "Sport"},
		{"/about/team/", "/team/", "Our team", "Eleven journalists", "", ""},
		{"/?page_id=111", "/team/", "Our team", "", "", ""},
		{"/?page_id=110", "/about/", "About us", "reported on the city since 1998", "", ""},
		{"/category/" + url.PathEscape("культура") + "/", "/category/kultura/", "Культура", "Theatre reopens", "", ""},
		{"/?cat=6", "/category/news/economy/", "Economy", "Port expansion approved", "", ""},
		{"/category/news/economy/", "/category/news/economy/", "Economy", "Port expansion approved", "", ""},
		{"/?tag=cop29", "/tag/cop29/", "COP29", "Port expansion approved", "", ""},
		{"/author/anna_k/", "/author/anna-k/", "Anna Kovacs", "Derby ends level", "", ""},
		{"/?author=3", "/author/tural-h/", "Tural Huseynov", "Theatre reopens", "", ""},
	} {
		t.Run(tc.old, func(t *testing.T) {
			hops, p := site.follow(t, tc.old)
			if p.status != http.StatusOK {
				t.Fatalf("%s ends with %d after %v", tc.old, p.status, hops)
			}
			if len(hops) > 0 {
				if landed := hops[len(hops)-1]; landed != tc.lands {
					t.Errorf("%s lands on %s (via %v), want %s", tc.old, landed, hops, tc.lands)
				}
			} else if tc.old != tc.lands {
				t.Errorf("%s answered itself, want a redirect to %s", tc.old, tc.lands)
			}
			if h1 := strings.TrimSpace(p.doc.Find("h1").First().Text()); h1 != tc.title {
				t.Errorf("%s: heading %q, want %q", tc.old, h1, tc.title)
			}
			if tc.text != "" && !strings.Contains(p.doc.Find("main").Text(), tc.text) {
				t.Errorf("%s: page lacks %q", tc.old, tc.text)
			}
			if tc.by != "" && !strings.Contains(p.doc.Find(".byline__text").Text(), tc.by) {
				t.Errorf("%s: byline %q, want %q", tc.old, p.doc.Find(".byline__text").Text(), tc.by)
			}
			if tc.section != "" && !strings.Contains(p.doc.Find("nav[aria-label=Breadcrumb], .breadcrumbs").Text(), tc.section) {
				t.Errorf("%s: breadcrumbs %q lack %q", tc.old, p.doc.Find("nav[aria-label=Breadcrumb], .breadcrumbs").Text(), tc.section)
			}
		})
	}

	t.Run("content converted as WordPress showed it", func(t *testing.T) {
		_, p := site.follow(t, port)
		paras := p.doc.Find(".article__body > p")
		if paras.Length() != 2 || !strings.HasPrefix(paras.First().Text(), "The city council approved") {
			t.Errorf("classic text made %d paragraphs, first %q", paras.Length(), paras.First().Text())
		}
		// The resized copy the post showed is the nearest imported variant.
		src, _ := p.doc.Find(".article__body img").Attr("src")
		if !strings.HasPrefix(src, "/media/") || !strings.Contains(src, "harbour-at-dawn") {
			t.Errorf("picture in the text at %q, want the imported file", src)
		}
		if _, file := site.follow(t, src); file.status != http.StatusOK {
			t.Errorf("%s: %d", src, file.status)
		}
		_, theatre := site.follow(t, "/2024/03/07/theatre-reopens/")
		if h2 := theatre.doc.Find(".article__body h2").First().Text(); h2 != "A new stage" {
			t.Errorf("block heading %q", h2)
		}
		if strings.Contains(theatre.body, "wp:paragraph") {
			t.Error("block comments reached the page")
		}
	})

	t.Run("featured image from the uploads", func(t *testing.T) {
		_, p := site.follow(t, port)
		img := p.doc.Find(".article__figure img")
		src, _ := img.Attr("src")
		alt, _ := img.Attr("alt")
		if !strings.HasPrefix(src, "/media/") || alt != "Fishing boats at dawn in Baku harbour" ||
			!strings.Contains(p.doc.Find(".article__figure figcaption").Text(), "Photo: Aysel Hasanova") {
			t.Errorf("featured image src %q alt %q caption %q", src, alt, p.doc.Find(".article__figure figcaption").Text())
		}
		if _, file := site.follow(t, src); file.status != http.StatusOK || !strings.HasPrefix(file.header.Get("Content-Type"), "image/") {
			t.Errorf("%s: %d %s", src, file.status, file.header.Get("Content-Type"))
		}
	})

	t.Run("feeds", func(t *testing.T) {
		for old, lands := range map[string]string{
			"/author/anna_k/feed/": "/author/anna-k/feed/", "/?feed=rss2": "/feed/",
			"/2024/03/05/port-expansion-approved/feed/":          "/feed/",
			"/category/" + url.PathEscape("культура") + "/feed/": "/category/kultura/feed/",
		} {
			hops, p := site.follow(t, old)
			if len(hops) == 0 || hops[len(hops)-1] != lands || p.status != http.StatusOK {
				t.Errorf("%s: %d via %v, want %s", old, p.status, hops, lands)
				continue
			}
			feed, err := gofeed.NewParser().ParseString(p.body)
			if err != nil || len(feed.Items) == 0 {
				t.Errorf("%s: feed %v with %d items", lands, err, len(feed.Items))
			}
		}
	})

	t.Run("what readers never saw stays hidden", func(t *testing.T) {
		for _, old := range []string{"/?page_id=112", "/2024/03/01/internal-memo-on-the-port/", "/advertise/"} {
			if hops, p := site.follow(t, old); p.status != http.StatusNotFound {
				t.Errorf("%s: %d via %v, want 404", old, p.status, hops)
			}
		}
		// A query address of a draft, a private or a trashed post leads
		// nowhere: the front page answers it, as it answers any query.
		for old, hidden := range map[string]string{"/?p=102": "Budget talks", "/?p=105": "Internal memo", "/?p=106": "Old story"} {
			hops, p := site.follow(t, old)
			if len(hops) != 0 || p.status != http.StatusOK || strings.Contains(p.body, hidden) {
				t.Errorf("%s: %d via %v, showing %q: %v", old, p.status, hops, hidden, strings.Contains(p.body, hidden))
			}
		}
	})

	t.Run("a plain front page is not redirected", func(t *testing.T) {
		for _, path := range []string{"/", "/?utm_source=x"} {
			if hops, p := site.follow(t, path); len(hops) != 0 || p.status != http.StatusOK {
				t.Errorf("%s: %d via %v", path, p.status, hops)
			}
		}
	})
}

// TestImportDryRunKeepsNothing runs the command with --dry-run: it
// reports what it would do and the site stays empty.
func TestImportDryRunKeepsNothing(t *testing.T) {
	site := importSite(t, "--dry-run")
	if !strings.Contains(site.report, "Dry run (nothing was kept)") {
		t.Errorf("report:\n%s", site.report)
	}
	if _, p := site.follow(t, "/?p=101"); p.status != http.StatusOK || p.doc.Find("h1").Length() > 0 && strings.Contains(p.body, "Port expansion approved") {
		t.Errorf("after a dry run the front page shows the import: %d", p.status)
	}
	if _, p := site.follow(t, "/2024/03/05/port-expansion-approved/"); p.status != http.StatusNotFound {
		t.Errorf("after a dry run the article answers %d", p.status)
	}
}

func TestImportCommandRefusesBadInput(t *testing.T) {
	fixtures := filepath.Join("..", "wpimport", "testdata")
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"no file":          {nil, "needs one export file"},
		"missing file":     {[]string{"nowhere.xml"}, "export file"},
		"truncated":        {[]string{filepath.Join(fixtures, "truncated.xml")}, "line 348"},
		"entity bomb":      {[]string{filepath.Join(fixtures, "entity-bomb.xml")}, "DOCTYPE"},
		"both media flags": {[]string{filepath.Join(fixtures, "site.xml"), "--uploads", fixtures, "--media-base", "https://cdn.example/"}, "not both"},
		"bad permalinks":   {[]string{filepath.Join(fixtures, "site.xml"), "--permalinks", "/%nonsense%/"}, "%nonsense%"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			var out, errs bytes.Buffer
			env := app.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }}
			args := append([]string{"import", "wordpress", "--data", dir}, tc.args...)
			if code := app.CLI(context.Background(), args, env); code == 0 || !strings.Contains(errs.String(), tc.want) {
				t.Errorf("exit %d, stderr %q, want failure saying %q", code, errs.String(), tc.want)
			}
		})
	}
}

// TestImportedAuthorsSetAPasswordWithTheCommand: staff accounts made by
// the import have no password until "masthead user password" sets one.
func TestImportedAuthorsSetAPasswordWithTheCommand(t *testing.T) {
	dir := t.TempDir()
	run := func(stdin string, args ...string) (int, string, string) {
		var out, errs bytes.Buffer
		env := app.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }}
		code := app.CLI(context.Background(), append(args, "--data", dir), env)
		return code, out.String(), errs.String()
	}
	if code, out, errs := run("", "import", "wordpress", filepath.Join("..", "wpimport", "testdata", "site.xml")); code != 0 {
		t.Fatalf("import: %d\n%s\n%s", code, out, errs)
	}
	cfg := config.Default()
	cfg.DataDir = dir
	m, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	u, err := m.Store.UserByEmail(t.Context(), "anna@harbour.example")
	m.Close()
	if err != nil || u.PasswordHash != "" || !u.MustResetPassword {
		t.Fatalf("imported account %+v, %v: want no password", u, err)
	}

	if code, _, errs := run("a long new password for anna\n", "user", "password", "--email", "ANNA@harbour.example"); code != 0 {
		t.Fatalf("user password: %d %s", code, errs)
	}
	if code, out, _ := run("", "user", "password", "--email", "anna@harbour.example"); code != 0 || !strings.Contains(out, "Password: ") {
		t.Errorf("a generated password is printed once: %d %q", code, out)
	}
	if code, _, errs := run("", "user", "password", "--email", "nobody@harbour.example"); code == 0 || !strings.Contains(errs, "no staff account") {
		t.Errorf("unknown address: %d %q", code, errs)
	}
	m, err = app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	u, err = m.Store.UserByEmail(t.Context(), "anna@harbour.example")
	if err != nil || u.PasswordHash == "" || u.MustResetPassword {
		t.Errorf("after user password %+v, %v", u, err)
	}
}
