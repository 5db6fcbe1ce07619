package storetest

import (
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

func testTags(t *testing.T, open Opener) {
	t.Run("create, read by slug and list by name", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		karabakh := news.Tag{Name: "Karabakh", Slug: "karabakh", Description: "The region and the conflict"}
		cop := news.Tag{Name: "COP29", Slug: "cop29"}
		baku := news.Tag{Name: "Baku", Slug: "baku"}
		for _, tag := range []*news.Tag{&karabakh, &cop, &baku} {
			must(t, s.CreateTag(ctx, tag))
			if tag.ID == 0 {
				t.Fatalf("CreateTag left the ID of %q zero", tag.Slug)
			}
		}
		got, err := s.TagBySlug(ctx, "karabakh")
		must(t, err)
		assertEqual(t, "TagBySlug", got, karabakh)
		all, err := s.AllTags(ctx)
		must(t, err)
		assertEqual(t, "AllTags", all, []news.Tag{baku, cop, karabakh})
	})

	t.Run("update, conflict and not found", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		oil, gas := news.Tag{Name: "Oil", Slug: "oil"}, news.Tag{Name: "Gas", Slug: "gas"}
		must(t, s.CreateTag(ctx, &oil))
		must(t, s.CreateTag(ctx, &gas))

		oil.Name, oil.Slug, oil.Description = "Crude oil", "crude-oil", "Brent and Azeri Light"
		must(t, s.UpdateTag(ctx, &oil))
		got, err := s.TagBySlug(ctx, "crude-oil")
		must(t, err)
		assertEqual(t, "updated tag", got, oil)

		dup := news.Tag{Name: "Gas again", Slug: "gas"}
		assertKind(t, s.CreateTag(ctx, &dup), news.ErrConflict, "create with taken slug")
		oil.Slug = "gas"
		assertKind(t, s.UpdateTag(ctx, &oil), news.ErrConflict, "update to taken slug")
		missing := news.Tag{ID: 9999, Name: "X", Slug: "x"}
		assertKind(t, s.UpdateTag(ctx, &missing), news.ErrNotFound, "update missing")
		_, err = s.TagBySlug(ctx, "oil")
		assertKind(t, err, news.ErrNotFound, "old slug")
		empty := news.Tag{Name: "No slug"}
		assertKind(t, s.CreateTag(ctx, &empty), news.ErrInvalid, "empty slug")
	})

	t.Run("delete unlinks the tag from articles", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		a := withTerms(published("tagged", -time.Hour), nil, w.oil, w.gas, w.cop29)
		create(t, s, &a)
		must(t, s.DeleteTag(ctx, w.gas.ID))
		got, err := s.Article(ctx, a.ID)
		must(t, err)
		assertEqual(t, "tags after delete", got.Tags, []news.Tag{w.oil, w.cop29})
		_, err = s.TagBySlug(ctx, "gas")
		assertKind(t, err, news.ErrNotFound, "deleted tag")
		assertKind(t, s.DeleteTag(ctx, w.gas.ID), news.ErrNotFound, "second delete")
	})
}
