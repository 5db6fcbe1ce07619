package render

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/wordpress")

// testSite is the WordPress site the golden inputs come from: its
// uploads are imported under /media/, and three attachments are known.
const testUploads = "https://old.example.org/wp-content/uploads/"

func testWordPressOptions() WordPressOptions {
	return WordPressOptions{
		MediaURL: func(u string) (string, bool) {
			if rest, ok := strings.CutPrefix(u, testUploads); ok {
				return "/media/" + rest, true
			}
			return "", false
		},
		Attachment: func(id int64) (WordPressMedia, bool) {
			switch id {
			case 101:
				return WordPressMedia{URL: "/media/2024/03/council.jpg", Alt: "Councillors voting", Caption: "The vote on Tuesday"}, true
			case 102:
				return WordPressMedia{URL: "/media/2024/03/square.jpg", Alt: "The square at night", Caption: ""}, true
			case 103:
				return WordPressMedia{URL: "/media/2024/03/mayor.jpg", Alt: "", Caption: "The mayor & her deputy"}, true
			}
			return WordPressMedia{}, false
		},
	}
}

// unstableByDesign names golden cases whose output changes when
// converted again, and why.
var unstableByDesign = map[string]string{
	// [[gallery]] shows "[gallery]" as text; converted again, that text
	// is a shortcode. Nothing in sanitised HTML can keep a bracket from
	// being read as one.
	"shortcodes-escaped": "escaped shortcodes become shortcodes",
}

// TestFromWordPressGolden converts each testdata/wordpress/NAME.input.html
// and compares the body (one top-level element a line) and its notes
// with NAME.golden.html. Run with -update to rewrite the golden files
// after a deliberate change, and read the diff.
func TestFromWordPressGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "wordpress", "*.input.html"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".input.html")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			body, notes := FromWordPress(string(src), testWordPressOptions())
			got := goldenText(t, body, notes)
			goldenPath := strings.TrimSuffix(in, ".input.html") + ".golden.html"
			if *update {
				if err := os.WriteFile(goldenPath, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(goldenPath)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("FromWordPress(%s) differs from %s:\n got:\n%s\nwant:\n%s", in, goldenPath, got, want)
			}
			assertConvertedProperties(t, name, body)
		})
	}
}

// assertConvertedProperties checks what every conversion promises: the
// body is what Sanitize would make of it, and (bar the cases above)
// converting it again changes nothing, so a re-import of converted text
// or a second run cannot drift.
func assertConvertedProperties(t *testing.T, name, body string) {
	t.Helper()
	if clean := Sanitize(body); clean != body {
		t.Errorf("body is not in sanitised form:\nbody:      %s\nsanitised: %s", body, clean)
	}
	if _, ok := unstableByDesign[name]; ok {
		return
	}
	again, notes := FromWordPress(body, testWordPressOptions())
	if again != body {
		t.Errorf("converting the output again changes it:\nonce:  %s\ntwice: %s", body, again)
	}
	// Nothing is lost the second time; pictures left at their address
	// are still there, and still noted.
	for _, n := range notes {
		if n.Kind != noteImage {
			t.Errorf("converting the output again reports %v", n)
		}
	}
}

// goldenText writes a body one top-level element a line, then its notes
// as comments; it fails if the lines do not join back into the body.
func goldenText(t *testing.T, body string, notes []ConversionNote) string {
	t.Helper()
	parts := topLevel(body)
	if strings.Join(parts, "") != body {
		t.Fatalf("cannot split the body into top-level elements:\n%s", body)
	}
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p + "\n")
	}
	for _, n := range notes {
		fmt.Fprintf(&b, "<!-- note: %s: %s -->\n", n.Kind, n.Detail)
	}
	return b.String()
}

// topLevel cuts a body into its top-level elements, as written.
func topLevel(body string) []string {
	z := html.NewTokenizer(strings.NewReader(body))
	var parts []string
	var cur strings.Builder
	depth := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		cur.Write(z.Raw())
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			if !voidElements[string(name)] {
				depth++
			}
		case html.EndTagToken:
			depth--
		}
		if depth == 0 {
			parts = append(parts, cur.String())
			cur.Reset()
		}
	}
	if cur.Len() > 0 {
		parts = append(parts, cur.String())
	}
	return parts
}

// TestFromWordPressParagraphsLikeWordPress holds the classic-editor
// conversion to what wpautop makes of the same text, as a browser
// would read it.
func TestFromWordPressParagraphsLikeWordPress(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"blank line makes paragraphs", "One.\n\nTwo.", "<p>One.</p><p>Two.</p>"},
		{"single line break is br", "One\ntwo", "<p>One<br>two</p>"},
		{"many blank lines are one break", "One\n\n\n\n\nTwo", "<p>One</p><p>Two</p>"},
		{"windows line endings", "One\r\n\r\nTwo\r\nthree", "<p>One</p><p>Two<br>three</p>"},
		{"block not wrapped", "<h2>Title</h2>\nText", "<h2>Title</h2><p>Text</p>"},
		{"text after a block tag on the same line", "<div>In a div</div>", "<p>In a div</p>"},
		{"list items stay items", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>", "<ul><li><p>one</p></li><li><p>two</p></li></ul>"},
		{"quote gets its paragraph inside", "<blockquote>Quoted\nwords</blockquote>", "<blockquote><p>Quoted<br>words</p></blockquote>"},
		{"quote with paragraphs", "<blockquote>One\n\nTwo</blockquote>", "<blockquote><p>One</p><p>Two</p></blockquote>"},
		{"pre untouched", "<pre>a\n\n  b\nc</pre>", "<pre>a\n\n  b\nc</pre>"},
		{"pre with a leading line break", "<pre>\nx\n</pre>", "<pre>x\n</pre>"},
		{"double br is a new paragraph", "One<br><br />Two", "<p>One</p><p>Two</p>"},
		{"br then line break is one br", "One<br />\nTwo", "<p>One<br>Two</p>"},
		{"inline markup across a blank line", "<em>one\n\ntwo</em>", "<p><em>one</em></p><p><em>two</em></p>"},
		// WordPress shows the line break on each side of the tag: a gap.
		{"more tag dropped", "Teaser\n<!--more-->\nRest", "<p>Teaser</p><p>Rest</p>"},
		{"more tag between paragraphs", "Teaser\n\n<!--more-->\n\nRest", "<p>Teaser</p><p>Rest</p>"},
		{"no texturize", "\"Quotes\" -- and 'apostrophes' ...", "<p>&#34;Quotes&#34; -- and &#39;apostrophes&#39; ...</p>"},
		{"empty spacer paragraphs dropped", "One\n\n&nbsp;\n\nTwo", "<p>One</p><p>Two</p>"},
		{"h1 becomes h2", "<h1>Big</h1>", "<h2>Big</h2>"},
		{"table cells not wrapped", "<table>\n<tr>\n<td>a</td>\n<td>b\nc</td>\n</tr>\n</table>", "<table><tbody><tr><td>a</td><td>b<br>c</td></tr></tbody></table>"},
		{"hr splits paragraphs", "One\n<hr />\nTwo", "<p>One</p><hr><p>Two</p>"},
		{"whitespace only", " \n\t\n ", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, notes := FromWordPress(tc.in, WordPressOptions{})
			if got != tc.want {
				t.Errorf("FromWordPress(%q)\n got %s\nwant %s", tc.in, got, tc.want)
			}
			if len(notes) != 0 {
				t.Errorf("notes %v", notes)
			}
		})
	}
}

// TestFromWordPressBlocksAreNotParagraphed: text in a block post keeps
// its line breaks as white space, as WordPress shows it.
func TestFromWordPressBlocksAreNotParagraphed(t *testing.T) {
	in := "<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:html -->\nRaw\n\ntext\n<!-- /wp:html -->"
	got, _ := FromWordPress(in, WordPressOptions{})
	if want := "<p>One two</p><p>Raw text</p>"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestFromWordPressEmbeds(t *testing.T) {
	cases := []struct {
		name, in, want string
		notes          []ConversionNote
	}{
		{"bare YouTube line", "Watch:\nhttps://youtu.be/dQw4w9WgXcQ\nThen read on.",
			`<p>Watch:</p><figure class="embed" data-embed="youtube"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Watch the video on YouTube</a></figure><p>Then read on.</p>`, nil},
		{"bare tweet in a paragraph block", `<!-- wp:paragraph --><p>https://twitter.com/jack/status/20?s=20</p><!-- /wp:paragraph -->`,
			`<figure class="embed" data-embed="x"><a href="https://x.com/jack/status/20">See the post by @jack on X</a></figure>`, nil},
		{"bare link to an article", "https://example.net/story/",
			`<p><a href="https://example.net/story/">https://example.net/story/</a></p>`, nil},
		{"bare Vimeo line is noted", "https://vimeo.com/76979871",
			`<p><a href="https://vimeo.com/76979871">https://vimeo.com/76979871</a></p>`, []ConversionNote{{noteEmbed, "vimeo.com"}}},
		{"address inside a sentence stays text", "See https://youtu.be/dQw4w9WgXcQ now",
			`<p>See https://youtu.be/dQw4w9WgXcQ now</p>`, nil},
		{"embed shortcode", `[embed width="640"]https://www.instagram.com/reel/Cabc123/?igsh=x[/embed]`,
			`<figure class="embed" data-embed="instagram"><a href="https://www.instagram.com/reel/Cabc123/">Watch the reel on Instagram</a></figure>`, nil},
		{"embed shortcode of another service", `[embed]https://soundcloud.com/a/b[/embed]`,
			`<p><a href="https://soundcloud.com/a/b">https://soundcloud.com/a/b</a></p>`, []ConversionNote{{noteEmbed, "soundcloud.com"}}},
		{"Jetpack youtube shortcode", `[youtube=https://www.youtube.com/watch?v=dQw4w9WgXcQ&w=640&h=360]`,
			`<figure class="embed" data-embed="youtube"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Watch the video on YouTube</a></figure>`, nil},
		{"tweet by number", `[tweet 1234567890]`,
			`<p><a href="https://x.com/i/status/1234567890">https://x.com/i/status/1234567890</a></p>`, []ConversionNote{{noteEmbed, "x.com"}}},
		{"YouTube player pasted", `<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=3" allowfullscreen></iframe>`,
			`<figure class="embed" data-embed="youtube"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Watch the video on YouTube</a></figure>`, nil},
		{"map pasted", `<iframe src="https://www.google.com/maps/embed?pb=1" title="Map of the route"></iframe>`,
			`<p><a href="https://www.google.com/maps/embed?pb=1">Map of the route</a></p>`, []ConversionNote{{noteEmbed, "google.com"}}},
		{"tweet pasted with its script",
			`<blockquote class="twitter-tweet"><p lang="en" dir="ltr">just setting up my twttr <a href="https://t.co/x">pic</a></p>&mdash; jack (@jack) <a href="https://twitter.com/jack/status/20?ref_src=twsrc%5Etfw">March 21, 2006</a></blockquote> <script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>`,
			`<figure class="embed" data-embed="x"><a href="https://x.com/jack/status/20">See the post by @jack on X</a></figure>`, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, notes := FromWordPress(tc.in, WordPressOptions{})
			if got != tc.want {
				t.Errorf("FromWordPress(%q)\n got %s\nwant %s", tc.in, got, tc.want)
			}
			if !slices.Equal(notes, tc.notes) {
				t.Errorf("notes %v, want %v", notes, tc.notes)
			}
		})
	}
}

func TestShortcodeAttributes(t *testing.T) {
	a := parseShortcodeAttrs(` id="attachment_5" align='alignleft' width=300 caption="Say &quot;hi&quot; [ok]" "quoted positional" bare`)
	want := map[string]string{"id": "attachment_5", "align": "alignleft", "width": "300", "caption": "Say &quot;hi&quot; [ok]"}
	for k, v := range want {
		if a.named[k] != v {
			t.Errorf("%s = %q, want %q", k, a.named[k], v)
		}
	}
	if !slices.Equal(a.positional, []string{"quoted positional", "bare"}) {
		t.Errorf("positional %q", a.positional)
	}
	if a := parseShortcodeAttrs(`=https://youtu.be/x`); !slices.Equal(a.positional, []string{"https://youtu.be/x"}) {
		t.Errorf("Jetpack form: %q", a.positional)
	}
}

// TestFromWordPressShortcodeBrackets: only brackets that look like
// shortcodes are treated as such; editorial brackets stay text.
func TestFromWordPressShortcodeBrackets(t *testing.T) {
	cases := []struct {
		in, want string
		notes    []ConversionNote
	}{
		{"He said [sic] it was over [1].", "<p>He said [sic] it was over [1].</p>", nil},
		{"[Update, 3pm: the vote passed.]", "<p>[Update, 3pm: the vote passed.]</p>", nil},
		{"[Editor's note: corrected.]", "<p>[Editor&#39;s note: corrected.]</p>", nil},
		{"Before\n\n[toc]\n\nAfter", "<p>Before</p><p>After</p>", []ConversionNote{{noteShortcode, "toc"}}},
		{`[contact-form-7 id="12" title="Tips"]`, "", []ConversionNote{{noteShortcode, "contact-form-7"}}},
		{`[su_box title="Key facts"]The <strong>facts</strong>.[/su_box]`, "<p>The <strong>facts</strong>.</p>", []ConversionNote{{noteShortcode, "su_box"}}},
		{`[row][column md="6"]Left[/column][column md="6"]Right[/column][/row]`, "<p>Left</p><p>Right</p>", []ConversionNote{{noteShortcode, "column"}, {noteShortcode, "row"}}},
		{`[ad /] text`, "<p>text</p>", []ConversionNote{{noteShortcode, "ad"}}},
		{`A [highlight]key[/highlight] word`, "<p>A key word</p>", []ConversionNote{{noteShortcode, "highlight"}}},
		{`[[caption]] and [[embed]x[/embed]]`, "<p>[caption] and [embed]x[/embed]</p>", nil},
		{`<a href="/x?[y]">[link]</a>`, `<p><a href="/x?[y]">[link]</a></p>`, nil},
	}
	for _, tc := range cases {
		got, notes := FromWordPress(tc.in, WordPressOptions{})
		if got != tc.want {
			t.Errorf("FromWordPress(%q)\n got %s\nwant %s", tc.in, got, tc.want)
		}
		if !slices.Equal(notes, tc.notes) {
			t.Errorf("FromWordPress(%q) notes %v, want %v", tc.in, notes, tc.notes)
		}
	}
}

// TestFromWordPressAsksMediaURLForAddressesAsWritten: size variants are
// the importer's to map, so MediaURL sees each address exactly as the
// content has it, and nil callbacks leave addresses alone.
func TestFromWordPressAsksMediaURLForAddressesAsWritten(t *testing.T) {
	in := `<a href="https://old.example.org/wp-content/uploads/2020/01/a.jpg"><img class="size-medium wp-image-5" src="https://old.example.org/wp-content/uploads/2020/01/a-300x200.jpg" srcset="https://old.example.org/wp-content/uploads/2020/01/a-300x200.jpg 300w, https://old.example.org/wp-content/uploads/2020/01/a-1024x683.jpg 1024w" sizes="(max-width: 300px) 100vw, 300px" alt="A" width="300" height="200" /></a>`
	var asked []string
	opt := WordPressOptions{MediaURL: func(u string) (string, bool) {
		asked = append(asked, u)
		return "/media/a.jpg", true
	}}
	got, _ := FromWordPress(in, opt)
	want := `<figure><a href="/media/a.jpg"><img src="/media/a.jpg" alt="A" width="300" height="200"></a><figcaption></figcaption></figure>`
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	if !slices.Contains(asked, "https://old.example.org/wp-content/uploads/2020/01/a-300x200.jpg") || !slices.Contains(asked, "https://old.example.org/wp-content/uploads/2020/01/a.jpg") {
		t.Errorf("MediaURL was asked %q", asked)
	}
	plain, _ := FromWordPress(in, WordPressOptions{})
	if !strings.Contains(plain, `src="https://old.example.org/wp-content/uploads/2020/01/a-300x200.jpg"`) || strings.Contains(plain, "srcset") {
		t.Errorf("without callbacks: %s", plain)
	}
}

// TestFromWordPressFallsBackToTheAttachment: a picture MediaURL does not
// know is found by its attachment id, which also lends alt text.
func TestFromWordPressFallsBackToTheAttachment(t *testing.T) {
	in := `<!-- wp:image {"id":101} --><figure class="wp-block-image"><img src="https://cdn.elsewhere.example/x.jpg" alt=""/></figure><!-- /wp:image -->`
	got, _ := FromWordPress(in, testWordPressOptions())
	want := `<figure><img src="/media/2024/03/council.jpg" alt="Councillors voting"><figcaption></figcaption></figure>`
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func TestFromWordPressNotesAreDistinctAndOrdered(t *testing.T) {
	in := "[zeta]a[/zeta] [alpha x=1] [zeta]b[/zeta]\n\n<!-- wp:latest-posts /--><!-- wp:archives /--><!-- wp:latest-posts /-->"
	_, notes := FromWordPress(in, WordPressOptions{})
	// A post with blocks: the shortcodes are still expanded, as WordPress does.
	want := []ConversionNote{{noteDynamicBlock, "core/archives"}, {noteDynamicBlock, "core/latest-posts"}, {noteShortcode, "alpha"}, {noteShortcode, "zeta"}}
	if !slices.Equal(notes, want) {
		t.Errorf("notes %v, want %v", notes, want)
	}
}

// TestFromWordPressKeepsNothingThatRuns covers payloads in each place
// the converter builds markup itself.
func TestFromWordPressKeepsNothingThatRuns(t *testing.T) {
	payloads := []string{
		`<script>alert(1)</script>`,
		`<img src=x onerror=alert(1)>`,
		`[caption id="attachment_1" caption="<img src=x onerror=alert(1)>"]<img src="https://a.example/x.jpg">[/caption]`,
		`[caption]<img src="javascript:alert(1)"> <a href="javascript:alert(1)">x</a>[/caption]`,
		`[embed]javascript:alert(1)[/embed]`,
		`[video src="javascript:alert(1)"]`,
		`[audio mp3='" onmouseover="alert(1)']`,
		`[gallery ids="101"]`,
		`<!-- wp:embed {"url":"javascript:alert(1)\"><script>alert(1)</script>"} --><!-- /wp:embed -->`,
		`<!-- wp:html --><svg onload=alert(1)><a href="javascript:alert(1)">x</a><!-- /wp:html -->`,
		`<!-- wp:image {"id":1} --><figure><img src="x" onerror="alert(1)"></figure><!-- /wp:image -->`,
		`<iframe src="javascript:alert(1)"></iframe>`,
		`<blockquote class="twitter-tweet"><a href="javascript:alert(1)">x</a></blockquote>`,
		"https://x.example/\"onmouseover=alert(1)",
	}
	for _, p := range payloads {
		got, _ := FromWordPress(p, testWordPressOptions())
		assertInert(t, p, got)
		if strings.Contains(strings.ToLower(got), "onerror") || strings.Contains(strings.ToLower(got), "onload") {
			t.Errorf("FromWordPress(%q) = %q keeps a handler", p, got)
		}
	}
}

// FuzzFromWordPress holds the converter to the sanitiser's promise on any
// input, and to its own: the body is already in sanitised form, notes are
// distinct and ordered, and a second conversion changes nothing.
func FuzzFromWordPress(f *testing.F) {
	inputs, _ := filepath.Glob(filepath.Join("testdata", "wordpress", "*.input.html"))
	for _, in := range inputs {
		if b, err := os.ReadFile(in); err == nil {
			f.Add(string(b))
		}
	}
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	opt := testWordPressOptions()
	f.Fuzz(func(t *testing.T, in string) {
		out, notes := FromWordPress(in, opt)
		if clean := Sanitize(out); clean != out {
			t.Fatalf("FromWordPress(%q) = %q is not in sanitised form (%q)", in, out, clean)
		}
		assertInert(t, in, out)
		for i := 1; i < len(notes); i++ {
			a, b := notes[i-1], notes[i]
			if a.Kind > b.Kind || a.Kind == b.Kind && a.Detail >= b.Detail {
				t.Fatalf("notes not distinct and ordered: %v", notes)
			}
		}
		// Converting the output again changes nothing, unless it shows a
		// bracket, which may read as a shortcode the second time.
		if !strings.Contains(out, "[") {
			if again, _ := FromWordPress(out, opt); again != out {
				t.Fatalf("FromWordPress is not stable on %q:\nonce:  %q\ntwice: %q", in, out, again)
			}
		}
	})
}

func benchmarkFromWordPress(b *testing.B, names ...string) {
	var post strings.Builder
	for post.Len() < 200_000 {
		for _, name := range names {
			src, err := os.ReadFile(filepath.Join("testdata", "wordpress", name+".input.html"))
			if err != nil {
				b.Fatal(err)
			}
			post.Write(src)
			post.WriteString("\n\n")
		}
	}
	content := post.String()
	opt := testWordPressOptions()
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	for b.Loop() {
		FromWordPress(content, opt)
	}
}

// BenchmarkFromWordPressClassic converts a long (about 200 KB) classic
// post made of the classic golden inputs.
func BenchmarkFromWordPressClassic(b *testing.B) {
	benchmarkFromWordPress(b, "classic-caption", "classic-embeds", "classic-markup")
}

// BenchmarkFromWordPressBlocks converts a long (about 200 KB) block post.
func BenchmarkFromWordPressBlocks(b *testing.B) {
	benchmarkFromWordPress(b, "blocks-article", "blocks-layout", "blocks-media")
}

// TestParseBlocksReadsTheBlockGrammar covers the block comments' corners:
// namespaces, attributes holding an encoded "-->", void blocks, a stray
// closing comment and a block never closed.
func TestParseBlocksReadsTheBlockGrammar(t *testing.T) {
	in := `<!-- wp:group --><div><!-- wp:acme/note {"text":"a \u002d\u002d> b","n":2} /--><!-- /wp:paragraph -->x</div><!-- /wp:group -->` +
		`<!-- wp:quote --><blockquote>open`
	parts := parseBlocks(in)
	if len(parts) != 2 || parts[0].block == nil || parts[1].block == nil {
		t.Fatalf("top level %+v", parts)
	}
	group := parts[0].block
	if group.name != "core/group" || len(group.parts) != 3 {
		t.Fatalf("group %+v", group)
	}
	note := group.parts[1].block
	if note == nil || note.name != "acme/note" || note.attrs["text"] != "a --> b" || intAttr(note.attrs["n"]) != 2 || len(note.parts) != 0 {
		t.Errorf("void block %+v", note)
	}
	if group.parts[2].html != "x</div>" {
		t.Errorf("the stray closing comment should vanish: %+v", group.parts[2:])
	}
	if quote := parts[1].block; quote.name != "core/quote" || len(quote.parts) != 1 || quote.parts[0].html != "<blockquote>open" {
		t.Errorf("unclosed block %+v", quote)
	}
	if _, ok := readDelimiter(`<!-- wp:paragraph {"broken": -->`); ok {
		t.Error("a comment with broken attributes is not a block")
	}
}

// TestFromWordPressAsksForAttachmentsOnlyWhenNeeded: the importer may
// look attachments up in its database, so a picture MediaURL resolves and
// that has alt text costs no lookup.
func TestFromWordPressAsksForAttachmentsOnlyWhenNeeded(t *testing.T) {
	asked := 0
	opt := testWordPressOptions()
	attachment := opt.Attachment
	opt.Attachment = func(id int64) (WordPressMedia, bool) {
		asked++
		return attachment(id)
	}
	FromWordPress(`<img class="wp-image-101" src="`+testUploads+`2024/03/council.jpg" alt="Council">`, opt)
	if asked != 0 {
		t.Errorf("Attachment asked %d times for a resolved picture with alt text", asked)
	}
	got, _ := FromWordPress(`<img class="wp-image-101" src="`+testUploads+`2024/03/council.jpg" alt="">`, opt)
	if asked != 1 || !strings.Contains(got, `alt="Councillors voting"`) {
		t.Errorf("asked %d times; %s", asked, got)
	}
}
