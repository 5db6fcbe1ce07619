package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

func testSchedule(t *testing.T, open Opener) {
	t.Run("NextVisible finds the next future-dated published article or page", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		next, err := s.NextVisible(ctx, now)
		must(t, err)
		if !next.IsZero() {
			t.Fatalf("an empty store: %v, want zero", next)
		}
		past, later, soon := published("past", -time.Hour), published("later", 3*time.Hour), published("soon", 2*time.Hour)
		scheduled := published("scheduled", time.Hour)
		scheduled.Status = news.StatusScheduled
		create(t, s, &past, &later, &soon, &scheduled)
		page := news.Page{Title: "Soon", Slug: "soon", Status: news.StatusPublished, PublishedAt: now.Add(90 * time.Minute)}
		must(t, s.CreatePage(ctx, &page))
		cases := []struct {
			after time.Time
			want  time.Time
		}{
			{now, now.Add(90 * time.Minute)},
			{now.Add(90 * time.Minute), soon.PublishedAt},
			{now.Add(150 * time.Minute), later.PublishedAt},
			{later.PublishedAt, time.Time{}},
		}
		for _, c := range cases {
			got, err := s.NextVisible(ctx, c.after)
			must(t, err)
			if !got.Equal(c.want) {
				t.Errorf("after %v: %v, want %v (scheduled articles wait for the scheduler)", c.after, got, c.want)
			}
		}
	})

	t.Run("publishes only scheduled articles whose time has come", func(t *testing.T) {
		s := open(t)
		w := newWorld(t, s)
		due := withTerms(published("due", -time.Minute), cats(w.economy), w.oil)
		due.Status = news.StatusScheduled
		later := published("later", time.Hour)
		later.Status = news.StatusScheduled
		draft := published("draft", -time.Hour)
		draft.Status = news.StatusDraft
		live := published("live", -time.Hour)
		create(t, s, &due, &later, &draft, &live)

		got, err := s.PublishDue(t.Context(), now)
		must(t, err)
		if len(got) != 1 || got[0].ID != due.ID || got[0].Status != news.StatusPublished {
			t.Fatalf("PublishDue returned %v, want only %q, published", slugsOf(got), due.Slug)
		}
		if len(got[0].Categories) != 1 || len(got[0].Tags) != 1 {
			t.Errorf("returned article lacks its relations: %+v", got[0])
		}
		for _, c := range []struct {
			id   int64
			want news.Status
		}{{due.ID, news.StatusPublished}, {later.ID, news.StatusScheduled}, {draft.ID, news.StatusDraft}, {live.ID, news.StatusPublished}} {
			a, err := s.Article(t.Context(), c.id)
			must(t, err)
			if a.Status != c.want {
				t.Errorf("%s: status %s, want %s", a.Slug, a.Status, c.want)
			}
		}
		again, err := s.PublishDue(t.Context(), now)
		must(t, err)
		if len(again) != 0 {
			t.Errorf("second run published %v again", slugsOf(again))
		}
		visible, err := s.ListArticles(t.Context(), store.ArticleFilter{VisibleAt: now})
		must(t, err)
		if !containsSlug(visible, "due") {
			t.Errorf("published article not visible: %v", slugsOf(visible))
		}
	})

	t.Run("concurrent runs publish each article once", func(t *testing.T) {
		s := open(t)
		var arts []*news.Article
		for i := range 20 {
			a := published("due-"+string(rune('a'+i)), -time.Duration(i)*time.Minute)
			a.Status = news.StatusScheduled
			arts = append(arts, &a)
		}
		create(t, s, arts...)
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got, err := s.PublishDue(t.Context(), now)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				for _, a := range got {
					seen[a.ID]++
				}
			}()
		}
		wg.Wait()
		if len(seen) != len(arts) {
			t.Errorf("%d articles published, want %d", len(seen), len(arts))
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("article %d returned by %d runs", id, n)
			}
		}
	})
}

func containsSlug(arts []news.Article, slug string) bool {
	for _, a := range arts {
		if a.Slug == slug {
			return true
		}
	}
	return false
}
