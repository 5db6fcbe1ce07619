package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// at returns a visible article published at the given UTC moment.
func at(slug string, when time.Time) news.Article {
	a := published(slug, 0)
	a.PublishedAt = when
	return a
}

// sitemapArchive stores articles across three months, with the kinds that
// must never appear in a sitemap beside them.
func sitemapArchive(t *testing.T, s store.Store) {
	t.Helper()
	jan := at("january", time.Date(2025, time.January, 10, 12, 0, 0, 0, time.UTC))
	// Late on the last day of February in UTC is already March in Baku:
	// months are cut in UTC.
	febLate := at("february-late", time.Date(2025, time.February, 28, 23, 30, 0, 0, time.UTC))
	febEarly := at("february-early", time.Date(2025, time.February, 1, 0, 0, 0, 0, time.UTC))
	febEarly.UpdatedAt = time.Date(2025, time.March, 2, 8, 0, 0, 0, time.UTC)
	march := at("march", now.Add(-time.Hour))
	atNow := at("at-now", now)
	draft := at("draft", now.Add(-2*time.Hour))
	draft.Status = news.StatusDraft
	scheduled := at("scheduled", now.Add(time.Hour))
	scheduled.Status = news.StatusScheduled
	future := at("future-dated", now.Add(2*time.Hour))
	create(t, s, &jan, &febLate, &febEarly, &march, &atNow, &draft, &scheduled, &future)
}

// entrySlugs walks EachArticleEntry and returns articles carrying only
// the slugs it was given, for assertSlugs.
func entrySlugs(t *testing.T, s store.Store, f store.EntryFilter) []news.Article {
	t.Helper()
	var got []news.Article
	must(t, s.EachArticleEntry(t.Context(), f, func(e store.ArticleEntry) error {
		got = append(got, news.Article{Slug: e.Slug})
		return nil
	}))
	return got
}

func testSitemaps(t *testing.T, open Opener) {
	t.Run("months count visible articles, newest month first, cut in UTC", func(t *testing.T) {
		s := open(t)
		sitemapArchive(t, s)
		months, err := s.ArticleMonths(t.Context(), store.ArticleRange{VisibleAt: now})
		must(t, err)
		want := []store.MonthCount{
			{Year: 2025, Month: time.March, Articles: 2, LastModified: now},
			{Year: 2025, Month: time.February, Articles: 2, LastModified: time.Date(2025, time.March, 2, 8, 0, 0, 0, time.UTC)},
			{Year: 2025, Month: time.January, Articles: 1, LastModified: time.Date(2025, time.January, 10, 12, 0, 0, 0, time.UTC)},
		}
		assertEqual(t, "ArticleMonths", months, want)
		if got := months[1].Start(); !got.Equal(time.Date(2025, time.February, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("Start() = %v", got)
		}
	})

	t.Run("months within a range", func(t *testing.T) {
		s := open(t)
		sitemapArchive(t, s)
		feb := time.Date(2025, time.February, 1, 0, 0, 0, 0, time.UTC)
		months, err := s.ArticleMonths(t.Context(), store.ArticleRange{VisibleAt: now, From: feb, Until: feb.AddDate(0, 1, 0)})
		must(t, err)
		if len(months) != 1 || months[0].Month != time.February || months[0].Articles != 2 {
			t.Errorf("February alone: got %+v", months)
		}
		// A range may cut through months: only what lies inside counts.
		months, err = s.ArticleMonths(t.Context(), store.ArticleRange{
			VisibleAt: now, From: feb.AddDate(0, 0, 14), Until: time.Date(2025, time.March, 14, 9, 0, 0, 0, time.UTC),
		})
		must(t, err)
		want := []store.MonthCount{
			{Year: 2025, Month: time.March, Articles: 1, LastModified: now.Add(-time.Hour)},
			{Year: 2025, Month: time.February, Articles: 1, LastModified: time.Date(2025, time.February, 28, 23, 30, 0, 0, time.UTC)},
		}
		assertEqual(t, "ArticleMonths cut mid-month", months, want)
		months, err = s.ArticleMonths(t.Context(), store.ArticleRange{VisibleAt: now, From: now.AddDate(1, 0, 0)})
		must(t, err)
		if len(months) != 0 {
			t.Errorf("empty range: got %+v, want none", months)
		}
	})

	t.Run("entries stream visible articles newest first with their times", func(t *testing.T) {
		s := open(t)
		sitemapArchive(t, s)
		var entries []store.ArticleEntry
		must(t, s.EachArticleEntry(t.Context(), store.EntryFilter{ArticleRange: store.ArticleRange{VisibleAt: now}},
			func(e store.ArticleEntry) error {
				entries = append(entries, e)
				return nil
			}))
		arts := make([]news.Article, len(entries))
		for i, e := range entries {
			arts[i] = news.Article{Slug: e.Slug}
		}
		assertSlugs(t, "EachArticleEntry", arts, "at-now", "march", "february-late", "february-early", "january")
		stored, err := s.ArticleBySlug(t.Context(), "february-early")
		must(t, err)
		want := store.ArticleEntry{
			ID: stored.ID, Slug: "february-early", Title: "Story february-early",
			PublishedAt: time.Date(2025, time.February, 1, 0, 0, 0, 0, time.UTC),
			UpdatedAt:   time.Date(2025, time.March, 2, 8, 0, 0, 0, time.UTC),
		}
		assertEqual(t, "entry", entries[3], want)
		if !entries[3].LastModified().Equal(want.UpdatedAt) || !entries[0].LastModified().Equal(now) {
			t.Errorf("LastModified: updated article %v, never-updated one %v", entries[3].LastModified(), entries[0].LastModified())
		}
		if !entries[0].UpdatedAt.IsZero() {
			t.Errorf("an article never updated has UpdatedAt %v, want zero", entries[0].UpdatedAt)
		}
	})

	t.Run("entries by range, offset and limit", func(t *testing.T) {
		s := open(t)
		sitemapArchive(t, s)
		feb := time.Date(2025, time.February, 1, 0, 0, 0, 0, time.UTC)
		visible := store.ArticleRange{VisibleAt: now}
		tests := []struct {
			name string
			f    store.EntryFilter
			want []string
		}{
			{"one month", store.EntryFilter{ArticleRange: store.ArticleRange{VisibleAt: now, From: feb, Until: feb.AddDate(0, 1, 0)}},
				[]string{"february-late", "february-early"}},
			{"from is inclusive", store.EntryFilter{ArticleRange: store.ArticleRange{VisibleAt: now, From: now}},
				[]string{"at-now"}},
			{"until is exclusive", store.EntryFilter{ArticleRange: store.ArticleRange{VisibleAt: now, Until: feb}},
				[]string{"january"}},
			{"visible later", store.EntryFilter{ArticleRange: store.ArticleRange{VisibleAt: now.Add(3 * time.Hour), From: now}},
				[]string{"future-dated", "at-now"}},
			{"first page", store.EntryFilter{ArticleRange: visible, Limit: 2}, []string{"at-now", "march"}},
			{"second page", store.EntryFilter{ArticleRange: visible, Limit: 2, Offset: 2}, []string{"february-late", "february-early"}},
			{"offset alone", store.EntryFilter{ArticleRange: visible, Offset: 4}, []string{"january"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				assertSlugs(t, "EachArticleEntry", entrySlugs(t, s, tt.f), tt.want...)
			})
		}
	})

	t.Run("an error from the callback stops the walk and comes back", func(t *testing.T) {
		s := open(t)
		sitemapArchive(t, s)
		stop := errors.New("reader went away")
		calls := 0
		err := s.EachArticleEntry(t.Context(), store.EntryFilter{ArticleRange: store.ArticleRange{VisibleAt: now}},
			func(store.ArticleEntry) error {
				calls++
				if calls == 2 {
					return stop
				}
				return nil
			})
		if !errors.Is(err, stop) {
			t.Errorf("got error %v, want the callback's", err)
		}
		if calls != 2 {
			t.Errorf("callback ran %d times, want 2", calls)
		}
		// The store is still usable: the walk released what it held.
		assertSlugs(t, "after a stopped walk", entrySlugs(t, s, store.EntryFilter{ArticleRange: store.ArticleRange{VisibleAt: now}, Limit: 1}), "at-now")
	})

	t.Run("a visibility time is required", func(t *testing.T) {
		s := open(t)
		_, err := s.ArticleMonths(t.Context(), store.ArticleRange{})
		assertKind(t, err, news.ErrInvalid, "ArticleMonths without VisibleAt")
		err = s.EachArticleEntry(t.Context(), store.EntryFilter{}, func(store.ArticleEntry) error { return nil })
		assertKind(t, err, news.ErrInvalid, "EachArticleEntry without VisibleAt")
		err = s.EachArticleEntry(t.Context(), store.EntryFilter{ArticleRange: store.ArticleRange{VisibleAt: now}, Limit: -1},
			func(store.ArticleEntry) error { return nil })
		assertKind(t, err, news.ErrInvalid, "EachArticleEntry with a negative limit")
		_, err = s.TermsLastModified(t.Context(), store.TermTag, time.Time{})
		assertKind(t, err, news.ErrInvalid, "TermsLastModified without VisibleAt")
		_, err = s.TermsLastModified(t.Context(), store.TermKind("planet"), now)
		assertKind(t, err, news.ErrInvalid, "TermsLastModified of an unknown kind")
	})

	t.Run("terms last modified counts only visible articles", func(t *testing.T) {
		s := open(t)
		w := newWorld(t, s)
		older := withTerms(published("older", -48*time.Hour), cats(w.economy, w.sport), w.oil)
		older.Authors = []news.Author{w.leyla, w.tural}
		newer := withTerms(published("newer", -time.Hour), cats(w.economy), w.oil, w.gas)
		newer.Authors = []news.Author{w.leyla}
		revised := withTerms(published("revised", -72*time.Hour), cats(w.region), w.cop29)
		revised.UpdatedAt = now.Add(-30 * time.Minute)
		revised.Authors = []news.Author{w.tural}
		hidden := withTerms(published("hidden", -time.Minute), cats(w.news), w.football)
		hidden.Status = news.StatusDraft
		hidden.Authors = []news.Author{w.guest}
		future := withTerms(published("future", time.Hour), cats(w.sport), w.oil)
		future.Authors = []news.Author{w.leyla}
		create(t, s, &older, &newer, &revised, &hidden, &future)

		tests := []struct {
			kind store.TermKind
			want map[int64]time.Time
		}{
			{store.TermCategory, map[int64]time.Time{
				w.economy.ID: now.Add(-time.Hour), w.sport.ID: now.Add(-48 * time.Hour), w.region.ID: now.Add(-30 * time.Minute),
			}},
			{store.TermTag, map[int64]time.Time{
				w.oil.ID: now.Add(-time.Hour), w.gas.ID: now.Add(-time.Hour), w.cop29.ID: now.Add(-30 * time.Minute),
			}},
			{store.TermAuthor, map[int64]time.Time{
				w.leyla.ID: now.Add(-time.Hour), w.tural.ID: now.Add(-30 * time.Minute),
			}},
		}
		for _, tt := range tests {
			t.Run(string(tt.kind), func(t *testing.T) {
				got, err := s.TermsLastModified(t.Context(), tt.kind, now)
				must(t, err)
				if len(got) != len(tt.want) {
					t.Errorf("got %d terms %v, want %d %v", len(got), got, len(tt.want), tt.want)
				}
				for id, want := range tt.want {
					if g, ok := got[id]; !ok || !g.Equal(want) || g.Location() != time.UTC {
						t.Errorf("term %d: got %v (present %v), want %v in UTC", id, g, ok, want)
					}
				}
			})
		}
	})
}
