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
	nodes, err := html.ParseFragment(strings.NewReader(body), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return body, nil
	}
	var headings []Heading
	used := map[string]bool{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.DataAtom == atom.H2 || n.DataAtom == atom.H3) {
			headings = append(headings, heading(n, used))
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

func heading(n *html.Node, used map[string]bool) Heading {
	level := 2
	if n.DataAtom == atom.H3 {
		level = 3
	}
	text := strings.Join(strings.Fields(nodeText(n)), " ")
	id := ""
	for _, a := range n.Attr {
		if a.Key == "id" {
			id = a.Val
		}
	}
	if id == "" {
		id = uniqueID(news.Slugify(text), used)
		n.Attr = append(n.Attr, html.Attribute{Key: "id", Val: id})
	}
	used[id] = true
	return Heading{Level: level, ID: id, Text: text}
}

func uniqueID(base string, used map[string]bool) string {
	if base == "" {
		base = "section"
	}
	id := base
	for i := 2; used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	return id
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
