package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

func TestTranslateMakesALinkedDraftBesideTheOriginal(t *testing.T) {
	n := newNewsroom(t)
	ctx := context.Background()
	st := n.main.Store
	if err := st.SaveSettings(ctx, news.Settings{Name: "Caspian Digest", Language: "en"}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetEditions(ctx, []news.Edition{{Code: "az", Name: "Azərbaycanca", Dir: "ltr"}, {Code: "ru", Name: "Русский", Dir: "ltr"}}); err != nil {
		t.Fatal(err)
	}
	orig := news.Article{Title: "Gas deal signed", Slug: "gas-deal", Standfirst: "A long-awaited deal.", Body: "<p>The original text.</p>",
		Status: news.StatusPublished, PublishedAt: time.Now().Add(-time.Hour).UTC().Truncate(time.Second)}
	if err := st.CreateArticle(ctx, &orig); err != nil {
		t.Fatal(err)
	}
	author, authorID := n.staff("author@example.org", "Nigar Author", "author")
	editor := n.signInAs("editor")

	_, page := n.do(editor, "GET", fmt.Sprintf("/admin/articles/%d/", orig.ID), nil)
	if !strings.Contains(page, `action="/admin/articles/`+fmt.Sprint(orig.ID)+`/translate"`) || !strings.Contains(page, `<option value="az">`) {
		t.Fatalf("the editor offers no Translate into az:\n%s", page)
	}
	// An author may not edit the original, but may translate it.

	resp, _ := n.do(author, "POST", fmt.Sprintf("/admin/articles/%d/translate", orig.ID), url.Values{"lang": {"az"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("translate: status %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	var draftID int64
	if _, err := fmt.Sscanf(loc, "/admin/articles/%d/", &draftID); err != nil {
		t.Fatalf("translate sent the browser to %q", loc)
	}
	draft, err := st.Article(ctx, draftID)
	if err != nil {
		t.Fatal(err)
	}
	if draft.Lang != "az" || draft.Status != news.StatusDraft || draft.TranslatedFrom != orig.ID ||
		draft.TranslatorID != authorID || draft.TranslationGroup != orig.ID {
		t.Errorf("draft: lang %q status %s from %d translator %d (want %d) group %d", draft.Lang, draft.Status,
			draft.TranslatedFrom, draft.TranslatorID, authorID, draft.TranslationGroup)
	}
	if got, _ := st.Article(ctx, orig.ID); got.TranslationGroup != orig.ID {
		t.Errorf("the original's group = %d, want its own id", got.TranslationGroup)
	}

	_, editorPage := n.do(author, "GET", loc, nil)
	for _, want := range []string{`class="translation-layout"`, `<section class="original"`, `lang="en"`, "The original text.", "Azərbaycanca (az)"} {
		if !strings.Contains(editorPage, want) {
			t.Errorf("the translation's editor lacks %q", want)
		}
	}

	// Saving from the editor keeps the language and the links.
	form := url.Values{"title": {"Qaz sazişi imzalandı"}, "body": {"<p>Tərcümə.</p>"}, "version": {fmt.Sprint(draft.Version)}, "step": {""}}
	n.posted(author, fmt.Sprintf("/admin/articles/%d/", draftID), form)
	saved, _ := st.Article(ctx, draftID)
	if saved.Title != "Qaz sazişi imzalandı" || saved.Lang != "az" || saved.TranslatedFrom != orig.ID || saved.TranslationGroup != orig.ID {
		t.Errorf("after a save: title %q lang %q from %d group %d", saved.Title, saved.Lang, saved.TranslatedFrom, saved.TranslationGroup)
	}

	// A second translation into az opens the first; an unknown edition is refused.
	resp, _ = n.do(author, "POST", fmt.Sprintf("/admin/articles/%d/translate", orig.ID), url.Values{"lang": {"az"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != fmt.Sprintf("/admin/articles/%d/", draftID) {
		t.Errorf("translating into az again: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, _ = n.do(author, "POST", fmt.Sprintf("/admin/articles/%d/translate", orig.ID), url.Values{"lang": {"xx"}})
	if resp.StatusCode < 400 {
		t.Errorf("translating into an unknown edition: status %d", resp.StatusCode)
	}
	all, _ := st.ListArticles(ctx, store.ArticleFilter{})
	if len(all) != 2 {
		t.Errorf("%d articles after the refusals, want 2", len(all))
	}

	_, list := n.do(editor, "GET", "/admin/articles/?lang=az", nil)
	if !strings.Contains(list, "Qaz sazişi imzalandı") || strings.Contains(list, ">Gas deal signed<") {
		t.Errorf("the list filtered to az should show the translation only")
	}

	// Editions are the administrator's to set.
	if resp, _ := n.do(author, "GET", "/admin/editions", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an author opening the editions page: status %d, want 403", resp.StatusCode)
	}
	admin := n.signInAs("administrator")
	n.posted(admin, "/admin/editions", url.Values{
		"code1": {"az"}, "name1": {"Azərbaycanca"}, "dir1": {"ltr"}, "position1": {"1"},
		"code2": {"fa"}, "name2": {"فارسی"}, "dir2": {"rtl"}, "position2": {"2"},
		"code3": {""}, "name3": {""},
	})
	eds, _ := st.Editions(ctx)
	if len(eds) != 2 || eds[1].Code != "fa" || eds[1].Dir != "rtl" {
		t.Errorf("editions after the form = %+v", eds)
	}
	resp, _ = n.do(admin, "POST", "/admin/editions", url.Values{"code1": {"not a code"}, "name1": {"X"}, "dir1": {"ltr"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a bad edition code: status %d, want 422", resp.StatusCode)
	}
	if again, _ := st.Editions(ctx); len(again) != 2 {
		t.Errorf("a refused form changed the editions: %+v", again)
	}
}

// TestAttributionSpeaksThePagesLanguage: the box crediting the original
// of a translation on an Azerbaijani page is in Azerbaijani, with the
// original's language named in Azerbaijani, and the same story's box on
// an English page reads as English.
func TestAttributionSpeaksThePagesLanguage(t *testing.T) {
	n := newNewsroom(t)
	ctx := t.Context()
	st := n.main.Store
	must(t, st.SaveSettings(ctx, news.Settings{Name: "Caspian Digest", Language: "en", TimeZone: "UTC"}))
	must(t, st.SetEditions(ctx, []news.Edition{{Code: "az", Name: "Azərbaycanca", Dir: "ltr"}}))
	source := news.Attribution{Kind: news.Translation, Publication: "Eurasia Review", URL: "https://eurasia.example/story",
		Language: "en", Translator: "Aynur Məmmədova", OriginalAuthor: "Rauf Quliyev"}
	when := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	az := news.Article{Title: "Bərə xətti açıldı", Slug: "bere-xetti", Body: "<p>Mətn.</p>", Lang: "az",
		Status: news.StatusPublished, PublishedAt: when, Source: source}
	must(t, st.CreateArticle(ctx, &az))
	source.Language = "az"
	en := news.Article{Title: "Ferry line opens", Slug: "ferry-line", Body: "<p>Text.</p>",
		Status: news.StatusPublished, PublishedAt: when, Source: source}
	must(t, st.CreateArticle(ctx, &en))

	for _, c := range []struct {
		path, label string
		want        []string
	}{
		{"/az" + news.ArticlePath(az, time.UTC), "Tərcümənin mənbəyi",
			[]string{"Tərcümə", "Tərcümə: Aynur Məmmədova; orijinalın dili: ingilis.", "Müəllif: Rauf Quliyev. İlk dəfə dərc olunduğu yer: Eurasia Review."}},
		{news.ArticlePath(en, time.UTC), "Translation source",
			[]string{"Translated article", "Translated from Azerbaijani by Aynur Məmmədova.", "Originally published by Rauf Quliyev in Eurasia Review."}},
	} {
		status, body := n.reader(c.path)
		if status != http.StatusOK {
			t.Fatalf("%s: %d", c.path, status)
		}
		aside := parseHTML(t, body).Find("aside.attribution")
		text := strings.Join(strings.Fields(aside.Text()), " ")
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: attribution %q lacks %q", c.path, text, w)
			}
		}
		if got := aside.AttrOr("aria-label", ""); got != c.label {
			t.Errorf("%s: attribution labelled %q, want %q", c.path, got, c.label)
		}
		if href := aside.Find("a").AttrOr("href", ""); href != source.URL {
			t.Errorf("%s: attribution links to %q", c.path, href)
		}
	}
}
