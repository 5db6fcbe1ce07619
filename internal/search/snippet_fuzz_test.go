package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSnippet feeds any text and any query to the snippet makers that
// result pages show: no panic, a title keeps all its text, and every
// marked span is text the article holds.
func FuzzSnippet(f *testing.F) {
	for _, s := range [][2]string{
		{"Energy talks resume in Baku", "energy"},
		{"Həsənova wins the vote", "hesenova"},
		{"<script>alert(1)</script> in a body", "<script>"},
		{`"><img src=x onerror=alert(1)>`, `"onerror"`},
		{"gas gas gas corridor gas", `"gas corridor" -oil`},
		{"", "a*"},
		{"e\u0301cole ﬁnance", "ecole finance"},
		{"\x00\xff\xfe text", "text*"},
		{strings.Repeat("word ", 200), "word"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, text, raw string) {
		q := Parse(raw)
		// Text without a word yields no spans at all, which shows the same.
		if got := Highlight(text, q).String(); got != text && (got != "" || strings.IndexFunc(text, IsWordRune) >= 0) {
			t.Fatalf("Highlight(%q, %q) lost text: %q", text, raw, got)
		}
		s := MakeSnippet(text, q, SnippetWords)
		for _, sp := range s {
			if sp.Match && !strings.Contains(text, sp.Text) {
				t.Fatalf("MakeSnippet(%q, %q) marks %q, which the text does not hold", text, raw, sp.Text)
			}
			if utf8.ValidString(text) && !utf8.ValidString(sp.Text) {
				t.Fatalf("MakeSnippet(%q, %q) cut a character: %q", text, raw, sp.Text)
			}
		}
		if s.HasMatch() && len(q.Include) == 0 {
			t.Fatalf("MakeSnippet(%q, %q) marks words of an empty query", text, raw)
		}
	})
}
