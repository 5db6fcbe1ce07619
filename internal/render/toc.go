package render

import (
	"bytes"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/mastheadhq/masthead/internal/news"
)

// Heading is one entry of an article's table of contents.
type Heading struct {
	Level int // 2 or 3
	ID    string
	Text  string
}

// Outline gives every h2 and h3 in body an id (keeping ids it already has)
// and returns the rewritten body with its headings in order, so that the
// table of contents can link to them.
func Outline(body string) (string, []Heading) {
	if !hasHeadingTag(body) {
		return body, nil // no parse: most of a cold article page's cost was it
	}
	nodes, err := html.ParseFragment(strings.NewReader(body), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return body, nil
	}
	// Ids the body already has are reserved first, so that a heading
	// given an id from its text never takes one a later element carries.
	reserved := map[string]bool{}
	var reserve func(n *html.Node)
	reserve = func(n *html.Node) {
		if id := attr(n, "id"); id != "" {
			reserved[id] = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			reserve(c)
		}
	}
	for _, n := range nodes {
		reserve(n)
	}
	var headings []Heading
	used := map[string]bool{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.DataAtom == atom.H2 || n.DataAtom == atom.H3) {
			headings = append(headings, heading(n, used, reserved))
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	if len(headings) == 0 {
		return body, nil
	}
	var buf bytes.Buffer
	for _, n := range nodes {
		if err := html.Render(&buf, n); err != nil {
			return body, nil
		}
	}
	return buf.String(), headings
}

// heading keeps the id a heading has unless an earlier heading took it,
// and otherwise gives it one from its text that nothing else carries.
func heading(n *html.Node, used, reserved map[string]bool) Heading {
	level := 2
	if n.DataAtom == atom.H3 {
		level = 3
	}
	text := strings.Join(strings.Fields(nodeText(n)), " ")
	id := attr(n, "id")
	if id == "" || used[id] {
		id = uniqueID(news.Slugify(text), used, reserved)
		setAttr(n, "id", id)
	}
	used[id] = true
	return Heading{Level: level, ID: id, Text: text}
}

func uniqueID(base string, used, reserved map[string]bool) string {
	if base == "" {
		base = "section"
	}
	id := base
	for i := 2; used[id] || reserved[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	return id
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func nodeText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(nodeText(c))
		b.WriteByte(' ')
	}
	return b.String()
}

// hasHeadingTag reports whether body may hold an h2 or h3: the parser
// makes those elements only from a start tag, in any case.
func hasHeadingTag(body string) bool {
	for i := strings.IndexByte(body, '<'); i >= 0 && i+2 < len(body); {
		if (body[i+1] == 'h' || body[i+1] == 'H') && (body[i+2] == '2' || body[i+2] == '3') {
			return true
		}
		j := strings.IndexByte(body[i+1:], '<')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}
