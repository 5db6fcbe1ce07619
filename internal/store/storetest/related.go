package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

func testRelatedArticles(t *testing.T, open Opener) {
	t.Run("ranked by shared tags, then primary category, then recency", func(t *testing.T) {
		s := open(t)
		w := newWorld(t, s)
		source := withTerms(published("source", -time.Hour), cats(w.economy, w.region), w.oil, w.gas, w.cop29)

		twoTags := withTerms(published("two-tags", -10*time.Hour), cats(w.sport), w.oil, w.gas)
		oneTagSamePrimary := withTerms(published("one-tag-same-primary", -9*time.Hour), cats(w.economy), w.oil)
		oneTagNewer := withTerms(published("one-tag-newer", -2*time.Hour), cats(w.sport), w.cop29)
		oneTagOlder := withTerms(published("one-tag-older", -8*time.Hour), cats(w.sport), w.gas, w.football)
		samePrimary := withTerms(published("same-primary-no-tags", -7*time.Hour), cats(w.economy))
		extraCategory := withTerms(published("extra-category-only", -3*time.Hour), cats(w.sport, w.region))
		primaryIsOurExtra := withTerms(published("primary-is-our-extra", -4*time.Hour), cats(w.region))

		draft := withTerms(published("draft-two-tags", -5*time.Hour), cats(w.economy), w.oil, w.gas)
		draft.Status = news.StatusDraft
		future := withTerms(published("future-two-tags", time.Hour), cats(w.economy), w.oil, w.gas)
		unrelated := withTerms(published("unrelated", -6*time.Hour), cats(w.sport), w.football)

		create(t, s, &source, &twoTags, &oneTagSamePrimary, &oneTagNewer, &oneTagOlder, &samePrimary,
			&extraCategory, &primaryIsOurExtra, &draft, &future, &unrelated)

		ranked := []string{"two-tags", "one-tag-same-primary", "one-tag-newer", "one-tag-older",
			"same-primary-no-tags", "extra-category-only", "primary-is-our-extra"}
		tests := []struct {
			name  string
			limit int
			want  []string
		}{
			{"no limit", 0, ranked},
			{"limit keeps the best", 3, ranked[:3]},
			{"limit reaching into category-only matches", 5, ranked[:5]},
			{"limit splitting category-only matches", 6, ranked[:6]},
			{"limit above the number of candidates", 50, ranked},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				arts, err := s.RelatedArticles(t.Context(), source, now, tt.limit)
				must(t, err)
				assertSlugs(t, "RelatedArticles", arts, tt.want...)
			})
		}

		t.Run("related articles carry their relations", func(t *testing.T) {
			arts, err := s.RelatedArticles(t.Context(), source, now, 1)
			must(t, err)
			if len(arts) != 1 {
				t.Fatalf("got %d articles, want 1", len(arts))
			}
			assertEqual(t, "first related", arts[0], stored(twoTags))
		})

		t.Run("later, the future-dated one joins", func(t *testing.T) {
			arts, err := s.RelatedArticles(t.Context(), source, now.Add(2*time.Hour), 2)
			must(t, err)
			assertSlugs(t, "RelatedArticles", arts, "future-two-tags", "two-tags")
		})
	})

	t.Run("each tag's newest articles are its candidates", func(t *testing.T) {
		s := open(t)
		w := newWorld(t, s)
		// The oldest article with the tag, in a section of its own, then
		old := withTerms(published("old-oil", -1000*time.Hour), cats(w.economy), w.oil)
		create(t, s, &old)
		// a window's worth of newer ones (newer holds them newest first, as
		// ranked), created in publication order like most articles: the
		// window follows ids.
		newer := make([]string, store.RelatedTagWindow)
		for i := len(newer) - 1; i >= 0; i-- {
			a := withTerms(published(fmt.Sprintf("oil-%03d", i), -time.Duration(i+1)*time.Minute), cats(w.region), w.oil)
			create(t, s, &a)
			newer[i] = a.Slug
		}
		source := withTerms(published("source", 0), cats(w.sport), w.oil) // unsaved

		t.Run("an older one beyond the window is not considered", func(t *testing.T) {
			arts, err := s.RelatedArticles(t.Context(), source, now, 0)
			must(t, err)
			assertSlugs(t, "RelatedArticles", arts, newer...)
		})

		t.Run("a newer one enters the window, pushing the oldest out", func(t *testing.T) {
			latest := withTerms(published("latest-oil", -time.Second), cats(w.region), w.oil)
			create(t, s, &latest)
			arts, err := s.RelatedArticles(t.Context(), source, now, 0)
			must(t, err)
			assertSlugs(t, "RelatedArticles", arts, append([]string{"latest-oil"}, newer[:len(newer)-1]...)...)
		})

		t.Run("an older one in the source's section is considered, its tags counted", func(t *testing.T) {
			inEconomy := withTerms(source, cats(w.economy), w.oil)
			arts, err := s.RelatedArticles(t.Context(), inEconomy, now, 3)
			must(t, err)
			assertSlugs(t, "RelatedArticles", arts, "old-oil", "latest-oil", newer[0])
		})
	})

	t.Run("an article with sections and no tags lists each story once", func(t *testing.T) {
		s := open(t)
		w := newWorld(t, s)
		// Both are among the newest in the source's sections and in its
		// primary section: two lists of candidates, one story each.
		source := withTerms(published("untagged-source", -time.Hour), cats(w.economy, w.region))
		first := withTerms(published("in-both-first", -2*time.Hour), cats(w.economy))
		second := withTerms(published("in-both-second", -3*time.Hour), cats(w.economy, w.region))
		create(t, s, &source, &first, &second)
		arts, err := s.RelatedArticles(t.Context(), source, now, 5)
		must(t, err)
		assertSlugs(t, "RelatedArticles", arts, "in-both-first", "in-both-second")
	})

	t.Run("an article with no tags or categories has none", func(t *testing.T) {
		s := open(t)
		w := newWorld(t, s)
		lonely := published("lonely", -time.Hour)
		other := withTerms(published("other", -2*time.Hour), cats(w.news), w.oil)
		create(t, s, &lonely, &other)
		arts, err := s.RelatedArticles(t.Context(), lonely, now, 5)
		must(t, err)
		assertSlugs(t, "RelatedArticles", arts)
	})
}
