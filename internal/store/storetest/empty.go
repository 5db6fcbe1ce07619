package storetest

import (
	"context"
	"testing"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

func testEmpty(t *testing.T, open Opener) {
	tests := []struct {
		name  string
		write func(ctx context.Context, s store.Store) error
		want  bool
	}{
		{"nothing written", func(context.Context, store.Store) error { return nil }, true},
		{"a tag alone", func(ctx context.Context, s store.Store) error {
			return s.CreateTag(ctx, &news.Tag{Name: "Oil", Slug: "oil"})
		}, true},
		{"an author alone", func(ctx context.Context, s store.Store) error {
			return s.CreateAuthor(ctx, &news.Author{Name: "Leyla", Slug: "leyla"})
		}, true},
		{"an image alone", func(ctx context.Context, s store.Store) error {
			return s.CreateImage(ctx, &news.Image{Path: "a.jpg"})
		}, true},
		{"a category", func(ctx context.Context, s store.Store) error {
			return s.CreateCategory(ctx, &news.Category{Name: "News", Slug: "news"})
		}, false},
		{"an article", func(ctx context.Context, s store.Store) error {
			a := published("first", 0)
			return s.CreateArticle(ctx, &a)
		}, false},
		{"a draft page", func(ctx context.Context, s store.Store) error {
			return s.CreatePage(ctx, &news.Page{Title: "About", Slug: "about", Status: news.StatusDraft})
		}, false},
		{"settings", func(ctx context.Context, s store.Store) error {
			return s.SaveSettings(ctx, news.Settings{Name: "Aze Media"})
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			must(t, tt.write(t.Context(), s))
			empty, err := s.Empty(t.Context())
			must(t, err)
			if empty != tt.want {
				t.Errorf("Empty() = %v, want %v", empty, tt.want)
			}
		})
	}

	t.Run("empty again once the only article is deleted", func(t *testing.T) {
		s := open(t)
		a := published("only", 0)
		create(t, s, &a)
		must(t, s.DeleteArticle(t.Context(), a.ID))
		empty, err := s.Empty(t.Context())
		must(t, err)
		if !empty {
			t.Error("Empty() = false after deleting the only article")
		}
	})
}
