package feeds

import (
	"errors"
	"io"
	"strings"

	"golang.org/x/net/html"
)

// urlAttrs are the attributes whose values are addresses.
var urlAttrs = map[string]bool{"href": true, "src": true, "poster": true, "cite": true}

// AbsoluteURLs rewrites the root-relative addresses in an HTML fragment
// ("/media/…", "/2026/11/…") into absolute ones on base, such as
// "https://aze.media". Feed readers show articles away from the site, and
// few of them resolve such addresses against the item's link. Relative
// addresses of other shapes, and tags without addresses, pass through as
// they were written.
func AbsoluteURLs(fragment, base string) string {
	if !strings.Contains(fragment, "/") {
		return fragment
	}
	base = strings.TrimRight(base, "/")
	var b strings.Builder
	b.Grow(len(fragment) + len(fragment)/16)
	z := html.NewTokenizer(strings.NewReader(fragment))
	var raw []byte
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if !errors.Is(z.Err(), io.EOF) {
				// Unreachable for a strings.Reader; keep the input rather
				// than lose the article.
				return fragment
			}
			return b.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			// Token unescapes attribute values in the tokenizer's own
			// buffer, so the raw bytes are kept aside first.
			raw = append(raw[:0], z.Raw()...)
			tok := z.Token()
			if rewriteAttrs(tok.Attr, base) {
				b.WriteString(tok.String())
			} else {
				b.Write(raw)
			}
		default:
			b.Write(z.Raw())
		}
	}
}

// rewriteAttrs makes the addresses in attrs absolute and reports whether
// any changed.
func rewriteAttrs(attrs []html.Attribute, base string) bool {
	changed := false
	for i := range attrs {
		a := &attrs[i]
		switch {
		case urlAttrs[a.Key]:
			if rootRelative(a.Val) {
				a.Val = base + a.Val
				changed = true
			}
		case a.Key == "srcset":
			if v, ok := absoluteSrcset(a.Val, base); ok {
				a.Val = v
				changed = true
			}
		}
	}
	return changed
}

// absoluteSrcset rewrites each candidate of a srcset ("/a.jpg 480w, …").
func absoluteSrcset(srcset, base string) (string, bool) {
	candidates := strings.Split(srcset, ",")
	changed := false
	for i, c := range candidates {
		trimmed := strings.TrimSpace(c)
		if rootRelative(trimmed) {
			candidates[i] = base + trimmed
			changed = true
		} else {
			candidates[i] = trimmed
		}
	}
	return strings.Join(candidates, ", "), changed
}

// rootRelative reports whether u is a path on the same host: it starts
// with one slash, not two (which would name another host).
func rootRelative(u string) bool {
	return strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//")
}
