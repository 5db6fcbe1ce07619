package main

import (
	"encoding/binary"
	"slices"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/search"
)

// The PostgreSQL backend builds each article's search entry in Go
// (documentVector in internal/store/postgres/search.go) and hands it to
// the server as tsvector text. That function is not exported, and the
// benchmark may not change the backend, so this file builds the same
// entry by the same rules, from the same exported pieces of
// internal/search, in tsvector's binary form, which COPY takes without
// parsing. TestSearchEntriesMatchTheBackend holds the two to the same
// result by having the backend re-index generated articles.

// Limits of the tsvector type, as the backend applies them.
const (
	maxLexemeBytes     = 2047
	maxPosition        = 16383
	maxLexemePositions = 256
)

// Weights in tsvector's binary form: A the title, B the standfirst, C the
// names, D the body.
const (
	weightA = 3
	weightB = 2
	weightC = 1
	weightD = 0
)

// lexeme is one word of an entry with its packed positions (weight in
// the top two bits).
type lexeme struct {
	word      string
	positions []uint16
}

// entryBuilder makes search entries, reusing its map between articles.
type entryBuilder struct {
	byWord  map[string]int
	lexemes []lexeme
	sorted  []string
}

func newEntryBuilder() *entryBuilder { return &entryBuilder{byWord: map[string]int{}} }

// appendEntry appends the binary tsvector of a's search entry to buf. a
// needs its title, standfirst, body, and author and tag names in their
// stored order.
//
// Every word of each folded field gets the next position; fields are a
// position apart, so that a phrase cannot match across two of them;
// positions stop at tsvector's maximum; a word keeps at most 256
// positions; words too long for tsvector are skipped. Lexemes are sorted
// as PostgreSQL sorts them (bytes, then length), which is Go's string
// order, so the server need not sort them again.
func (e *entryBuilder) appendEntry(buf []byte, a news.Article) []byte {
	clear(e.byWord)
	e.lexemes = e.lexemes[:0]
	d := search.DocumentOf(a)
	pos := 0
	for _, field := range []struct {
		text   string
		weight uint16
	}{{d.Title, weightA}, {d.Standfirst, weightB}, {d.Names, weightC}, {d.Body, weightD}} {
		for _, w := range search.SplitWords(field.text) {
			pos = min(pos+1, maxPosition)
			if len(w) > maxLexemeBytes {
				continue
			}
			i, ok := e.byWord[w]
			if !ok {
				i = len(e.lexemes)
				e.byWord[w] = i
				// The slots of earlier articles are reused with their
				// position slices: a million articles would otherwise
				// allocate hundreds of millions of them.
				if i < cap(e.lexemes) {
					e.lexemes = e.lexemes[:i+1]
					e.lexemes[i].word, e.lexemes[i].positions = w, e.lexemes[i].positions[:0]
				} else {
					e.lexemes = append(e.lexemes, lexeme{word: w})
				}
			}
			lx := &e.lexemes[i]
			packed := field.weight<<14 | uint16(pos)
			// Text input drops a repeated position, keeping the first
			// (heaviest) weight; binary input refuses it. Only words past
			// maxPosition repeat one.
			if n := len(lx.positions); n > 0 && lx.positions[n-1]&0x3fff == uint16(pos) {
				continue
			}
			if len(lx.positions) < maxLexemePositions {
				lx.positions = append(lx.positions, packed)
			}
		}
		pos = min(pos+1, maxPosition)
	}
	// The words alone are sorted, which is several times faster than
	// moving the lexemes about, and each is found again through the map.
	e.sorted = e.sorted[:0]
	for _, lx := range e.lexemes {
		e.sorted = append(e.sorted, lx.word)
	}
	slices.Sort(e.sorted)
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(e.lexemes)))
	for _, w := range e.sorted {
		lx := &e.lexemes[e.byWord[w]]
		buf = append(buf, lx.word...)
		buf = append(buf, 0)
		buf = binary.BigEndian.AppendUint16(buf, uint16(len(lx.positions)))
		for _, p := range lx.positions {
			buf = binary.BigEndian.AppendUint16(buf, p)
		}
	}
	return buf
}
