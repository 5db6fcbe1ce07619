package newsroom

import (
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
	"golang.org/x/net/html"
)

// Op says whether a piece of a diff is in both versions, only the newer
// or only the older.
type Op string

// Diff operations.
const (
	Same    Op = "same"
	Added   Op = "added"
	Removed Op = "removed"
)

// Piece is a run of words a diff treats alike.
type Piece struct {
	Op   Op
	Text string
}

// Paragraph is one paragraph of a diffed text.
type Paragraph []Piece

// paraBreak stands for the end of a paragraph among the words.
const paraBreak = "\u2029"

// WordDiff compares two texts word by word, as an editor reads a change:
// which words went and which came, paragraph by paragraph.
func WordDiff(older, newer string) []Paragraph {
	dmp := diffmatchpatch.New()
	a, b, lines := dmp.DiffLinesToRunes(tokenLines(older), tokenLines(newer))
	diffs := dmp.DiffCharsToLines(dmp.DiffMainRunes(a, b, false), lines)
	var paras []Paragraph
	cur := Paragraph{}
	for _, d := range diffs {
		op := Same
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = Added
		case diffmatchpatch.DiffDelete:
			op = Removed
		}
		var words []string
		flush := func() {
			if len(words) > 0 {
				cur = append(cur, Piece{Op: op, Text: strings.Join(words, " ")})
				words = nil
			}
		}
		for tok := range strings.SplitSeq(strings.TrimSuffix(d.Text, "\n"), "\n") {
			if tok != paraBreak {
				words = append(words, tok)
				continue
			}
			flush()
			if len(cur) > 0 {
				paras = append(paras, cur)
			}
			cur = Paragraph{}
		}
		flush()
	}
	if len(cur) > 0 {
		paras = append(paras, cur)
	}
	return paras
}

// Changed reports whether a diff holds any change.
func Changed(paras []Paragraph) bool {
	for _, p := range paras {
		for _, piece := range p {
			if piece.Op != Same {
				return true
			}
		}
	}
	return false
}

// tokenLines puts each word of a text, and each paragraph end, on a line
// of its own, the unit the diff library compares by.
func tokenLines(text string) string {
	var b strings.Builder
	for i, para := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString(paraBreak + "\n")
		}
		for _, w := range strings.Fields(para) {
			b.WriteString(w + "\n")
		}
	}
	return b.String()
}

// BlocksText is an HTML body's text with one line per block (paragraph,
// heading, list item, quotation), for diffing.
func BlocksText(body string) string {
	z := html.NewTokenizer(strings.NewReader(body))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.TextToken:
			b.Write(z.Text())
		case html.EndTagToken, html.SelfClosingTagToken, html.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "br", "hr", "aside", "figure", "img":
				b.WriteString("\n")
			}
		}
	}
}
