package theme

import (
	"io/fs"
	"regexp"
	"sort"
	"testing"
	"time"
)

// messageCall finds the ids templates translate: {{t "…"}} and {{tn "…" n}}.
var messageCall = regexp.MustCompile(`\{\{tn? "((?:[^"\\]|\\.)*)"`)

func TestEveryTemplateMessageIsInEveryCatalogue(t *testing.T) {
	th, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	err = fs.WalkDir(embedded, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(embedded, p)
		for _, m := range messageCall.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 50 {
		t.Fatalf("found only %d messages in the templates; the pattern must have missed them", len(used))
	}
	// Go code translates these too (breadcrumbs, titles, dates).
	for _, id := range []string{"Topics", "Authors", "Page {{.N}}", "{{.Count}} results", "Search results for “{{.Query}}”", "Page not found", "{{.Month}} {{.Day}}, {{.Year}}"} {
		used[id] = true
	}
	for _, m := range monthIDs {
		used[m] = true
	}
	for _, lang := range []string{"en", "az", "ru"} {
		have, err := th.Messages(lang)
		if err != nil {
			t.Fatalf("catalogue %s: %v", lang, err)
		}
		var missing []string
		for id := range used {
			if !have[id] {
				missing = append(missing, id)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("catalogue %s lacks %d messages: %q", lang, len(missing), missing)
		}
	}
}

func TestTranslationsPluralsAndDates(t *testing.T) {
	th, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, time.December, 6, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ got, want string }{
		{th.T("ru", "Nothing has been published yet."), "Пока ничего не опубликовано."},
		{th.T("az", "Search {{.Name}}", "Name", "Masthead"), "Masthead saytında axtarış"},
		{th.T("pt-BR", "Search"), "Search"}, // no catalogue: English
		{th.T("az-Latn", "Search"), "Axtarış"},
		{th.Plural("ru", "{{.Count}} min read", 1), "1 минута чтения"},
		{th.Plural("ru", "{{.Count}} min read", 3), "3 минуты чтения"},
		{th.Plural("ru", "{{.Count}} min read", 5), "5 минут чтения"},
		{th.Plural("ru", "{{.Count}} min read", 21), "21 минута чтения"},
		{th.Plural("ru", "{{.Count}} results", 12), "12 результатов"},
		{th.Plural("az", "{{.Count}} results", 2), "2 nəticə"},
		{th.Plural("en", "{{.Count}} results", 1), "1 result"},
		{th.Date("en", day), "December 6, 2026"},
		{th.Date("ru", day), "6 декабря 2026"},
		{th.Date("az", day), "6 dekabr 2026"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
