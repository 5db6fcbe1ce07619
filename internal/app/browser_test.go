package app_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/mastheadhq/masthead/internal/browsertest"
	"github.com/mastheadhq/masthead/internal/news"
)

// The publish flow in a real browser: a journalist signs in, uploads a
// picture, writes with the rich-text editor, schedules the article, and it
// appears on the reader site at its time, published by the same job that
// serve runs. Two editors on one article show the conflict case. Chromium
// is optional on a developer's machine and required in CI.

const (
	browserZone     = "Asia/Baku"
	browserPassword = "a long enough password"
)

// watchPage is added to every page a tab opens, before the page's own
// scripts: a policy violation becomes a console error the tab collects.
const watchPage = `document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));`

// browserSite is a publication served over HTTP with its scheduled
// publishing running against real time.
type browserSite struct {
	*newsroomSite
	zone    *time.Location
	section news.Category
}

func newBrowserSite(t *testing.T) *browserSite {
	t.Helper()
	s := &browserSite{newsroomSite: newNewsroom(t)}
	ctx := t.Context()
	must(t, s.main.Store.SaveSettings(ctx, news.Settings{Name: "Harbour Herald", TimeZone: browserZone, Language: "en"}))
	s.section = news.Category{Name: "Port", Slug: "port"}
	must(t, s.main.Store.CreateCategory(ctx, &s.section))
	var err error
	s.zone, err = time.LoadLocation(browserZone)
	must(t, err)
	s.createUser("editor@example.org", "Eda Editor", "editor", browserPassword)
	s.createUser("second@example.org", "Sami Second", "editor", browserPassword)

	// The job serve runs, checking every second rather than every 15 so
	// the test does not wait for a tick.
	scheduler := s.main.Scheduler()
	scheduler.Interval = time.Second
	jobCtx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		scheduler.Run(jobCtx)
	}()
	t.Cleanup(func() {
		stop()
		<-done
	})
	return s
}

// chromium starts one headless Chromium for the whole test, or skips
// without it (fails in CI, which must run it).
func chromium(t *testing.T) context.Context {
	t.Helper()
	return browsertest.Start(t, "the publish flow in a browser", chromedp.WindowSize(1366, 900))
}

// browserTab is one tab, in a browser context of its own (its own cookies),
// that collects every uncaught error, console error and policy violation
// of the pages it visits.
type browserTab struct {
	t   *testing.T
	ctx context.Context
	// width and height are the viewport's, which screenshots restore.
	width, height int64

	mu       sync.Mutex
	problems []string
	refusals map[string]bool // addresses the test expects to answer 4xx
}

func openTab(t *testing.T, browser context.Context) *browserTab {
	t.Helper()
	return openTabWith(t, browser, tabSettings{})
}

// tabSettings describe the reader a tab stands for.
type tabSettings struct {
	phone    bool // a 390 × 844 screen rather than 1366 × 900
	noScript bool // JavaScript turned off, as some readers and crawlers have it
}

func openTabWith(t *testing.T, browser context.Context, settings tabSettings) *browserTab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	tab := &browserTab{t: t, ctx: ctx, width: 1366, height: 900, refusals: map[string]bool{}}
	if settings.phone {
		tab.width, tab.height = 390, 844
	}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: watchPage}); err != nil {
		t.Fatalf("watch pages: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(tab.width, tab.height)); err != nil {
		t.Fatal(err)
	}
	if settings.noScript {
		// Policy violations still reach the tab: Chromium logs them itself.
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatalf("turn JavaScript off: %v", err)
		}
	}
	messages := chromedp.Console(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			tab.note(m)
		}
	}()
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
		<-done
		tab.mu.Lock()
		defer tab.mu.Unlock()
		for _, p := range tab.problems {
			t.Errorf("in the browser: %s", p)
		}
	})
	return tab
}

func (tab *browserTab) note(m chromedp.ConsoleMessage) {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	switch {
	case m.Source == "network" && (tab.refusals[m.URL] || strings.HasSuffix(m.URL, "/favicon.ico")):
		// A refusal the test asked for, or the icon Chromium asks for on
		// its own (the pages name none).
	case m.IsException(), m.Type == chromedp.ConsoleError:
		tab.problems = append(tab.problems, fmt.Sprintf("%s (%s)", m, m.URL))
	case strings.Contains(m.Text, "Content Security Policy"):
		tab.problems = append(tab.problems, m.String())
	}
}

// expectRefusal tells the tab that url will answer with an error status
// (a 404 or a refused form), which is then no problem of the page.
func (tab *browserTab) expectRefusal(url string) {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	tab.refusals[url] = true
}

func (tab *browserTab) do(steps ...chromedp.Action[chromedp.Void]) {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		where, _ := chromedp.Run(tab.ctx, chromedp.Location())
		tab.t.Fatalf("%v (on %s)", err, where)
	}
}

func (tab *browserTab) eval(expr string) string {
	tab.t.Helper()
	v, err := chromedp.Run(tab.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		tab.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

func (tab *browserTab) has(expr string) bool {
	tab.t.Helper()
	v, err := chromedp.Run(tab.ctx, chromedp.Evaluate[bool](expr))
	if err != nil {
		tab.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

func (tab *browserTab) text(sel string) string {
	tab.t.Helper()
	v, err := chromedp.Run(tab.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		tab.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(v)
}

// open loads a page and waits for it to be ready.
func (tab *browserTab) open(url string) {
	tab.t.Helper()
	tab.do(chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS(`body`)))
}

// keys presses keys on whatever has focus, as a person at a keyboard does.
func (tab *browserTab) keys(keys string) {
	tab.t.Helper()
	tab.do(chromedp.KeyEvent(keys))
}

// tabTo presses Tab until the element that matches sel has focus, and
// fails if it never does: it is not reachable by keyboard.
func (tab *browserTab) tabTo(sel string) {
	tab.t.Helper()
	for range 60 {
		if tab.has(fmt.Sprintf(`document.activeElement !== null && document.activeElement.matches(%q)`, sel)) {
			return
		}
		tab.keys(kb.Tab)
	}
	tab.t.Fatalf("%s cannot be reached with the Tab key (focus ends on %s)", sel, tab.eval(`document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : 'nothing'`))
}

// waitFor polls a JavaScript condition.
func (tab *browserTab) waitFor(cond string, within time.Duration) {
	tab.t.Helper()
	deadline := time.Now().Add(within)
	for {
		// While the page navigates, the evaluation can fail with the old
		// document gone ("Inspected target navigated or closed"); that is
		// a moment of the wait, not its end.
		ok, err := chromedp.Run(tab.ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			tab.t.Fatalf("timed out waiting for %s (last error: %v)", cond, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// signInByKeyboard signs in with the keyboard alone: Tab to the email
// field, type, Tab, type the password, Enter.
func (tab *browserTab) signInByKeyboard(base, email string) {
	tab.t.Helper()
	tab.open(base + "/admin/login")
	tab.tabTo(`#email`)
	tab.keys(email)
	tab.keys(kb.Tab)
	tab.keys(browserPassword)
	tab.keys("\r")
	tab.waitFor(`location.pathname === '/admin/'`, 10*time.Second)
}

const editorFocused = `document.activeElement !== null && document.activeElement.classList.contains('editor__content')`

// focusEditor puts the cursor at the end of the rich-text editor and waits
// for it to have focus (Tiptap focuses on the next animation frame).
func (tab *browserTab) focusEditor() {
	tab.t.Helper()
	tab.do(chromedp.Click(chromedp.CSS(`.editor__content`)))
	tab.waitFor(editorFocused, 5*time.Second)
	tab.do(chromedp.KeyEvent(kb.End, chromedp.KeyModifiers(chromedp.ModifierCtrl)))
}

// screenshots saves the page at a desktop and a phone size when
// MASTHEAD_SCREENSHOTS names a folder.
func (tab *browserTab) screenshots(name string) {
	tab.t.Helper()
	dir := os.Getenv("MASTHEAD_SCREENSHOTS")
	if dir == "" {
		return
	}
	if !filepath.IsAbs(dir) {
		// Tests run in their package's folder; a relative folder is meant
		// from the repository's root.
		dir = filepath.Join("..", "..", dir)
	}
	must(tab.t, os.MkdirAll(dir, 0o755))
	tab.eval(`window.scrollTo(0, 0); ''`)
	for _, size := range []struct {
		suffix        string
		width, height int64
	}{{"", 1366, 900}, {"-mobile", 390, 844}} {
		tab.do(chromedp.EmulateViewport(size.width, size.height), chromedp.Sleep(200*time.Millisecond))
		png, err := chromedp.Run(tab.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			tab.t.Fatal(err)
		}
		must(tab.t, os.WriteFile(filepath.Join(dir, name+size.suffix+".png"), png, 0o644))
	}
	tab.do(chromedp.EmulateViewport(tab.width, tab.height))
}

// fitsAPhone fails when the page is wider than a phone's screen, which
// makes a writer scroll sideways to reach fields and buttons.
func (tab *browserTab) fitsAPhone(what string) {
	tab.t.Helper()
	tab.do(chromedp.EmulateViewport(390, 844))
	if wide := tab.eval(`String(document.documentElement.scrollWidth)`); wide != "390" {
		tab.t.Errorf("%s is %spx wide on a 390px phone screen", what, wide)
	}
	tab.do(chromedp.EmulateViewport(tab.width, tab.height))
}

func TestPublishFlowInABrowser(t *testing.T) {
	browser := chromium(t)
	site := newBrowserSite(t)
	t.Run("write, schedule and see it published", func(t *testing.T) { writeScheduleAndPublish(t, site, openTab(t, browser)) })
	t.Run("two editors save the same article", func(t *testing.T) { twoEditorsSaveOneArticle(t, site, openTab(t, browser), openTab(t, browser)) })
}

func writeScheduleAndPublish(t *testing.T, site *browserSite, tab *browserTab) {
	base := site.srv.URL
	tab.signInByKeyboard(base, "editor@example.org")
	if got := tab.text(`body`); !strings.Contains(got, "Eda Editor") {
		t.Fatalf("dashboard after sign-in does not greet the editor: %q", got)
	}

	// A picture, uploaded with its alt text through the media library.
	picture := filepath.Join(t.TempDir(), "cranes.jpg")
	must(t, os.WriteFile(picture, jpegOf(t, 1200, 800), 0o644))
	tab.open(base + "/admin/media/")
	tab.do(
		chromedp.SetUploadFiles(chromedp.CSS(`#upload-files`), []string{picture}),
		chromedp.SendKeys(chromedp.CSS(`#upload-alt`), "Cranes over the harbour at dawn"),
		chromedp.Click(chromedp.CSS(`.upload__form button[type=submit]`)),
	)
	tab.waitFor(`location.search === '?done=uploaded'`, 20*time.Second)
	tab.do(chromedp.WaitVisible(chromedp.CSS(`.media-tile img`)))
	if alt := tab.text(`.media-tile__alt`); alt != "Cranes over the harbour at dawn" {
		t.Fatalf("the library shows the upload with alt %q", alt)
	}
	images := site.images()
	if len(images) != 1 {
		t.Fatalf("%d images stored, want 1", len(images))
	}
	tab.screenshots("newsroom-media")

	// Write: title, then the body with the toolbar's subheading and bold.
	tab.open(base + "/admin/articles/new")
	tab.do(chromedp.WaitVisible(chromedp.CSS(`.editor__content`)))
	const title = "Cranes return to the harbour"
	tab.do(chromedp.SendKeys(chromedp.CSS(`#title`), title))
	tab.focusEditor()
	tab.keys("The port reopened this morning.")
	tab.do(pressWithoutChar('\r'))
	tab.keys("What changes for shipping")
	tab.do(chromedp.Click(chromedp.CSS(`button[aria-label="H2 heading"]`)))
	tab.waitFor(editorFocused, 5*time.Second) // the toolbar gives focus back
	tab.do(pressWithoutChar('\r'))
	tab.keys("Ships may dock ")
	tab.do(chromedp.Click(chromedp.CSS(`button[aria-label="Bold"]`)))
	tab.waitFor(`document.querySelector('button[aria-label="Bold"]').getAttribute('aria-pressed') === 'true' && `+editorFocused, 5*time.Second)
	tab.keys("from Monday")
	tab.do(chromedp.Click(chromedp.CSS(`button[aria-label="Bold"]`)))
	tab.waitFor(`document.querySelector('button[aria-label="Bold"]').getAttribute('aria-pressed') === 'false' && `+editorFocused, 5*time.Second)
	tab.keys(".")
	body := tab.eval(`document.getElementById('body').value`)
	if want := `<p>The port reopened this morning.</p><h2>What changes for shipping</h2><p>Ships may dock <strong>from Monday</strong>.</p>`; body != want {
		t.Fatalf("the editor wrote\n %s\nwant\n %s", body, want)
	}

	// Section, featured picture and a time half a minute ahead.
	when := time.Now().In(site.zone).Add(25 * time.Second).Truncate(time.Second)
	if when.Second() == 0 {
		// A datetime-local field reads back "15:04" for "15:04:00", which
		// chromedp.SetValue takes for a refusal.
		when = when.Add(time.Second)
	}
	tab.do(
		chromedp.SetValue(chromedp.CSS(`#category`), strconv.FormatInt(site.section.ID, 10)),
		chromedp.SendKeys(chromedp.CSS(`#image`), strconv.FormatInt(images[0].ID, 10)),
		chromedp.SetValue(chromedp.CSS(`#published_at`), when.Format("2006-01-02T15:04:05")),
	)
	tab.screenshots("newsroom-editor")
	tab.fitsAPhone("the editor")
	tab.do(chromedp.Click(chromedp.CSS(`button[name=step][value=schedule]`)))
	tab.waitFor(`location.search === '?done=scheduled'`, 20*time.Second)
	if notice, status := tab.text(`.flash`), tab.text(`.status-line .status`); notice != "Scheduled." || status != "scheduled" {
		t.Fatalf("after Schedule the newsroom says %q, status %q", notice, status)
	}
	id, err := strconv.ParseInt(strings.Split(tab.eval(`location.pathname`), "/")[3], 10, 64)
	must(t, err)
	art, err := site.main.Store.Article(t.Context(), id)
	must(t, err)
	if !art.PublishedAt.Equal(when) || art.Status != news.StatusScheduled || art.Image == nil || art.Image.ID != images[0].ID {
		t.Fatalf("stored: status %s at %s with image %v, want scheduled at %s with image %d", art.Status, art.PublishedAt, art.Image, when, images[0].ID)
	}
	tab.open(base + "/admin/articles/")
	if list := tab.text(`main`); !strings.Contains(list, title) {
		t.Errorf("the article list lacks the new article")
	}
	tab.screenshots("newsroom-articles")
	if os.Getenv("MASTHEAD_SCREENSHOTS") != "" {
		tab.open(base + "/admin/") // with the scheduled article on it
		tab.screenshots("newsroom-dashboard")
	}

	// Not on the reader site before its time.
	path := news.ArticlePath(art, site.zone)
	tab.expectRefusal(base + path)
	tab.open(base + "/")
	if tab.has(fmt.Sprintf(`document.querySelector('a[href=%q]') !== null`, path)) {
		t.Fatal("the front page links the article before its time")
	}
	resp, err := chromedp.Run(tab.ctx, chromedp.NavigateResponse(base+path))
	must(t, err)
	if resp.Status != 404 || strings.Contains(tab.text(`body`), "Ships may dock") {
		t.Fatalf("the article's address answers %d before its time", resp.Status)
	}
	if time.Now().After(when) {
		t.Fatalf("the test was too slow to see the article before its time (%s)", when)
	}

	// Then on the front page once its time comes.
	deadline := time.Now().Add(60 * time.Second)
	for {
		tab.open(base + "/")
		if tab.has(fmt.Sprintf(`document.querySelector('a[href=%q]') !== null`, path)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the article was not on the front page a minute after its time %s", when)
		}
		time.Sleep(time.Second)
	}
	if early := time.Until(when); early > 0 {
		t.Errorf("the article appeared %s before its time", early)
	}
	tab.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href=%q]`, path))), chromedp.WaitVisible(chromedp.CSS(`.article__title`)))
	if got := tab.text(`.article__title`); got != title {
		t.Errorf("title %q, want %q", got, title)
	}
	if got := tab.text(`.article__body h2`); got != "What changes for shipping" {
		t.Errorf("subheading %q", got)
	}
	if got := tab.text(`.article__body strong`); got != "from Monday" {
		t.Errorf("bold text %q", got)
	}
	if got := tab.eval(`(document.querySelector('.article__figure img') || {}).alt || ''`); got != "Cranes over the harbour at dawn" {
		t.Errorf("featured picture alt %q", got)
	}
	if !tab.has(`(() => { const img = document.querySelector('.article__figure img'); return img !== null && img.complete && img.naturalWidth > 0; })()`) {
		t.Error("the featured picture did not load")
	}
	tab.fitsAPhone("the article page")
}

// saveButton is the editor's first workflow button: "Save draft" on a
// draft (its step value is empty: saving is the default).
const saveButton = `.editor-side .buttons button[name=step]:first-child`

func twoEditorsSaveOneArticle(t *testing.T, site *browserSite, first, second *browserTab) {
	base := site.srv.URL
	art := news.Article{Title: "Night ferry timetable", Slug: "night-ferry-timetable", Body: "<p>Ferries run hourly.</p>", WordCount: 3, Status: news.StatusDraft}
	must(t, site.main.Store.CreateArticle(t.Context(), &art))
	edit := fmt.Sprintf("%s/admin/articles/%d/", base, art.ID)

	first.signInByKeyboard(base, "editor@example.org")
	second.signInByKeyboard(base, "second@example.org")
	first.open(edit)
	first.do(chromedp.WaitVisible(chromedp.CSS(`.editor__content`)))
	second.open(edit)
	second.do(chromedp.WaitVisible(chromedp.CSS(`.editor__content`)))
	if got := second.text(`[data-presence]`); !strings.Contains(got, "Also editing now: Eda Editor") {
		t.Errorf("the second editor is not told who else is editing: %q", got)
	}

	first.focusEditor()
	first.keys(" The first editor adds this.")
	if label := first.text(saveButton); label != "Save draft" {
		t.Fatalf("the first workflow button is %q, want Save draft", label)
	}
	first.do(chromedp.Click(chromedp.CSS(saveButton)))
	first.waitFor(`location.search === '?done=saved'`, 20*time.Second)

	// The second editor saves with the keyboard alone: type, Tab to the
	// Save button, Enter.
	second.focusEditor()
	second.keys(" The second editor writes this.")
	second.tabTo(saveButton)
	second.expectRefusal(edit)
	second.do(chromedp.KeyEvent("\r"))
	second.waitFor(`document.querySelector('[role=alert]') !== null`, 20*time.Second)
	if msg := second.text(`[role=alert]`); !strings.Contains(msg, "Eda Editor saved a newer version") {
		t.Errorf("the stale save says %q", msg)
	}
	second.do(chromedp.WaitVisible(chromedp.CSS(`.editor__content`)))
	if got := second.text(`.editor__content`); !strings.Contains(got, "The second editor writes this.") {
		t.Errorf("the refused text is not on the page: %q", got)
	}
	stored, err := site.main.Store.Article(t.Context(), art.ID)
	must(t, err)
	if !strings.Contains(stored.Body, "The first editor adds this.") || strings.Contains(stored.Body, "second editor") {
		t.Errorf("stored body %q, want the first editor's", stored.Body)
	}
}

// pressWithoutChar presses a key whose keydown the page handles, as a
// browser does: without the character event chromedp.KeyEvent adds, which
// would press Enter twice in the editor.
func pressWithoutChar(key rune) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		for _, ev := range kb.Encode(key) {
			if ev.Type == kb.KeyChar {
				continue
			}
			if _, err := cdp.Call(ctx, target, input.DispatchKeyEvent, *ev); err != nil {
				return err
			}
		}
		return nil
	})
}
