package news

import (
	"testing"
	"time"
)

func TestWireURLKeyFindsTheSameStory(t *testing.T) {
	same := [][2]string{
		{"https://News.Example/2025/gas-deal/", "http://news.example/2025/gas-deal"},
		{"https://news.example/a?utm_source=rss&utm_medium=feed#comments", "https://news.example/a"},
		{"https://www.news.example/a?b=2&a=1", "https://news.example/a?a=1&b=2"},
		{"https://news.example:443/a", "https://news.example/a"},
	}
	for _, p := range same {
		if a, b := WireURLKey(p[0]), WireURLKey(p[1]); a != b || a == "" {
			t.Errorf("%q → %q and %q → %q, want the same key", p[0], a, p[1], b)
		}
	}
	different := [][2]string{
		{"https://news.example/a?id=1", "https://news.example/a?id=2"},
		{"https://news.example/a", "https://other.example/a"},
		{"https://news.example/A", "https://news.example/a"},
		{"https://news.example:8080/a", "https://news.example/a"},
	}
	for _, p := range different {
		if WireURLKey(p[0]) == WireURLKey(p[1]) {
			t.Errorf("%q and %q share the key %q", p[0], p[1], WireURLKey(p[0]))
		}
	}
	for _, bad := range []string{"", "javascript:alert(1)", "mailto:desk@news.example", "/relative/path"} {
		if k := WireURLKey(bad); k != "" {
			t.Errorf("WireURLKey(%q) = %q, want none", bad, k)
		}
	}
}

func TestWireTitleKeyFoldsCasePunctuationAndSpace(t *testing.T) {
	same := [][2]string{
		{"Gas deal signed in Baku", "GAS DEAL — signed in   Baku!"},
		{"Bakıda yeni körpü açıldı", "bakıda Yeni körpü, açıldı."},
		{"Новый мост открыт в Баку", "«Новый мост» открыт в Баку"},
		{"COP29: talks go on", "COP29 talks go on"},
	}
	for _, p := range same {
		if a, b := WireTitleKey(p[0]), WireTitleKey(p[1]); a != b || a == "" {
			t.Errorf("%q → %q and %q → %q, want the same key", p[0], a, p[1], b)
		}
	}
	for _, short := range []string{"Live updates", "Editorial", "Weather: Baku today", ""} {
		if k := WireTitleKey(short); k != "" {
			t.Errorf("WireTitleKey(%q) = %q: a short title must not mark duplicates", short, k)
		}
	}
	if WireTitleKey("Gas deal signed in Baku") == WireTitleKey("Gas deal signed in Tbilisi") {
		t.Error("different titles share a key")
	}
}

func TestWireSourceValidate(t *testing.T) {
	good := WireSource{Name: "Trend", FeedURL: "https://en.trend.az/feeds/index.rss", Language: "pt-BR", Interval: 15 * time.Minute}
	if p := good.Validate(); len(p) != 0 {
		t.Errorf("good source: %v", p)
	}
	for _, bad := range []WireSource{
		{Name: " ", FeedURL: good.FeedURL, Interval: time.Hour},
		{Name: "X", FeedURL: "ftp://files.example/feed", Interval: time.Hour},
		{Name: "X", FeedURL: "https://user:pass@files.example/feed", Interval: time.Hour},
		{Name: "X", FeedURL: good.FeedURL, Language: "e", Interval: time.Hour},
		{Name: "X", FeedURL: good.FeedURL, Language: "en_GB", Interval: time.Hour},
		{Name: "X", FeedURL: good.FeedURL, Interval: time.Minute},
		{Name: "X", FeedURL: good.FeedURL, Interval: 48 * time.Hour},
	} {
		if p := bad.Validate(); len(p) != 1 {
			t.Errorf("source %+v: problems %v, want one", bad, p)
		}
	}
}
