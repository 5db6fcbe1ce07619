package storejson

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/mastheadhq/masthead/internal/news"
)

func encoded(t *testing.T, vs []news.Variant) string {
	t.Helper()
	b, err := json.Marshal(Variants(vs))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// An edited picture is stored with new text, and must read back as the
// new list even though the old text was decoded (and kept) before.
func TestDecodeVariantsFollowsTheText(t *testing.T) {
	before := []news.Variant{{Path: "a-320w.jpg", MIME: "image/jpeg", Width: 320, Height: 213}}
	after := []news.Variant{
		{Path: "b-320w.webp", MIME: "image/webp", Width: 320, Height: 180},
		{Path: "b-1200x630.jpg", MIME: "image/jpeg", Width: 1200, Height: 630, Crop: true},
	}
	for _, want := range [][]news.Variant{before, after, before, after} {
		got, err := DecodeVariants(encoded(t, want))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("DecodeVariants = %+v, want %+v", got, want)
		}
	}
}

// A caller may change the list it was given without changing what the
// next reader of the same text gets.
func TestDecodeVariantsListsAreTheCallers(t *testing.T) {
	want := []news.Variant{{Path: "c-640w.jpg", MIME: "image/jpeg", Width: 640, Height: 427}}
	text := encoded(t, want)
	var first []news.Variant
	for range 2 { // decoded, then read from the memo
		var err error
		if first, err = DecodeVariants(text); err != nil {
			t.Fatal(err)
		}
	}
	first[0].Path = "changed.jpg"
	second, err := DecodeVariants(text)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(second, want) {
		t.Fatalf("after the first reader changed its list, DecodeVariants = %+v, want %+v", second, want)
	}
}

func TestDecodeVariantsEmptyAndBroken(t *testing.T) {
	if got, err := DecodeVariants("[]"); err != nil || got != nil {
		t.Fatalf(`DecodeVariants("[]") = %v, %v; want nil, nil`, got, err)
	}
	if _, err := DecodeVariants(`[{"path":`); err == nil {
		t.Fatal("DecodeVariants of broken text: no error")
	}
}

func TestDecodeVariantsMemoIsBounded(t *testing.T) {
	for i := range memoSize + 10 {
		vs := []news.Variant{{Path: fmt.Sprintf("bounded-%d.jpg", i), MIME: "image/jpeg", Width: i + 1, Height: 1}}
		got, err := DecodeVariants(encoded(t, vs))
		if err != nil || !slices.Equal(got, vs) {
			t.Fatalf("DecodeVariants #%d = %+v, %v; want %+v", i, got, err, vs)
		}
	}
	variantMemo.mu.Lock()
	n := len(variantMemo.byText)
	variantMemo.mu.Unlock()
	if n > memoSize {
		t.Fatalf("the memo holds %d lists, more than %d", n, memoSize)
	}
}

// An author whose links change is stored with new text, and must read back
// with the new links.
func TestDecodeLinksFollowsTheText(t *testing.T) {
	before := []news.SocialLink{{Network: "x", URL: "https://x.com/before"}}
	after := []news.SocialLink{{Network: "mastodon", URL: "https://example.social/@after"}, {Network: "website", URL: "https://example.org/"}}
	for _, want := range [][]news.SocialLink{before, after, before, nil} {
		b, err := json.Marshal(Links(want))
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // decoded, then read from the memo
			got, err := DecodeLinks(string(b))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("DecodeLinks(%s) = %+v, want %+v", b, got, want)
			}
		}
	}
}
