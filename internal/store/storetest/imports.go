package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

func testImports(t *testing.T, open Opener) {
	t.Run("a mapping reads back and is replaced by a newer one", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		m := news.ImportMapping{Source: "https://old.example", Kind: "post", SourceID: "42", TargetID: 7, Hash: "aa", ImportedAt: now}
		must(t, s.SetImportMapping(ctx, m))
		got, err := s.ImportMapping(ctx, m.Source, m.Kind, m.SourceID)
		must(t, err)
		assertEqual(t, "mapping", got, m)

		m.TargetID, m.Hash, m.ImportedAt = 8, "bb", now.Add(time.Hour)
		must(t, s.SetImportMapping(ctx, m))
		got, err = s.ImportMapping(ctx, m.Source, m.Kind, m.SourceID)
		must(t, err)
		assertEqual(t, "replaced mapping", got, m)
		n, err := s.CountImportMappings(ctx)
		must(t, err)
		if n != 1 {
			t.Errorf("count = %d after replacing, want 1", n)
		}
	})

	t.Run("source, kind and id each tell mappings apart", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		given := []news.ImportMapping{
			{Source: "https://a.example", Kind: "post", SourceID: "1", TargetID: 1},
			{Source: "https://a.example", Kind: "post", SourceID: "10", TargetID: 2},
			{Source: "https://a.example", Kind: "post", SourceID: "9", TargetID: 3},
			{Source: "https://a.example", Kind: "page", SourceID: "1", TargetID: 4},
			{Source: "https://b.example", Kind: "post", SourceID: "1", TargetID: 5},
		}
		for _, m := range given {
			m.ImportedAt = now
			must(t, s.SetImportMapping(ctx, m))
		}
		got, err := s.ImportMappings(ctx, "https://a.example", "post")
		must(t, err)
		var ids []string
		for _, m := range got {
			ids = append(ids, m.SourceID)
		}
		assertEqual(t, "posts of a, by source id in byte order", ids, []string{"1", "10", "9"})
		page, err := s.ImportMapping(ctx, "https://a.example", "page", "1")
		must(t, err)
		if page.TargetID != 4 {
			t.Errorf("page 1 maps to %d, want 4", page.TargetID)
		}
		other, err := s.ImportMapping(ctx, "https://b.example", "post", "1")
		must(t, err)
		if other.TargetID != 5 {
			t.Errorf("b's post 1 maps to %d, want 5", other.TargetID)
		}
		n, err := s.CountImportMappings(ctx)
		must(t, err)
		if n != len(given) {
			t.Errorf("count = %d, want %d", n, len(given))
		}
		all, err := s.AllImportMappings(ctx)
		must(t, err)
		var keys []string
		for _, m := range all {
			keys = append(keys, m.Source+" "+m.Kind+" "+m.SourceID)
		}
		assertEqual(t, "every mapping, in byte order", keys, []string{
			"https://a.example page 1", "https://a.example post 1", "https://a.example post 10",
			"https://a.example post 9", "https://b.example post 1",
		})
	})

	t.Run("unknown is not found and empty keys are invalid", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		_, err := s.ImportMapping(ctx, "https://a.example", "post", "1")
		assertKind(t, err, news.ErrNotFound, "ImportMapping")
		for _, m := range []news.ImportMapping{
			{Kind: "post", SourceID: "1"}, {Source: "x", SourceID: "1"}, {Source: "x", Kind: "post"},
		} {
			assertKind(t, s.SetImportMapping(ctx, m), news.ErrInvalid, "SetImportMapping")
		}
		got, err := s.ImportMappings(ctx, "x", "post")
		must(t, err)
		if len(got) != 0 {
			t.Errorf("got %d mappings, want none", len(got))
		}
	})

	t.Run("a mapping written in a rolled-back transaction is gone", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		boom := errors.New("stop")
		err := s.Atomic(ctx, func(tx store.Store) error {
			tag := news.Tag{Name: "Oil", Slug: "oil"}
			must(t, tx.CreateTag(ctx, &tag))
			must(t, tx.SetImportMapping(ctx, news.ImportMapping{Source: "x", Kind: "tag", SourceID: "3", TargetID: tag.ID}))
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Atomic = %v, want the function's error", err)
		}
		_, err = s.ImportMapping(ctx, "x", "tag", "3")
		assertKind(t, err, news.ErrNotFound, "mapping after rollback")
		if _, err := s.TagBySlug(ctx, "oil"); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("tag after rollback: %v, want not found", err)
		}
	})
}
