package storetest

import (
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// fullArticle sets every field, with relations in an order that differs
// from their ids, so that a backend sorting by id instead of position
// fails.
func fullArticle(w *world) news.Article {
	return news.Article{
		Title:       "Caspian output falls for a third month",
		Slug:        "caspian-output-falls",
		Standfirst:  "Ageing fields and maintenance cut production.",
		Body:        "<p>Output fell again in February.</p>",
		WordCount:   812,
		Status:      news.StatusPublished,
		PublishedAt: time.Date(2025, time.March, 14, 12, 30, 0, 0, baku),
		UpdatedAt:   now.Add(3 * time.Hour),
		Categories:  cats(w.region, w.economy),
		Tags:        []news.Tag{w.gas, w.oil},
		Authors:     []news.Author{w.guest, w.leyla},
		Image:       &w.photo,
		Source: news.Attribution{
			Kind:           news.Translation,
			Publication:    "Eurasia Daily Monitor",
			URL:            "https://example.org/original",
			Language:       "az",
			Translator:     "Nigar Huseynova",
			OriginalAuthor: "Rauf Quliyev",
			Note:           "Translated with permission.",
			Canonical:      true,
		},
		SEOTitle:       "Caspian oil output falls",
		SEODescription: "Production fell for a third month.",
	}
}

// stored is what a backend must give back for a: the same fields, with
// times in UTC.
func stored(a news.Article) news.Article {
	a.PublishedAt, a.UpdatedAt, a.CreatedAt = a.PublishedAt.UTC(), a.UpdatedAt.UTC(), a.CreatedAt.UTC()
	return a
}

func testArticles(t *testing.T, open Opener) {
	t.Run("create sets ID and CreatedAt and every field reads back", func(t *testing.T) {
		s := open(t)
		w := newWorld(t, s)
		a := fullArticle(w)
		before := time.Now().Add(-time.Second)
		must(t, s.CreateArticle(t.Context(), &a))
		if a.ID == 0 {
			t.Fatal("CreateArticle left ID zero")
		}
		if a.CreatedAt.Before(before) || a.CreatedAt.After(time.Now().Add(time.Second)) {
			t.Errorf("CreatedAt = %v, want about now", a.CreatedAt)
		}
		byID, err := s.Article(t.Context(), a.ID)
		must(t, err)
		assertEqual(t, "Article(id)", byID, stored(a))
		bySlug, err := s.ArticleBySlug(t.Context(), a.Slug)
		must(t, err)
		assertEqual(t, "ArticleBySlug", bySlug, stored(a))
		if loc := byID.PublishedAt.Location(); loc != time.UTC {
			t.Errorf("PublishedAt comes back in %v, want UTC", loc)
		}
	})

	t.Run("create keeps a CreatedAt given by an importer", func(t *testing.T) {
		s := open(t)
		a := published("imported", -time.Hour)
		a.CreatedAt = now.Add(-365 * 24 * time.Hour)
		must(t, s.CreateArticle(t.Context(), &a))
		got, err := s.Article(t.Context(), a.ID)
		must(t, err)
		assertEqual(t, "CreatedAt", got.CreatedAt, now.Add(-365*24*time.Hour))
	})

	t.Run("a draft without dates reads back with zero times", func(t *testing.T) {
		s := open(t)
		a := news.Article{Title: "Untitled", Slug: "untitled", Status: news.StatusDraft}
		must(t, s.CreateArticle(t.Context(), &a))
		got, err := s.Article(t.Context(), a.ID)
		must(t, err)
		if !got.PublishedAt.IsZero() || !got.UpdatedAt.IsZero() {
			t.Errorf("got PublishedAt %v, UpdatedAt %v; want zero times", got.PublishedAt, got.UpdatedAt)
		}
		if got.Image != nil || len(got.Categories)+len(got.Tags)+len(got.Authors) != 0 {
			t.Errorf("draft without relations came back with some: %+v", got)
		}
	})

	t.Run("update replaces fields and relations", func(t *testing.T) {
		s := open(t)
		w := newWorld(t, s)
		a := fullArticle(w)
		must(t, s.CreateArticle(t.Context(), &a))

		a.Title, a.Slug, a.Body, a.WordCount = "Output recovers", "output-recovers", "<p>Up.</p>", 300
		a.Status = news.StatusDraft
		a.PublishedAt = time.Time{}
		a.Categories = cats(w.economy, w.sport, w.region) // extra becomes primary
		a.Tags = []news.Tag{w.cop29}
		a.Authors = []news.Author{w.leyla, w.tural, w.guest}
		a.Image = nil
		a.Source = news.Attribution{}
		a.SEOTitle, a.SEODescription = "", ""
		must(t, s.UpdateArticle(t.Context(), &a))

		got, err := s.Article(t.Context(), a.ID)
		must(t, err)
		assertEqual(t, "updated article", got, stored(a))
		if _, err := s.ArticleBySlug(t.Context(), "caspian-output-falls"); err == nil {
			t.Error("old slug still finds the article after the slug changed")
		}
	})

	t.Run("delete removes the article", func(t *testing.T) {
		s := open(t)
		w := newWorld(t, s)
		a := fullArticle(w)
		must(t, s.CreateArticle(t.Context(), &a))
		must(t, s.DeleteArticle(t.Context(), a.ID))
		_, err := s.Article(t.Context(), a.ID)
		assertKind(t, err, news.ErrNotFound, "Article after delete")
		assertKind(t, s.DeleteArticle(t.Context(), a.ID), news.ErrNotFound, "second delete")
		// The relations' targets stay.
		if _, err := s.TagBySlug(t.Context(), w.gas.Slug); err != nil {
			t.Errorf("tag gone with the article: %v", err)
		}
	})

	t.Run("missing articles are not found", func(t *testing.T) {
		s := open(t)
		_, err := s.Article(t.Context(), 404)
		assertKind(t, err, news.ErrNotFound, "Article")
		_, err = s.ArticleBySlug(t.Context(), "no-such-story")
		assertKind(t, err, news.ErrNotFound, "ArticleBySlug")
		missing := published("ghost", 0)
		missing.ID = 404
		assertKind(t, s.UpdateArticle(t.Context(), &missing), news.ErrNotFound, "UpdateArticle")
		assertKind(t, s.DeleteArticle(t.Context(), 404), news.ErrNotFound, "DeleteArticle")
	})

	t.Run("a taken slug is a conflict", func(t *testing.T) {
		s := open(t)
		first, second := published("same", 0), published("other", 0)
		create(t, s, &first, &second)
		dup := published("same", time.Hour)
		assertKind(t, s.CreateArticle(t.Context(), &dup), news.ErrConflict, "create with taken slug")
		second.Slug = "same"
		assertKind(t, s.UpdateArticle(t.Context(), &second), news.ErrConflict, "update to taken slug")
		got, err := s.Article(t.Context(), second.ID)
		must(t, err)
		if got.Slug != "other" {
			t.Errorf("failed update changed the slug to %q", got.Slug)
		}
	})

	t.Run("unknown related ids are invalid and write nothing", func(t *testing.T) {
		tests := []struct {
			name  string
			spoil func(a *news.Article)
		}{
			{"category", func(a *news.Article) { a.Categories = append(a.Categories, news.Category{ID: 9999}) }},
			{"tag", func(a *news.Article) { a.Tags = append(a.Tags, news.Tag{ID: 9999}) }},
			{"author", func(a *news.Article) { a.Authors = append(a.Authors, news.Author{ID: 9999}) }},
			{"image", func(a *news.Article) { a.Image = &news.Image{ID: 9999} }},
			{"repeated category", func(a *news.Article) { a.Categories = append(a.Categories, a.Categories[0]) }},
			{"repeated tag", func(a *news.Article) { a.Tags = append(a.Tags, a.Tags[0]) }},
			{"repeated author", func(a *news.Article) { a.Authors = append(a.Authors, a.Authors[0]) }},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := open(t)
				w := newWorld(t, s)
				a := fullArticle(w)
				tt.spoil(&a)
				assertKind(t, s.CreateArticle(t.Context(), &a), news.ErrInvalid, "CreateArticle")
				assertNoArticles(t, s)

				good := fullArticle(w)
				must(t, s.CreateArticle(t.Context(), &good))
				bad := fullArticle(w)
				bad.ID, bad.Title = good.ID, "Changed"
				tt.spoil(&bad)
				assertKind(t, s.UpdateArticle(t.Context(), &bad), news.ErrInvalid, "UpdateArticle")
				got, err := s.Article(t.Context(), good.ID)
				must(t, err)
				assertEqual(t, "article after failed update", got, stored(good))
			})
		}
	})

	t.Run("incomplete articles are invalid", func(t *testing.T) {
		tests := []struct {
			name string
			a    news.Article
		}{
			{"empty title", news.Article{Slug: "s", Status: news.StatusDraft}},
			{"empty slug", news.Article{Title: "T", Status: news.StatusDraft}},
			{"no status", news.Article{Title: "T", Slug: "s"}},
			{"unknown status", news.Article{Title: "T", Slug: "s", Status: "archived"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := open(t)
				assertKind(t, s.CreateArticle(t.Context(), &tt.a), news.ErrInvalid, "CreateArticle")
				assertNoArticles(t, s)
			})
		}
	})
}

func assertNoArticles(t testing.TB, s store.Store) {
	t.Helper()
	n, err := s.CountArticles(t.Context(), store.ArticleFilter{})
	must(t, err)
	if n != 0 {
		t.Errorf("%d articles stored after a failed write, want 0", n)
	}
}
