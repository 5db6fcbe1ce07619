package storetest

import (
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

func testCategories(t *testing.T, open Opener) {
	t.Run("all categories come back by parent, position and name", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		world := news.Category{Name: "World", Slug: "world", Description: "Abroad", Position: 2}
		local := news.Category{Name: "Local", Slug: "local", Position: 1}
		must(t, s.CreateCategory(ctx, &world))
		must(t, s.CreateCategory(ctx, &local))
		europe := news.Category{ParentID: world.ID, Name: "Europe", Slug: "europe", Position: 5}
		asia := news.Category{ParentID: world.ID, Name: "Asia", Slug: "asia", Position: 5}
		africa := news.Category{ParentID: world.ID, Name: "Africa", Slug: "africa", Position: 9}
		for _, c := range []*news.Category{&europe, &asia, &africa} {
			must(t, s.CreateCategory(ctx, c))
		}
		for _, c := range []news.Category{world, local, europe} {
			if c.ID == 0 {
				t.Fatalf("CreateCategory left the ID of %q zero", c.Slug)
			}
		}
		got, err := s.AllCategories(ctx)
		must(t, err)
		assertEqual(t, "AllCategories", got, []news.Category{local, world, asia, europe, africa})
		tree := news.NewCategoryTree(got)
		if c, ok := tree.ByPath("world/asia"); !ok || c.ID != asia.ID {
			t.Errorf("tree path world/asia = %+v, %v", c, ok)
		}
	})

	t.Run("slugs are unique among siblings only", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		newsCat := news.Category{Name: "News", Slug: "news"}
		sport := news.Category{Name: "Sport", Slug: "sport"}
		must(t, s.CreateCategory(ctx, &newsCat))
		must(t, s.CreateCategory(ctx, &sport))
		newsEconomy := news.Category{ParentID: newsCat.ID, Name: "Economy", Slug: "economy"}
		must(t, s.CreateCategory(ctx, &newsEconomy))
		cousin := news.Category{ParentID: sport.ID, Name: "Economy of sport", Slug: "economy"}
		must(t, s.CreateCategory(ctx, &cousin))

		tests := []struct {
			name string
			c    news.Category
		}{
			{"two top-level categories", news.Category{Name: "News again", Slug: "news"}},
			{"two children of one parent", news.Category{ParentID: newsCat.ID, Name: "Economy 2", Slug: "economy"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				assertKind(t, s.CreateCategory(ctx, &tt.c), news.ErrConflict, "CreateCategory")
			})
		}
		t.Run("moving next to a namesake", func(t *testing.T) {
			moved := cousin
			moved.ParentID = newsCat.ID
			assertKind(t, s.UpdateCategory(ctx, &moved), news.ErrConflict, "UpdateCategory")
		})
	})

	t.Run("update renames and moves", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		w.economy.ParentID, w.economy.Name, w.economy.Slug = w.region.ID, "Business", "business"
		w.economy.Description, w.economy.Position = "Money matters", 7
		must(t, s.UpdateCategory(ctx, &w.economy))
		w.economy.ParentID = 0
		must(t, s.UpdateCategory(ctx, &w.economy))
		got, err := s.AllCategories(ctx)
		must(t, err)
		tree := news.NewCategoryTree(got)
		c, ok := tree.ByID(w.economy.ID)
		if !ok {
			t.Fatal("updated category missing")
		}
		assertEqual(t, "updated category", c, w.economy)
	})

	t.Run("bad updates are refused", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		banks := news.Category{ParentID: w.economy.ID, Name: "Banks", Slug: "banks"}
		must(t, s.CreateCategory(ctx, &banks))
		tests := []struct {
			name string
			c    news.Category
			kind error
		}{
			{"missing category", news.Category{ID: 9999, Name: "X", Slug: "x"}, news.ErrNotFound},
			{"unknown parent", news.Category{ID: w.sport.ID, ParentID: 9999, Name: "Sport", Slug: "sport"}, news.ErrInvalid},
			{"own parent", news.Category{ID: w.sport.ID, ParentID: w.sport.ID, Name: "Sport", Slug: "sport"}, news.ErrInvalid},
			{"under its own grandchild", news.Category{ID: w.news.ID, ParentID: banks.ID, Name: "News", Slug: "news"}, news.ErrInvalid},
			{"empty name", news.Category{ID: w.sport.ID, Slug: "sport"}, news.ErrInvalid},
			{"empty slug", news.Category{ID: w.sport.ID, Name: "Sport"}, news.ErrInvalid},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				assertKind(t, s.UpdateCategory(ctx, &tt.c), tt.kind, "UpdateCategory")
			})
		}
		got, err := s.AllCategories(ctx)
		must(t, err)
		assertEqual(t, "categories after refused updates", got,
			[]news.Category{w.news, w.sport, w.region, w.economy, banks})
	})

	t.Run("create with unknown parent is invalid", func(t *testing.T) {
		s := open(t)
		c := news.Category{ParentID: 9999, Name: "Orphan", Slug: "orphan"}
		assertKind(t, s.CreateCategory(t.Context(), &c), news.ErrInvalid, "CreateCategory")
	})

	t.Run("delete moves children up and unlinks articles", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		banks := news.Category{ParentID: w.economy.ID, Name: "Banks", Slug: "banks"}
		must(t, s.CreateCategory(ctx, &banks))
		primary := withTerms(published("economy-first", -time.Hour), cats(w.economy, w.sport, w.region))
		extra := withTerms(published("economy-extra", -2*time.Hour), cats(w.region, w.economy))
		only := withTerms(published("economy-only", -3*time.Hour), cats(w.economy))
		create(t, s, &primary, &extra, &only)

		must(t, s.DeleteCategory(ctx, w.economy.ID))

		got, err := s.AllCategories(ctx)
		must(t, err)
		banks.ParentID = w.news.ID
		assertEqual(t, "categories", got, []news.Category{w.news, w.sport, w.region, banks})

		for _, tt := range []struct {
			a    news.Article
			want []news.Category
		}{
			{primary, cats(w.sport, w.region)},
			{extra, cats(w.region)},
			{only, nil},
		} {
			a, err := s.Article(ctx, tt.a.ID)
			must(t, err)
			assertEqual(t, tt.a.Slug+" categories", a.Categories, tt.want)
		}
		// The next category up became primary for filtering too.
		assertList(t, s, store.ArticleFilter{PrimaryCategoryIDs: []int64{w.sport.ID}}, "economy-first")
		assertList(t, s, store.ArticleFilter{PrimaryCategoryIDs: []int64{w.region.ID}}, "economy-extra")
	})

	t.Run("deleting a top-level category makes its children top-level", func(t *testing.T) {
		s := open(t)
		w := newWorld(t, s)
		must(t, s.DeleteCategory(t.Context(), w.news.ID))
		got, err := s.AllCategories(t.Context())
		must(t, err)
		w.economy.ParentID = 0
		assertEqual(t, "categories", got, []news.Category{w.economy, w.sport, w.region})
	})

	t.Run("delete of a missing category is not found", func(t *testing.T) {
		s := open(t)
		assertKind(t, s.DeleteCategory(t.Context(), 9999), news.ErrNotFound, "DeleteCategory")
	})
}
