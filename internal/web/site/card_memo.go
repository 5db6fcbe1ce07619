package site

import (
	"html/template"
	"strconv"
	"strings"
	"sync"
)

// cardMemo keeps the HTML the theme made of teasers, so that a story
// shown on many pages (in the newest column of every article page, among
// the related stories of its neighbours) is put through the templates
// once rather than once per page: html/template calls its escapers by
// reflection for every value, which made cards most of a cold article
// page's template time. The HTML is still html/template's own output,
// escaped in the context the card template is written for.
//
// A card's HTML is a function of its template, the catalogue of the
// page's language and the card's fields, and nothing else; the key is
// made of all three (every field spelled out), so a changed story, picture,
// byline or section name is a new key and never a stale card. Cards with
// a reader's Save button are not kept.
type cardMemo struct {
	mu   sync.Mutex
	html map[string]template.HTML
}

// cardMemoMax bounds the memo: past it the memo starts over, which costs
// one rendering per card shown. A few thousand cards of 1–2 KB each.
const cardMemoMax = 4096

func newCardMemo() *cardMemo {
	return &cardMemo{html: make(map[string]template.HTML)}
}

// fill sets the HTML of each of cards as part (the "card" or "compact"
// template of the article page's set) renders it in lang, from the memo
// or rendered now. A card that fails to render is left to the page's own
// rendering, which will report the error.
func (s *Site) fillCards(part, lang string, cards []card) {
	if s.cards == nil {
		return
	}
	for i := range cards {
		c := &cards[i]
		if c.HTML != "" {
			continue
		}
		key, ok := cardKey(part, lang, c)
		if !ok {
			continue
		}
		if html, ok := s.cards.get(key); ok {
			c.HTML = html
			continue
		}
		b, err := s.theme.RenderPart("article", part, lang, c)
		if err != nil {
			continue
		}
		c.HTML = template.HTML(b) // html/template's output: escaped
		s.cards.put(key, c.HTML)
	}
}

// cardKey spells out everything a card's HTML is made from, each value
// prefixed with its length so that no two different cards share a key.
// TestCardKeyCoversEveryField fails when a field is added to card and
// not here. Cards with a reader's Save button are not kept (not ok).
func cardKey(part, lang string, c *card) (string, bool) {
	if c.Bookmark != nil {
		return "", false
	}
	var b strings.Builder
	b.Grow(512)
	field := func(s string) {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	number := func(n int) { field(strconv.Itoa(n)) }
	link := func(l *link) {
		if l == nil {
			field("")
			return
		}
		field("link")
		field(l.Label)
		field(l.URL)
	}
	field(part)
	field(lang)
	field(strconv.FormatInt(c.ID, 10))
	field(c.Title)
	field(c.URL)
	field(c.Standfirst)
	link(c.Category)
	field(c.Date.Text)
	field(c.Date.ISO)
	number(c.Minutes)
	if img := c.Image; img == nil {
		field("")
	} else {
		field("image")
		for _, s := range []string{img.Src, img.Srcset, img.WebPSrcset, img.Sizes, img.Alt, img.Caption, img.Credit} {
			field(s)
		}
		number(img.Width)
		number(img.Height)
		field(strconv.FormatBool(img.Lazy))
	}
	number(len(c.Authors))
	for i := range c.Authors {
		link(&c.Authors[i])
	}
	field(c.Lang)
	return b.String(), true
}

func (m *cardMemo) get(key string) (template.HTML, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	html, ok := m.html[key]
	return html, ok
}

func (m *cardMemo) put(key string, html template.HTML) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.html) >= cardMemoMax {
		clear(m.html)
	}
	m.html[key] = html
}
