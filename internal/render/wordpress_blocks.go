package render

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
)

// This file renders Gutenberg content: block comments
// (<!-- wp:name {json} --> … <!-- /wp:name -->, and <!-- wp:name /--> for
// blocks without content) are removed and the HTML each block saved is
// kept, except for blocks WordPress renders itself on every page view
// (dropped and noted) and embeds (made into embed cards or links). As in
// WordPress, text inside blocks is not paragraphed.

// wpBlock is one block of a post: its name with namespace
// ("core/paragraph"), its attributes and its content, which is saved HTML
// interleaved with inner blocks.
type wpBlock struct {
	name  string
	attrs map[string]any
	parts []blockPart
}

// blockPart is either saved HTML or an inner block.
type blockPart struct {
	html  string
	block *wpBlock
}

// hasBlocks reports whether content was written in the block editor,
// the test WordPress's has_blocks makes.
func hasBlocks(s string) bool {
	return strings.Contains(s, "<!-- wp:")
}

// blockDelimiter is the start of a block comment, up to its attributes.
var blockDelimiter = regexp.MustCompile(`^<!--\s+(/)?wp:(?:([a-z][a-z0-9_-]*)/)?([a-z][a-z0-9_-]*)\s+`)

type delimiter struct {
	name   string
	attrs  map[string]any
	closer bool // <!-- /wp:name -->
	void   bool // <!-- wp:name /-->
	length int
}

// readDelimiter reads the block comment s starts with, if it is one; s
// ends with the first "-->" after its start (the attributes cannot hold
// one: WordPress writes "--" in them as \u002d\u002d).
func readDelimiter(s string) (delimiter, bool) {
	m := blockDelimiter.FindStringSubmatchIndex(s)
	if m == nil {
		return delimiter{}, false
	}
	d := delimiter{closer: m[2] >= 0, name: s[m[6]:m[7]]}
	namespace := "core"
	if m[4] >= 0 {
		namespace = s[m[4]:m[5]]
	}
	d.name = namespace + "/" + d.name
	i := m[1]
	if !d.closer && i < len(s) && s[i] == '{' {
		dec := json.NewDecoder(strings.NewReader(s[i:]))
		dec.UseNumber()
		if err := dec.Decode(&d.attrs); err != nil {
			return delimiter{}, false
		}
		i += int(dec.InputOffset())
		for i < len(s) && isSpace(s[i]) {
			i++
		}
	}
	if strings.HasPrefix(s[i:], "/-->") {
		d.void = true
		i += 4
	} else if strings.HasPrefix(s[i:], "-->") {
		i += 3
	} else {
		return delimiter{}, false
	}
	d.length = i
	return d, true
}

func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f'
}

// parseBlocks reads content into its top-level parts. A closing comment
// closes the innermost open block of its name (and any opened inside
// it); one that matches no open block is ignored, and blocks left open
// end with the content.
func parseBlocks(s string) []blockPart {
	root := &wpBlock{}
	stack := []*wpBlock{root}
	text := 0
	commentEnd := -1 // where the next "-->" ends
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "<!--")
		if j < 0 {
			break
		}
		i += j
		if commentEnd-3 < i+4 {
			k := strings.Index(s[i+4:], "-->")
			if k < 0 {
				break
			}
			commentEnd = i + 4 + k + 3
		}
		d, ok := readDelimiter(s[i:commentEnd])
		if !ok {
			i += 4
			continue
		}
		top := stack[len(stack)-1]
		if i > text {
			top.parts = append(top.parts, blockPart{html: s[text:i]})
		}
		switch {
		case d.closer:
			for k := len(stack) - 1; k > 0; k-- {
				if stack[k].name == d.name {
					stack = stack[:k]
					break
				}
			}
		case d.void:
			top.parts = append(top.parts, blockPart{block: &wpBlock{name: d.name, attrs: d.attrs}})
		default:
			b := &wpBlock{name: d.name, attrs: d.attrs}
			top.parts = append(top.parts, blockPart{block: b})
			stack = append(stack, b)
		}
		i += d.length
		text = i
	}
	if text < len(s) {
		top := stack[len(stack)-1]
		top.parts = append(top.parts, blockPart{html: s[text:]})
	}
	return root.parts
}

// staticBlocks are core blocks whose saved HTML is what readers saw.
var staticBlocks = setOf("core/paragraph", "core/heading", "core/list", "core/list-item", "core/quote",
	"core/pullquote", "core/image", "core/gallery", "core/separator", "core/table", "core/html",
	"core/preformatted", "core/code", "core/verse", "core/group", "core/row", "core/stack", "core/column",
	"core/buttons", "core/button", "core/file", "core/audio", "core/video", "core/details", "core/freeform",
	"core/subhead")

// layoutBlocks are core blocks whose text is kept but whose arrangement
// on the page (side by side, over a picture) is not.
var layoutBlocks = setOf("core/columns", "core/media-text", "core/cover", "core/text-columns")

func (c *wpConverter) renderBlocks(s string) string {
	var b strings.Builder
	c.writeParts(&b, parseBlocks(s))
	return b.String()
}

func (c *wpConverter) writeParts(b *strings.Builder, parts []blockPart) {
	for _, p := range parts {
		if p.block == nil {
			b.WriteString(p.html)
		} else {
			b.WriteString(c.renderBlock(p.block))
		}
	}
}

// inner is a block's saved HTML with its inner blocks rendered.
func (c *wpConverter) inner(bl *wpBlock) string {
	var b strings.Builder
	c.writeParts(&b, bl.parts)
	return b.String()
}

func (c *wpConverter) renderBlock(bl *wpBlock) string {
	switch name := bl.name; {
	case name == "core/more" || name == "core/nextpage" || name == "core/spacer":
		// A reading break, a page break and empty space: not text.
		return ""
	case name == "core/embed" || strings.HasPrefix(name, "core-embed/"):
		return c.embedBlock(bl)
	case name == "core/shortcode":
		// WordPress paragraphs a shortcode block's text when rendering it.
		return autop(c.inner(bl))
	case name == "core/image":
		return withAttachmentID(c.inner(bl), bl.attrs)
	case name == "core/cover":
		c.note(noteBlock, name)
		return coverImage(bl.attrs, c.inner(bl))
	case layoutBlocks[name]:
		c.note(noteBlock, name)
		return c.inner(bl)
	case name == "core/missing":
		original, _ := bl.attrs["originalName"].(string)
		if original == "" {
			original = name
		}
		c.note(noteBlock, original)
		return c.inner(bl)
	case name == "core/block":
		// A reusable block: its content is another post's.
		c.note(noteDynamicBlock, strings.TrimSpace(name+" "+strconv.FormatInt(intAttr(bl.attrs["ref"]), 10)))
		return ""
	case staticBlocks[name]:
		return c.inner(bl)
	default:
		content := c.inner(bl)
		if strings.TrimSpace(content) == "" {
			c.note(noteDynamicBlock, name)
			return ""
		}
		c.note(noteBlock, name)
		return content
	}
}

var (
	imgStart     = regexp.MustCompile(`(?i)<img\s`)
	firstURL     = regexp.MustCompile(`https?://[^\s<>"]+`)
	figcaptionRE = regexp.MustCompile(`(?is)<figcaption[^>]*>(.*?)</figcaption>`)
	anyTag       = regexp.MustCompile(`<[^>]*>`)
)

// withAttachmentID marks the picture of an image block with the block's
// attachment id, when its HTML does not already carry it (as the class
// wp-image-N), so that rebuild can ask Attachment about it.
func withAttachmentID(html string, attrs map[string]any) string {
	id := intAttr(attrs["id"])
	if id <= 0 || strings.Contains(html, "wp-image-") {
		return html
	}
	loc := imgStart.FindStringIndex(html)
	if loc == nil {
		return html
	}
	return html[:loc[0]] + `<img data-wp-id="` + strconv.FormatInt(id, 10) + `" ` + html[loc[1]:]
}

// coverImage brings back the picture of a cover block that set it as a
// background (older covers did, and the HTML then holds no <img>).
func coverImage(attrs map[string]any, html string) string {
	u, _ := attrs["url"].(string)
	if u == "" || imgStart.MatchString(html) {
		return html
	}
	tag := `<img src="` + escapeAttr(u) + `" alt="">`
	if id := intAttr(attrs["id"]); id > 0 {
		tag = `<img data-wp-id="` + strconv.FormatInt(id, 10) + `" src="` + escapeAttr(u) + `" alt="">`
	}
	return "<p>" + tag + "</p>" + html
}

// embedBlock renders an embed block from its address (the url attribute,
// or the address in its saved HTML) and its caption.
func (c *wpConverter) embedBlock(bl *wpBlock) string {
	html := c.inner(bl)
	u, _ := bl.attrs["url"].(string)
	if u == "" {
		u = firstURL.FindString(anyTag.ReplaceAllString(html, " "))
	}
	var b strings.Builder
	if u != "" {
		b.WriteString(c.embedHTML(u, true))
	}
	if m := figcaptionRE.FindStringSubmatch(html); m != nil && strings.TrimSpace(m[1]) != "" {
		b.WriteString("<p>" + m[1] + "</p>")
	}
	return b.String()
}

// intAttr reads a whole number from a decoded JSON or shortcode value.
func intAttr(v any) int64 {
	switch v := v.(type) {
	case json.Number:
		n, _ := v.Int64()
		return n
	case float64:
		return int64(v)
	case string:
		n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		return n
	}
	return 0
}
