package news

import (
	"strings"
	"testing"
)

// FuzzSlugify holds Slugify to the address rules on any title: its result
// is a valid slug or nothing, it is stable when applied again, and a valid
// slug is its own slug.
func FuzzSlugify(f *testing.F) {
	for _, s := range []string{
		"", "Energy talks resume", "Həsənova wins in Bakı", "Москва и Баку", "France’s deal",
		"---", "a--b", "  spaced  out  ", "日本語", "e\u0301cole", "ﬁnance", "\x00\xff", "ǅ",
		strings.Repeat("word ", 40), strings.Repeat("a", 200), "<script>alert(1)</script>",
		"../../etc/passwd", "%2e%2e%2f", "' OR '1'='1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		s := Slugify(title)
		if s != "" && !ValidSlug(s) {
			t.Fatalf("Slugify(%q) = %q, which is not a valid slug", title, s)
		}
		if again := Slugify(s); again != s {
			t.Fatalf("Slugify is not stable on %q: %q then %q", title, s, again)
		}
		if ValidSlug(title) && Slugify(title) != title {
			t.Fatalf("the valid slug %q slugifies to %q", title, Slugify(title))
		}
	})
}
