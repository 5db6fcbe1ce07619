package feeds_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mastheadhq/masthead/internal/feeds"
)

func parseFixture(t *testing.T, name string) *feeds.Feed {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "wire", name))
	if err != nil {
		t.Fatal(err)
	}
	f, err := feeds.ParseFeed(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return f
}

func authorNames(it feeds.Item) []string {
	var names []string
	for _, a := range it.Authors {
		names = append(names, a.Name)
	}
	return names
}

func checkItem(t *testing.T, it feeds.Item, id, url, title, summary string, author string, published time.Time) {
	t.Helper()
	if it.ID != id || it.URL != url || it.Title != title || it.Summary != summary || !it.Published.Equal(published) {
		t.Errorf("item:\n got  id=%q url=%q title=%q summary=%q published=%v\n want id=%q url=%q title=%q summary=%q published=%v",
			it.ID, it.URL, it.Title, it.Summary, it.Published, id, url, title, summary, published)
	}
	if got := strings.Join(authorNames(it), ","); got != author {
		t.Errorf("item %q authors %q, want %q", it.Title, got, author)
	}
}

func TestParseFeedRSS2WithContentAndCreator(t *testing.T) {
	f := parseFixture(t, "rss2.xml")
	if f.Title != "Caucasus Daily" || f.HomeURL != "https://caucasus.example/" || f.Language != "en-US" || len(f.Items) != 2 {
		t.Fatalf("feed: %+v", f)
	}
	checkItem(t, f.Items[0], "https://caucasus.example/?p=1201",
		"https://caucasus.example/2025/03/14/gas-deal/?utm_source=rss&utm_medium=rss",
		"Gas deal signed in Baku & Tbilisi",
		"Ministers signed the deal on Friday. The pipeline opens next year. The post Gas deal appeared first on Caucasus Daily.",
		"Leyla Aliyeva", time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC))
	if !strings.Contains(f.Items[0].ContentHTML, "Full text.") {
		t.Errorf("content:encoded not read: %q", f.Items[0].ContentHTML)
	}
	checkItem(t, f.Items[1], "https://caucasus.example/2025/03/13/second/", "https://caucasus.example/2025/03/13/second/",
		"Second story", "Plain text summary, no markup.", "News Desk", time.Date(2025, 3, 13, 18, 5, 0, 0, time.UTC))
}

func TestParseFeedAtomPrefersAlternateAndReadsXHTML(t *testing.T) {
	f := parseFixture(t, "atom.xml")
	if f.Title != "Кавказский узел" || f.HomeURL != "https://kavkaz.example/" || len(f.Items) != 2 {
		t.Fatalf("feed: %+v", f)
	}
	checkItem(t, f.Items[0], "tag:kavkaz.example,2025:1", "https://kavkaz.example/news/1", "Новости дня",
		"Краткое содержание.", "Иван Петров", time.Date(2025, 3, 14, 6, 0, 0, 0, time.UTC))
	checkItem(t, f.Items[1], "tag:kavkaz.example,2025:2", "https://kavkaz.example/news/2", "Only updated",
		"Content only, no summary.", "", time.Date(2025, 3, 13, 8, 0, 0, 0, time.UTC))
}

func TestParseFeedRDF(t *testing.T) {
	f := parseFixture(t, "rdf.xml")
	if f.Title != "Slash News" || f.Language != "en" || len(f.Items) != 1 {
		t.Fatalf("feed: %+v", f)
	}
	checkItem(t, f.Items[0], "https://slashnews.example/story/1", "https://slashnews.example/story/1", "RDF story one",
		"First RDF item.", "Jane Roe", time.Date(2025, 3, 14, 8, 15, 0, 0, time.UTC))
}

func TestParseFeedJSONFeed(t *testing.T) {
	f := parseFixture(t, "feed11.json")
	if f.Title != "JSON Times" || f.Language != "az" || len(f.Items) != 2 {
		t.Fatalf("feed: %+v", f)
	}
	checkItem(t, f.Items[0], "2", "https://jsontimes.example/2", "Bakıda yeni körpü", "Körpü açıldı.", "Aynur Məmmədova",
		time.Date(2025, 3, 14, 7, 0, 0, 0, time.UTC))
	checkItem(t, f.Items[1], "1", "https://elsewhere.example/a", "", "Text only item with no title.", "Old Style",
		time.Date(2025, 3, 13, 11, 0, 0, 0, time.UTC))
}

func TestParseFeedWindows1251(t *testing.T) {
	f := parseFixture(t, "cp1251.xml")
	if len(f.Items) != 1 {
		t.Fatalf("items: %+v", f.Items)
	}
	checkItem(t, f.Items[0], "ru-1", "https://ru.example/1", "Заголовок новости", "Описание на русском языке.", "",
		time.Date(2025, 3, 14, 6, 30, 0, 0, time.UTC))
}

func TestParseFeedRefusesWhatIsNotAFeed(t *testing.T) {
	for name, doc := range map[string]string{
		"html page":       `<!DOCTYPE html><html><body>hello</body></html>`,
		"other xml":       `<?xml version="1.0"?><note><to>x</to></note>`,
		"truncated rss":   `<rss version="2.0"><channel><item><title>cut`,
		"json not a feed": `{"hello": "world"}`,
		"empty":           "  \n",
		"broken json":     `{"version": "https://jsonfeed.org/version/1.1", "items": [`,
	} {
		if _, err := feeds.ParseFeed(strings.NewReader(doc)); err == nil {
			t.Errorf("%s: parsed without error", name)
		}
	}
	if _, err := feeds.ParseFeed(strings.NewReader(`<note/>`)); !errors.Is(err, feeds.ErrUnknownFormat) {
		t.Errorf("unknown format: %v", err)
	}
}

func TestParseDateCommonFormats(t *testing.T) {
	want := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	for _, s := range []string{
		"Fri, 14 Mar 2025 09:30:00 +0000", "Fri, 14 Mar 2025 09:30:00 GMT", "Fri, 14 Mar 2025 13:30:00 +0400",
		"14 Mar 2025 09:30:00 +0000", "Fri, 14 Mar 2025 09:30 +0000", "2025-03-14T09:30:00Z",
		"2025-03-14T13:30:00+04:00", "2025-03-14T09:30:00.000Z", "2025-03-14 09:30:00", "Fri, 14 Mar 2025 09:30:00 UT",
		" 2025-03-14T09:30:00Z\n",
	} {
		if got := feeds.ParseDate(s); !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, want %v", s, got, want)
		}
	}
	if !feeds.ParseDate("next Tuesday").IsZero() {
		t.Error("a date in words parsed")
	}
}

// FuzzParseFeed checks that no document makes the reader panic or hang,
// and that what it returns is fit to store: valid UTF-8 without NULs,
// summaries within their cap.
func FuzzParseFeed(f *testing.F) {
	for _, name := range []string{"rss2.xml", "atom.xml", "rdf.xml", "feed11.json", "cp1251.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", "wire", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<rss><channel><item><guid>x</guid><title>&amp;&lt;b&gt;</title></item></channel></rss>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"id":"\u0000","title":"\u0000"}]}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		feed, err := feeds.ParseFeed(bytes.NewReader(doc))
		if err != nil {
			return
		}
		for _, it := range feed.Items {
			for _, s := range []string{it.ID, it.URL, it.Title, it.Summary} {
				if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
					t.Fatalf("unstorable text %q", s)
				}
			}
			if utf8.RuneCountInString(it.Summary) > feeds.SummaryRunes+1 {
				t.Fatalf("summary of %d runes", utf8.RuneCountInString(it.Summary))
			}
		}
	})
}
