package storejson

import (
	"encoding/json"
	"slices"
	"sync"

	"github.com/mastheadhq/masthead/internal/news"
)

// variantMemoSize bounds the variant lists kept decoded: a few hundred
// bytes of text each, so the memo stays under a few megabytes.
const variantMemoSize = 4096

// variantMemo keeps decoded variant lists by the stored text they were
// decoded from. Every card of a page carries a picture whose variants are
// a JSON document, and decoding them by reflection was about a third of
// the time an article page spent reading the store. The text is the
// key, not the image's id: the same text always decodes to the same
// list, so an edited picture (new text) can never be answered with the
// old list, and nothing has to be told of the edit.
var variantMemo = struct {
	sync.Mutex
	byText map[string][]news.Variant
}{byText: make(map[string][]news.Variant)}

// DecodeVariants reads stored variants (the text Variants encodes to);
// none stored reads back as nil. The list returned is the caller's own.
func DecodeVariants(text string) ([]news.Variant, error) {
	variantMemo.Lock()
	vs, ok := variantMemo.byText[text]
	variantMemo.Unlock()
	if ok {
		return slices.Clone(vs), nil
	}
	var stored []Variant
	if err := json.Unmarshal([]byte(text), &stored); err != nil {
		return nil, err
	}
	vs = NewsVariants(stored)
	variantMemo.Lock()
	if len(variantMemo.byText) >= variantMemoSize {
		// Dropping everything keeps the bound without bookkeeping; the
		// lists in use come back at their next read.
		clear(variantMemo.byText)
	}
	variantMemo.byText[text] = vs
	variantMemo.Unlock()
	return slices.Clone(vs), nil
}
