package storetest

import (
	"maps"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

func testTagMerge(t *testing.T, open Opener) {
	t.Run("articles of the source gain the target and the source goes", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		onlyGas := withTerms(published("only-gas", -time.Hour), nil, w.oil, w.gas, w.cop29)
		both := withTerms(published("both", -2*time.Hour), nil, w.football, w.gas, w.oil)
		neither := withTerms(published("neither", -3*time.Hour), nil, w.cop29)
		create(t, s, &onlyGas, &both, &neither)

		must(t, s.MergeTags(ctx, w.gas.ID, w.football.ID))

		got, err := s.Article(ctx, onlyGas.ID)
		must(t, err)
		assertEqual(t, "tags of an article that had only the source", got.Tags, []news.Tag{w.oil, w.football, w.cop29})
		got, err = s.Article(ctx, both.ID)
		must(t, err)
		assertEqual(t, "tags of an article that had both", got.Tags, []news.Tag{w.football, w.oil})
		got, err = s.Article(ctx, neither.ID)
		must(t, err)
		assertEqual(t, "tags of an untouched article", got.Tags, []news.Tag{w.cop29})

		_, err = s.TagBySlug(ctx, "gas")
		assertKind(t, err, news.ErrNotFound, "merged tag")
		assertList(t, s, store.ArticleFilter{TagID: w.football.ID}, "only-gas", "both")
		counts, err := s.TagArticleCounts(ctx)
		must(t, err)
		want := map[int64]int{w.oil.ID: 2, w.football.ID: 2, w.cop29.ID: 2}
		if !maps.Equal(counts, want) {
			t.Errorf("counts after merge: got %v, want %v", counts, want)
		}
	})

	t.Run("the search index follows the merge", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		a := withTerms(story("pipeline", "Pipeline opens", "", filler, -time.Hour), nil, w.gas)
		create(t, s, &a)
		assertSearch(t, s, "football ", store.SearchFilter{})
		must(t, s.MergeTags(ctx, w.gas.ID, w.football.ID))
		assertQueued(t, s, a.ID)
		drainReindex(t, s)
		assertSearch(t, s, "football ", store.SearchFilter{}, "pipeline")
		assertSearch(t, s, "pipeline ", store.SearchFilter{TagID: w.football.ID}, "pipeline")
	})

	t.Run("a bad merge changes nothing", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		a := withTerms(published("tagged", -time.Hour), nil, w.gas)
		create(t, s, &a)
		assertKind(t, s.MergeTags(ctx, w.gas.ID, w.gas.ID), news.ErrInvalid, "merge into itself")
		assertKind(t, s.MergeTags(ctx, w.gas.ID, 9999), news.ErrNotFound, "merge into a missing tag")
		assertKind(t, s.MergeTags(ctx, 9999, w.gas.ID), news.ErrNotFound, "merge a missing tag")
		got, err := s.Article(ctx, a.ID)
		must(t, err)
		assertEqual(t, "tags after refused merges", got.Tags, []news.Tag{w.gas})
		all, err := s.AllTags(ctx)
		must(t, err)
		if len(all) != 4 {
			t.Errorf("refused merges left %d tags, want 4", len(all))
		}
	})

	t.Run("a merge inside Atomic rolls back with it", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		a := withTerms(published("tagged", -time.Hour), nil, w.gas)
		create(t, s, &a)
		err := s.Atomic(ctx, func(tx store.Store) error {
			if err := tx.MergeTags(ctx, w.gas.ID, w.oil.ID); err != nil {
				return err
			}
			return news.ErrConflict
		})
		assertKind(t, err, news.ErrConflict, "atomic merge")
		got, err := s.Article(ctx, a.ID)
		must(t, err)
		assertEqual(t, "tags after a rolled-back merge", got.Tags, []news.Tag{w.gas})
	})
}
