package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The reader's flows in a real browser, against the demo publication: the
// consent bar, the font resizer, the category menus on a desktop and a
// phone, instant search, and reading an article. Each works with the
// keyboard alone, and each that has a no-JavaScript form is tried with
// JavaScript off. Any uncaught error, console error or policy violation
// fails the test (openTab). With MASTHEAD_SCREENSHOTS=DIR it also writes
// screenshots of the main pages at desktop and phone widths.

// demoPages are addresses in the demo publication the flows use, found
// by reading its pages rather than written down, so that the demo can
// change.
type demoPages struct {
	article     string // one with a table of contents
	other       string // another article
	title       string // the article's title
	category    string // a section with sub-sections (in the header's menu)
	subCategory string // one of its sub-sections
	tag, author string
	page        string // a static page
	searchWord  string // a word of the article's title
}

func findDemoPages(t *testing.T) demoPages {
	t.Helper()
	var d demoPages
	home := get(t, "/")
	home.doc.Find(`main a[href^="/20"]`).EachWithBreak(func(_ int, a *goquery.Selection) bool {
		href, _ := a.Attr("href")
		if href == d.article || href == d.other {
			return true
		}
		p := get(t, href)
		if d.article == "" && p.count(".toc a") >= 3 && p.count(".related a") > 0 {
			d.article, d.title = href, p.text("h1")
			d.tag, d.author = p.attr(".tags a", "href"), p.attr(`.byline a[rel=author]`, "href")
		} else if d.other == "" {
			d.other = href
		}
		return d.article == "" || d.other == ""
	})
	d.category = home.attr(".main-nav .has-sub > a", "href")
	d.subCategory = home.attr(".main-nav .has-sub .sub-menu a", "href")
	d.page = home.attr(".site-footer .legal a", "href")
	d.searchWord = strings.ToLower(longestWord(d.title))
	if d.article == "" || d.other == "" || d.category == "" || d.subCategory == "" || d.tag == "" || d.author == "" || d.page == "" || len(d.searchWord) < 4 {
		t.Fatalf("the demo lacks a page a reader flow needs: %+v", d)
	}
	return d
}

func TestReadingTheSiteInABrowser(t *testing.T) {
	browser := chromium(t)
	pages := findDemoPages(t)
	base := demoSite.srv.URL
	t.Run("consent bar", func(t *testing.T) { consentBar(t, base, pages, openTab(t, browser), openTab(t, browser)) })
	t.Run("consent bar without JavaScript", func(t *testing.T) {
		consentBarWithoutScript(t, base, pages, openTabWith(t, browser, tabSettings{noScript: true}))
	})
	t.Run("font resizer", func(t *testing.T) { fontResizer(t, base, pages, openTab(t, browser)) })
	t.Run("desktop menus", func(t *testing.T) { desktopMenus(t, base, pages, openTab(t, browser)) })
	t.Run("desktop menus without JavaScript", func(t *testing.T) {
		desktopMenusWithoutScript(t, base, pages, openTabWith(t, browser, tabSettings{noScript: true}))
	})
	t.Run("phone menu", func(t *testing.T) { phoneMenu(t, base, pages, openTabWith(t, browser, tabSettings{phone: true}), true) })
	t.Run("phone menu without JavaScript", func(t *testing.T) {
		phoneMenu(t, base, pages, openTabWith(t, browser, tabSettings{phone: true, noScript: true}), false)
	})
	t.Run("instant search", func(t *testing.T) { instantSearch(t, base, pages, openTab(t, browser)) })
	t.Run("instant search on a phone", func(t *testing.T) {
		instantSearch(t, base, pages, openTabWith(t, browser, tabSettings{phone: true}))
	})
	t.Run("search without JavaScript", func(t *testing.T) {
		searchWithoutScript(t, base, pages, openTabWith(t, browser, tabSettings{noScript: true}))
	})
	t.Run("reading an article", func(t *testing.T) { readArticle(t, base, pages, openTab(t, browser)) })
	t.Run("dark mode", func(t *testing.T) { darkMode(t, base, pages, openTab(t, browser)) })
	t.Run("main pages", func(t *testing.T) { mainPages(t, base, pages, openTab(t, browser)) })
}

// visible reports whether the element sel matches is laid out and shown.
func (tab *browserTab) visible(sel string) bool {
	tab.t.Helper()
	// checkVisibility also sees the content of a closed <details>, which
	// keeps its boxes but is not rendered.
	return tab.has(fmt.Sprintf(`(e => e !== null && e.checkVisibility({visibilityProperty: true}) && e.getClientRects().length > 0)(document.querySelector(%q))`, sel))
}

func (tab *browserTab) focused(sel string) bool {
	tab.t.Helper()
	return tab.has(fmt.Sprintf(`document.activeElement !== null && document.activeElement.matches(%q)`, sel))
}

// hover moves the mouse over the middle of the element sel matches.
func (tab *browserTab) hover(sel string) {
	tab.t.Helper()
	x, err := strconv.ParseFloat(tab.eval(fmt.Sprintf(`(r => String(r.left + r.width / 2))(document.querySelector(%q).getBoundingClientRect())`, sel)), 64)
	must(tab.t, err)
	y, err := strconv.ParseFloat(tab.eval(fmt.Sprintf(`(r => String(r.top + r.height / 2))(document.querySelector(%q).getBoundingClientRect())`, sel)), 64)
	must(tab.t, err)
	tab.do(chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y))
}

// settleScroll waits until the page has stopped scrolling.
func (tab *browserTab) settleScroll() {
	tab.t.Helper()
	last := ""
	for range 50 {
		y := tab.eval(`String(scrollY)`)
		if y == last {
			return
		}
		last = y
		time.Sleep(150 * time.Millisecond)
	}
	tab.t.Fatal("the page never stops scrolling")
}

// enter presses Enter as a keyboard does: one keydown that carries the
// character. chromedp.KeyEvent sends the character as an event of its
// own, which a page's preventDefault on keydown cannot stop, so a form
// would submit where a real key press would not.
func (tab *browserTab) enter() {
	tab.t.Helper()
	tab.do(chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: "Enter", Code: "Enter",
			WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13, Text: "\r", UnmodifiedText: "\r"}
		up := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Key: "Enter", Code: "Enter",
			WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
		for _, ev := range []input.DispatchKeyEventParams{down, up} {
			if _, err := cdp.Call(ctx, target, input.DispatchKeyEvent, ev); err != nil {
				return err
			}
		}
		return nil
	}))
}

// number evaluates a JavaScript expression whose value is a number.
func (tab *browserTab) number(expr string) float64 {
	tab.t.Helper()
	v, err := chromedp.Run(tab.ctx, chromedp.Evaluate[float64](expr))
	if err != nil {
		tab.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// waitForPage waits until the tab shows path and its page is ready.
func (tab *browserTab) waitForPage(path string) {
	tab.t.Helper()
	// waitFor, not has: an evaluation sent as the new document replaces
	// the old one fails ("Inspected target navigated or closed"), which
	// is a moment of the wait, not its end.
	tab.waitFor(fmt.Sprintf(`location.pathname + location.search === %q && document.readyState === 'complete'`, path), 10*time.Second)
}

// textNow is the text of the first element sel matches, or "" when there
// is none (tab.text waits for one to appear).
func (tab *browserTab) textNow(sel string) string {
	tab.t.Helper()
	return strings.Join(strings.Fields(tab.eval(fmt.Sprintf(`(e => e ? e.innerText : '')(document.querySelector(%q))`, sel))), " ")
}

func (tab *browserTab) cookie(name string) string {
	tab.t.Helper()
	return tab.eval(fmt.Sprintf(`(document.cookie.split('; ').find(c => c.startsWith(%q)) || '').slice(%d)`, name+"=", len(name)+1))
}

func consentBar(t *testing.T, base string, pages demoPages, accepting, refusing *browserTab) {
	for _, tt := range []struct {
		tab    *browserTab
		button string
		cookie string
	}{{accepting, "accept", "1"}, {refusing, "refuse", "0"}} {
		tab := tt.tab
		tab.open(base + "/")
		if !tab.visible("#consent") {
			t.Fatal("no consent bar on a first visit")
		}
		// The bar is the first thing after the skip link: a keyboard
		// reader reaches its buttons in a few presses.
		button := fmt.Sprintf(`#consent button[value=%s]`, tt.button)
		tab.tabTo(button)
		tab.enter()
		tab.waitFor(`document.getElementById('consent').hidden`, 5*time.Second)
		if got := tab.cookie("consent"); got != tt.cookie {
			t.Errorf("%s: consent cookie %q, want %q", tt.button, got, tt.cookie)
		}
		if tab.eval(`location.pathname`) != "/" {
			t.Errorf("%s left the page", tt.button)
		}
		for _, path := range []string{pages.category, "/"} {
			tab.open(base + path)
			if tab.has(`document.getElementById('consent') !== null`) {
				t.Errorf("after %s the bar is shown again on %s", tt.button, path)
			}
		}
		tab.do(chromedp.Reload())
		if tab.has(`document.getElementById('consent') !== null`) {
			t.Errorf("after %s the bar is shown again on reload", tt.button)
		}
	}
}

// scriptsOff fails the test unless the page's scripts did not run: with
// them, the search box would have become a combobox.
func scriptsOff(t *testing.T, tab *browserTab) {
	t.Helper()
	if tab.has(`document.getElementById('q').hasAttribute('role')`) {
		t.Fatal("the page's scripts ran in a tab meant to have JavaScript off")
	}
}

func consentBarWithoutScript(t *testing.T, base string, pages demoPages, tab *browserTab) {
	tab.open(base + pages.category)
	scriptsOff(t, tab)
	if !tab.visible("#consent") {
		t.Fatal("no consent bar on a first visit without JavaScript")
	}
	tab.tabTo(`#consent button[value=refuse]`)
	tab.enter()
	// A real form: the browser posts it and comes back to the same page.
	tab.waitForPage(pages.category)
	tab.waitFor(`document.getElementById('consent') === null`, 10*time.Second)
	if got := tab.cookie("consent"); got != "0" {
		t.Errorf("consent cookie %q after Refuse without JavaScript, want 0", got)
	}
	tab.open(base + pages.article)
	if tab.has(`document.getElementById('consent') !== null`) {
		t.Error("the refusal is not remembered on the next page")
	}
}

// articleTextSize is the computed font size, in pixels, of the article's
// first paragraph.
const articleTextSize = `parseFloat(getComputedStyle(document.querySelector('[data-article-body] p')).fontSize)`

func fontResizer(t *testing.T, base string, pages demoPages, tab *browserTab) {
	tab.open(base + "/")
	if tab.visible("[data-font-resizer]") {
		t.Error("the font resizer is shown on the front page, which has no article text")
	}
	tab.open(base + pages.article)
	start := tab.number(articleTextSize)
	if start < 16 {
		t.Fatalf("article text at %vpx", start)
	}
	larger, smaller := `[data-font-step="1"]`, `[data-font-step="-1"]`
	tab.tabTo(larger)
	tab.enter()
	tab.keys(" ")
	bigger := tab.number(articleTextSize)
	if bigger <= start {
		t.Fatalf("A+ twice by keyboard: text %vpx, was %vpx", bigger, start)
	}
	if got := tab.textNow(`[data-font-resizer] [role=status]`); !strings.Contains(got, "size 4 of 5") {
		t.Errorf("the resizer announces %q after two steps up", got)
	}

	// Remembered on the next article, before its first paint.
	tab.open(base + pages.other)
	if got := tab.number(articleTextSize); got != bigger {
		t.Errorf("text on the next article %vpx, want the chosen %vpx", got, bigger)
	}
	tab.open(base + pages.article)
	for range 6 {
		tab.do(chromedp.Click(chromedp.CSS(smaller)))
	}
	smallest := tab.number(articleTextSize)
	if smallest >= start {
		t.Errorf("A− six times: text %vpx, want less than the default %vpx", smallest, start)
	}
	if tab.eval(`document.documentElement.dataset.fontSize`) != "1" {
		t.Errorf("A− below the smallest size went to %q", tab.eval(`document.documentElement.dataset.fontSize`))
	}
	if got := tab.textNow(`[data-font-resizer] [role=status]`); !strings.Contains(got, "size 1 of 5") {
		t.Errorf("at the smallest size the resizer announces %q", got)
	}
	tab.do(chromedp.Reload())
	if got := tab.number(articleTextSize); got != smallest {
		t.Errorf("after a reload the text is %vpx, want %vpx", got, smallest)
	}
}

const (
	newsItem = `.main-nav .has-sub`
	newsMenu = `.main-nav .has-sub .sub-menu`
)

func desktopMenus(t *testing.T, base string, pages demoPages, tab *browserTab) {
	tab.open(base + "/")
	if tab.visible(newsMenu) {
		t.Fatal("a sub-menu is open before anyone asked")
	}
	if tab.visible(".mobile-menu summary") {
		t.Error("the phone menu's button shows on a desktop")
	}
	tab.hover(newsItem + " > a")
	tab.waitFor(fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).display !== 'none'`, newsMenu), 5*time.Second)
	tab.hover(".brand")
	tab.waitFor(fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).display === 'none'`, newsMenu), 5*time.Second)

	// By keyboard: focus on the section opens its sub-menu, Tab walks
	// into it, Escape closes it and leaves the focus on the section.
	tab.tabTo(newsItem + " > a")
	if !tab.visible(newsMenu) {
		t.Fatal("keyboard focus on a section does not open its sub-menu")
	}
	tab.tabTo(newsMenu + " a")
	if !tab.visible(newsMenu) {
		t.Fatal("the sub-menu closed when the focus moved into it")
	}
	tab.keys(kb.Escape)
	if tab.visible(newsMenu) {
		t.Error("Escape does not close the sub-menu")
	}
	if !tab.focused(newsItem + " > a") {
		t.Errorf("after Escape the focus is on %s", tab.eval(`document.activeElement.outerHTML.slice(0, 80)`))
	}
	// The toggle button opens it for touch screens and says so.
	toggle := newsItem + " .sub-toggle"
	tab.tabTo(toggle)
	tab.enter()
	if !tab.visible(newsMenu) || tab.eval(fmt.Sprintf(`document.querySelector(%q).getAttribute('aria-expanded')`, toggle)) != "true" {
		t.Error("the sub-menu button does not open the menu and say so")
	}
	tab.tabTo(newsMenu + " a")
	tab.enter()
	tab.waitForPage(pages.subCategory)
}

func desktopMenusWithoutScript(t *testing.T, base string, pages demoPages, tab *browserTab) {
	tab.open(base + "/")
	scriptsOff(t, tab)
	tab.hover(newsItem + " > a")
	tab.waitFor(fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).display !== 'none'`, newsMenu), 5*time.Second)
	tab.hover(".brand")
	tab.tabTo(newsItem + " > a")
	if !tab.visible(newsMenu) {
		t.Fatal("without JavaScript keyboard focus does not open the sub-menu")
	}
	// No button without JavaScript: the next Tab goes into the sub-menu.
	tab.keys(kb.Tab)
	if !tab.focused(newsMenu+" a") || !tab.visible(newsMenu) {
		t.Fatalf("without JavaScript Tab from the section goes to %s", tab.eval(`document.activeElement.outerHTML.slice(0, 80)`))
	}
	tab.enter()
	tab.waitForPage(pages.subCategory)
}

const (
	phoneMenuButton = `.mobile-menu summary`
	phoneMenuPanel  = `.mobile-menu__panel`
)

func phoneMenu(t *testing.T, base string, pages demoPages, tab *browserTab, scripts bool) {
	tab.open(base + "/")
	if !scripts {
		scriptsOff(t, tab)
	}
	if tab.visible(".main-nav") {
		t.Error("the desktop menu bar shows on a phone")
	}
	if !tab.visible(phoneMenuButton) || tab.visible(phoneMenuPanel) {
		t.Fatal("on a phone the menu button should show and the menu should be closed")
	}
	tab.do(chromedp.Click(chromedp.CSS(phoneMenuButton)))
	if !tab.visible(phoneMenuPanel) {
		t.Fatal("tapping the menu button does not open the menu")
	}
	if !tab.visible(fmt.Sprintf(`%s a[href=%q]`, phoneMenuPanel, pages.subCategory)) {
		t.Error("the phone menu does not list the sub-sections")
	}
	tab.do(chromedp.Click(chromedp.CSS(phoneMenuButton)))
	if tab.visible(phoneMenuPanel) {
		t.Fatal("tapping the menu button again does not close the menu")
	}
	// By keyboard: Enter opens it, Tab walks in, Escape (with
	// JavaScript) or Enter on the button closes it.
	tab.tabTo(phoneMenuButton)
	tab.enter()
	tab.waitFor(fmt.Sprintf(`document.querySelector(%q).getClientRects().length > 0`, phoneMenuPanel), 5*time.Second)
	tab.tabTo(fmt.Sprintf(`%s a[href=%q]`, phoneMenuPanel, pages.category))
	if scripts {
		tab.keys(kb.Escape)
		if tab.visible(phoneMenuPanel) || !tab.focused(phoneMenuButton) {
			t.Error("Escape does not close the phone menu and return to its button")
		}
		tab.enter()
	}
	tab.tabTo(fmt.Sprintf(`%s a[href=%q]`, phoneMenuPanel, pages.subCategory))
	tab.enter()
	tab.waitForPage(pages.subCategory)
	if tab.visible(phoneMenuPanel) {
		t.Error("the phone menu is open on the page it led to")
	}
	tab.fitsAPhone("a section page")
}

func instantSearch(t *testing.T, base string, pages demoPages, tab *browserTab) {
	tab.open(base + "/")
	tab.tabTo("#q")
	if tab.eval(`document.getElementById('q').getAttribute('role')`) != "combobox" || tab.eval(`document.getElementById('q').getAttribute('aria-expanded')`) != "false" {
		t.Fatal("the search box is not a closed combobox")
	}
	tab.keys(pages.searchWord)
	tab.waitFor(`document.getElementById('q').getAttribute('aria-expanded') === 'true' && document.querySelectorAll('#q-list [role=option]').length > 1`, 10*time.Second)
	if !tab.visible("#q-list") {
		t.Fatal("the suggestions are expanded but not shown")
	}
	// The list sits right under the box, inside the screen.
	if gap := tab.number(`document.querySelector('#q-list').getBoundingClientRect().top - document.getElementById('q').getBoundingClientRect().bottom`); gap < 0 || gap > 12 {
		t.Errorf("the suggestions start %vpx below the search box", gap)
	}
	if !tab.has(`(r => r.left >= 0 && r.right <= document.documentElement.clientWidth)(document.querySelector('#q-list').getBoundingClientRect())`) {
		t.Errorf("the suggestions stick out of the screen: %s", tab.eval(`JSON.stringify(document.querySelector('#q-list').getBoundingClientRect())`))
	}
	if !strings.Contains(strings.ToLower(tab.textNow("#q-list")), pages.searchWord) {
		t.Errorf("no suggestion mentions %q: %s", pages.searchWord, tab.textNow("#q-list"))
	}
	active := func() string {
		return tab.eval(`document.getElementById('q').getAttribute('aria-activedescendant') || ''`)
	}
	tab.keys(kb.ArrowDown)
	tab.keys(kb.ArrowDown)
	tab.keys(kb.ArrowUp)
	if got := active(); got != "q-opt0" || tab.eval(`document.getElementById('q-opt0').getAttribute('aria-selected')`) != "true" {
		t.Errorf("down, down, up: active option %q, want the first", got)
	}
	if !tab.focused("#q") {
		t.Error("the arrows took the focus out of the box")
	}
	tab.keys(kb.Escape)
	if tab.visible("#q-list") || tab.eval(`document.getElementById('q').getAttribute('aria-expanded')`) != "false" || active() != "" {
		t.Error("Escape does not close the suggestions")
	}
	tab.keys(kb.ArrowDown)
	tab.waitFor(`document.getElementById('q').getAttribute('aria-expanded') === 'true'`, 5*time.Second)
	chosen := tab.eval(`document.getElementById(document.getElementById('q').getAttribute('aria-activedescendant')).dataset.url`)
	if !strings.HasPrefix(chosen, "/20") {
		t.Fatalf("the first suggestion leads to %q, not an article", chosen)
	}
	tab.enter()
	tab.waitForPage(chosen)
	if tab.textNow("h1") == "" {
		t.Error("the chosen suggestion opened a page without a title")
	}
}

func searchWithoutScript(t *testing.T, base string, pages demoPages, tab *browserTab) {
	tab.open(base + "/")
	scriptsOff(t, tab)
	tab.tabTo("#q")
	tab.keys(pages.searchWord)
	tab.enter()
	tab.waitForPage("/search?q=" + url.QueryEscape(pages.searchWord))
	if !strings.Contains(tab.textNow("main"), pages.title) {
		t.Errorf("the results for %q lack %q", pages.searchWord, pages.title)
	}
	if tab.has(`document.getElementById('q-list') !== null`) {
		t.Error("suggestions appeared without JavaScript")
	}
}

func readArticle(t *testing.T, base string, pages demoPages, tab *browserTab) {
	tab.open(base + pages.article)
	tab.do(chromedp.EmulateViewport(tab.width, 700))
	defer tab.do(chromedp.EmulateViewport(tab.width, tab.height))

	// The reading progress bar fills as the article is read, and stays
	// on screen to be seen.
	progress := func() float64 {
		return tab.number(`(r => r.width)(document.querySelector('[data-progress]').getBoundingClientRect()) / document.documentElement.clientWidth`)
	}
	if p := progress(); p > 0.02 {
		t.Errorf("progress %.2f before reading", p)
	}
	// Scrolled by script at once: the page scrolls smoothly otherwise.
	tab.eval(`(b => window.scrollTo({top: b.offsetTop + b.offsetHeight / 2 - innerHeight / 2, behavior: 'instant'}))(document.querySelector('[data-article-body]')); ''`)
	tab.waitFor(`(r => r.width > 0)(document.querySelector('[data-progress]').getBoundingClientRect())`, 5*time.Second)
	time.Sleep(200 * time.Millisecond)
	if p := progress(); p < 0.2 || p > 0.8 {
		t.Errorf("progress %.2f half-way through the article", p)
	}
	if !tab.has(`(r => r.top >= 0 && r.bottom <= innerHeight && r.height > 0)(document.querySelector('[data-progress]').getBoundingClientRect())`) {
		t.Errorf("the progress bar is off screen while reading: %s", tab.eval(`JSON.stringify(document.querySelector('[data-progress]').getBoundingClientRect())`))
	}
	tab.eval(`(b => window.scrollTo({top: b.offsetTop + b.offsetHeight, behavior: 'instant'}))(document.querySelector('[data-article-body]')); ''`)
	tab.waitFor(`(r => r.width / document.documentElement.clientWidth > 0.98)(document.querySelector('[data-progress]').getBoundingClientRect())`, 5*time.Second)

	// Every table-of-contents link jumps to its heading, by keyboard too.
	tab.eval(`window.scrollTo({top: 0, behavior: 'instant'}); ''`)
	ids := strings.Split(tab.eval(`[...document.querySelectorAll('.toc a')].map(a => a.getAttribute('href')).join(' ')`), " ")
	for i, id := range ids {
		link := fmt.Sprintf(`.toc a[href=%q]`, id)
		if i == 0 {
			tab.tabTo(link)
			// Focusing the link scrolls it into view, smoothly; Chromium
			// lets that animation overrule a jump asked for while it runs,
			// so press Enter once it has come to rest, as a reader who
			// looks at the focused link before choosing it does.
			tab.settleScroll()
			tab.enter()
		} else {
			tab.do(chromedp.Click(chromedp.CSS(link)))
		}
		tab.waitFor(fmt.Sprintf(`location.hash === %q`, id), 5*time.Second)
		tab.settleScroll()
		// A heading near the end may not reach the top: the page ends first.
		heading := fmt.Sprintf(`document.getElementById(%q)`, strings.TrimPrefix(id, "#"))
		shown := fmt.Sprintf(`(r => r.top >= 0 && r.bottom <= innerHeight && (r.top < innerHeight / 3 || innerHeight + scrollY >= document.documentElement.scrollHeight - 1))(%s.getBoundingClientRect())`, heading)
		if !tab.has(shown) {
			t.Fatalf("the link to %s left the heading at %s (scrolled to %s of %s)", id, tab.eval(`JSON.stringify(`+heading+`.getBoundingClientRect())`),
				tab.eval(`String(scrollY + innerHeight)`), tab.eval(`String(document.documentElement.scrollHeight)`))
		}
		if i == 0 {
			// The first jump scrolled smoothly. The rest are clicks, which
			// must not aim at a page still moving: a reader who asks for
			// less motion gets no smooth scrolling.
			reduceMotion(t, tab)
		}
	}

	// Share links carry the article's address; related and latest links
	// lead to live articles.
	canonical := tab.eval(`document.querySelector('link[rel=canonical]').href`)
	shares := strings.Split(tab.eval(`[...document.querySelectorAll('.share a')].map(a => a.href).join(' ')`), " ")
	if len(shares) < 4 {
		t.Errorf("%d share links", len(shares))
	}
	for _, s := range shares {
		if u, err := url.QueryUnescape(s); err != nil || !strings.Contains(u, canonical) {
			t.Errorf("share link %s does not carry %s", s, canonical)
		}
	}
	links := strings.Split(tab.eval(`[...document.querySelectorAll('.related-inline a, .related .card__title a, .new-articles .compact__title a')].map(a => a.getAttribute('href')).join(' ')`), " ")
	if len(links) < 5 {
		t.Errorf("only %d related and latest links", len(links))
	}
	for _, l := range links {
		if p := get(t, l); p.status != http.StatusOK || p.text(".article__title") == "" {
			t.Errorf("%s answers %d without an article", l, p.status)
		}
	}
	tab.do(chromedp.Click(chromedp.CSS(`.related .card__title a`)))
	tab.waitFor(fmt.Sprintf(`location.pathname !== %q && document.querySelector('.article__title') !== null`, pages.article), 10*time.Second)
}

func darkMode(t *testing.T, base string, pages demoPages, tab *browserTab) {
	background := `getComputedStyle(document.body).backgroundColor`
	tab.open(base + pages.article)
	light := tab.eval(background)
	toggle := `[data-theme-toggle]`
	if tab.eval(fmt.Sprintf(`document.querySelector(%q).getAttribute('aria-pressed')`, toggle)) != "false" {
		t.Error("dark mode reads as on in a light system")
	}
	tab.tabTo(toggle)
	tab.enter()
	dark := tab.eval(background)
	if dark == light || tab.eval(fmt.Sprintf(`document.querySelector(%q).getAttribute('aria-pressed')`, toggle)) != "true" {
		t.Fatalf("the toggle left the background %s (light %s) and aria-pressed %s", dark, light, tab.eval(fmt.Sprintf(`document.querySelector(%q).getAttribute('aria-pressed')`, toggle)))
	}
	tab.open(base + "/")
	if got := tab.eval(background); got != dark {
		t.Errorf("dark mode is not remembered on the next page: %s", got)
	}
	tab.do(chromedp.Click(chromedp.CSS(toggle)))
	if got := tab.eval(background); got != light {
		t.Errorf("the toggle does not bring back the light colours: %s", got)
	}
	// A reader whose system is dark gets the dark colours until they
	// choose, and the toggle says so.
	tab.eval(`localStorage.clear(); ''`)
	if _, err := chromedp.Call(tab.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
	}); err != nil {
		t.Fatal(err)
	}
	tab.open(base + pages.article)
	if tab.eval(background) != dark || tab.eval(fmt.Sprintf(`document.querySelector(%q).getAttribute('aria-pressed')`, toggle)) != "true" {
		t.Error("a dark system does not get the dark colours with the toggle pressed")
	}
}

func reduceMotion(t *testing.T, tab *browserTab) {
	t.Helper()
	if _, err := chromedp.Call(tab.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
	}); err != nil {
		t.Fatal(err)
	}
	if tab.eval(`getComputedStyle(document.documentElement).scrollBehavior`) != "auto" {
		t.Error("the page scrolls smoothly for a reader who asks for less motion")
	}
}

// mainPages opens each main page in the browser, where it must load
// without a console error and fit a phone's width, and takes its
// screenshots when MASTHEAD_SCREENSHOTS is set.
func mainPages(t *testing.T, base string, pages demoPages, tab *browserTab) {
	tab.open(base + "/")
	tab.do(chromedp.Click(chromedp.CSS(`#consent button[value=accept]`)))
	tab.expectRefusal(base + "/no-such-page/")
	for _, p := range []struct{ name, path string }{
		{"reader-home", "/"},
		{"reader-article", pages.article},
		{"reader-category", pages.category},
		{"reader-tag", pages.tag},
		{"reader-author", pages.author},
		{"reader-search", "/search?q=" + url.QueryEscape(pages.searchWord)},
		{"reader-page", pages.page},
		{"reader-404", "/no-such-page/"},
		{"reader-signin", "/signin/"},
	} {
		tab.open(base + p.path)
		tab.waitFor(`[...document.images].every(i => i.loading === 'lazy' || i.complete)`, 10*time.Second)
		if tab.textNow("h1") == "" {
			t.Errorf("%s has no heading", p.path)
		}
		tab.fitsAPhone(p.path)
		tab.screenshots(p.name)
	}
}
