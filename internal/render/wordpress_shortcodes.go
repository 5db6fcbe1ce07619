package render

import (
	"html"
	"regexp"
	"strconv"
	"strings"
)

// This file expands shortcodes, after paragraphing as in WordPress.
//
// WordPress treats only registered names as shortcodes and leaves any
// other bracket as text; an export does not say which plugins were
// active, so a bracket counts as a shortcode when its name is one we
// handle, when it has a closing tag ([name]…[/name]), attributes with
// "=" or a self-closing slash, or when a lower-case name stands alone in
// its paragraph ([toc]). Editorial brackets such as "[sic]" or "[Update:
// …]" inside a sentence stay text.

// knownShortcodes are the shortcodes converted rather than removed.
var knownShortcodes = setOf("caption", "wp_caption", "gallery", "embed", "video", "audio", "playlist",
	"youtube", "tweet", "instagram", "vimeo", "pullquote")

type shortcodeTag struct {
	name        string
	attrs       string // the text between the name and "]"
	closing     bool   // [/name]
	selfClosing bool   // [name /]
	end         int    // index just after "]"
}

type shortcodeAttrs struct {
	named      map[string]string
	positional []string
}

// first returns the first named attribute of keys that is set, or else
// the first positional one.
func (a shortcodeAttrs) first(keys ...string) string {
	for _, k := range keys {
		if v := strings.TrimSpace(a.named[k]); v != "" {
			return v
		}
	}
	if len(a.positional) > 0 {
		return strings.TrimSpace(a.positional[0])
	}
	return ""
}

func (c *wpConverter) expandShortcodes(s string) string {
	if !strings.Contains(s, "[") {
		return s
	}
	return c.shortcodesIn(s)
}

// maxShortcodeDepth bounds shortcodes inside shortcodes; deeper ones
// stay text. Real content nests two or three (a row of columns).
const maxShortcodeDepth = 16

// shortcodeText is the text being expanded, with what is known of it.
type shortcodeText struct {
	s         string
	lastClose int            // the last "]", after which no shortcode can start
	closers   map[string]int // the last index of "[/name]", by name
}

// closerAfter is the index of the first "[/name]" at or after from, or -1.
func (t *shortcodeText) closerAfter(name string, from int) int {
	last, ok := t.closers[name]
	if !ok {
		last = strings.LastIndex(t.s, "[/"+name+"]")
		t.closers[name] = last
	}
	if last < from {
		return -1
	}
	return from + strings.Index(t.s[from:], "[/"+name+"]")
}

// shortcodesIn expands the shortcodes of s, leaving HTML tags and
// comments (and any bracket inside them) as they are.
func (c *wpConverter) shortcodesIn(s string) string {
	if c.shortcodeDepth >= maxShortcodeDepth {
		return s
	}
	c.shortcodeDepth++
	defer func() { c.shortcodeDepth-- }()
	t := &shortcodeText{s: s, lastClose: strings.LastIndexByte(s, ']'), closers: map[string]int{}}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		j := strings.IndexAny(s[i:], "<[")
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		b.WriteString(s[i : i+j])
		i += j
		if s[i] == '<' {
			end := markupEnd(s, i)
			b.WriteString(s[i:end])
			i = end
			continue
		}
		n, out := 0, ""
		if i < t.lastClose {
			n, out = c.shortcodeAt(t, i)
		}
		if n == 0 {
			b.WriteByte('[')
			i++
			continue
		}
		b.WriteString(out)
		i += n
	}
	return b.String()
}

// markupEnd is the index just after the tag or comment at s[i], or i+1
// when the "<" starts neither.
func markupEnd(s string, i int) int {
	if strings.HasPrefix(s[i:], "<!--") {
		if k := strings.Index(s[i+4:], "-->"); k >= 0 {
			return i + 4 + k + 3
		}
		return len(s)
	}
	if _, _, ok := tagName(s[i:]); !ok {
		return i + 1
	}
	if k := strings.IndexByte(s[i:], '>'); k >= 0 {
		return i + k + 1
	}
	return len(s)
}

// shortcodeAt expands the shortcode starting at s[i] and returns how
// many bytes it took and what replaces them; 0 when s[i] starts none.
func (c *wpConverter) shortcodeAt(t *shortcodeText, i int) (int, string) {
	s := t.s
	escaped := strings.HasPrefix(s[i:], "[[")
	start := i
	if escaped {
		start++
	}
	tag, ok := readShortcodeTag(s, start)
	if !ok {
		return 0, ""
	}
	if tag.closing {
		// A closing tag without its opening one: removed if the name is
		// a shortcode's, text otherwise.
		if !escaped && (knownShortcodes[tag.name] || c.shortcodes[tag.name]) {
			return tag.end - i, ""
		}
		return 0, ""
	}
	contentEnd, end := -1, tag.end
	if !tag.selfClosing {
		if k := t.closerAfter(tag.name, tag.end); k >= 0 {
			contentEnd = k
			end = contentEnd + len(tag.name) + 3
		}
	}
	if escaped {
		// [[name]] and [[name]…[/name]] are the shortcode's text.
		if end < len(s) && s[end] == ']' {
			return end + 1 - i, s[i+1 : end]
		}
		return 0, ""
	}
	if !isShortcode(s, i, tag, contentEnd >= 0) {
		return 0, ""
	}
	if c.shortcodes == nil {
		c.shortcodes = map[string]bool{}
	}
	c.shortcodes[tag.name] = true
	content := ""
	if contentEnd >= 0 {
		content = s[tag.end:contentEnd]
	}
	out := c.shortcode(tag.name, parseShortcodeAttrs(tag.attrs), content, contentEnd >= 0)
	if contentEnd >= 0 && !knownShortcodes[tag.name] && !inRunningText(s, i, end) {
		// An unknown shortcode around whole paragraphs was most likely a
		// box or a column: its text keeps a paragraph of its own rather
		// than running into the next one's.
		out = "<div>" + out + "</div>"
	}
	return end - i, out
}

// inRunningText reports whether s[start:end] has text right before or
// after it (spaces aside), rather than a tag, a shortcode or a line end.
func inRunningText(s string, start, end int) bool {
	textual := func(b byte) bool { return b != '>' && b != ']' && b != '<' && b != '[' && b != '\n' }
	before := strings.TrimRight(s[:start], " \t")
	after := strings.TrimLeft(s[end:], " \t")
	return before != "" && textual(before[len(before)-1]) || after != "" && textual(after[0])
}

func isShortcodeNameByte(b byte) bool {
	return isASCIILetter(b) || b >= '0' && b <= '9' || b == '_' || b == '-'
}

// readShortcodeTag reads [name attrs], [name attrs /] or [/name] at s[i].
func readShortcodeTag(s string, i int) (shortcodeTag, bool) {
	var tag shortcodeTag
	k := i + 1
	if k < len(s) && s[k] == '/' {
		tag.closing = true
		k++
	}
	start := k
	for k < len(s) && isShortcodeNameByte(s[k]) {
		k++
	}
	if k == start || k >= len(s) {
		return tag, false
	}
	tag.name = strings.ToLower(s[start:k])
	if tag.closing {
		if s[k] != ']' {
			return tag, false
		}
		tag.end = k + 1
		return tag, true
	}
	// Jetpack's [youtube=URL] puts the value right after the name.
	if !isSpace(s[k]) && s[k] != ']' && s[k] != '/' && !(s[k] == '=' && knownShortcodes[tag.name]) {
		return tag, false
	}
	// Attributes end at the first "]"; a "[" before it starts another
	// bracket (and stopping there keeps the scan linear).
	close := strings.IndexAny(s[k:], "[]")
	if close < 0 || s[k+close] == '[' {
		return tag, false
	}
	tag.attrs = s[k : k+close]
	tag.end = k + close + 1
	if trimmed := strings.TrimRight(tag.attrs, " \t\n"); strings.HasSuffix(trimmed, "/") {
		tag.selfClosing = true
		tag.attrs = strings.TrimSuffix(trimmed, "/")
	}
	return tag, true
}

// isShortcode decides whether a bracket is a shortcode; see the comment
// at the top of this file.
func isShortcode(s string, i int, tag shortcodeTag, closed bool) bool {
	if knownShortcodes[tag.name] {
		return true
	}
	if strings.Trim(tag.name, "0123456789") == "" {
		return false // a footnote mark such as [1]
	}
	if closed || tag.selfClosing || strings.Contains(tag.attrs, "=") {
		return true
	}
	return s[i+1:i+1+len(tag.name)] == tag.name && standsAlone(s, i, tag.end)
}

// standsAlone reports whether s[i:end] is the only thing in its
// paragraph or on its line.
func standsAlone(s string, i, end int) bool {
	before := strings.TrimRight(s[:i], " \t")
	after := strings.TrimLeft(s[end:], " \t")
	okBefore := before == "" || strings.HasSuffix(before, "\n") || strings.HasSuffix(before, "<p>") || strings.HasSuffix(before, "<br>")
	okAfter := after == "" || strings.HasPrefix(after, "\n") || strings.HasPrefix(after, "</p>") || strings.HasPrefix(after, "<br")
	return okBefore && okAfter
}

// invisibleSpaces are spaces WordPress reads as plain ones in shortcodes.
var invisibleSpaces = strings.NewReplacer("\u00a0", " ", "\u200b", " ")

// parseShortcodeAttrs reads name="value", name='value', name=value and
// positional values, as WordPress's shortcode_parse_atts does.
func parseShortcodeAttrs(s string) shortcodeAttrs {
	a := shortcodeAttrs{named: map[string]string{}}
	s = invisibleSpaces.Replace(s)
	if strings.HasPrefix(s, "=") {
		a.positional = append(a.positional, strings.Trim(strings.TrimSpace(s[1:]), `"'`))
		return a
	}
	for i := 0; i < len(s); {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			break
		}
		start := i
		for i < len(s) && isShortcodeNameByte(s[i]) {
			i++
		}
		name := s[start:i]
		j := i
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		if name != "" && j < len(s) && s[j] == '=' {
			j++
			for j < len(s) && isSpace(s[j]) {
				j++
			}
			value, next := readAttrValue(s, j)
			a.named[strings.ToLower(name)] = value
			i = next
			continue
		}
		value, next := readAttrValue(s, start)
		a.positional = append(a.positional, value)
		i = next
	}
	return a
}

// readAttrValue reads a quoted or bare value at s[i].
func readAttrValue(s string, i int) (string, int) {
	if i >= len(s) {
		return "", len(s)
	}
	if s[i] == '"' || s[i] == '\'' {
		if k := strings.IndexByte(s[i+1:], s[i]); k >= 0 {
			return s[i+1 : i+1+k], i + 1 + k + 1
		}
	}
	k := i
	for k < len(s) && !isSpace(s[k]) {
		k++
	}
	if k == i {
		k++
	}
	return s[i:k], k
}

// shortcode is the HTML a shortcode stands for.
func (c *wpConverter) shortcode(name string, a shortcodeAttrs, content string, enclosing bool) string {
	switch name {
	case "caption", "wp_caption":
		return c.captionShortcode(a, c.shortcodesIn(content))
	case "gallery":
		return c.galleryShortcode(a)
	case "embed":
		u := strings.TrimSpace(anyTag.ReplaceAllString(content, ""))
		if u == "" {
			u = a.first("src", "url")
		}
		if u == "" {
			return ""
		}
		return c.embedHTML(u, true)
	case "video":
		return c.mediaShortcode("video", a, "src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov")
	case "audio":
		return c.mediaShortcode("audio", a, "src", "mp3", "ogg", "oga", "m4a", "wav", "wma", "flac")
	case "playlist":
		c.note(noteMedia, "playlist")
		return ""
	case "youtube", "tweet", "instagram", "vimeo":
		return c.serviceShortcode(name, a, content)
	case "pullquote":
		// A common plugin's pull quote: the editor has one of its own.
		return `<aside class="pullquote">` + c.shortcodesIn(content) + "</aside>"
	}
	c.note(noteShortcode, name)
	if enclosing {
		return c.shortcodesIn(content)
	}
	return ""
}

// captionImage is the picture a [caption] holds, with the link around it,
// and the caption text after it.
var captionImage = regexp.MustCompile(`(?is)((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)`)

// captionShortcode makes [caption id="attachment_N"]<img …> Text[/caption]
// (or with a caption="…" attribute) a figure with its caption. Like
// WordPress it takes the caption as HTML.
func (c *wpConverter) captionShortcode(a shortcodeAttrs, content string) string {
	picture, caption := content, ""
	if m := captionImage.FindStringSubmatch(content); m != nil {
		picture, caption = m[1], m[2]
	}
	if v, ok := a.named["caption"]; ok {
		picture, caption = content, v
	}
	if id := intAttr(strings.TrimPrefix(a.named["id"], "attachment_")); id > 0 {
		picture = withAttachmentID(picture, map[string]any{"id": float64(id)})
	}
	return "<figure>" + picture + "<figcaption>" + caption + "</figcaption></figure>"
}

// galleryShortcode makes [gallery ids="1,2"] a gallery of the pictures
// Attachment knows. A gallery without ids showed the pictures attached to
// the post, which the content alone cannot name.
func (c *wpConverter) galleryShortcode(a shortcodeAttrs) string {
	ids := a.named["ids"]
	if ids == "" {
		ids = a.named["include"]
	}
	if strings.TrimSpace(ids) == "" {
		c.note(noteGallery, "gallery without ids")
		return ""
	}
	var b strings.Builder
	for _, field := range strings.Split(ids, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(field), 10, 64)
		if err != nil || id <= 0 {
			continue
		}
		m, ok := c.attachment(id)
		if !ok {
			c.note(noteGallery, "attachment "+strconv.FormatInt(id, 10)+" not found")
			continue
		}
		b.WriteString(`<figure><img data-wp-resolved="" src="` + escapeAttr(m.URL) + `" alt="` + escapeAttr(m.Alt) + `">`)
		b.WriteString("<figcaption>" + html.EscapeString(m.Caption) + "</figcaption></figure>")
	}
	if b.Len() == 0 {
		return ""
	}
	return `<figure class="wp-block-gallery">` + b.String() + "</figure>"
}

// mediaShortcode makes [video] and [audio] a link to the file (or an
// embed card when the video is on YouTube).
func (c *wpConverter) mediaShortcode(kind string, a shortcodeAttrs, keys ...string) string {
	src := html.UnescapeString(a.first(keys...))
	if kind == "video" {
		if _, ok := parseEmbed(src); ok || isOEmbedProvider(hostOf(src)) {
			return c.embedHTML(src, true)
		}
	}
	c.note(noteMedia, kind)
	if src == "" {
		return ""
	}
	return `<p><a href="` + escapeAttr(src) + `">` + html.EscapeString(fileName(src)) + "</a></p>"
}

// serviceShortcode handles Jetpack's [youtube URL], [tweet URL|ID],
// [instagram url=URL] and [vimeo ID|URL].
func (c *wpConverter) serviceShortcode(name string, a shortcodeAttrs, content string) string {
	v := html.UnescapeString(a.first("url", "id", name, "src"))
	if v == "" {
		v = strings.TrimSpace(anyTag.ReplaceAllString(content, ""))
	}
	switch {
	case v == "":
		c.note(noteShortcode, name)
		return ""
	case name == "youtube" && youtubeID.MatchString(v):
		v = "https://www.youtube.com/watch?v=" + v
	case name == "vimeo" && xStatus.MatchString(v):
		v = "https://vimeo.com/" + v
	case name == "tweet" && xStatus.MatchString(v):
		// A post by number alone: its author, which the card names, is
		// unknown, so it stays a link.
		c.note(noteEmbed, "x.com")
		u := "https://x.com/i/status/" + v
		return `<p><a href="` + u + `">` + u + "</a></p>"
	}
	return c.embedHTML(v, true)
}
