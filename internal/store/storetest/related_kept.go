package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// keptReader is one of the two calls that read (and keep) an article's
// related list.
type keptReader func(t *testing.T, s store.Store, a news.Article, at time.Time, limit int) []news.Article

// keptRelated reads a's list with KeptRelatedArticles.
func keptRelated(t *testing.T, s store.Store, a news.Article, at time.Time, limit int) []news.Article {
	t.Helper()
	got, err := s.KeptRelatedArticles(t.Context(), a, at, limit)
	must(t, err)
	return got
}

// pageRelated reads a's list with ArticleWithRelated, which must read a
// as ArticleBySlug does.
func pageRelated(t *testing.T, s store.Store, a news.Article, at time.Time, limit int) []news.Article {
	t.Helper()
	page, got, err := s.ArticleWithRelated(t.Context(), a.Slug, at, limit)
	must(t, err)
	assertEqual(t, "ArticleWithRelated's article", page, a)
	return got
}

// testKeptRelatedArticles checks that the related list a backend keeps
// between article pages is, after every kind of change, the one ranking
// would give: each step changes the publication and then asks with both
// KeptRelatedArticles and ArticleWithRelated, first the one the test
// names (which meets a list the change made stale), and once without
// keeping.
func testKeptRelatedArticles(t *testing.T, open Opener, first keptReader) {
	s := open(t)
	w := newWorld(t, s)
	ctx := t.Context()

	source := withTerms(published("source", -time.Hour), cats(w.economy, w.region), w.oil, w.gas)
	twoTags := withTerms(published("two-tags", -10*time.Hour), cats(w.sport), w.oil, w.gas)
	twoTags.Image, twoTags.Authors = &w.photo, []news.Author{w.leyla, w.tural}
	oilEconomy := withTerms(published("oil-economy", -9*time.Hour), cats(w.economy), w.oil)
	gasSport := withTerms(published("gas-sport", -8*time.Hour), cats(w.sport), w.gas)
	economyOnly := withTerms(published("economy-only", -7*time.Hour), cats(w.economy))
	azSource := withTerms(published("az-source", -2*time.Hour), cats(w.economy), w.oil, w.gas)
	azSource.Lang = "az"
	azOther := withTerms(published("az-other", -3*time.Hour), cats(w.sport), w.oil)
	azOther.Lang = "az"
	scheduled := withTerms(published("scheduled", time.Hour), cats(w.economy), w.oil, w.gas)
	draft := withTerms(published("draft", -4*time.Hour), cats(w.economy), w.oil, w.gas)
	draft.Status = news.StatusDraft
	create(t, s, &source, &twoTags, &oilEconomy, &gasSport, &economyOnly, &azSource, &azOther, &scheduled, &draft)

	const limit = 4
	// kept asks for the stored article's related list at the moment at,
	// twice, and without keeping, and wants the same slugs from all three.
	kept := func(t *testing.T, id int64, at time.Time, limit int, want ...string) []news.Article {
		t.Helper()
		a, err := s.Article(ctx, id)
		must(t, err)
		var got []news.Article
		for call, read := range []keptReader{first, keptRelated, pageRelated} {
			got = read(t, s, a, at, limit)
			assertSlugs(t, fmt.Sprintf("kept related list, call %d", call+1), got, want...)
		}
		fresh, err := s.RelatedArticles(ctx, a, at, limit)
		must(t, err)
		assertSlugs(t, "RelatedArticles", fresh, want...)
		return got
	}
	update := func(t *testing.T, id int64, change func(a *news.Article)) {
		t.Helper()
		a, err := s.Article(ctx, id)
		must(t, err)
		change(&a)
		must(t, s.UpdateArticle(ctx, &a))
	}

	t.Run("the kept list is the ranking, in the article's language, without drafts or scheduled stories", func(t *testing.T) {
		kept(t, source.ID, now, limit, "two-tags", "oil-economy", "gas-sport", "economy-only")
		kept(t, azSource.ID, now, limit, "az-other")
	})

	t.Run("the stories are teasers: sections, byline and pictures, not body, tags or avatars", func(t *testing.T) {
		got := kept(t, source.ID, now, 1, "two-tags")
		want, err := s.Article(ctx, twoTags.ID)
		must(t, err)
		assertEqual(t, "kept related story", got[0], store.AsTeaser(want))
	})

	t.Run("a story published in a shared topic joins", func(t *testing.T) {
		kept(t, source.ID, now, limit, "two-tags", "oil-economy", "gas-sport", "economy-only")
		update(t, draft.ID, func(a *news.Article) { a.Status = news.StatusPublished })
		kept(t, source.ID, now, limit, "draft", "two-tags", "oil-economy", "gas-sport")
	})

	t.Run("an unpublished story leaves", func(t *testing.T) {
		update(t, draft.ID, func(a *news.Article) { a.Status = news.StatusDraft })
		kept(t, source.ID, now, limit, "two-tags", "oil-economy", "gas-sport", "economy-only")
	})

	t.Run("a deleted story leaves", func(t *testing.T) {
		must(t, s.DeleteArticle(ctx, twoTags.ID))
		kept(t, source.ID, now, limit, "oil-economy", "gas-sport", "economy-only")
	})

	t.Run("a story whose shared topic is taken off leaves", func(t *testing.T) {
		update(t, gasSport.ID, func(a *news.Article) { a.Tags = []news.Tag{w.football} })
		kept(t, source.ID, now, limit, "oil-economy", "economy-only")
	})

	t.Run("the article's own topics edited rank again", func(t *testing.T) {
		update(t, source.ID, func(a *news.Article) { a.Tags = []news.Tag{w.football} })
		kept(t, source.ID, now, limit, "gas-sport", "economy-only", "oil-economy")
	})

	t.Run("another limit ranks again", func(t *testing.T) {
		kept(t, source.ID, now, 2, "gas-sport", "economy-only")
		kept(t, source.ID, now, limit, "gas-sport", "economy-only", "oil-economy")
	})

	t.Run("a story moved to another edition leaves", func(t *testing.T) {
		kept(t, source.ID, now, 2, "gas-sport", "economy-only")
		update(t, economyOnly.ID, func(a *news.Article) { a.Lang = "az" })
		kept(t, source.ID, now, 2, "gas-sport", "oil-economy")
		kept(t, source.ID, now, limit, "gas-sport", "oil-economy")
		kept(t, azSource.ID, now, limit, "az-other", "economy-only")
	})

	t.Run("a story re-dated into the future leaves", func(t *testing.T) {
		update(t, oilEconomy.ID, func(a *news.Article) { a.PublishedAt = now.Add(5 * time.Hour) })
		kept(t, source.ID, now, limit, "gas-sport")
	})

	t.Run("a scheduled story joins when it is due, with no write", func(t *testing.T) {
		kept(t, source.ID, now, limit, "gas-sport")
		kept(t, source.ID, now.Add(2*time.Hour), limit, "gas-sport", "scheduled")
		kept(t, source.ID, now.Add(6*time.Hour), limit, "gas-sport", "oil-economy", "scheduled")
	})
}

// testArticleWithRelated checks what ArticleWithRelated reads besides the
// related list: an unknown slug, and articles readers cannot see.
func testArticleWithRelated(t *testing.T, open Opener) {
	s := open(t)
	w := newWorld(t, s)
	ctx := t.Context()
	visible := withTerms(published("visible", -time.Hour), cats(w.economy), w.oil)
	draft := withTerms(published("draft", -2*time.Hour), cats(w.economy), w.oil)
	draft.Status = news.StatusDraft
	scheduled := withTerms(published("scheduled", time.Hour), cats(w.economy), w.oil)
	create(t, s, &visible, &draft, &scheduled)

	_, _, err := s.ArticleWithRelated(ctx, "no-such-story", now, 4)
	assertKind(t, err, news.ErrNotFound, "ArticleWithRelated of an unknown slug")

	for _, id := range []int64{draft.ID, scheduled.ID} {
		want, err := s.Article(ctx, id)
		must(t, err)
		a, related, err := s.ArticleWithRelated(ctx, want.Slug, now, 4)
		must(t, err)
		assertEqual(t, "ArticleWithRelated of a story readers cannot see", a, want)
		assertSlugs(t, "its related list", related)
	}
	_, related, err := s.ArticleWithRelated(ctx, scheduled.Slug, now.Add(2*time.Hour), 4)
	must(t, err)
	assertSlugs(t, "the scheduled story's related list once it is due", related, "visible")
}
