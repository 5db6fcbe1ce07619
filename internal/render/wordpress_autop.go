package render

import (
	"regexp"
	"strings"
)

// This file reproduces what WordPress's wpautop does to classic-editor
// text, where line breaks rather than tags make paragraphs: a blank line
// ends a paragraph, a single line break becomes <br>, block-level elements
// are not wrapped, and <pre> is left alone. It works on the text as a
// sequence of tags and text runs, because WordPress decides paragraphs on
// the text before any parsing; the browser-style parse that follows
// (rebuild) then sees the same markup WordPress's readers' browsers saw.

// pieceKind sorts the pieces the lexer cuts text into.
type pieceKind int

const (
	textPiece    pieceKind = iota
	tagPiece               // <name …> or </name>
	commentPiece           // <!-- … -->
	rawPiece               // <pre>, <script>, <style>, <svg>, <textarea> with their content
)

type piece struct {
	kind    pieceKind
	s       string
	name    string // lower-case element name, for tags and raw pieces
	closing bool
}

// autopBlocks are the elements wpautop treats as blocks: it never wraps
// them in a paragraph and starts a new one around them.
var autopBlocks = setOf("table", "thead", "tfoot", "caption", "col", "colgroup", "tbody", "tr", "td", "th",
	"div", "dl", "dd", "dt", "ul", "ol", "li", "pre", "form", "map", "area", "blockquote", "address", "math",
	"style", "p", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "fieldset", "legend", "section", "article", "aside",
	"hgroup", "header", "footer", "nav", "figure", "figcaption", "details", "menu", "summary")

// noBreakBefore are the tags before which a line break is not turned into
// <br>, as in wpautop.
var noBreakBefore = setOf("p", "li", "div", "dl", "dd", "dt", "th", "pre", "td", "ul", "ol")

// rawElements keep their content exactly, line breaks included.
var rawElements = setOf("pre", "script", "style", "svg", "textarea")

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// lexHTML cuts s into text, tags, comments and raw elements. Like
// WordPress it takes a tag to end at the next ">", and a "<" that starts
// no tag is text.
func lexHTML(s string) []piece {
	out := make([]piece, 0, 2*strings.Count(s, "<")+1)
	text := 0
	flush := func(end int) {
		if end > text {
			out = append(out, piece{kind: textPiece, s: s[text:end]})
		}
	}
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if strings.HasPrefix(s[i:], "<!--") {
			end := strings.Index(s[i+4:], "-->")
			stop := len(s)
			if end >= 0 {
				stop = i + 4 + end + 3
			}
			flush(i)
			out = append(out, piece{kind: commentPiece, s: s[i:stop]})
			i, text = stop, stop
			continue
		}
		name, closing, ok := tagName(s[i:])
		if !ok {
			i++
			continue
		}
		stop := len(s)
		if end := strings.IndexByte(s[i:], '>'); end >= 0 {
			stop = i + end + 1
		}
		flush(i)
		if !closing && rawElements[name] {
			stop = rawEnd(s, stop, name)
			out = append(out, piece{kind: rawPiece, s: s[i:stop], name: name})
		} else {
			out = append(out, piece{kind: tagPiece, s: s[i:stop], name: name, closing: closing})
		}
		i, text = stop, stop
	}
	flush(len(s))
	return out
}

// tagName reads the name of the tag s starts with.
func tagName(s string) (name string, closing, ok bool) {
	i := 1
	if i < len(s) && s[i] == '/' {
		closing = true
		i++
	}
	start := i
	for i < len(s) && (isASCIILetter(s[i]) || (i > start && (s[i] >= '0' && s[i] <= '9' || s[i] == '-' || s[i] == ':'))) {
		i++
	}
	if i == start {
		return "", false, false
	}
	return strings.ToLower(s[start:i]), closing, true
}

func isASCIILetter(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// rawEnd is where the raw element named name, whose start tag ends at
// from, ends: after its end tag, or at the end of s.
func rawEnd(s string, from int, name string) int {
	j := indexFold(s[from:], "</"+name)
	if j < 0 {
		return len(s)
	}
	i := from + j
	if k := strings.IndexByte(s[i:], '>'); k >= 0 {
		return i + k + 1
	}
	return len(s)
}

// indexFold is strings.Index ignoring ASCII case of s; sub is lower case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

func (p piece) isBlockTag() bool {
	// A caption stays in the paragraph of its picture: wpautop removes
	// the breaks it puts around <figcaption>.
	return (p.kind == tagPiece || p.kind == rawPiece) && autopBlocks[p.name] && p.name != "figcaption"
}

func (p piece) isBreak() bool { return p.kind == tagPiece && p.name == "br" && !p.closing }

var blankLine = regexp.MustCompile(`\n[ \t\f\v\n]*\n`)

// autop turns classic-editor text into paragraphs as wpautop does.
func autop(s string) string {
	return autopPieces(lexHTML(s), len(s))
}

// autopPieces is autop of text already cut into pieces; size is the
// text's length.
func autopPieces(ps []piece, size int) string {
	blank := true
	for _, p := range ps {
		if p.kind != textPiece || strings.TrimSpace(p.s) != "" {
			blank = false
			break
		}
	}
	if blank {
		return ""
	}
	pieces := collapseAround(doubleBreaks(ps))
	var b strings.Builder
	b.Grow(size + size/8)
	for _, chunk := range chunks(pieces) {
		writeChunk(&b, chunk)
	}
	return b.String()
}

// doubleBreaks turns two <br>s in a row into a blank line, which
// wpautop makes a new paragraph.
func doubleBreaks(ps []piece) []piece {
	out := ps[:0] // written behind the reading position
	for i := 0; i < len(ps); i++ {
		if ps[i].isBreak() {
			j := i + 1
			if j < len(ps) && ps[j].kind == textPiece && strings.TrimSpace(ps[j].s) == "" {
				j++
			}
			if j < len(ps) && ps[j].isBreak() {
				out = append(out, piece{kind: textPiece, s: "\n\n"})
				i = j
				continue
			}
		}
		out = append(out, ps[i])
	}
	return out
}

// collapseAround drops the white space that wpautop removes around a
// caption, and around the parts of <audio>, <video>, <object> and
// <select>, so that it makes no paragraph or <br> there.
func collapseAround(ps []piece) []piece {
	for i, p := range ps {
		if p.kind != tagPiece {
			continue
		}
		if i > 0 && ps[i-1].kind == textPiece && collapsesBefore(p) {
			ps[i-1].s = strings.TrimRight(ps[i-1].s, " \t\n")
		}
		if i+1 < len(ps) && ps[i+1].kind == textPiece && collapsesAfter(p) {
			ps[i+1].s = strings.TrimLeft(ps[i+1].s, " \t\n")
		}
	}
	return ps
}

func collapsesBefore(p piece) bool {
	switch p.name {
	case "figcaption", "option":
		return !p.closing
	case "param", "embed", "source", "track":
		return true
	case "audio", "video":
		return p.closing
	}
	return false
}

func collapsesAfter(p piece) bool {
	switch p.name {
	case "figcaption", "option":
		return p.closing
	case "param", "embed", "source", "track":
		return true
	case "audio", "video":
		return !p.closing
	}
	return false
}

// chunks splits the pieces where wpautop would put a paragraph boundary:
// before a block's start tag, after a block's end tag (and after <hr>,
// which has none), around <pre>, and at blank lines.
func chunks(ps []piece) [][]piece {
	out := make([][]piece, 0, len(ps)/4+1)
	var cur []piece
	end := func() {
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	for _, p := range ps {
		switch {
		case p.kind == textPiece:
			parts := blankLine.Split(p.s, -1)
			for i, part := range parts {
				if i > 0 {
					end()
				}
				if part != "" {
					cur = append(cur, piece{kind: textPiece, s: part})
				}
			}
		case p.isBlockTag() && !p.closing:
			end()
			cur = append(cur, p)
			if p.name == "hr" || p.kind == rawPiece {
				end()
			}
		case p.isBlockTag():
			cur = append(cur, p)
			end()
		default:
			cur = append(cur, p)
		}
	}
	end()
	return out
}

// writeChunk writes one chunk as wpautop would: wrapped in a paragraph
// unless it starts with a block tag, with its line breaks made <br>.
func writeChunk(b *strings.Builder, chunk []piece) {
	first, last := -1, -1
	for i, p := range chunk {
		if p.kind == textPiece && strings.TrimSpace(p.s) == "" {
			continue
		}
		if first < 0 {
			first = i
		}
		last = i
	}
	if first < 0 {
		return
	}
	chunk = chunk[first : last+1]
	chunk[0].s = strings.TrimLeft(chunk[0].s, " \t\n")
	chunk[len(chunk)-1].s = strings.TrimRight(chunk[len(chunk)-1].s, " \t\n")
	head, tail := chunk[0], chunk[len(chunk)-1]
	if head.isBlockTag() && len(chunk) == 1 {
		b.WriteString(head.s)
		return
	}
	open := false
	switch {
	case !head.isBlockTag():
		b.WriteString("<p>")
		open = true
	case head.name == "blockquote" && !head.closing:
		// wpautop moves the paragraph inside a quote that starts it.
		b.WriteString(head.s)
		b.WriteString("<p>")
		open = true
		chunk = chunk[1:]
	}
	closeAt := len(chunk)
	if tail.isBlockTag() {
		closeAt = len(chunk) - 1
	}
	for i, p := range chunk {
		if i == closeAt && open && !(p.name == "p" && p.closing) {
			b.WriteString("</p>")
			open = false
		}
		if p.kind == textPiece {
			writeLines(b, chunk, i)
		} else {
			b.WriteString(p.s)
		}
	}
	if open && closeAt == len(chunk) {
		b.WriteString("</p>")
	}
}

// writeLines writes the text piece chunk[i] with its line breaks made
// <br>, trimming the spaces before each break as wpautop does.
func writeLines(b *strings.Builder, chunk []piece, i int) {
	lines := strings.Split(chunk[i].s, "\n")
	for k, line := range lines {
		if k > 0 {
			if breakAt(chunk, i, lines, k) {
				b.WriteString("<br>")
			}
			b.WriteByte('\n')
		}
		if k < len(lines)-1 {
			line = strings.TrimRight(line, " \t")
		}
		b.WriteString(line)
	}
}

// breakAt reports whether the line break before lines[k] becomes a <br>:
// not right after a <br> or a block tag, nor right before one of the
// tags in noBreakBefore.
func breakAt(chunk []piece, i int, lines []string, k int) bool {
	if k == 1 && strings.TrimSpace(lines[0]) == "" && i > 0 {
		if prev := chunk[i-1]; prev.isBreak() || prev.isBlockTag() {
			return false
		}
	}
	if k == len(lines)-1 && strings.TrimSpace(lines[k]) == "" && i+1 < len(chunk) {
		if next := chunk[i+1]; next.kind != textPiece && noBreakBefore[next.name] {
			return false
		}
	}
	return true
}

// embedLine is a line holding nothing but an address, which WordPress
// embeds (or links) on its own.
var embedLine = regexp.MustCompile(`^[ \t]*(https?://[^\s<>"]+)[ \t]*$`)

// isolateEmbedLines puts every address that stands alone on a line of
// classic text into a paragraph of its own, as WordPress's auto-embed
// replaces such a line whatever surrounds it; rebuild then turns the
// paragraph into an embed or a link. It rewrites the text pieces of ps.
func isolateEmbedLines(ps []piece) {
	for i, p := range ps {
		if p.kind != textPiece || !strings.Contains(p.s, "http") {
			continue
		}
		lines := strings.Split(p.s, "\n")
		changed := false
		for k, line := range lines {
			// A tag on the same line makes it no line of its own.
			startsLine := k > 0 || i == 0
			endsLine := k < len(lines)-1 || i == len(ps)-1
			if m := embedLine.FindStringSubmatch(line); m != nil && startsLine && endsLine {
				lines[k] = "\n\n" + m[1] + "\n\n"
				changed = true
			}
		}
		if changed {
			ps[i].s = strings.Join(lines, "\n")
		}
	}
}
