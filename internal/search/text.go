package search

import (
	"html"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/mastheadhq/masthead/internal/news"
)

// Document is an article as a full-text index holds it: each field folded
// with news.Fold, HTML reduced to its visible text. Backends index these
// strings and fold queries with Parse, so "Həsənova", "hasanova" and
// "hesenova" meet in the middle whatever the database's own rules are.
type Document struct {
	Title      string
	Standfirst string
	Body       string
	// Lede is the opening of the body, LedeWords words: news is written
	// with the essentials first, so a match there says more about what
	// an article is about than one further down.
	Lede string
	// Names holds the byline and the tags, so that a search for a writer
	// or a topic finds the articles filed under them.
	Names string
}

// LedeWords is how much of a body counts as its lede: the first paragraph
// or two.
const LedeWords = 60

// DocumentOf folds the searchable fields of a.
func DocumentOf(a news.Article) Document {
	names := make([]string, 0, len(a.Authors)+len(a.Tags))
	for _, au := range a.Authors {
		names = append(names, au.Name)
	}
	for _, t := range a.Tags {
		names = append(names, t.Name)
	}
	return Document{
		Title:      FoldText(a.Title),
		Standfirst: FoldText(a.Standfirst),
		Body:       FoldHTML(a.Body),
		Lede:       FoldLede(a.Body),
		Names:      FoldText(strings.Join(names, " ")),
	}
}

// FoldLede is the lede of an HTML fragment as the index holds it.
func FoldLede(fragment string) string { return FoldText(Lede(VisibleText(fragment))) }

// Lede returns the first LedeWords words of text, as they stand.
func Lede(text string) string {
	sc := wordScanner{text: text}
	end := 0
	for range LedeWords {
		t, ok := sc.next()
		if !ok {
			break
		}
		end = t.end
	}
	return text[:end]
}

// FoldText is plain text as the index holds it: news.Fold, computed a
// character at a time from a table for the Latin, Greek and Cyrillic
// letters most articles are written in, and by news.Fold itself for the
// rest. Folding is per character (Unicode decomposition never looks at a
// character's neighbours, and the combining marks it might reorder are
// dropped), so the result is exactly news.Fold(s) for any valid UTF-8 (a
// fuzz test holds it to that), several times faster: every article save
// and every snippet folds whole bodies.
func FoldText(s string) string {
	if asciiPrefix(s) == len(s) {
		return strings.ToLower(s)
	}
	table := foldTable()
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < foldTableSize && r != utf8.RuneError {
			b.WriteString(table[r])
			i += size
			continue
		}
		j := i + size
		for j < len(s) && s[j] >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[j:])
			if r < foldTableSize && r != utf8.RuneError {
				break
			}
			j += size
		}
		b.WriteString(news.Fold(s[i:j]))
		i = j
	}
	return b.String()
}

// foldTableSize covers Latin-1, Latin Extended-A and -B, the combining
// diacritics, Greek and Cyrillic.
const foldTableSize = 0x500

// foldTable holds news.Fold of every character below foldTableSize.
var foldTable = sync.OnceValue(func() []string {
	t := make([]string, foldTableSize)
	for r := range rune(foldTableSize) {
		t[r] = news.Fold(string(r))
	}
	return t
})

func asciiPrefix(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return i
		}
	}
	return len(s)
}

// FoldHTML is the visible text of an HTML fragment as the index holds it.
func FoldHTML(fragment string) string { return FoldText(VisibleText(fragment)) }

// VisibleText returns the text a reader sees in an HTML fragment, with
// whitespace collapsed and a space wherever a block element or a line
// break separates words. It reads the same words as render.PlainText,
// several times faster, because it only has to skip tags, not parse them:
// bodies are sanitised HTML. Results pages cut a snippet from every hit's
// body, so this speed is the difference between a fast page and a slow one.
func VisibleText(fragment string) string {
	var b strings.Builder
	b.Grow(len(fragment))
	space := false // a separator is due before the next word
	for i := 0; i < len(fragment); {
		if fragment[i] == '<' {
			if end, separates, ok := skipTag(fragment, i); ok {
				space = space || separates
				i = end
				continue
			}
		}
		j := strings.IndexByte(fragment[i+1:], '<')
		if j < 0 {
			j = len(fragment)
		} else {
			j += i + 1
		}
		text := fragment[i:j]
		if strings.IndexByte(text, '&') >= 0 {
			text = html.UnescapeString(text)
		}
		space = appendCollapsed(&b, text, space)
		i = j
	}
	return b.String()
}

// appendCollapsed writes text to b with each run of white space made one
// space, and none at the start of b. space says that a separator is due
// before the first word; the result, whether one is due after the last.
func appendCollapsed(b *strings.Builder, text string, space bool) bool {
	start := -1
	for i := 0; i < len(text); {
		c, size := text[i], 1
		var isSpace bool
		if c < utf8.RuneSelf {
			isSpace = asciiSpace[c]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			isSpace = unicode.IsSpace(r)
		}
		switch {
		case isSpace:
			if start >= 0 {
				b.WriteString(text[start:i])
				start = -1
			}
			space = true
		case start < 0:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space, start = false, i
		}
		i += size
	}
	if start >= 0 {
		b.WriteString(text[start:])
	}
	return space
}

// asciiSpace and asciiWord classify ASCII bytes without a call, for the
// loops that read whole article bodies.
var asciiSpace, asciiWord = func() (space, word [utf8.RuneSelf]bool) {
	for c := range rune(utf8.RuneSelf) {
		space[c], word[c] = unicode.IsSpace(c), IsWordRune(c)
	}
	return space, word
}()

// inlineElements join the words around them; every other element
// separates them, as a paragraph or a table cell does.
var inlineElements = map[string]bool{
	"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "cite": true, "code": true,
	"data": true, "del": true, "dfn": true, "em": true, "i": true, "ins": true, "kbd": true,
	"mark": true, "q": true, "s": true, "samp": true, "small": true, "span": true,
	"strong": true, "sub": true, "sup": true, "time": true, "u": true, "var": true, "wbr": true,
}

// skipTag reads the tag, comment or declaration starting at fragment[i],
// which is '<'. It returns the index just past it and whether it separates
// words; ok is false when the '<' does not open a tag and is text. The
// content of script and style elements is skipped with the tag.
func skipTag(fragment string, i int) (end int, separates, ok bool) {
	rest := fragment[i+1:]
	switch {
	case strings.HasPrefix(rest, "!--"):
		if k := strings.Index(rest[3:], "-->"); k >= 0 {
			return i + 1 + 3 + k + 3, false, true
		}
		return len(fragment), false, true
	case rest != "" && (rest[0] == '!' || rest[0] == '?'):
		if k := strings.IndexByte(rest, '>'); k >= 0 {
			return i + 1 + k + 1, false, true
		}
		return len(fragment), false, true
	}
	closing := strings.HasPrefix(rest, "/")
	if closing {
		rest = rest[1:]
	}
	n := 0
	for n < len(rest) && (isASCIILetter(rest[n]) || (n > 0 && '0' <= rest[n] && rest[n] <= '9')) {
		n++
	}
	if n == 0 {
		return 0, false, false
	}
	name := strings.ToLower(rest[:n])
	// Find the '>' that ends the tag, outside quoted attribute values.
	j := i + 1 + n
	if closing {
		j++
	}
	var quote byte
	for ; j < len(fragment); j++ {
		c := fragment[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			end = j + 1
			if !closing && (name == "script" || name == "style") {
				if k := indexFold(fragment[end:], "</"+name); k >= 0 {
					return skipTagEnd(fragment, end+k), true, true
				}
				return len(fragment), true, true
			}
			return end, !inlineElements[name], true
		}
	}
	return len(fragment), !inlineElements[name], true
}

func skipTagEnd(fragment string, i int) int {
	if k := strings.IndexByte(fragment[i:], '>'); k >= 0 {
		return i + k + 1
	}
	return len(fragment)
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// indexFold is strings.Index ignoring ASCII case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// Span is a run of snippet text; Match marks words the query asked for.
type Span struct {
	Text  string
	Match bool
}

// Snippet is text with the query's matches marked, kept as spans rather
// than markup so that a page escapes every span and adds its own <mark>
// elements: article text can never inject HTML through a snippet.
type Snippet []Span

// HasMatch reports whether any span is a match.
func (s Snippet) HasMatch() bool {
	for _, sp := range s {
		if sp.Match {
			return true
		}
	}
	return false
}

// String returns the snippet's text without marks.
func (s Snippet) String() string {
	var b strings.Builder
	for _, sp := range s {
		b.WriteString(sp.Text)
	}
	return b.String()
}

// SnippetWords is how many words a result's snippet shows: two lines or so
// on a phone, three on a wide screen.
const SnippetWords = 32

// maxSnippetSource bounds the text scanned for a snippet, so that the cost
// of a results page does not grow with the longest article on it.
const maxSnippetSource = 64 << 10

// ArticleSnippet picks the words to show under a result's title: the part
// of the body where the query's words cluster; failing that, the
// standfirst with its matches marked; failing that, the body's opening
// (the match was in the title or the names).
func ArticleSnippet(a news.Article, q Query) Snippet {
	body := VisibleText(a.Body)
	s := MakeSnippet(body, q, SnippetWords)
	if s.HasMatch() {
		return s
	}
	if a.Standfirst != "" {
		return Highlight(a.Standfirst, q)
	}
	return s
}

// Highlight returns all of text, with the words q matches marked. Use it
// for short texts such as titles.
func Highlight(text string, q Query) Snippet {
	toks := tokenize(text)
	return spans(text, toks, findMatches(text, toks, q), 0, len(toks), len(toks), false)
}

// MakeSnippet returns about maxWords words of text around the place where
// the most of q's phrases occur close together, with the matches marked
// and an ellipsis where the text was cut. When nothing matches it returns
// the opening words, unmarked.
func MakeSnippet(text string, q Query, maxWords int) Snippet {
	if len(text) > maxSnippetSource {
		text = truncate(text, maxSnippetSource)
	}
	maxWords = max(maxWords, 1)
	// Words are read only as far as needed: once a window holds every
	// phrase of the query, nothing later can beat it, and reading on
	// just far enough to centre it saves reading the rest of the body.
	m := newMatcher(text, q)
	var ms []match
	stopAt := -1
	for sc := (wordScanner{text: text}); stopAt < 0 || len(m.toks) < stopAt; {
		t, ok := sc.next()
		if !ok {
			break
		}
		m.add(t)
		last := len(m.toks) - 1
		found := false
		for pi, p := range q.Include {
			if first := last - len(p.Words) + 1; first >= 0 && len(ms) < maxMatches && m.phraseAt(first, p) {
				ms = append(ms, match{first: first, last: last, phrase: pi})
				found = true
			}
		}
		if found && stopAt < 0 && windowHoldsAll(ms, last-maxWords+1, len(q.Include)) {
			stopAt = last + maxWords
		}
	}
	slices.SortStableFunc(ms, func(a, b match) int { return a.first - b.first })
	ntoks := len(m.toks)
	if _, more := (&wordScanner{text: text, pos: m.end()}).next(); more {
		ntoks++ // the text goes on: the snippet ends with an ellipsis
	}
	start := bestWindow(ms, ntoks, maxWords)
	end := min(start+maxWords, len(m.toks))
	return spans(text, m.toks, ms, start, end, ntoks, true)
}

// windowHoldsAll reports whether the matches starting at token from or
// later cover all n phrases.
func windowHoldsAll(ms []match, from, n int) bool {
	var seen uint64
	for i := len(ms) - 1; i >= 0 && ms[i].first >= from; i-- {
		seen |= 1 << uint(ms[i].phrase%64)
	}
	return bits.OnesCount64(seen) >= n
}

// wordScanner reads the words of a text one at a time.
type wordScanner struct {
	text string
	pos  int
}

// next returns the next word; combining marks count as part of a word
// because text may arrive decomposed, and Fold drops them.
func (sc *wordScanner) next() (token, bool) {
	text := sc.text
	start, ascii := -1, true
	for i := sc.pos; i < len(text); {
		c, size := text[i], 1
		var inWord bool
		if c < utf8.RuneSelf {
			inWord = asciiWord[c]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			inWord = IsWordRune(r) || (start >= 0 && unicode.Is(unicode.Mn, r))
		}
		switch {
		case inWord && start < 0:
			start, ascii = i, c < utf8.RuneSelf
		case inWord:
			ascii = ascii && c < utf8.RuneSelf
		case start >= 0:
			sc.pos = i
			return token{start: start, end: i, ascii: ascii}, true
		}
		i += size
	}
	sc.pos = len(text)
	if start >= 0 {
		return token{start: start, end: len(text), ascii: ascii}, true
	}
	return token{}, false
}

// token is a word of the original text, by byte offsets.
type token struct {
	start, end int
	ascii      bool
	folded     string // filled in by wordMatches when needed
}

// tokenize cuts all of text into words the way SplitWords cuts folded
// text.
func tokenize(text string) []token {
	var toks []token
	for sc := (wordScanner{text: text}); ; {
		t, ok := sc.next()
		if !ok {
			return toks
		}
		toks = append(toks, t)
	}
}

// wordMatches reports whether the original word tok, folded, is w or,
// with prefix, begins with it. ASCII words, most of them, are compared
// without folding or allocating; others are folded once, into *folded.
func wordMatches(tok string, ascii bool, folded *string, w string, prefix bool) bool {
	if !ascii {
		if *folded == "" {
			*folded = FoldText(tok)
		}
		if prefix {
			return strings.HasPrefix(*folded, w)
		}
		return *folded == w
	}
	if len(tok) < len(w) || (!prefix && len(tok) != len(w)) {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := tok[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

// match is an occurrence of phrase number phrase over tokens [first, last].
type match struct {
	first, last int
	phrase      int
}

// maxMatches caps the occurrences considered when placing a snippet; a
// word repeated thousands of times tells nothing more about where to cut.
const maxMatches = 256

func findMatches(text string, toks []token, q Query) []match {
	m := newMatcher(text, q)
	for _, t := range toks {
		m.add(t)
	}
	var ms []match
	for i := range toks {
		for pi, p := range q.Include {
			if m.phraseAt(i, p) {
				ms = append(ms, match{first: i, last: i + len(p.Words) - 1, phrase: pi})
				if len(ms) == maxMatches {
					return ms
				}
			}
		}
	}
	return ms
}

// matcher compares the words of a text with a query's phrases, folding
// each word at most once.
type matcher struct {
	text string
	toks []token
	// starts marks the bytes the phrases begin with, so that most ASCII
	// words are passed over after one look-up.
	starts [256]bool
}

func newMatcher(text string, q Query) *matcher {
	m := &matcher{text: text, toks: make([]token, 0, 256)}
	for _, p := range q.Include {
		m.starts[p.Words[0][0]] = true
	}
	return m
}

func (m *matcher) add(t token) {
	m.toks = append(m.toks, t)
}

// end is the byte offset just past the last word added.
func (m *matcher) end() int {
	if len(m.toks) == 0 {
		return 0
	}
	return m.toks[len(m.toks)-1].end
}

// phraseAt reports whether p occurs at token i.
func (m *matcher) phraseAt(i int, p Phrase) bool {
	if i+len(p.Words) > len(m.toks) {
		return false
	}
	if t := m.toks[i]; t.ascii {
		if c := m.text[t.start]; !m.starts[c|0x20] && !m.starts[c] {
			return false
		}
	}
	for wi, w := range p.Words {
		t := &m.toks[i+wi]
		prefix := p.Prefix && wi == len(p.Words)-1
		if !wordMatches(m.text[t.start:t.end], t.ascii, &t.folded, w, prefix) {
			return false
		}
	}
	return true
}

// bestWindow returns the first token of the maxWords-long window holding
// the most distinct phrases, then the most matches, earliest first; the
// window is placed so that its matches sit in the middle of it.
func bestWindow(ms []match, ntoks, maxWords int) int {
	if len(ms) == 0 || ntoks <= maxWords {
		return 0
	}
	bestI, bestDistinct, bestCount, bestLast := 0, -1, -1, 0
	for i := range ms {
		var seen uint64 // phrase numbers are below MaxWords
		count, last := 0, ms[i].last
		for j := i; j < len(ms) && ms[j].last < ms[i].first+maxWords; j++ {
			seen |= 1 << uint(ms[j].phrase%64)
			count++
			last = max(last, ms[j].last)
		}
		distinct := bits.OnesCount64(seen)
		if distinct > bestDistinct || (distinct == bestDistinct && count > bestCount) {
			bestI, bestDistinct, bestCount, bestLast = i, distinct, count, last
		}
	}
	first := ms[bestI].first
	slack := maxWords - (bestLast - first + 1)
	start := first - slack/2
	start = min(start, ntoks-maxWords)
	return max(start, 0)
}

// spans renders tokens [from, to) of text, which has ntoks words or more,
// with the matches inside marked. With ellipses, a cut at either end is
// shown with "…".
func spans(text string, toks []token, ms []match, from, to, ntoks int, ellipses bool) Snippet {
	if len(toks) == 0 || from >= to {
		if strings.TrimSpace(text) == "" {
			return nil
		}
		return Snippet{{Text: text}}
	}
	startByte, endByte := toks[from].start, toks[to-1].end
	if from == 0 {
		startByte = 0
	}
	if to == ntoks {
		endByte = len(text)
	}
	var out Snippet
	add := func(s string, match bool) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Match == match {
			out[n-1].Text += s
			return
		}
		out = append(out, Span{Text: s, Match: match})
	}
	if ellipses && from > 0 {
		add("… ", false)
	}
	pos := startByte
	for _, m := range ms {
		if m.first < from || m.last >= to {
			continue
		}
		s, e := toks[m.first].start, toks[m.last].end
		if e <= pos {
			continue // inside an earlier, overlapping match
		}
		s = max(s, pos)
		add(text[pos:s], false)
		add(text[s:e], true)
		pos = e
	}
	add(text[pos:endByte], false)
	if ellipses && to < ntoks {
		add(" …", false)
	}
	return out
}
