package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// assertList checks ListArticles and CountArticles against each other and
// against the slugs expected, in order.
func assertList(t testing.TB, s store.Store, f store.ArticleFilter, want ...string) {
	t.Helper()
	arts, err := s.ListArticles(t.Context(), f)
	must(t, err)
	assertSlugs(t, "ListArticles", arts, want...)
	unpaged := f
	unpaged.Limit, unpaged.Offset = 0, 0
	n, err := s.CountArticles(t.Context(), unpaged)
	must(t, err)
	if f.Limit == 0 && f.Offset == 0 && n != len(want) {
		t.Errorf("CountArticles = %d, want %d", n, len(want))
	}
}

func testArticleLists(t *testing.T, open Opener) {
	t.Run("visibility keeps published articles whose time has come", func(t *testing.T) {
		s := open(t)
		draft := published("draft", -2*time.Hour)
		draft.Status = news.StatusDraft
		scheduled := published("scheduled", 2*time.Hour)
		scheduled.Status = news.StatusScheduled
		future := published("future-dated", time.Hour)
		atNow := published("at-now", 0)
		past := published("past", -time.Hour)
		older := published("older", -24*time.Hour)
		create(t, s, &draft, &scheduled, &future, &atNow, &past, &older)

		tests := []struct {
			name string
			f    store.ArticleFilter
			want []string
		}{
			{"everything, newest first", store.ArticleFilter{},
				[]string{"scheduled", "future-dated", "at-now", "past", "draft", "older"}},
			{"visible now", store.ArticleFilter{VisibleAt: now},
				[]string{"at-now", "past", "older"}},
			{"visible later", store.ArticleFilter{VisibleAt: now.Add(90 * time.Minute)},
				[]string{"future-dated", "at-now", "past", "older"}},
			{"visible in another zone is the same instant", store.ArticleFilter{VisibleAt: now.In(baku)},
				[]string{"at-now", "past", "older"}},
			{"drafts", store.ArticleFilter{Status: news.StatusDraft}, []string{"draft"}},
			{"scheduled", store.ArticleFilter{Status: news.StatusScheduled}, []string{"scheduled"}},
			{"published, visible or not", store.ArticleFilter{Status: news.StatusPublished},
				[]string{"future-dated", "at-now", "past", "older"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { assertList(t, s, tt.f, tt.want...) })
		}
	})

	t.Run("same publication time orders by id, newest first", func(t *testing.T) {
		s := open(t)
		first, second, third := published("first", -time.Hour), published("second", -time.Hour), published("third", -time.Hour)
		create(t, s, &first, &second, &third)
		assertList(t, s, store.ArticleFilter{VisibleAt: now}, "third", "second", "first")
	})

	t.Run("pages split the list without gaps or repeats", func(t *testing.T) {
		s := open(t)
		var all []string
		for i := range 7 {
			a := published(string(rune('a'+i)), -time.Duration(i)*time.Hour)
			create(t, s, &a)
			all = append(all, a.Slug)
		}
		tests := []struct {
			name          string
			limit, offset int
			want          []string
		}{
			{"first page", 3, 0, all[0:3]},
			{"middle page", 3, 3, all[3:6]},
			{"short last page", 3, 6, all[6:]},
			{"past the end", 3, 9, nil},
			{"offset without limit", 0, 5, all[5:]},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				assertList(t, s, store.ArticleFilter{VisibleAt: now, Limit: tt.limit, Offset: tt.offset}, tt.want...)
			})
		}
		n, err := s.CountArticles(t.Context(), store.ArticleFilter{VisibleAt: now, Limit: 2, Offset: 4})
		must(t, err)
		if n != 7 {
			t.Errorf("CountArticles with Limit and Offset = %d, want 7: they must not narrow the count", n)
		}
	})

	t.Run("a count limit stops the count there", func(t *testing.T) {
		s := open(t)
		w := newWorld(t, s)
		for i := range 5 {
			a := withTerms(published(fmt.Sprintf("oil-%d", i), -time.Duration(i+1)*time.Hour), cats(w.economy), w.oil)
			create(t, s, &a)
		}
		draft := withTerms(published("draft-oil", -time.Hour), cats(w.economy), w.oil)
		draft.Status = news.StatusDraft
		other := withTerms(published("gas", -time.Hour), cats(w.sport), w.gas)
		create(t, s, &draft, &other)

		tests := []struct {
			name  string
			f     store.ArticleFilter
			limit int
			want  int
		}{
			{"below the matches", store.ArticleFilter{VisibleAt: now}, 3, 3},
			{"at the matches", store.ArticleFilter{VisibleAt: now}, 6, 6},
			{"above the matches", store.ArticleFilter{VisibleAt: now}, 7, 6},
			{"with a relation filter, below", store.ArticleFilter{VisibleAt: now, TagID: w.oil.ID}, 4, 4},
			{"with a relation filter, one more than the matches", store.ArticleFilter{VisibleAt: now, TagID: w.oil.ID}, 6, 5},
			{"with Limit and Offset, which do not narrow it", store.ArticleFilter{VisibleAt: now, TagID: w.oil.ID, Limit: 2, Offset: 3}, 4, 4},
			{"a category's drafts", store.ArticleFilter{CategoryIDs: []int64{w.economy.ID}, Status: news.StatusDraft}, 2, 1},
			{"zero counts everything", store.ArticleFilter{CategoryIDs: []int64{w.economy.ID}}, 0, 6},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := tt.f
				f.CountLimit = tt.limit
				n, err := s.CountArticles(t.Context(), f)
				must(t, err)
				if n != tt.want {
					t.Errorf("CountArticles with CountLimit %d = %d, want %d", tt.limit, n, tt.want)
				}
			})
		}
		t.Run("ListArticles ignores it", func(t *testing.T) {
			assertList(t, s, store.ArticleFilter{VisibleAt: now, TagID: w.oil.ID, Limit: 10, CountLimit: 2},
				"oil-0", "oil-1", "oil-2", "oil-3", "oil-4")
		})
		t.Run("a negative one is invalid", func(t *testing.T) {
			_, err := s.CountArticles(t.Context(), store.ArticleFilter{CountLimit: -1})
			assertKind(t, err, news.ErrInvalid, "CountLimit -1")
		})
	})

	t.Run("relation filters", func(t *testing.T) {
		s := open(t)
		w := newWorld(t, s)
		economyPrimary := withTerms(published("economy-primary", -1*time.Hour), cats(w.economy), w.oil)
		economyPrimary.Authors = []news.Author{w.leyla}
		sportWithEconomy := withTerms(published("sport-with-economy", -2*time.Hour), cats(w.sport, w.economy), w.football)
		sportWithEconomy.Authors = []news.Author{w.tural, w.leyla}
		regionOnly := withTerms(published("region-only", -3*time.Hour), cats(w.region), w.oil, w.gas)
		regionOnly.Authors = []news.Author{w.tural}
		newsAndEconomy := withTerms(published("news-and-economy", -4*time.Hour), cats(w.news, w.economy))
		draftEconomy := withTerms(published("draft-economy", -5*time.Hour), cats(w.economy), w.oil)
		draftEconomy.Status = news.StatusDraft
		create(t, s, &economyPrimary, &sportWithEconomy, &regionOnly, &newsAndEconomy, &draftEconomy)

		visible := func(f store.ArticleFilter) store.ArticleFilter { f.VisibleAt = now; return f }
		tests := []struct {
			name string
			f    store.ArticleFilter
			want []string
		}{
			{"category matches primary and extra", visible(store.ArticleFilter{CategoryIDs: []int64{w.economy.ID}}),
				[]string{"economy-primary", "sport-with-economy", "news-and-economy"}},
			{"an article in two listed categories appears once",
				visible(store.ArticleFilter{CategoryIDs: []int64{w.news.ID, w.economy.ID}}),
				[]string{"economy-primary", "sport-with-economy", "news-and-economy"}},
			{"category filter still hides drafts", store.ArticleFilter{CategoryIDs: []int64{w.economy.ID}, Status: news.StatusDraft},
				[]string{"draft-economy"}},
			{"primary category ignores extra ones", visible(store.ArticleFilter{PrimaryCategoryIDs: []int64{w.economy.ID}}),
				[]string{"economy-primary"}},
			{"any of several primary categories", visible(store.ArticleFilter{PrimaryCategoryIDs: []int64{w.news.ID, w.sport.ID}}),
				[]string{"sport-with-economy", "news-and-economy"}},
			{"tag", visible(store.ArticleFilter{TagID: w.oil.ID}), []string{"economy-primary", "region-only"}},
			{"author, lead or not", visible(store.ArticleFilter{AuthorID: w.leyla.ID}),
				[]string{"economy-primary", "sport-with-economy"}},
			{"filters combine", visible(store.ArticleFilter{CategoryIDs: []int64{w.economy.ID}, AuthorID: w.tural.ID}),
				[]string{"sport-with-economy"}},
			{"exclude ids", visible(store.ArticleFilter{ExcludeIDs: []int64{economyPrimary.ID, regionOnly.ID}}),
				[]string{"sport-with-economy", "news-and-economy"}},
			{"unused tag", visible(store.ArticleFilter{TagID: w.cop29.ID}), nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { assertList(t, s, tt.f, tt.want...) })
		}
	})

	t.Run("listed articles carry all their relations", func(t *testing.T) {
		s := open(t)
		w := newWorld(t, s)
		a := fullArticle(w)
		b := withTerms(published("second", -2*time.Hour), cats(w.sport), w.football)
		b.Authors = []news.Author{w.leyla, w.tural}
		c := published("bare", -3*time.Hour)
		create(t, s, &a, &b, &c)
		arts, err := s.ListArticles(t.Context(), store.ArticleFilter{})
		must(t, err)
		want := map[int64]news.Article{a.ID: stored(a), b.ID: stored(b), c.ID: stored(c)}
		if len(arts) != len(want) {
			t.Fatalf("got %d articles, want %d", len(arts), len(want))
		}
		for _, got := range arts {
			assertEqual(t, "listed "+got.Slug, got, want[got.ID])
		}
	})

	t.Run("negative limit or offset is invalid", func(t *testing.T) {
		s := open(t)
		_, err := s.ListArticles(t.Context(), store.ArticleFilter{Limit: -1})
		assertKind(t, err, news.ErrInvalid, "Limit -1")
		_, err = s.ListArticles(t.Context(), store.ArticleFilter{Offset: -1})
		assertKind(t, err, news.ErrInvalid, "Offset -1")
	})
}
