package render

import (
	"strings"
	"testing"
)

func TestSanitizeRemovesWhatCouldRunOrRestyle(t *testing.T) {
	payloads := []string{
		`<script>alert(1)</script>`,
		`<img src=x onerror=alert(1)>`,
		`<a href="javascript:alert(1)">x</a>`,
		`<a href="JaVaScRiPt:alert(1)">x</a>`,
		`<iframe src="https://evil.example"></iframe>`,
		`<svg onload=alert(1)>`,
		`<p style="background:url(javascript:alert(1))">x</p>`,
		`<object data="x.swf"></object>`,
		`<form action="https://evil.example"><input name=a></form>`,
		`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
		`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
		`<div onmouseover="alert(1)">x</div>`,
		`<p class="evil-class">x</p>`,
	}
	bad := []string{"<script", "onerror", "javascript:", "<iframe", "onload", "style=", "<object", "<form", "data:text", "onmouseover", "evil-class"}
	for _, p := range payloads {
		out := strings.ToLower(Sanitize(p))
		for _, b := range bad {
			if strings.Contains(out, b) {
				t.Errorf("Sanitize(%q) = %q still contains %q", p, out, b)
			}
		}
	}
}

func TestSanitizeKeepsJournalism(t *testing.T) {
	in := `<h2 id="background">Background</h2><p>A <strong>bold</strong> <em>claim</em> with <a href="https://example.org/x">a link</a>.</p>` +
		`<blockquote class="pullquote"><p>Quoted</p></blockquote><ul><li>one</li></ul>` +
		`<figure><img src="/media/a.jpg" alt="A flag" width="640" height="360"><figcaption>Caption</figcaption></figure>`
	out := Sanitize(in)
	for _, want := range []string{`<h2 id="background">`, `<strong>bold</strong>`, `href="https://example.org/x"`, `class="pullquote"`, `<li>one</li>`, `alt="A flag"`, `<figcaption>Caption</figcaption>`} {
		if !strings.Contains(out, want) {
			t.Errorf("Sanitize dropped %q:\n%s", want, out)
		}
	}
}

func TestWordCountAndExcerpt(t *testing.T) {
	body := `<p>One two three.</p><p>Four — five <em>six</em></p><script>var hidden = 1</script>`
	if got := WordCount(body); got != 6 {
		t.Errorf("WordCount = %d, want 6", got)
	}
	if got := Excerpt(body, 14); got != "One two three…" {
		t.Errorf("Excerpt = %q", got)
	}
	if got := Excerpt("<p>Short.</p>", 100); got != "Short." {
		t.Errorf("Excerpt of short text = %q", got)
	}
}

func TestOutlineGivesHeadingsUniqueIDs(t *testing.T) {
	body := `<p>Intro</p><h2>The deal</h2><p>x</p><h3>Gas</h3><h2>The deal</h2><h2 id="kept">Kept</h2>`
	out, headings := Outline(body)
	want := []Heading{{2, "the-deal", "The deal"}, {3, "gas", "Gas"}, {2, "the-deal-2", "The deal"}, {2, "kept", "Kept"}}
	if len(headings) != len(want) {
		t.Fatalf("headings %v", headings)
	}
	for i := range want {
		if headings[i] != want[i] {
			t.Errorf("heading %d = %v, want %v", i, headings[i], want[i])
		}
		if !strings.Contains(out, `id="`+want[i].ID+`"`) {
			t.Errorf("body lacks id %q", want[i].ID)
		}
	}
	if plain, h := Outline("<p>No headings</p>"); plain != "<p>No headings</p>" || h != nil {
		t.Errorf("body without headings changed: %q %v", plain, h)
	}
}
