package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/mastheadhq/masthead/internal/browsertest"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/web/admin"
)

// The standards test (issue #10): one or two pages of every kind the
// reader site and the newsroom serve must pass the Nu HTML Checker with no
// errors and axe-core with no WCAG 2.1 A/AA violations, at desktop and
// phone widths and in the dark colour scheme. Reader pages are found by
// crawling the demo publication and the newsroom's from the list of its
// pages in admin.Pages, so new pages are checked without editing this file.
//
// The checkers come from npm (tools/checks: npm ci) and need Java and
// Chromium; without them the test skips on a developer's machine and fails
// in CI.

// snapshot is a page as the server sent it. Both checkers see the same
// bytes: the Nu checker reads them from a file, the browser from a replay
// server that answers with them (and passes everything else, such as
// stylesheets and pictures, to the real site).
type snapshot struct {
	site   string // "reader" or "newsroom"
	kind   string // what sort of page it is
	path   string // path and query
	status int
	header http.Header
	body   []byte
}

func (s *snapshot) String() string { return s.site + " " + s.path + " (" + s.kind + ")" }

type checkers struct {
	java, vnu, chromium string
	axe                 []byte
}

// findCheckers locates the tools, or skips the test (fails it in CI).
func findCheckers(t *testing.T) checkers {
	t.Helper()
	var c checkers
	var missing []string
	var err error
	if c.java, err = exec.LookPath("java"); err != nil {
		missing = append(missing, "java (apt-get install default-jre-headless)")
	}
	modules := filepath.Join("..", "..", "tools", "checks", "node_modules")
	c.vnu = filepath.Join(modules, "vnu-jar", "build", "dist", "vnu.jar")
	if _, err := os.Stat(c.vnu); err != nil {
		missing = append(missing, "vnu.jar (cd tools/checks && npm ci --ignore-scripts)")
	}
	if c.axe, err = os.ReadFile(filepath.Join(modules, "axe-core", "axe.min.js")); err != nil {
		missing = append(missing, "axe-core (cd tools/checks && npm ci --ignore-scripts)")
	}
	if c.chromium = browsertest.Path(); c.chromium == "" {
		missing = append(missing, "Chromium (apt-get install chromium)")
	}
	if len(missing) > 0 {
		msg := "the standards checks need " + strings.Join(missing, ", ")
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return c
}

func TestPagesAreValidHTMLAndAccessible(t *testing.T) {
	if testing.Short() {
		t.Skip("the standards checks take minutes; they run without -short")
	}
	tools := findCheckers(t)
	start := time.Now()
	reader := readerPages(t)
	n, newsroom := newsroomPages(t)
	collected := time.Since(start)

	nuStart := time.Now()
	t.Run("Nu HTML Checker", func(t *testing.T) { checkHTML(t, tools, append(slices.Clone(reader), newsroom...)) })
	nuTook := time.Since(nuStart)

	axeStart := time.Now()
	runs := 0
	t.Run("axe-core", func(t *testing.T) {
		runs = checkAccessibility(t, tools, []replay{
			{origin: demoSite.srv.URL, pages: reader},
			{origin: n.srv.URL, pages: newsroom},
		})
	})
	t.Logf("%d reader and %d newsroom pages; collected in %s, Nu checker %s, axe %d runs in %s",
		len(reader), len(newsroom), collected.Round(time.Millisecond), nuTook.Round(time.Millisecond),
		runs, time.Since(axeStart).Round(time.Millisecond))
}

// readerPages crawls the demo publication and keeps the first page of
// each kind (two articles, whose contents vary most), then adds what no
// link leads to: searches with and without results and a missing page.
func readerPages(t *testing.T) []*snapshot {
	t.Helper()
	var pages []*snapshot
	taken := map[string]int{}
	take := func(p string, doc *goquery.Document) {
		kind := readerKind(p, doc)
		limit := 1
		if strings.HasPrefix(kind, "article") {
			limit = 2
		}
		if taken[kind] >= limit {
			return
		}
		taken[kind]++
		pages = append(pages, fetchSnapshot(t, client, demoSite.srv.URL, "reader", kind, p))
	}
	crawl(t, demoSite.srv.URL, take)

	var word string
	for _, p := range pages {
		if strings.HasPrefix(p.kind, "article") {
			word = longestWord(parseHTML(t, string(p.body)).Find("h1").First().Text())
			break
		}
	}
	if word == "" {
		t.Fatal("the crawl found no article whose title gives a word to search for")
	}
	for _, p := range []string{"/search?q=" + url.QueryEscape(word), "/search?q=zzqxnothingmatches", "/no-such-page/"} {
		s := fetchSnapshot(t, client, demoSite.srv.URL, "reader", "", p)
		s.kind = readerKind(p, parseHTML(t, string(s.body)))
		pages = append(pages, s)
	}

	pages = append(pages, readerAccountPages(t)...)

	// The crawl must still find every kind the issue names; a kind lost
	// here means the site or this classification changed.
	var kinds []string
	for _, p := range pages {
		kinds = append(kinds, p.kind)
	}
	for _, want := range []string{
		"home /", "article-layout #/#/#/*", "listing category/*", "listing category/*/*", "listing category/*/page/#",
		"listing tag/*", "listing author/*", "page *", "signin *", "search-page search?q",
		"search-page search?q empty", "error-page *", "signup *", "newsletter-page *", "lost-password signin/*",
		"reader-notice account/*?p&t", "signed in account *",
	} {
		if !slices.Contains(kinds, want) {
			t.Errorf("no reader page of kind %q among %q", want, kinds)
		}
	}
	return pages
}

// readerKind names a page's kind from its template (the class of <main>)
// and the shape of its address: segments after the first become *,
// numbers #, and a page without results is "empty".
func readerKind(p string, doc *goquery.Document) string {
	u, _ := url.Parse(p)
	var shape []string
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i, s := range segs {
		switch {
		case s == "":
		case strings.Trim(s, "0123456789") == "":
			shape = append(shape, "#")
		case i == 0 && len(segs) > 1, s == "page", s == "search":
			shape = append(shape, s)
		default:
			shape = append(shape, "*")
		}
	}
	kind := strings.Join(shape, "/")
	if kind == "" {
		kind = "/"
	}
	var keys []string
	for k := range u.Query() {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(keys) > 0 {
		kind += "?" + strings.Join(keys, "&")
	}
	template := "page"
	for _, c := range strings.Fields(doc.Find("main").First().AttrOr("class", "")) {
		if c != "wrap" && c != "narrow" {
			template = c
		}
	}
	kind = template + " " + kind
	if u.Query().Get("q") != "" && doc.Find("main .search-result").Length() == 0 {
		kind += " empty"
	}
	return kind
}

func longestWord(s string) string {
	var best string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) {
		if len(w) > len(best) {
			best = w
		}
	}
	return best
}

// fetchSnapshot GETs an HTML page, failing the test unless it is one.
func fetchSnapshot(t *testing.T, c *http.Client, base, site, kind, p string) *snapshot {
	t.Helper()
	resp, err := c.Get(base + p)
	if err != nil {
		t.Fatalf("GET %s: %v", p, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", p, err)
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET %s: %d %s, want an HTML page", p, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if resp.StatusCode != http.StatusOK && !(site == "reader" && resp.StatusCode == http.StatusNotFound) {
		t.Fatalf("GET %s: status %d", p, resp.StatusCode)
	}
	return &snapshot{site: site, kind: kind, path: p, status: resp.StatusCode, header: resp.Header, body: body}
}

// newsroomPages returns one page for each pattern in admin.Pages, taken on
// a newsroom of its own filled with the demo publication: the set-up and
// sign-in pages as a stranger sees them, the two-factor code form midway
// through a sign-in, and the rest as an administrator finds them by
// following links from the dashboard.
func newsroomPages(t *testing.T) (*newsroomSite, []*snapshot) {
	t.Helper()
	n := newNewsroom(t)
	covered := map[string]bool{}
	var pages []*snapshot
	add := func(c *http.Client, p string) *snapshot {
		s := fetchSnapshot(t, c, n.srv.URL, "newsroom", patternOf(p), p)
		covered[s.kind] = true
		pages = append(pages, s)
		return s
	}
	add(n.browser(), "/admin/setup")
	must(t, n.main.SeedDemo(t.Context(), time.Now()))
	// A webhook with a delivery in its log, so that its page has rows.
	must(t, n.main.Store.CreateWebhook(t.Context(), &news.Webhook{URL: "https://hooks.example/masthead", Events: news.WebhookEvents, Secret: "whsec_standards"}))
	_, err := n.main.Store.QueueEvent(t.Context(), news.EventPageChanged, []byte(`{}`), time.Now())
	must(t, err)
	// A wire source that failed its last poll, with items, one a
	// duplicate, so that the inbox and the sources list have rows.
	wire := news.WireSource{Name: "Trend", FeedURL: "https://en.trend.example/rss", Language: "az", Interval: 15 * time.Minute,
		Poll: news.WirePoll{LastPolledAt: time.Now(), NextPollAt: time.Now().Add(time.Hour), Failures: 2, LastError: "the server answered 503 Service Unavailable"}}
	must(t, n.main.Store.CreateWireSource(t.Context(), &wire))
	_, err = n.main.Store.AddWireItems(t.Context(), wire.ID, []news.WireItem{
		{GUID: "1", URL: "https://en.trend.example/1", Title: "Qaz sazişi Bakıda imzalandı", Summary: "Nazirlər cümə günü imzaladı.", Author: "Leyla"},
		{GUID: "2", Title: "A story without an address"},
		{GUID: "3", URL: "https://en.trend.example/1", Title: "Qaz sazişi Bakıda imzalandı"},
	}, time.Now())
	must(t, err)
	const password = "the chief's long password"
	n.createUser("chief@example.org", "Chief Editor", "administrator", password)
	add(n.browser(), "/admin/login")
	add(twoFactorHalfway(n), "/admin/login/code")
	chief := n.signIn("chief@example.org", password)

	// An article saved twice more has revisions to list and compare.
	d := &desk{newsroomSite: n}
	list := parseHTML(t, string(add(chief, "/admin/articles/").body))
	edit := list.Find(`a[href^="/admin/articles/"]`).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return regexp.MustCompile(`^/admin/articles/\d+/$`).MatchString(s.AttrOr("href", ""))
	}).First().AttrOr("href", "")
	if edit == "" {
		t.Fatal("the article list links to no article")
	}
	for _, change := range []string{" (updated)", " (corrected)"} {
		form := d.editorForm(chief, edit)
		form.Set("title", form.Get("title")+change)
		if resp, _ := n.do(chief, "POST", edit, form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving %s: %d", edit, resp.StatusCode)
		}
	}

	queue := []string{edit, "/admin/"}
	seen := map[string]bool{}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] || covered[patternOf(p)] {
			continue
		}
		seen[p] = true
		s := add(chief, p)
		for _, href := range newsroomLinks(parseHTML(t, string(s.body))) {
			if strings.HasPrefix(href, "/admin/") && patternOf(href) != "" && !covered[patternOf(href)] {
				queue = append(queue, href)
			}
		}
	}
	for _, p := range admin.Pages {
		if !covered[p] {
			t.Errorf("no newsroom page of %s was checked: link to it from a page the dashboard leads to, or fetch it in newsroomPages", p)
		}
	}
	return n, pages
}

// newsroomLinks lists where a page's links lead, and where its GET forms
// would as first shown (such as the comparison of two revisions).
func newsroomLinks(doc *goquery.Document) []string {
	var links []string
	doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) { links = append(links, a.AttrOr("href", "")) })
	doc.Find(`form[method="get"]`).Each(func(_ int, f *goquery.Selection) {
		values := url.Values{}
		f.Find("input[name], select[name]").Each(func(_ int, in *goquery.Selection) {
			name := in.AttrOr("name", "")
			switch {
			case goquery.NodeName(in) == "select":
				values.Add(name, in.Find("option[selected]").AttrOr("value", in.Find("option").First().AttrOr("value", "")))
			case in.AttrOr("type", "") == "radio" || in.AttrOr("type", "") == "checkbox":
				if _, on := in.Attr("checked"); on {
					values.Add(name, in.AttrOr("value", "on"))
				}
			default:
				values.Add(name, in.AttrOr("value", ""))
			}
		})
		links = append(links, f.AttrOr("action", "")+"?"+values.Encode())
	})
	return links
}

// newsroomRoutes matches paths to the patterns of admin.Pages.
var newsroomRoutes = func() *http.ServeMux {
	mux := http.NewServeMux()
	for _, p := range admin.Pages {
		mux.HandleFunc("GET "+p, func(http.ResponseWriter, *http.Request) {})
	}
	return mux
}()

// patternOf returns the admin.Pages pattern that serves p, or "".
func patternOf(p string) string {
	_, pattern := newsroomRoutes.Handler(httptest.NewRequest("GET", p, nil))
	return strings.TrimPrefix(pattern, "GET ")
}

// twoFactorHalfway returns a browser that has given the password of an
// account with two-factor sign-in and is asked for its code.
func twoFactorHalfway(n *newsroomSite) *http.Client {
	t := n.t
	t.Helper()
	const password = "the second admin's password"
	n.createUser("second@example.org", "Second Admin", "administrator", password)
	b := n.signIn("second@example.org", password)
	_, body := n.do(b, "GET", "/admin/account/totp", nil)
	secret := strings.ReplaceAll(parseHTML(t, body).Find("#totp-secret").Text(), " ", "")
	code, err := totp.GenerateCode(secret, time.Now())
	must(t, err)
	if resp, _ := n.do(b, "POST", "/admin/account/totp", url.Values{"code": {code}}); resp.StatusCode != http.StatusOK {
		t.Fatalf("enabling two-factor sign-in: %d", resp.StatusCode)
	}
	stranger := n.browser()
	resp, _ := n.do(stranger, "POST", "/admin/login", url.Values{"email": {"second@example.org"}, "password": {password}})
	if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/admin/login/code") {
		t.Fatalf("signing in with two-factor on: %d to %q", resp.StatusCode, loc)
	}
	return stranger
}

// checkHTML runs the Nu HTML Checker once over every page (it takes
// seconds to start) and fails for each error. Warnings are logged, not
// failed: they flag things that are valid but often unintended, and some
// (such as a redundant role the axe rules ask for) are deliberate.
func checkHTML(t *testing.T, tools checkers, pages []*snapshot) {
	dir := t.TempDir()
	files := map[string]*snapshot{}
	args := []string{"-jar", tools.vnu, "--format", "json", "--stdout", "--exit-zero-always"}
	// A page with a known error proves the report is read: if the checker
	// or its output format changes, this test fails instead of passing
	// everything.
	canary := &snapshot{site: "canary", kind: "known error", path: "/canary", body: []byte(canaryPage)}
	pages = append(slices.Clone(pages), canary)
	canaryFound := false
	for i, p := range pages {
		name := filepath.Join(dir, fmt.Sprintf("%03d.html", i))
		must(t, os.WriteFile(name, p.body, 0o600))
		abs, err := filepath.Abs(name)
		must(t, err)
		files[path.Base(abs)] = p
		args = append(args, abs)
	}
	cmd := exec.Command(tools.java, args...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("vnu.jar: %v\n%s", err, stderr.String())
	}
	var report struct {
		Messages []struct {
			Type     string `json:"type"`
			SubType  string `json:"subType"`
			URL      string `json:"url"`
			LastLine int    `json:"lastLine"`
			Message  string `json:"message"`
			Extract  string `json:"extract"`
		} `json:"messages"`
	}
	if err := json.Unmarshal([]byte(stdout.String()), &report); err != nil {
		t.Fatalf("vnu.jar output: %v\n%s", err, stdout.String())
	}
	errors, warnings := 0, 0
	for _, m := range report.Messages {
		page := files[path.Base(m.URL)]
		where := m.URL
		if page != nil {
			where = page.String()
		}
		switch {
		case page == canary:
			canaryFound = canaryFound || m.Type == "error" && strings.Contains(m.Message, "alt")
		case m.Type == "info" && m.SubType == "warning":
			warnings++
			t.Logf("warning: %s line %d: %s", where, m.LastLine, m.Message)
		case m.Type == "info":
		default:
			errors++
			t.Errorf("%s line %d: %s\n\t%s", where, m.LastLine, m.Message, strings.TrimSpace(m.Extract))
		}
	}
	if !canaryFound {
		t.Errorf("the Nu checker did not report the missing alt of the canary page: its output was not understood\n%s", stdout.String())
	}
	t.Logf("Nu HTML Checker: %d pages, %d errors, %d warnings", len(pages)-1, errors, warnings)
}

// canaryPage is valid but for one error both checkers must report: a
// picture without a text alternative.
const canaryPage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Canary</title></head>` +
	`<body><main><h1>Canary</h1><img src="/none.png" width="10" height="10"></main></body></html>`

// replay is a set of snapshots of one site to serve to the browser.
type replay struct {
	origin string
	pages  []*snapshot
}

// serve answers each snapshot's address with its bytes and headers (the
// Content Security Policy among them) and passes other requests on to the
// real site.
func (r replay) serve(t *testing.T) *httptest.Server {
	target, err := url.Parse(r.origin)
	must(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	byPath := map[string]*snapshot{}
	for _, p := range r.pages {
		byPath[p.path] = p
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		p, ok := byPath[req.URL.RequestURI()]
		if !ok {
			proxy.ServeHTTP(w, req)
			return
		}
		for _, h := range []string{"Content-Type", "Content-Security-Policy", "Content-Language"} {
			if v := p.header.Get(h); v != "" {
				w.Header().Set(h, v)
			}
		}
		w.WriteHeader(p.status)
		w.Write(p.body) //nolint:errcheck
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A view is how the pages are looked at: each page is checked in each.
type view struct {
	name          string
	width, height int64
	mobile        bool
	scheme        string
}

var views = []view{
	{"desktop", 1366, 900, false, "light"},
	{"mobile", 390, 844, true, "light"},
	{"desktop dark", 1366, 900, false, "dark"},
}

// axeRun asks axe for WCAG 2.0 and 2.1 A and AA violations, reduced to what
// a failure message needs.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.map(String), summary: n.failureSummary || ''}))})))`

type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []string `json:"target"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

// checkAccessibility loads every page in one headless Chromium tab in each
// view and fails for each violation axe-core finds. axe is added to every
// document over the DevTools protocol, which the pages' CSP does not
// govern. It returns the number of axe runs.
func checkAccessibility(t *testing.T, tools checkers, sites []replay) int {
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), browsertest.Options(tools.chromium, chromedp.UserDataDir(t.TempDir()))...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: string(tools.axe)})
		return err
	}))
	if err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	type target struct {
		url  string
		page *snapshot
	}
	var targets []target
	for _, site := range sites {
		srv := site.serve(t)
		for _, p := range site.pages {
			targets = append(targets, target{srv.URL + p.path, p})
		}
	}
	runs := 0
	for _, v := range views {
		if err := chromedp.Do(ctx, emulate(v)); err != nil {
			t.Fatalf("%s view: %v", v.name, err)
		}
		// The canary page proves axe runs and the view is what it claims.
		canary, err := axeCheck(ctx, "data:text/html,"+url.PathEscape(canaryPage))
		if err != nil || !slices.ContainsFunc(canary, func(v violation) bool { return v.ID == "image-alt" }) {
			t.Fatalf("%s view: axe did not report the missing alt of the canary page: %v %+v", v.name, err, canary)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`innerWidth + ' ' + (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')`))
		if want := fmt.Sprintf("%d %s", v.width, v.scheme); err != nil || got != want {
			t.Fatalf("%s view: the page sees %q (%v), want %q", v.name, got, err, want)
		}
		for _, tg := range targets {
			found, err := axeCheck(ctx, tg.url)
			if err != nil {
				t.Errorf("%s, %s: %v", tg.page, v.name, err)
				continue
			}
			runs++
			for _, f := range found {
				var where []string
				for _, node := range f.Nodes {
					where = append(where, strings.Join(node.Target, " ")+": "+strings.ReplaceAll(node.Summary, "\n", " "))
				}
				t.Errorf("%s, %s: %s (%s): %s\n\t%s", tg.page, v.name, f.ID, f.Impact, f.Help, strings.Join(where, "\n\t"))
			}
		}
	}
	return runs
}

// emulate sizes the tab's viewport and sets its preferred colour scheme.
func emulate(v view) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: v.width, Height: v.height, DeviceScaleFactor: 1, Mobile: v.mobile,
		})
		if err != nil {
			return err
		}
		_, err = cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v.scheme}},
		})
		return err
	})
}

// axeCheck loads u and returns what axe finds there.
func axeCheck(browser context.Context, u string) ([]violation, error) {
	ctx, cancel := context.WithTimeout(browser, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		return nil, err
	}
	return chromedp.Run(ctx, chromedp.Evaluate[[]violation](axeRun, chromedp.EvalAwaitPromise))
}
