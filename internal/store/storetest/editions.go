package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

func testEditions(t *testing.T, open Opener) {
	t.Run("editions round trip in order and are replaced whole", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		if got, err := s.Editions(ctx); err != nil || len(got) != 0 {
			t.Fatalf("a new store's editions = %v, %v; want none", got, err)
		}
		want := []news.Edition{
			{Code: "az", Name: "Azərbaycanca", Dir: news.DirLTR, Position: 1, Tagline: "Gündəlik icmal"},
			{Code: "ru", Name: "Русский", Dir: news.DirLTR, Position: 2, About: "О нас"},
			{Code: "fa", Name: "فارسی", Dir: news.DirRTL, Position: 3},
		}
		must(t, s.SetEditions(ctx, want))
		got, err := s.Editions(ctx)
		must(t, err)
		assertEqual(t, "Editions", got, want)

		must(t, s.SetEditions(ctx, want[:1]))
		got, err = s.Editions(ctx)
		must(t, err)
		assertEqual(t, "Editions after replacing", got, want[:1])
	})

	t.Run("a bad list is refused and changes nothing", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		good := []news.Edition{{Code: "az", Name: "Azərbaycanca", Dir: news.DirLTR}}
		must(t, s.SetEditions(ctx, good))
		for name, bad := range map[string][]news.Edition{
			"repeated code":  {{Code: "ru", Name: "Русский", Dir: "ltr"}, {Code: "ru", Name: "Русский", Dir: "ltr"}},
			"not a language": {{Code: "category", Name: "X", Dir: "ltr"}},
			"no name":        {{Code: "ru", Dir: "ltr"}},
			"bad direction":  {{Code: "ru", Name: "Русский", Dir: "up"}},
		} {
			assertKind(t, s.SetEditions(ctx, bad), news.ErrInvalid, name)
		}
		got, err := s.Editions(ctx)
		must(t, err)
		assertEqual(t, "Editions after refusals", got, good)
	})

	t.Run("sections have names per edition, dropped with the section", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		must(t, s.SetCategoryNames(ctx, w.economy.ID, []news.CategoryName{
			{Lang: "ru", Name: "Экономика", Description: "Деньги"},
			{Lang: "az", Name: "İqtisadiyyat"},
			{Lang: "fr", Name: "  "}, // left empty: no name in French
		}))
		must(t, s.SetCategoryNames(ctx, w.sport.ID, []news.CategoryName{{Lang: "az", Name: "İdman"}}))
		got, err := s.CategoryNames(ctx)
		must(t, err)
		want := []news.CategoryName{
			{CategoryID: w.economy.ID, Lang: "az", Name: "İqtisadiyyat"},
			{CategoryID: w.economy.ID, Lang: "ru", Name: "Экономика", Description: "Деньги"},
			{CategoryID: w.sport.ID, Lang: "az", Name: "İdman"},
		}
		if w.sport.ID < w.economy.ID {
			want = append(want[2:], want[:2]...)
		}
		assertEqual(t, "CategoryNames", got, want)

		assertKind(t, s.SetCategoryNames(ctx, 999999, []news.CategoryName{{Lang: "az", Name: "X"}}), news.ErrNotFound, "unknown category")
		assertKind(t, s.SetCategoryNames(ctx, w.sport.ID, []news.CategoryName{{Lang: "az", Name: "A"}, {Lang: "az", Name: "B"}}),
			news.ErrInvalid, "language named twice")

		must(t, s.DeleteCategory(ctx, w.economy.ID))
		got, err = s.CategoryNames(ctx)
		must(t, err)
		assertEqual(t, "CategoryNames after deleting Economy", got, []news.CategoryName{{CategoryID: w.sport.ID, Lang: "az", Name: "İdman"}})
	})

	t.Run("articles keep their language and translation links", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		en := published("gas-deal", -2*time.Hour)
		create(t, s, &en)
		az := published("qaz-sazisi", -time.Hour)
		az.Lang, az.TranslationGroup, az.TranslatedFrom, az.TranslatorID = "az", en.ID, en.ID, 7
		create(t, s, &az)
		en.TranslationGroup, en.Version = en.ID, 0
		must(t, s.UpdateArticle(ctx, &en))

		got, err := s.Article(ctx, az.ID)
		must(t, err)
		if got.Lang != "az" || got.TranslationGroup != en.ID || got.TranslatedFrom != en.ID || got.TranslatorID != 7 {
			t.Errorf("read back lang %q group %d from %d translator %d", got.Lang, got.TranslationGroup, got.TranslatedFrom, got.TranslatorID)
		}
		group, err := s.ListArticles(ctx, store.ArticleFilter{TranslationGroups: []int64{en.ID}})
		must(t, err)
		if g := slugsOf(group); !slices.Equal(g, []string{"qaz-sazisi", "gas-deal"}) {
			t.Errorf("translation group = %v", g)
		}
	})

	t.Run("lists, counts, related and search keep to the languages asked for", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		mk := func(slug, lang, title string, offset time.Duration) news.Article {
			a := withTerms(story(slug, title, "", "Gas exports. "+filler, offset), cats(w.economy), w.gas)
			a.Lang = lang
			return a
		}
		en1, en2 := mk("en-1", "", "Gas report", -1*time.Hour), mk("en-2", "", "Gas report", -2*time.Hour)
		az1, az2 := mk("az-1", "az", "Gas report", -3*time.Hour), mk("az-2", "az", "Gas report", -4*time.Hour)
		ru1 := mk("ru-1", "ru", "Gas report", -5*time.Hour)
		create(t, s, &en1, &en2, &az1, &az2, &ru1)

		for _, tc := range []struct {
			f    store.ArticleFilter
			want []string
		}{
			{store.ArticleFilter{VisibleAt: now, Langs: []string{""}}, []string{"en-1", "en-2"}},
			{store.ArticleFilter{VisibleAt: now, Langs: []string{"az"}}, []string{"az-1", "az-2"}},
			{store.ArticleFilter{VisibleAt: now, Langs: []string{"az"}, CategoryIDs: []int64{w.economy.ID}, Limit: 1}, []string{"az-1"}},
			{store.ArticleFilter{VisibleAt: now, Langs: []string{"ru"}, TagID: w.gas.ID, Limit: 5}, []string{"ru-1"}},
			{store.ArticleFilter{VisibleAt: now}, []string{"en-1", "en-2", "az-1", "az-2", "ru-1"}},
		} {
			got, err := s.ListArticles(ctx, tc.f)
			must(t, err)
			if g := slugsOf(got); !slices.Equal(g, tc.want) {
				t.Errorf("ListArticles(langs %q, limit %d) = %v, want %v", tc.f.Langs, tc.f.Limit, g, tc.want)
			}
			tc.f.Limit, tc.f.CountLimit = 0, 10
			n, err := s.CountArticles(ctx, tc.f)
			must(t, err)
			if tc.f.CategoryIDs == nil && tc.f.TagID == 0 && n != len(tc.want) {
				t.Errorf("CountArticles(langs %q) = %d, want %d", tc.f.Langs, n, len(tc.want))
			}
		}
		n, err := s.CountArticles(ctx, store.ArticleFilter{VisibleAt: now, Langs: []string{"az"}, CategoryIDs: []int64{w.economy.ID}, CountLimit: 10})
		must(t, err)
		if n != 2 {
			t.Errorf("capped count of az articles in Economy = %d, want 2", n)
		}

		related, err := s.RelatedArticles(ctx, az1, now, 10)
		must(t, err)
		if g := slugsOf(related); !slices.Equal(g, []string{"az-2"}) {
			t.Errorf("related to an az article = %v, want the other az one only", g)
		}
		related, err = s.RelatedArticles(ctx, en1, now, 10)
		must(t, err)
		if g := slugsOf(related); !slices.Equal(g, []string{"en-2"}) {
			t.Errorf("related to a default-language article = %v, want en-2 only", g)
		}

		assertSearch(t, s, "gas", store.SearchFilter{VisibleAt: now, Langs: []string{"az"}}, "az-1", "az-2")
		assertSearch(t, s, "gas", store.SearchFilter{VisibleAt: now, Langs: []string{""}}, "en-1", "en-2")
	})

	t.Run("sitemap entries carry language and group", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		a := published("tercume", -time.Hour)
		a.Lang, a.TranslationGroup = "az", 42
		create(t, s, &a)
		var got []store.ArticleEntry
		must(t, s.EachArticleEntry(ctx, store.EntryFilter{ArticleRange: store.ArticleRange{VisibleAt: now}}, func(e store.ArticleEntry) error {
			got = append(got, e)
			return nil
		}))
		if len(got) != 1 || got[0].Lang != "az" || got[0].TranslationGroup != 42 {
			t.Errorf("entries = %+v", got)
		}
	})

	t.Run("writes log the keys pages of editions depend on", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		got := keysOf(t, s, func() error {
			return s.SetEditions(ctx, []news.Edition{{Code: "az", Name: "Azərbaycanca", Dir: "ltr"}})
		})
		wantKeys(t, "setting editions", got, []string{store.KeyChrome})
		cat := news.Category{Name: "News", Slug: "news"}
		must(t, s.CreateCategory(ctx, &cat))
		got = keysOf(t, s, func() error {
			return s.SetCategoryNames(ctx, cat.ID, []news.CategoryName{{Lang: "az", Name: "Xəbərlər"}})
		})
		wantKeys(t, "naming a section", got, []string{store.KeyChrome})

		en := published("original", -time.Hour)
		create(t, s, &en)
		az := published("tercume", -time.Minute)
		az.Lang, az.Status = "az", news.StatusDraft
		create(t, s, &az)
		got = keysOf(t, s, func() error {
			az.TranslationGroup, az.Version = en.ID, 0
			return s.UpdateArticle(ctx, &az)
		})
		wantKeys(t, "joining a translation group", got, []string{store.ArticleKey(az.ID), store.TranslationsKey(en.ID)})
		got = keysOf(t, s, func() error {
			az.TranslationGroup, az.Version = 0, 0
			return s.UpdateArticle(ctx, &az)
		})
		wantKeys(t, "leaving a translation group", got, []string{store.TranslationsKey(en.ID)})
		got = keysOf(t, s, func() error {
			en.Title, en.Version = "Retitled", 0
			return s.UpdateArticle(ctx, &en)
		})
		wantKeys(t, "editing an article in no group", got, []string{store.ArticleKey(en.ID)}, store.TranslationsKey(en.ID))
	})
}
