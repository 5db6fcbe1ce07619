package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, raw string
		want      string // Query.String of the result
	}{
		{"empty", "", ""},
		{"spaces only", "  \t\n ", ""},
		{"one word being typed is a prefix", "ener", "ener*"},
		{"a trailing space ends the word", "energy ", "energy"},
		{"only the last word is a prefix", "gas corr", "gas corr*"},
		{"one letter is never a prefix", "gas c", "gas c"},
		{"case and accents folded", "Həsənova", "hesenova*"},
		{"Azerbaijani capitals", "İLHAM ƏLİYEV ", "ilham eliyev"},
		{"Cyrillic transliterated", "Смирнова ", "smirnova"},
		{"Turkish", "Türkiye ", "turkiye"},
		{"quoted phrase", `"southern gas corridor"`, `"southern gas corridor"`},
		{"typographic quotes", `“gas corridor” «Xəzər Səhəri»`, `"gas corridor" "xezer seheri"`},
		{"phrase with explicit prefix", `"gas corr"*`, `"gas corr"*`},
		{"explicit prefix mid-query", "ener* policy ", "ener* policy"},
		{"exclusion", "gas -oil", "gas -oil"},
		{"excluded phrase", `corridor -"middle corridor"`, `corridor -"middle corridor"`},
		{"hyphenated word is a phrase", "e-commerce ", `"e commerce"`},
		{"dashes between names", "Baku–Tbilisi–Kars ", `"baku tbilisi kars"`},
		{"apostrophe splits like the index", "France’s ", `"france s"`},
		{"unbalanced quote is punctuation", `"gas corridor`, "gas corridor*"},
		{"three quotes", `"gas" "corridor`, `gas corridor*`},
		{"lone minus", "gas - oil", "gas oil*"},
		{"double minus is not an exclusion", "--oil", "oil*"},
		{"lone star", "* gas *", "gas"},
		{"lone quote", `"`, ""},
		{"only exclusions search for the words", "-oil -gas", "oil gas"},
		{"FTS operators are words", "oil AND NOT gas OR NEAR(x) ", `oil and not gas or "near x"`},
		{"column filter syntax is words", "title:oil ", `"title oil"`},
		{"SQL is words", `'; DROP TABLE articles; --`, "drop table articles"},
		{"HTML is words", `<script>alert(1)</script>`, `"script alert 1 script"*`},
		{"duplicates once", "gas Gas GAS ", "gas"},
		{"duplicate keeps the prefix", "gas ga gas", "gas* ga"},
		{"digits", "COP29 2027 ", "cop29 2027"},
		{"punctuation only", strings.Repeat("!?.,;:()[]{}<>", 700), ""},
		{"invalid UTF-8", "gas\xff\xfeoil ", "gas oil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Parse(tt.raw).String(); got != tt.want {
				t.Errorf("Parse(%q) = %s, want %s", tt.raw, got, tt.want)
			}
		})
	}
}

func TestParseLimits(t *testing.T) {
	t.Run("at most MaxWords words", func(t *testing.T) {
		q := Parse(manyWords(50))
		if n := q.Words(); n != MaxWords {
			t.Errorf("%d words, want %d", n, MaxWords)
		}
	})
	t.Run("long words are cut", func(t *testing.T) {
		q := Parse(strings.Repeat("ə", 200) + " ")
		if len(q.Include) != 1 || utf8.RuneCountInString(q.Include[0].Words[0]) != MaxWordRunes {
			t.Errorf("got %v, want one word of %d runes", q, MaxWordRunes)
		}
	})
	t.Run("input is read up to MaxInputBytes", func(t *testing.T) {
		q := Parse(strings.Repeat(" ", MaxInputBytes) + "hidden")
		if !q.IsZero() {
			t.Errorf("words past the limit were read: %v", q)
		}
	})
	t.Run("a phrase cut by the word budget loses its prefix", func(t *testing.T) {
		q := Parse(manyWords(MaxWords-1) + ` "last phrase here"*`)
		last := q.Include[len(q.Include)-1]
		if q.Words() != MaxWords || last.Prefix || len(last.Words) != 1 {
			t.Errorf("got %v", q)
		}
	})
}

// manyWords returns n distinct words separated by spaces.
func manyWords(n int) string {
	words := make([]string, n)
	for i := range words {
		words[i] = "w" + strings.Repeat("x", i)
	}
	return strings.Join(words, " ")
}

// FuzzParse checks that no input makes Parse panic or break the limits and
// invariants backends rely on when they turn a Query into SQL. Its seeds
// run with every go test.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"", "energy", "ener", `"gas corridor"`, `"gas`, `"`, `""`, `-`, `--`, `-oil`, `*`, `**`, `a*`,
		`-"x y"*`, "Həsənova", "İLHAM", "Москва", "oil AND NOT gas", "NEAR(a b, 2)", "title:oil",
		"^oil", "oil + gas", "(gas OR oil)", `'; DROP TABLE articles; --`, "<script>alert(1)</script>",
		"\x00\xff\xfe", "e\u0301", "ﬁnance", "日本語のテキスト", strings.Repeat(`"-*`, 400),
		strings.Repeat("!?.,;:", 2000), manyWords(40),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q := Parse(raw)
		if q.Words() > MaxWords {
			t.Fatalf("%d words", q.Words())
		}
		if len(q.Include) == 0 && len(q.Exclude) > 0 {
			t.Fatalf("exclusions without anything to include: %v", q)
		}
		for _, list := range [][]Phrase{q.Include, q.Exclude} {
			for _, p := range list {
				if len(p.Words) == 0 {
					t.Fatalf("empty phrase in %v", q)
				}
				for _, w := range p.Words {
					if w == "" || !utf8.ValidString(w) || utf8.RuneCountInString(w) > MaxWordRunes {
						t.Fatalf("bad word %q in %v", w, q)
					}
					for _, r := range w {
						if !IsWordRune(r) {
							t.Fatalf("word %q holds %q, which the index would split on", w, r)
						}
					}
					if FoldText(w) != w || strings.ContainsRune(w, 'ə') {
						t.Fatalf("word %q is not in folded form", w)
					}
				}
				if p.Prefix && utf8.RuneCountInString(p.Words[len(p.Words)-1]) < MinPrefixRunes {
					t.Fatalf("short prefix in %v", q)
				}
			}
		}
		if again := Parse(raw); again.String() != q.String() {
			t.Fatalf("Parse is not deterministic: %v then %v", q, again)
		}
	})
}
