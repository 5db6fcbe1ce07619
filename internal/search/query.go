// Package search owns the query language readers type into the search box:
// Parse turns any input into a Query of folded words, phrases, a prefix and
// exclusions, never failing. It also holds what every store backend needs
// to index and present articles the same way: the folded text of an
// article's fields and highlighted snippets built from the original text.
// How a Query becomes SQL is each backend's business.
package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what Parse reads. Longer input is no better a query, and every
// word costs the database a doclist to merge, so the cost of one request
// stays bounded whatever a client sends.
const (
	// MaxInputBytes is how much of the raw input Parse looks at.
	MaxInputBytes = 512
	// MaxWords is the most words a Query holds, over all its phrases.
	MaxWords = 20
	// MaxWordRunes is the longest a word may be; longer ones are cut.
	MaxWordRunes = 64
	// MinPrefixRunes is the shortest word matched as a prefix: one letter
	// would match most of the vocabulary, and the index keeps prefixes of
	// two to four letters only.
	MinPrefixRunes = 2
)

// Phrase is one or more folded words that must appear next to each other,
// in order. A single word is a phrase of one.
type Phrase struct {
	Words []string
	// Prefix makes the last word match every word that begins with it, so
	// that "ener" finds "energy" while the reader is still typing.
	Prefix bool
}

// Query is a parsed search: an article matches when it contains every
// Include phrase and no Exclude phrase. Words are folded with news.Fold, so
// backends must index text folded the same way (see FoldText). Folded
// words never hold a letter the folding replaces, such as "ə": a backend
// may mark tokens of its own with one, knowing no query can reach them.
type Query struct {
	Include []Phrase
	Exclude []Phrase
}

// IsZero reports whether the query has nothing to look for, as after
// parsing an empty string or pure punctuation. Backends return no hits
// for it.
func (q Query) IsZero() bool { return len(q.Include) == 0 }

// Words returns the number of words in the query.
func (q Query) Words() int {
	n := 0
	for _, p := range q.Include {
		n += len(p.Words)
	}
	for _, p := range q.Exclude {
		n += len(p.Words)
	}
	return n
}

// String spells the query back in its own language: folded words, phrases
// in quotes, prefixes with a trailing *, exclusions with a leading -. It is
// meant for logs and tests; pages echo what the reader typed.
func (q Query) String() string {
	var parts []string
	write := func(p Phrase, exclude bool) {
		s := strings.Join(p.Words, " ")
		if len(p.Words) > 1 {
			s = `"` + s + `"`
		}
		if p.Prefix {
			s += "*"
		}
		if exclude {
			s = "-" + s
		}
		parts = append(parts, s)
	}
	for _, p := range q.Include {
		write(p, false)
	}
	for _, p := range q.Exclude {
		write(p, true)
	}
	return strings.Join(parts, " ")
}

// Parse reads what a reader typed. It understands
//
//	energy corridor     both words, anywhere
//	"gas corridor"      the words next to each other (also “…”, «…», „…“)
//	gas -oil            gas but not oil; -"a phrase" works too
//	ener                the last word as typed is also a prefix: energy, energetic
//	ener*               an explicit prefix, anywhere in the query
//
// Anything else is text: an unbalanced quote, a lone "-" or "*", operators
// from other search engines and punctuation are read as plain words or
// skipped, so Parse never fails. Words are folded (news.Fold) and split the
// way the index splits them: a bare token such as "Baku–Tbilisi" or
// "e-commerce" becomes a phrase of its words. A query of exclusions only
// searches for those words instead, since "everything but oil" is not a
// search anyone means.
func Parse(raw string) Query {
	raw = truncate(raw, MaxInputBytes)
	p := parser{src: []rune(raw)}
	p.run()
	q := p.q
	if len(q.Include) == 0 && len(q.Exclude) > 0 {
		q.Include, q.Exclude = q.Exclude, nil
	}
	return q
}

// truncate cuts s to at most n bytes at a rune boundary and replaces
// invalid UTF-8, which would otherwise reach the database.
func truncate(s string, n int) string {
	if len(s) > n {
		cut := n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return strings.ToValidUTF8(s, " ")
}

type parser struct {
	src   []rune
	pos   int
	q     Query
	words int
	// bare is the index in q.Include of the last phrase read from an
	// unquoted token, or -1: it becomes a prefix when the input ends
	// right after it.
	bare int
}

func (p *parser) run() {
	p.bare = -1
	for p.pos < len(p.src) {
		r := p.src[p.pos]
		switch {
		case unicode.IsSpace(r):
			p.pos++
			p.bare = -1
		case r == '-' && p.pos+1 < len(p.src) && !unicode.IsSpace(p.src[p.pos+1]) && p.src[p.pos+1] != '-':
			p.pos++
			p.token(true)
		default:
			p.token(false)
		}
	}
	// The reader is still typing the last word when the input ends right
	// after it, so it matches as a prefix; a trailing space ends the word.
	if p.bare >= 0 {
		last := &p.q.Include[p.bare]
		if utf8.RuneCountInString(last.Words[len(last.Words)-1]) >= MinPrefixRunes {
			last.Prefix = true
		}
	}
}

// token reads a quoted phrase or a bare token at p.pos.
func (p *parser) token(exclude bool) {
	if isQuote(p.src[p.pos]) {
		if end := p.closingQuote(p.pos + 1); end >= 0 {
			text := string(p.src[p.pos+1 : end])
			p.pos = end + 1
			prefix := p.star()
			p.add(text, prefix, exclude)
			p.bare = -1
			return
		}
		// An unbalanced quote is punctuation: read on as bare words.
		p.pos++
		return
	}
	start := p.pos
	for p.pos < len(p.src) && !unicode.IsSpace(p.src[p.pos]) && !isQuote(p.src[p.pos]) {
		p.pos++
	}
	text := string(p.src[start:p.pos])
	prefix := strings.HasSuffix(text, "*")
	i := p.add(text, prefix, exclude)
	if !exclude && i >= 0 {
		p.bare = i
	} else {
		p.bare = -1
	}
}

// star consumes a '*' right after a closing quote and reports whether
// there was one.
func (p *parser) star() bool {
	if p.pos < len(p.src) && p.src[p.pos] == '*' {
		p.pos++
		return true
	}
	return false
}

func (p *parser) closingQuote(from int) int {
	for i := from; i < len(p.src); i++ {
		if isQuote(p.src[i]) {
			return i
		}
	}
	return -1
}

// isQuote accepts the straight quote and the typographic quotes that
// phone keyboards and Azerbaijani and Russian layouts produce.
func isQuote(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»':
		return true
	}
	return false
}

// add folds text into a phrase and appends it to the query, unless it has
// no words, repeats an earlier phrase or the word budget is spent. It
// returns the phrase's index in q.Include, or -1.
func (p *parser) add(text string, prefix, exclude bool) int {
	words := SplitWords(FoldText(text))
	if len(words) == 0 {
		return -1
	}
	if room := MaxWords - p.words; len(words) > room {
		if room <= 0 {
			return -1
		}
		words, prefix = words[:room], false
	}
	for i, w := range words {
		if utf8.RuneCountInString(w) > MaxWordRunes {
			words[i] = string([]rune(w)[:MaxWordRunes])
		}
	}
	if prefix && utf8.RuneCountInString(words[len(words)-1]) < MinPrefixRunes {
		prefix = false
	}
	ph := Phrase{Words: words, Prefix: prefix}
	list := &p.q.Include
	if exclude {
		list = &p.q.Exclude
	}
	for i, old := range *list {
		if slices.Equal(old.Words, ph.Words) {
			(*list)[i].Prefix = old.Prefix || ph.Prefix
			if exclude {
				return -1
			}
			return i
		}
	}
	p.words += len(words)
	*list = append(*list, ph)
	if exclude {
		return -1
	}
	return len(*list) - 1
}

// IsWordRune reports whether r belongs to a word: letters, digits and
// private-use characters, the same classes SQLite's unicode61 tokenizer
// keeps by default, so that Go and the index cut text into the same words.
func IsWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r)
}

// SplitWords returns the words of s, cut at every rune that is not part of
// a word.
func SplitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !IsWordRune(r) })
}
