package search

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/render"
)

// marked renders a snippet with [brackets] around matches, for compact
// comparisons.
func marked(s Snippet) string {
	var b strings.Builder
	for _, sp := range s {
		if sp.Match {
			b.WriteString("[" + sp.Text + "]")
		} else {
			b.WriteString(sp.Text)
		}
	}
	return b.String()
}

func TestHighlight(t *testing.T) {
	tests := []struct {
		name, text, query, want string
	}{
		{"word", "Gas volumes to Europe", "gas ", "[Gas] volumes to Europe"},
		{"prefix marks the whole word", "Energy security and energetic talks", "ener", "[Energy] security and [energetic] talks"},
		{"accents kept in the text, folded for matching", "Zəhra Məmmədova reports", "memmedova ", "Zəhra [Məmmədova] reports"},
		{"query with accents finds plain text", "Hasanov and Hesenov", "Həsənov ", "Hasanov and [Hesenov]"},
		{"Cyrillic found by Latin", "Анна Смирнова переводит", "smirnova ", "Анна [Смирнова] переводит"},
		{"phrase marked as one", "the Southern Gas Corridor and gas prices", `"gas corridor"`, "the Southern [Gas Corridor] and gas prices"},
		{"phrase needs adjacency", "gas and corridor", `"gas corridor"`, "gas and corridor"},
		{"excluded words are not marked", "gas and oil", "gas -oil", "[gas] and oil"},
		{"decomposed accents", "cafe\u0301 society", "cafe ", "[cafe\u0301] society"},
		{"no match", "Nothing here", "gas ", "Nothing here"},
		{"empty query", "Nothing here", "", "Nothing here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Highlight(tt.text, Parse(tt.query))
			if marked(got) != tt.want {
				t.Errorf("Highlight(%q, %q) = %q, want %q", tt.text, tt.query, marked(got), tt.want)
			}
			if got.String() != tt.text {
				t.Errorf("Highlight changed the text: %q", got.String())
			}
		})
	}
}

func TestMakeSnippetCutsAroundTheMatches(t *testing.T) {
	words := strings.Fields(strings.Repeat("lorem ipsum dolor sit amet ", 40))
	words[100] = "Pipeline"
	words[103] = "capacity"
	text := strings.Join(words, " ") + "."
	got := marked(MakeSnippet(text, Parse("pipeline capacity "), 12))
	want := "… ipsum dolor sit amet [Pipeline] ipsum dolor [capacity] amet lorem ipsum dolor …"
	if got != want {
		t.Errorf("snippet = %q\nwant      %q", got, want)
	}

	t.Run("prefers the place with more of the query", func(t *testing.T) {
		words := strings.Fields(strings.Repeat("filler ", 200))
		words[10] = "gas"
		words[150], words[152] = "gas", "Baku"
		got := marked(MakeSnippet(strings.Join(words, " "), Parse("gas baku "), 10))
		if !strings.Contains(got, "[gas] filler [Baku]") {
			t.Errorf("snippet %q is not where both words are", got)
		}
	})
	t.Run("opening words when nothing matches", func(t *testing.T) {
		got := marked(MakeSnippet("one two three four five six", Parse("gas "), 3))
		if got != "one two three …" {
			t.Errorf("snippet = %q", got)
		}
	})
	t.Run("whole text when short", func(t *testing.T) {
		got := marked(MakeSnippet("Short text about gas.", Parse("gas "), 30))
		if got != "Short text about [gas]." {
			t.Errorf("snippet = %q", got)
		}
	})
	t.Run("match at the very end", func(t *testing.T) {
		words := strings.Fields(strings.Repeat("filler ", 50))
		words[49] = "end"
		got := marked(MakeSnippet(strings.Join(words, " "), Parse("end "), 5))
		if got != "… filler filler filler filler [end]" {
			t.Errorf("snippet = %q", got)
		}
	})
}

func TestArticleSnippet(t *testing.T) {
	a := news.Article{
		Title:      "Offshore wind",
		Standfirst: "A study of the Caspian's winds.",
		Body:       "<p>Turbines <b>could</b> stand in shallow water.</p><p>The grid is the problem.</p>",
	}
	tests := []struct{ query, want string }{
		{"grid ", "Turbines could stand in shallow water. The [grid] is the problem."},
		{"caspian ", "A study of the [Caspian]'s winds."},
		{"offshore ", "A study of the Caspian's winds."},
	}
	for _, tt := range tests {
		if got := marked(ArticleSnippet(a, Parse(tt.query))); got != tt.want {
			t.Errorf("ArticleSnippet for %q = %q, want %q", tt.query, got, tt.want)
		}
	}
}

func TestDocumentOfFoldsEveryField(t *testing.T) {
	a := news.Article{
		Title:      "Xəzər Səhəri",
		Standfirst: "İLHAM",
		Body:       "<p>Москва &amp; <em>Bakı</em></p>",
		Authors:    []news.Author{{Name: "Ilkin Həsənov"}},
		Tags:       []news.Tag{{Name: "Türkiye"}},
	}
	got := DocumentOf(a)
	want := Document{Title: "xezer seheri", Standfirst: "ilham", Body: "moskva & baki", Lede: "moskva & baki", Names: "ilkin hesenov turkiye"}
	if got != want {
		t.Errorf("DocumentOf = %+v, want %+v", got, want)
	}
}

// foldSamples are texts whose folding has tripped folding code up
// elsewhere: mixed scripts, decomposed accents, letters that fold to two.
var foldSamples = []string{
	"", "plain ascii", "MiXeD CaSe", "Həsənova", "İLHAM ƏLİYEV", "Türkiye’s", "e\u0301te\u0301",
	"Straße", "Œuvre", "Москва и Баку", "щука", "ǅemal", "ﬁnance", "Ω≈ç√", "日本語のテキスト",
	"A\u0301B", "a\u0308\u0301", "\u0301start", "end\u0301",
}

func TestFoldTextIsNewsFold(t *testing.T) {
	for _, s := range foldSamples {
		if got, want := FoldText(s), news.Fold(s); got != want {
			t.Errorf("FoldText(%q) = %q, news.Fold gives %q", s, got, want)
		}
	}
}

// FuzzFoldText holds the fast FoldText to news.Fold on any input.
func FuzzFoldText(f *testing.F) {
	for _, s := range foldSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD") // FoldText's promise covers text, not bytes
		}
		if got, want := FoldText(s), news.Fold(s); got != want {
			t.Fatalf("FoldText(%q) = %q, news.Fold gives %q", s, got, want)
		}
	})
}

// htmlSamples are fragments like the ones bodies hold, and some they
// should not but might.
var htmlSamples = []string{
	"", "plain text", "<p>One</p><p>Two</p>", "<p>Xə<em>zər</em> and <a href=\"/x?a=1&amp;b=2\">link</a></p>",
	"<h2>Heading</h2>Text<br>more", "<ul><li>a</li><li>b</li></ul>", "<p>AT&amp;T &lt;tag&gt; &nbsp;x&#39;s</p>",
	"<p title=\"a>b\">quoted</p>", "<!-- hidden -->shown", "<script>var x = '<p>';</script>after",
	"<style>p{}</style>styled", "1 < 2 and 3 > 2", "<p>unclosed", "<", "<p", "a <b>bold</b>word",
	"<table><tr><td>1</td><td>2</td></tr></table>", "<figure><img alt=\"no\"><figcaption>Cap</figcaption></figure>",
	"<blockquote>Quote</blockquote>tail", "  spaced\n\tout  ", "<P>UPPER</P>",
}

func TestVisibleTextReadsTheWordsPlainTextReads(t *testing.T) {
	for _, h := range htmlSamples {
		got, want := SplitWords(VisibleText(h)), SplitWords(render.PlainText(h))
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("VisibleText(%q) words %q, render.PlainText words %q", h, got, want)
		}
	}
}

func TestLedeIsTheOpeningWords(t *testing.T) {
	words := strings.Fields(strings.Repeat("word ", LedeWords+10))
	words[0], words[LedeWords-1], words[LedeWords] = "First,", "last.", "beyond"
	got := Lede(strings.Join(words, "  "))
	if !strings.HasPrefix(got, "First,") || !strings.HasSuffix(got, "last") || strings.Contains(got, "beyond") {
		t.Errorf("Lede = %q", got)
	}
	if Lede("Short text.") != "Short text" {
		t.Errorf("Lede of a short text = %q", Lede("Short text."))
	}
}
