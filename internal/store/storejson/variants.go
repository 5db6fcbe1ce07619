package storejson

import (
	"encoding/json"
	"slices"
	"sync"

	"github.com/mastheadhq/masthead/internal/news"
)

// memoSize bounds the lists a memo keeps decoded: a few hundred bytes of
// text each, so a memo stays under a few megabytes.
const memoSize = 4096

// textMemo keeps decoded lists by the stored text they were decoded from.
// Every card of a page carries a picture whose variants are a JSON
// document, and every byline its author's links, and decoding them by
// reflection was about a third of the time an article page spent reading
// the store. The text is the key, not the row's id: the same text always
// decodes to the same list, so an edited row (new text) can never be
// answered with the old list, and nothing has to be told of the edit.
type textMemo[T any] struct {
	mu     sync.Mutex
	byText map[string][]T
}

// decode returns the list text decodes to, stored as S and converted by
// conv, from the memo when it was decoded before. The list returned is the
// caller's own.
func decode[S, T any](m *textMemo[T], text string, conv func([]S) []T) ([]T, error) {
	m.mu.Lock()
	list, ok := m.byText[text]
	m.mu.Unlock()
	if ok {
		return slices.Clone(list), nil
	}
	var stored []S
	if err := json.Unmarshal([]byte(text), &stored); err != nil {
		return nil, err
	}
	list = conv(stored)
	m.mu.Lock()
	if m.byText == nil || len(m.byText) >= memoSize {
		// Dropping everything keeps the bound without bookkeeping; the
		// lists in use come back at their next read.
		m.byText = make(map[string][]T)
	}
	m.byText[text] = list
	m.mu.Unlock()
	return slices.Clone(list), nil
}

var (
	variantMemo textMemo[news.Variant]
	linkMemo    textMemo[news.SocialLink]
)

// DecodeVariants reads stored variants (the text Variants encodes to);
// none stored reads back as nil.
func DecodeVariants(text string) ([]news.Variant, error) {
	return decode(&variantMemo, text, NewsVariants)
}

// DecodeLinks reads stored social links (the text Links encodes to); none
// stored reads back as nil.
func DecodeLinks(text string) ([]news.SocialLink, error) {
	return decode(&linkMemo, text, SocialLinks)
}
