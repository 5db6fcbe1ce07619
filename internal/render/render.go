// Package render is the content pipeline between what writers and importers
// produce and what readers are served: allow-list sanitising, word counts,
// excerpts and the table of contents. Its functions are pure.
package render

import (
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

var (
	bodyPolicyOnce sync.Once
	bodyPolicy     *bluemonday.Policy
)

// policy is the allow-list for article and page bodies: the structure of
// journalism (headings, quotes, lists, figures, tables, links) and nothing
// that runs code or restyles the page.
func policy() *bluemonday.Policy {
	bodyPolicyOnce.Do(func() {
		p := bluemonday.NewPolicy()
		p.AllowStandardURLs()
		p.AllowURLSchemes("http", "https", "mailto")
		// AllowStandardURLs asks for rel="nofollow" on every link; a
		// newsroom's links to its sources are editorial and should count.
		// (It also meant the editor's links never came back unchanged.)
		p.RequireNoFollowOnLinks(false)
		p.RequireNoFollowOnFullyQualifiedLinks(false)
		p.AllowAttrs("href", "title").OnElements("a")
		p.AllowElements("p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
			"strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
			"blockquote", "q", "cite", "abbr", "code", "pre", "kbd",
			"ul", "ol", "li", "dl", "dt", "dd",
			"figure", "figcaption", "table", "caption", "thead", "tbody", "tfoot", "tr")
		p.AllowAttrs("colspan", "rowspan", "scope").OnElements("td", "th")
		p.AllowElements("td", "th")
		p.AllowAttrs("start", "reversed").OnElements("ol")
		p.AllowAttrs("cite").OnElements("blockquote", "q")
		p.AllowAttrs("title").OnElements("abbr")
		p.AllowAttrs("class").Matching(regexp.MustCompile(`^(pullquote|align-(left|right|center|wide)|embed)$`)).
			OnElements("blockquote", "figure", "p", "aside")
		p.AllowElements("aside")
		// Embeds from the editor: a link card per service, never an iframe.
		p.AllowAttrs("data-embed").Matching(regexp.MustCompile(`^(youtube|x|instagram)$`)).OnElements("figure")
		p.AllowAttrs("src", "alt", "width", "height", "srcset", "sizes", "loading").OnElements("img")
		p.AllowAttrs("id").Matching(regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,80}$`)).Globally()
		bodyPolicy = p
	})
	return bodyPolicy
}

// Sanitize returns body with everything outside the allow-list removed:
// scripts, event handlers, styles, unknown elements and unsafe URLs.
func Sanitize(body string) string {
	return policy().Sanitize(body)
}

// PlainText returns the visible text of an HTML fragment with whitespace
// collapsed, for excerpts, word counts and search.
func PlainText(fragment string) string {
	z := html.NewTokenizer(strings.NewReader(fragment))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				skip++
			case "p", "br", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "td", "th", "div":
				b.WriteByte(' ')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				if skip > 0 {
					skip--
				}
			case "p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "td", "th", "div":
				b.WriteByte(' ')
			}
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		}
	}
}

// WordCount counts the words a reader reads in an HTML fragment.
func WordCount(fragment string) int {
	n := 0
	for _, f := range strings.Fields(PlainText(fragment)) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

// Excerpt returns up to max runes of the fragment's text, cut at a word
// boundary and ending with an ellipsis when cut.
func Excerpt(fragment string, max int) string {
	text := PlainText(fragment)
	r := []rune(text)
	if len(r) <= max {
		return text
	}
	cut := string(r[:max])
	if i := strings.LastIndexByte(cut, ' '); i > max/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.-—") + "…"
}
