package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/mastheadhq/masthead/internal/browsertest"
	"github.com/mastheadhq/masthead/internal/render"
)

// The editor in a real browser: headless Chromium loads the embedded
// bundle under the newsroom's Content Security Policy and a journalist's
// actions are played on it. Chromium is optional on a developer's machine
// and required in CI.

const editorTestCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'"

// The body as the server would send it: already in the editor's form.
const editorTestBody = `<h2>Budget</h2><p>The council voted &#34;yes&#34; on <a href="https://example.org/vote">Tuesday</a>.</p>` +
	`<figure><img src="/media/flag.png" alt="A flag" width="16" height="9"><figcaption>The town hall — Photo: A. Writer</figcaption></figure>` +
	`<figure class="embed" data-embed="x"><a href="https://x.com/jack/status/20">See the post by @jack on X</a></figure>` +
	`<aside class="pullquote"><p>We will not back down.</p></aside>`

// An imported body with a table, which the editor has no block for.
const editorTestImported = `<p>Results by ward:</p><table><tbody><tr><th>Ward</th><td>North</td></tr></tbody></table>`

const editorTestPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Editor test</title>
<link rel="stylesheet" href="/admin/static/editor.css">
<script src="/test/listen.js"></script>
</head><body>
<form method="post" action="/submit" data-editor-form>
  <div class="editor" data-editor>
    <label for="body">Text</label>
    <textarea id="body" name="body" rows="20">%s</textarea>
  </div>
  <p class="editor-stats" data-editor-stats aria-live="polite"></p>
  <button type="submit" id="save">Save</button>
</form>
<script src="/admin/static/editor.js" defer></script>
</body></html>`

// listen.js records what the test asserts on later: policy violations,
// editor:change events and uncaught errors.
const editorTestListener = `window.seen = {csp: [], changes: 0, errors: []};
document.addEventListener('securitypolicyviolation', (e) => seen.csp.push(e.violatedDirective + ' ' + e.blockedURI));
document.addEventListener('editor:change', () => seen.changes++);
window.addEventListener('error', (e) => seen.errors.push(String(e.message)));`

type editorTestServer struct {
	*httptest.Server
	mu        sync.Mutex
	submitted []string
}

func newEditorTestServer(t *testing.T, mediaWorks bool) *editorTestServer {
	s := &editorTestServer{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /admin/static/{file}", serveStatic)
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", editorTestCSP)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, editorTestPage, strings.ReplaceAll(strings.ReplaceAll(body, "&", "&amp;"), "<", "&lt;"))
		}
	}
	mux.HandleFunc("GET /edit", page(editorTestBody))
	mux.HandleFunc("GET /empty", page(""))
	mux.HandleFunc("GET /imported", page(editorTestImported))
	mux.HandleFunc("GET /test/listen.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, editorTestListener)
	})
	mux.HandleFunc("GET /media/{file}", func(w http.ResponseWriter, r *http.Request) {
		img := image.NewRGBA(image.Rect(0, 0, 16, 9))
		for i := range img.Pix {
			img.Pix[i] = 200
		}
		img.Set(1, 1, color.Black)
		w.Header().Set("Content-Type", "image/png")
		png.Encode(w, img) //nolint:errcheck
	})
	mux.HandleFunc("GET /admin/media.json", func(w http.ResponseWriter, r *http.Request) {
		if !mediaWorks {
			http.Error(w, "no", http.StatusNotFound)
			return
		}
		images := []map[string]any{
			{"id": 1, "url": "/media/river.png", "thumb": "/media/river-thumb.png", "alt": "The river at dawn", "caption": "The river in flood", "credit": "Photo: B. Snapper", "width": 1600, "height": 900},
			{"id": 2, "url": "/media/noalt.png", "thumb": "/media/noalt-thumb.png", "alt": "", "caption": "", "credit": "", "width": 800, "height": 600},
		}
		if q := r.URL.Query().Get("q"); q != "" && !strings.Contains("the river at dawn", strings.ToLower(q)) {
			images = images[:0]
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"images": images}) //nolint:errcheck
	})
	mux.HandleFunc("POST /submit", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.submitted = append(s.submitted, r.FormValue("body"))
		s.mu.Unlock()
		fmt.Fprint(w, "<!DOCTYPE html><title>saved</title><p id=saved>saved</p>")
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// browser starts headless Chromium for the test, or skips without it.
func browser(t *testing.T) context.Context {
	t.Helper()
	return browsertest.Start(t, "the editor's browser tests", chromedp.WindowSize(1000, 900))
}

// tab opens a new tab in the browser for one scenario, bounded in time.
func tab(t *testing.T, browserCtx context.Context) context.Context {
	ctx, cancel := chromedp.NewContext(browserCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
	})
	return ctx
}

func TestEditorInBrowser(t *testing.T) {
	b := browser(t)
	t.Run("mounts, loads and syncs", func(t *testing.T) { editorMountsLoadsAndSyncs(t, tab(t, b)) })
	t.Run("embeds, images and links", func(t *testing.T) { editorEmbedsImagesAndLinks(t, tab(t, b)) })
	t.Run("image without media library", func(t *testing.T) { editorImageFallsBackWithoutMediaLibrary(t, tab(t, b)) })
	t.Run("pastes from Word and Google Docs", func(t *testing.T) { editorCleansPastesFromWordAndGoogleDocs(t, tab(t, b)) })
	t.Run("keyboard only", func(t *testing.T) { editorWorksByKeyboard(t, tab(t, b)) })
	t.Run("keeps what it cannot show", func(t *testing.T) { editorKeepsUnsupportedBodiesAsHTML(t, tab(t, b)) })
}

func run(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// js runs a script for its effect.
func js(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := chromedp.Evaluate[any](expr)(ctx, target)
		return err
	})
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return v
}

func textareaValue(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, `document.getElementById('body').value`)
}

// waitFor polls a JavaScript condition, for what the editor does after a
// frame or a fetch.
func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if eval[bool](t, ctx, cond) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", cond)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func checkClean(t *testing.T, ctx context.Context) {
	t.Helper()
	type seenEvents struct {
		CSP    []string `json:"csp"`
		Errors []string `json:"errors"`
	}
	seen := eval[seenEvents](t, ctx, `window.seen`)
	styles := eval[int](t, ctx, `document.querySelectorAll('style, [style]').length`)
	if len(seen.CSP) > 0 || len(seen.Errors) > 0 {
		t.Errorf("page broke its policy or threw: csp %v errors %v", seen.CSP, seen.Errors)
	}
	if styles != 0 {
		t.Errorf("%d <style> elements or style attributes in the page; the admin's CSP refuses them", styles)
	}
}

func editorMountsLoadsAndSyncs(t *testing.T, ctx context.Context) {
	srv := newEditorTestServer(t, true)
	run(t, ctx, chromedp.Navigate(srv.URL+"/edit"), chromedp.WaitVisible(chromedp.CSS(`.editor__content`)))

	hidden := eval[bool](t, ctx, `document.getElementById('body').hidden && document.getElementById('body').form !== null`)
	pressedNames := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('.editor__toolbar button[aria-pressed]')).map(b => b.getAttribute('aria-label'))`)
	if !hidden {
		t.Error("the textarea is not hidden inside the form")
	}
	for _, name := range []string{"Bold", "Italic", "Link", "H2 heading"} {
		if !contains(pressedNames, name) {
			t.Errorf("toolbar lacks a toggle button named %q (has %v)", name, pressedNames)
		}
	}
	// What the server sent comes back unchanged, and the sanitiser keeps it.
	if got := textareaValue(t, ctx); got != editorTestBody {
		t.Errorf("loaded body changed:\n got %s\nwant %s", got, editorTestBody)
	}
	waitFor(t, ctx, `document.querySelector('[data-editor-stats]').textContent !== ''`)
	stats := text(t, ctx, `[data-editor-stats]`)
	if want := fmt.Sprintf("%d words · 1 min read", render.WordCount(editorTestBody)); stats != want {
		t.Errorf("stats = %q, want %q (as the server counts)", stats, want)
	}

	// Type at the end, then a bold run with the keyboard shortcut, then
	// turn the first paragraph into a subheading from the toolbar.
	run(t, ctx,
		focusEditor(`'end'`),
		chromedp.KeyEvent("Said the mayor: "),
		chromedp.KeyEvent("b", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.KeyEvent("loudly"),
	)
	waitFor(t, ctx, `document.querySelector('button[aria-label="Bold"]').getAttribute('aria-pressed') === 'true'`)
	body := textareaValue(t, ctx)
	if !strings.Contains(body, `<p>We will not back down.Said the mayor: <strong>loudly</strong></p>`) {
		t.Errorf("typed text is not in the textarea:\n%s", body)
	}
	run(t, ctx,
		js(`mastheadEditor.editors[0].commands.setTextSelection(12)`),
		chromedp.Click(chromedp.CSS(`button[aria-label="H3 subheading"]`)),
	)
	body = textareaValue(t, ctx)
	if !strings.HasPrefix(body, `<h2>Budget</h2><h3>The council voted`) {
		t.Errorf("Subheading did not make the paragraph an h3:\n%s", body)
	}
	waitFor(t, ctx, `seen.changes >= 1`)

	// Submitting sends the editor's HTML, which the sanitiser keeps.
	run(t, ctx, chromedp.Click(chromedp.CSS(`#save`)), chromedp.WaitVisible(chromedp.CSS(`#saved`)))
	srv.mu.Lock()
	submitted := srv.submitted
	srv.mu.Unlock()
	if len(submitted) != 1 || submitted[0] != body {
		t.Fatalf("submitted %q, want the textarea's %q", submitted, body)
	}
	if clean := render.Sanitize(submitted[0]); clean != submitted[0] {
		t.Errorf("the sanitiser changed the editor's output:\n in %s\nout %s", submitted[0], clean)
	}
}

func editorEmbedsImagesAndLinks(t *testing.T, ctx context.Context) {
	srv := newEditorTestServer(t, true)
	run(t, ctx, chromedp.Navigate(srv.URL+"/empty"), chromedp.WaitVisible(chromedp.CSS(`.editor__content`)))
	if got := textareaValue(t, ctx); got != "" {
		t.Errorf("empty editor wrote %q", got)
	}

	// An unknown address is refused with a message, and nothing is inserted.
	run(t, ctx,
		chromedp.Click(chromedp.CSS(`button[aria-label="Embed"]`)),
		chromedp.WaitVisible(chromedp.CSS(`dialog[open] input`)),
		chromedp.SendKeys(chromedp.CSS(`dialog[open] input`), "https://vimeo.com/12345"),
		chromedp.Click(chromedp.CSS(`dialog[open] button[type="submit"]`)),
	)
	message := text(t, ctx, `dialog[open] [role="alert"]`)
	if !strings.Contains(message, "YouTube") || textareaValue(t, ctx) != "" {
		t.Errorf("unknown embed: message %q, body %q", message, textareaValue(t, ctx))
	}
	run(t, ctx,
		chromedp.SetValue(chromedp.CSS(`dialog[open] input`), "https://youtu.be/dQw4w9WgXcQ?si=share"),
		chromedp.Click(chromedp.CSS(`dialog[open] button[type="submit"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`dialog[open]`)),
	)
	want := `<figure class="embed" data-embed="youtube"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Watch the video on YouTube</a></figure>`
	if got := textareaValue(t, ctx); !strings.Contains(got, want) {
		t.Errorf("embed not written:\n got %s\nwant %s", got, want)
	}

	// An image from the media library: picking fills alt and caption.
	run(t, ctx,
		chromedp.Click(chromedp.CSS(`button[aria-label="Image"]`)),
		chromedp.WaitVisible(chromedp.CSS(`dialog[open] .editor-media__pick`)),
	)
	picks := eval[int](t, ctx, `document.querySelectorAll('dialog[open] .editor-media__pick').length`)
	if picks != 2 {
		t.Errorf("media library shows %d images, want 2", picks)
	}
	// The image without alt text cannot be inserted until it has some.
	run(t, ctx,
		chromedp.Click(chromedp.CSS(`dialog[open] li:nth-child(2) .editor-media__pick`)),
		chromedp.Click(chromedp.CSS(`dialog[open] button[type="submit"]`)),
	)
	message = text(t, ctx, `dialog[open] [role="alert"]`)
	if !strings.Contains(message, "Alt text is required") {
		t.Errorf("image without alt: message %q", message)
	}
	run(t, ctx,
		chromedp.Click(chromedp.CSS(`dialog[open] li:nth-child(1) .editor-media__pick`)),
		chromedp.Click(chromedp.CSS(`dialog[open] button[type="submit"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`dialog[open]`)),
	)
	want = `<figure><img src="/media/river.png" alt="The river at dawn" width="1600" height="900"><figcaption>The river in flood — Photo: B. Snapper</figcaption></figure>`
	body := textareaValue(t, ctx)
	if !strings.Contains(body, want) {
		t.Errorf("image not written:\n got %s\nwant %s", body, want)
	}

	// A link on typed text, through Ctrl+K.
	run(t, ctx,
		focusEditor(`'end'`),
		chromedp.KeyEvent("source"),
		js(`(() => { const e = mastheadEditor.editors[0]; const end = e.state.doc.content.size - 1; e.commands.setTextSelection({from: end - 6, to: end}); })()`),
		chromedp.KeyEvent("k", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.WaitVisible(chromedp.CSS(`dialog[open] input`)),
		chromedp.SendKeys(chromedp.CSS(`dialog[open] input`), "example.org/report"),
		chromedp.Click(chromedp.CSS(`dialog[open] button[type="submit"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`dialog[open]`)),
	)
	body = textareaValue(t, ctx)
	if !strings.Contains(body, `<a href="https://example.org/report">source</a>`) {
		t.Errorf("link not written:\n%s", body)
	}
	if clean := render.Sanitize(body); clean != body {
		t.Errorf("the sanitiser changed the editor's output:\n in %s\nout %s", body, clean)
	}
	checkClean(t, ctx)
}

func editorImageFallsBackWithoutMediaLibrary(t *testing.T, ctx context.Context) {
	srv := newEditorTestServer(t, false)
	run(t, ctx,
		chromedp.Navigate(srv.URL+"/empty"), chromedp.WaitVisible(chromedp.CSS(`.editor__content`)),
		chromedp.Click(chromedp.CSS(`button[aria-label="Image"]`)),
		chromedp.WaitVisible(chromedp.CSS(`dialog[open]`)),
	)
	waitFor(t, ctx, `document.querySelector('dialog[open] [role="status"]').textContent.includes('could not be reached')`)
	// An image from another site would be blocked by the site's policy.
	run(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`dialog[open] input[inputmode="url"]`), "https://images.example.org/a.jpg"),
		js(`document.querySelectorAll('dialog[open] input[type="text"]')[1].value = 'A quiet street'`),
		chromedp.Click(chromedp.CSS(`dialog[open] button[type="submit"]`)),
	)
	if message := text(t, ctx, `dialog[open] [role="alert"]`); !strings.Contains(message, "from this site") {
		t.Errorf("image from another site: message %q", message)
	}
	run(t, ctx,
		chromedp.SetValue(chromedp.CSS(`dialog[open] input[inputmode="url"]`), srv.URL+"/media/street.png"),
		chromedp.Click(chromedp.CSS(`dialog[open] button[type="submit"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`dialog[open]`)),
	)
	want := `<figure><img src="/media/street.png" alt="A quiet street"><figcaption></figcaption></figure>`
	if got := textareaValue(t, ctx); got != want {
		t.Errorf("fallback image not written:\n got %s\nwant %s", got, want)
	}
	checkClean(t, ctx)
}

func editorCleansPastesFromWordAndGoogleDocs(t *testing.T, ctx context.Context) {
	srv := newEditorTestServer(t, true)
	run(t, ctx, chromedp.Navigate(srv.URL+"/empty"), chromedp.WaitVisible(chromedp.CSS(`.editor__content`)))
	cases := []struct {
		file    string // clipboard HTML from a file in testdata, or
		html    string // given here
		want    []string
		notWant []string
	}{
		{
			file: "a web page",
			html: `<h3 class="title" style="color:red">From the web</h3><p onclick="alert(1)">Text <a href="javascript:alert(1)">bad</a> <a href="https://example.org/" target="_blank" rel="noopener">good</a></p>` +
				`<script>alert(1)</script><img src="https://tracker.example/pixel.gif" alt=""><img src="/media/ok.jpg" alt="Ours">`,
			want:    []string{`<h3>From the web</h3><p>Text bad <a href="https://example.org/">good</a></p><figure><img src="/media/ok.jpg" alt="Ours"><figcaption></figcaption></figure>`},
			notWant: []string{"alert", "tracker", "target", "rel=", "class="},
		},
		{
			file: "editor/testdata/word.html",
			want: []string{
				`<h2>Council approves the new budget</h2>`,
				`<strong>£4.2 million</strong>`,
				`<em>“a long and honest debate”</em>`,
				`<h2>What the money pays for</h2>`,
				`<ul><li><p>Resurfacing of the ring road</p><ul><li><p>Northern section first</p></li></ul></li><li><p>New street lighting on <a href="https://example.org/lighting-plan">Station Road</a></p></li></ul>`,
				`<ol><li><p>Amendment withdrawn</p></li><li><p>Budget carried, 31 to 12</p></li></ol>`,
				`Councillor Ada Lovelace said the repairs were`,
			},
			notWant: []string{"mso", "Mso", "class=", "style=", "<span", "o:p", "<p></p>", "file:", "<img", "·", "supportLists", "_Toc"},
		},
		{
			file: "editor/testdata/gdocs.html",
			want: []string{
				`<h2>Flood defences hold in the valley</h2><p>Residents were <strong>allowed home</strong> on Sunday, the agency <em>said in a statement</em>, published <a href="https://example.org/agency/statement">on its website</a>.</p>`,
				`<h2>Where the water rose</h2>`,
				`<ul><li><p>Lower Mill Street</p><ul><li><p>the car park behind the school</p></li></ul></li><li><p><strong>Riverside Park</strong></p></li></ul>`,
				`<ol><li><p>Sandbags first</p></li></ol>`,
			},
			notWant: []string{"docs-internal-guid", "style=", "dir=", "<span", "<b>", "<br>", "<p></p>", "googleusercontent", "google.com/url", "<img"},
		},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			clip := []byte(c.html)
			if c.html == "" {
				var err error
				if clip, err = os.ReadFile(c.file); err != nil {
					t.Fatal(err)
				}
			}
			run(t, ctx,
				js(`mastheadEditor.editors[0].commands.clearContent(true)`),
				focusEditor(``),
				js(fmt.Sprintf(`(() => {
					const data = new DataTransfer();
					data.setData('text/html', %s);
					data.setData('text/plain', 'plain');
					document.querySelector('.editor__content').dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
				})()`, jsString(string(clip)))),
			)
			body := textareaValue(t, ctx)
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("pasted body lacks %s\n%s", w, body)
				}
			}
			for _, nw := range c.notWant {
				if strings.Contains(body, nw) {
					t.Errorf("pasted body still has %q\n%s", nw, body)
				}
			}
			if clean := render.Sanitize(body); clean != body {
				t.Errorf("the sanitiser changed the pasted body:\n in %s\nout %s", body, clean)
			}
		})
	}
	checkClean(t, ctx)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func editorWorksByKeyboard(t *testing.T, ctx context.Context) {
	srv := newEditorTestServer(t, true)
	run(t, ctx, chromedp.Navigate(srv.URL+"/edit"), chromedp.WaitVisible(chromedp.CSS(`.editor__content`)))

	// Alt+F10 reaches the toolbar; arrows move along it; Enter presses.
	run(t, ctx,
		focusEditor(`'end'`),
		chromedp.KeyEvent(" Fine"),
		chromedp.KeyEvent(kb.F10, chromedp.KeyModifiers(chromedp.ModifierAlt)),
	)
	if focused := eval[string](t, ctx, `document.activeElement.getAttribute('aria-label')`); focused != "H2 heading" {
		t.Fatalf("Alt+F10 focused %q, want the first tool", focused)
	}
	run(t, ctx, chromedp.KeyEvent(kb.ArrowRight+kb.ArrowRight+kb.ArrowRight+kb.ArrowRight))
	if focused := eval[string](t, ctx, `document.activeElement.getAttribute('aria-label')`); focused != "Italic" {
		t.Fatalf("four right arrows focused %q, want Italic", focused)
	}
	tabStops := eval[int](t, ctx, `document.querySelectorAll('.editor__toolbar [tabindex="0"]').length`)
	if tabStops != 1 {
		t.Errorf("toolbar has %d tab stops, want 1", tabStops)
	}

	// In a caption, even mid-sentence, Enter leaves for a new paragraph
	// after the figure instead of splitting the figure (and its image) in two.
	run(t, ctx,
		js(`(() => { const e = mastheadEditor.editors[0]; let end = 0; e.state.doc.descendants((n, pos) => { if (n.type.name === 'figure') end = pos + n.nodeSize - 1; }); e.commands.focus(); e.commands.setTextSelection(end - 6); })()`),
	)
	waitFor(t, ctx, `document.activeElement.classList.contains('editor__content')`)
	run(t, ctx,
		pressWithoutChar('\r'),
		chromedp.KeyEvent("After the picture"),
	)
	body := textareaValue(t, ctx)
	if strings.Count(body, "<img") != 1 || !strings.Contains(body, `Photo: A. Writer</figcaption></figure><p>After the picture</p>`) {
		t.Errorf("Enter in a caption:\n%s", body)
	}
	// Backspace at the start of a caption with text does nothing.
	run(t, ctx,
		js(`(() => { const e = mastheadEditor.editors[0]; let start = 0; e.state.doc.descendants((n, pos) => { if (n.type.name === 'figure') start = pos + 1; }); e.commands.setTextSelection(start); })()`),
		chromedp.KeyEvent(kb.Backspace),
	)
	if got := textareaValue(t, ctx); got != body {
		t.Errorf("Backspace at the start of a caption changed the body:\n%s", got)
	}
	checkClean(t, ctx)
}

func editorKeepsUnsupportedBodiesAsHTML(t *testing.T, ctx context.Context) {
	srv := newEditorTestServer(t, true)
	run(t, ctx, chromedp.Navigate(srv.URL+"/imported"), chromedp.WaitVisible(chromedp.CSS(`.editor__note`)))
	if n := eval[int](t, ctx, `document.querySelectorAll('.editor__content').length`); n != 0 {
		t.Errorf("the rich editor mounted over a body with a table")
	}
	if note := text(t, ctx, `.editor__note`); !strings.Contains(note, "table") {
		t.Errorf("note = %q, want it to name the table", note)
	}
	run(t, ctx,
		chromedp.WaitVisible(chromedp.CSS(`#body`)),
		js(`(() => { const el = document.getElementById('body'); el.focus(); el.setSelectionRange(el.value.length, el.value.length); })()`),
		chromedp.KeyEvent("<p>More words here</p>"),
	)
	if got, want := textareaValue(t, ctx), editorTestImported+"<p>More words here</p>"; got != want {
		t.Errorf("textarea = %s, want %s", got, want)
	}
	waitFor(t, ctx, `document.querySelector('[data-editor-stats]').textContent === '8 words · 1 min read'`)
	waitFor(t, ctx, `seen.changes >= 1`)
	checkClean(t, ctx)
}

// pressWithoutChar presses a key as a browser does when its keydown is
// handled: chromedp.KeyEvent also sends the key's character event, which
// a real browser never sends after preventDefault, and which would press
// Enter twice.
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

// focusEditor puts the cursor in the editor (Tiptap focuses on the next
// animation frame) and waits until it has focus, so keys typed next land
// in it.
func focusEditor(where string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		if _, err := chromedp.Evaluate[any](`mastheadEditor.editors[0].commands.focus(`+where+`)`)(ctx, target); err != nil {
			return err
		}
		_, err := chromedp.Poll[bool](`document.activeElement && document.activeElement.classList.contains('editor__content')`)(ctx, target)
		return err
	})
}
