package demo

import (
	"fmt"
	"html"
	"math/rand/v2"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
)

// composer writes article bodies from the text bank. It varies length and
// structure the way a real archive does (news items, reports, long reads
// with sections, interviews) so that every part of the article template
// has something to show.
type composer struct {
	r *rand.Rand
	// figures are the pictures an article may show in its body; each is
	// shown at its 1024-pixel variant.
	figures []figure
}

// figure is an in-body picture: a stored variant and the words that go
// with the picture it was made from.
type figure struct {
	name string
	img  news.Image
}

// targetWords picks a length within the story's range.
func (c *composer) targetWords(size length) int {
	switch size {
	case short:
		return 300 + c.r.IntN(250)
	case medium:
		return 600 + c.r.IntN(500)
	default:
		return 1500 + c.r.IntN(1000)
	}
}

// supply hands out paragraphs without repeating any within an article:
// the story's own theme first, then related themes, then general text.
type supply struct{ queue []string }

func newSupply(r *rand.Rand, t theme) *supply {
	s := &supply{}
	for _, th := range append([]theme{t}, related[t]...) {
		s.queue = append(s.queue, shuffled(r, paragraphs[th])...)
	}
	s.queue = append(s.queue, shuffled(r, general)...)
	return s
}

func (s *supply) next() (string, bool) {
	if len(s.queue) == 0 {
		return "", false
	}
	p := s.queue[0]
	s.queue = s.queue[1:]
	return p, true
}

func shuffled[T any](r *rand.Rand, xs []T) []T {
	out := append([]T(nil), xs...)
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func words(s string) int { return len(strings.Fields(s)) }

// body composes the article's HTML; feature is the article's own picture,
// which its body never repeats.
func (c *composer) body(s story, feature string) string {
	if s.guest != nil {
		return c.interview(s)
	}
	target := c.targetWords(s.size)
	src := newSupply(c.r, s.theme)
	var paras []string
	for n := 0; n < target; {
		p, ok := src.next()
		if !ok {
			break
		}
		paras = append(paras, p)
		n += words(p)
	}
	a := &layout{paras: paras, before: map[int][]string{}, after: map[int][]string{}}
	c.addSections(a, s)
	c.addExtras(a, s, feature)
	return a.render()
}

// layout is an article being assembled: its paragraphs, and what goes
// before or after each of them.
type layout struct {
	paras  []string
	before map[int][]string
	after  map[int][]string
}

func (a *layout) render() string {
	var b strings.Builder
	for i, p := range a.paras {
		for _, x := range a.before[i] {
			b.WriteString(x)
		}
		b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
		for _, x := range a.after[i] {
			b.WriteString(x)
		}
	}
	return b.String()
}

// addSections breaks longer pieces into headed sections, so that long
// reads get a table of contents and some reports a sub-heading or two.
func (c *composer) addSections(a *layout, s story) {
	if s.size == short || (s.size == medium && c.r.IntN(2) == 0) {
		return
	}
	titles := append(shuffled(c.r, headings[s.theme]), shuffled(c.r, genericHeadings)...)
	for i := 2 + c.r.IntN(2); i < len(a.paras)-1 && len(titles) > 0; {
		level := "h2"
		if s.size == long && i > 4 && c.r.IntN(4) == 0 {
			level = "h3" // a sub-section of the section before
		}
		a.before[i] = append(a.before[i], fmt.Sprintf("<%s>%s</%s>\n", level, html.EscapeString(titles[0]), level))
		titles = titles[1:]
		i += 4 + c.r.IntN(3)
	}
}

// addExtras places a quotation, a pull quote, a list and a figure, with
// odds rising with length: a news item rarely has them, a long read
// nearly always does.
func (c *composer) addExtras(a *layout, s story, feature string) {
	odds := map[length]int{short: 4, medium: 2, long: 1} // one in n
	n := len(a.paras)
	if n < 3 {
		return
	}
	spot := func() int { return 1 + c.r.IntN(n-2) }
	if c.r.IntN(odds[s.size]) == 0 {
		q := quotes[s.theme][c.r.IntN(len(quotes[s.theme]))]
		i := spot()
		a.after[i] = append(a.after[i], fmt.Sprintf("<blockquote><p>“%s”</p><cite>— %s</cite></blockquote>\n",
			html.EscapeString(q.text), html.EscapeString(capitalise(q.source))))
	}
	if s.size != short && c.r.IntN(odds[s.size]) == 0 {
		// A pull quote repeats a line the reader has just passed.
		i := spot()
		if line, ok := firstSentence(a.paras[i-1]); ok {
			a.after[i] = append(a.after[i], "<blockquote class=\"pullquote\"><p>"+html.EscapeString(line)+"</p></blockquote>\n")
		}
	}
	if c.r.IntN(odds[s.size]) == 0 {
		l := lists[s.theme][c.r.IntN(len(lists[s.theme]))]
		i := spot()
		a.after[i] = append(a.after[i], renderList(l))
	}
	if s.size != short && c.r.IntN(odds[s.size]) == 0 {
		i := 1 + c.r.IntN(min(n-2, 4))
		a.after[i] = append(a.after[i], c.figure(feature))
	}
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// firstSentence returns the opening sentence of p when it is short enough
// to stand as a pull quote.
func firstSentence(p string) (string, bool) {
	end := strings.Index(p, ". ")
	if end < 40 || end > 180 {
		return "", false
	}
	return p[:end+1], true
}

func renderList(l list) string {
	tag := "ul"
	if l.ordered {
		tag = "ol"
	}
	var b strings.Builder
	b.WriteString("<p><strong>" + html.EscapeString(l.intro) + "</strong></p>\n<" + tag + ">\n")
	for _, it := range l.items {
		b.WriteString("<li>" + html.EscapeString(it) + "</li>\n")
	}
	b.WriteString("</" + tag + ">\n")
	return b.String()
}

// figure renders an in-body picture other than the article's feature, at
// the variant closest to the column's width.
func (c *composer) figure(feature string) string {
	f := c.figures[c.r.IntN(len(c.figures))]
	for f.name == feature {
		f = c.figures[c.r.IntN(len(c.figures))]
	}
	v := columnVariant(f.img)
	return fmt.Sprintf("<figure><img src=\"%s\" alt=\"%s\" width=\"%d\" height=\"%d\" loading=\"lazy\">"+
		"<figcaption>%s <small>%s</small></figcaption></figure>\n",
		html.EscapeString("/media/"+v.Path), html.EscapeString(f.img.Alt), v.Width, v.Height,
		html.EscapeString(f.img.Caption), html.EscapeString(f.img.Credit))
}

// columnVariant is the widest scaled variant no wider than a text column
// on a large screen.
func columnVariant(img news.Image) news.Variant {
	best := img.Variants[0]
	for _, v := range img.Variants {
		if !v.Crop && v.Width <= 1024 && v.Width > best.Width {
			best = v
		}
	}
	return best
}

// interview lays out a question-and-answer piece, with the guest's first
// quotable line after the second answer pulled out.
func (c *composer) interview(s story) string {
	var b strings.Builder
	b.WriteString("<p><em>" + html.EscapeString(s.guest.intro) + "</em></p>\n")
	pulled := false
	for i, ex := range s.guest.talk {
		fmt.Fprintf(&b, "<p><strong>Caspian Digest:</strong> %s</p>\n<p><strong>%s:</strong> %s</p>\n",
			html.EscapeString(ex.q), html.EscapeString(s.guest.name), html.EscapeString(ex.a))
		if line, ok := firstSentence(ex.a); ok && i >= 1 && !pulled {
			b.WriteString("<blockquote class=\"pullquote\"><p>" + html.EscapeString(line) + "</p></blockquote>\n")
			pulled = true
		}
	}
	b.WriteString("<p><em>This interview has been edited for length and clarity.</em></p>\n")
	return b.String()
}
