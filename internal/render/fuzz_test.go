package render

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// fuzzSeeds are the shapes of markup the sanitiser meets: the editor's own
// output, pasted word-processor markup, and the classic XSS vectors.
var fuzzSeeds = []string{
	"",
	"plain words",
	`<h2 id="a">Heading</h2><p>A <strong>bold</strong> <a href="https://example.org/x">link</a>.</p>`,
	`<figure class="embed" data-embed="youtube"><a href="https://youtu.be/x">video</a></figure>`,
	`<figure><img src="/media/a.jpg" alt="A" srcset="/media/a-640.jpg 640w"><figcaption>C</figcaption></figure>`,
	`<table><tr><th scope="col">a</th><td colspan="2">b</td></tr></table>`,
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`<a href="javascript:alert(1)">x</a>`,
	`<a href="jav&#x09;ascript:alert(1)">x</a>`,
	`<a href=" &#106;avascript:alert(1)">x</a>`,
	`<svg/onload=alert(1)>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<<script>script>alert(1)<</script>/script>`,
	`<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>`,
	`<!--<script>-->`, `<![CDATA[<script>]]>`, `<textarea><script></textarea>`,
	`<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>`,
	`<h3>Same</h3><h3>Same</h3><h2 id="same">x</h2>`,
	`<p class="pullquote align-wide" onmouseover="x">y</p>`,
	"\x00<scr\x00ipt>",
	`<a href="https://example.org/?a=1&b=2">amp</a>`,
	`<p>unclosed <em>tags <strong>here`,
}

// FuzzSanitize holds the sanitiser to its promise on any input: nothing
// that runs survives, and sanitising what it returned changes nothing (so
// that saving an article twice cannot drift, and a second pass would not
// reveal markup the first pass hid).
func FuzzSanitize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		if again := Sanitize(out); again != out {
			t.Fatalf("Sanitize is not idempotent on %q:\nonce:  %q\ntwice: %q", in, out, again)
		}
		assertInert(t, in, out)
	})
}

// assertInert fails when out holds a script element, an event handler
// attribute or a javascript: URL, read as a browser would read it.
func assertInert(t *testing.T, in, out string) {
	t.Helper()
	if strings.Contains(strings.ToLower(out), "<script") {
		t.Fatalf("Sanitize(%q) = %q holds <script", in, out)
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") {
				t.Fatalf("Sanitize(%q) = %q keeps the handler %s=", in, out, a.Key)
			}
			if unsafeURL(a.Val) {
				t.Fatalf("Sanitize(%q) = %q keeps the URL %s=%q", in, out, a.Key, a.Val)
			}
		}
	}
}

// unsafeURL reports whether a browser would run v as script: it drops
// ASCII whitespace and control characters inside the scheme.
func unsafeURL(v string) bool {
	var b strings.Builder
	for _, r := range v {
		if r <= ' ' {
			continue
		}
		b.WriteRune(r)
	}
	s := strings.ToLower(b.String())
	return strings.HasPrefix(s, "javascript:") || strings.HasPrefix(s, "vbscript:") || strings.HasPrefix(s, "data:text/html")
}

// FuzzPlainText checks that the text extracted for excerpts, word counts
// and search never panics or carries runs of whitespace, and that an
// excerpt stays within its length. (The text may hold "<": it is text, and
// templates escape it.)
func FuzzPlainText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		text := PlainText(in)
		if text != strings.Join(strings.Fields(text), " ") {
			t.Fatalf("PlainText(%q) = %q has loose whitespace", in, text)
		}
		if again := PlainText(in); again != text {
			t.Fatalf("PlainText is not deterministic on %q", in)
		}
		if n := WordCount(in); n < 0 || n > len(strings.Fields(text)) {
			t.Fatalf("WordCount(%q) = %d for text %q", in, n, text)
		}
		ex := Excerpt(in, 40)
		if utf8.ValidString(text) && utf8.RuneCountInString(ex) > 41 {
			t.Fatalf("Excerpt(%q, 40) = %q is too long", in, ex)
		}
	})
}

// FuzzOutline checks the table of contents on any body: every heading
// gets a unique id, and outlining a sanitised body keeps it inert and
// is stable when repeated.
func FuzzOutline(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		clean := Sanitize(in)
		for _, body := range []string{in, clean} {
			if !hasHeadingTag(body) && parsedHeadings(t, body) > 0 {
				t.Fatalf("hasHeadingTag(%q) is false, but the parser finds headings", body)
			}
		}
		out, headings := Outline(clean)
		seen := map[string]bool{}
		for _, h := range headings {
			if h.ID == "" || seen[h.ID] {
				t.Fatalf("Outline(%q): heading id %q empty or repeated in %v", clean, h.ID, headings)
			}
			seen[h.ID] = true
			if h.Level != 2 && h.Level != 3 {
				t.Fatalf("Outline(%q): level %d", clean, h.Level)
			}
		}
		assertInert(t, clean, out)
		again, headings2 := Outline(out)
		if len(headings2) != len(headings) {
			t.Fatalf("Outline is not stable on %q: %d then %d headings", clean, len(headings), len(headings2))
		}
		if again != out {
			t.Fatalf("Outline is not stable on %q:\nonce:  %q\ntwice: %q", clean, out, again)
		}
	})
}

// parsedHeadings counts the h2 and h3 elements the parser makes of body,
// as Outline parses it.
func parsedHeadings(t *testing.T, body string) int {
	nodes, err := html.ParseFragment(strings.NewReader(body), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.ElementNode && (x.DataAtom == atom.H2 || x.DataAtom == atom.H3) {
			n++
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, x := range nodes {
		walk(x)
	}
	return n
}
