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

// The newsroom editor writes these forms (in the spelling Go's html package
// uses); saving must keep them byte for byte, or an unchanged article would
// differ from what was saved.
func TestSanitizeKeepsEditorOutputUnchanged(t *testing.T) {
	forms := map[string]string{
		"paragraph with marks":   `<p>A <strong>bold</strong> and <em>italic</em> claim, <a href="https://example.org/report?id=1&amp;p=2">a source</a> and <a href="/2026/01/02/story/">an earlier story</a>.</p>`,
		"quotes and apostrophes": `<p>He said &#34;no&#34; &amp; it&#39;s over — 5 &lt; 6.</p>`,
		"non-breaking space":     "<p>10\u00a0km</p>",
		"mail link":              `<p><a href="mailto:desk@example.org">Write to us</a></p>`,
		"headings":               `<h2>Background</h2><h3>The deal</h3><h4>Gas</h4>`,
		"blockquote":             `<blockquote><p>Quoted words.</p></blockquote>`,
		"lists":                  `<ul><li><p>one</p><ul><li><p>nested</p></li></ul></li></ul><ol><li><p>first</p></li></ol>`,
		"rule and break":         `<p>line<br>next</p><hr>`,
		"empty paragraph":        `<p></p>`,
		"figure":                 `<figure><img src="/media/ab/cd.jpg" alt="Flags outside the &#34;House&#34;" width="1600" height="900"><figcaption>The parliament on Monday — Photo: A. Writer</figcaption></figure>`,
		"figure without caption": `<figure><img src="https://cdn.example.org/a.jpg" alt="A flag"><figcaption></figcaption></figure>`,
		"youtube embed":          `<figure class="embed" data-embed="youtube"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Watch the video on YouTube</a></figure>`,
		"x embed":                `<figure class="embed" data-embed="x"><a href="https://x.com/jack/status/20">See the post by @jack on X</a></figure>`,
		"instagram embed":        `<figure class="embed" data-embed="instagram"><a href="https://www.instagram.com/p/CxYz_12-ab/">See the post on Instagram</a></figure>`,
		"pull quote":             `<aside class="pullquote"><p>“We will not back down.”</p></aside>`,
	}
	for name, form := range forms {
		t.Run(name, func(t *testing.T) {
			if got := Sanitize(form); got != form {
				t.Errorf("Sanitize changed the editor's output:\n in: %s\nout: %s", form, got)
			}
		})
	}
}

func TestSanitizeAllowsOnlyKnownEmbeds(t *testing.T) {
	cases := map[string]string{
		`<figure class="embed" data-embed="vimeo"><a href="https://vimeo.com/1">v</a></figure>`:          `<figure class="embed"><a href="https://vimeo.com/1">v</a></figure>`,
		`<figure class="embed" data-embed="youtube x"><a href="https://x.com/a/status/1">v</a></figure>`: `<figure class="embed"><a href="https://x.com/a/status/1">v</a></figure>`,
		`<p data-embed="youtube">p</p>`: `<p>p</p>`,
		`<figure data-embed="youtube" data-src="https://evil.example"><iframe src="https://evil.example"></iframe></figure>`: `<figure data-embed="youtube"></figure>`,
		`<figure class="embed" data-embed="x" onclick="alert(1)"><a href="javascript:alert(1)">x</a></figure>`:               `<figure class="embed" data-embed="x">x</figure>`,
		`<aside class="pullquote" style="color:red" onmouseover="alert(1)"><p>q</p><script>alert(1)</script></aside>`:        `<aside class="pullquote"><p>q</p></aside>`,
	}
	for in, want := range cases {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%s)\n got %s\nwant %s", in, got, want)
		}
	}
}

func TestSanitizeAddsNoNofollowToEditorialLinks(t *testing.T) {
	in := `<p><a href="https://example.org/source">source</a> <a href="/local/">local</a></p>`
	if got := Sanitize(in); strings.Contains(got, "nofollow") {
		t.Errorf("Sanitize added rel=nofollow: %s", got)
	}
}
