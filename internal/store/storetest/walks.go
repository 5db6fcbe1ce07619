package storetest

import (
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// testWalks checks the methods that list a whole aggregate a page at a
// time, or name what there is, for callers that must see everything (a
// copy to another database) without holding everything.
func testWalks(t *testing.T, open Opener) {
	t.Run("ArticlesAfter walks every article by id, whatever its status", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		full := fullArticle(w)
		draft := published("draft", 0)
		draft.Status, draft.PublishedAt = news.StatusDraft, time.Time{}
		scheduled := published("scheduled", 48*time.Hour)
		scheduled.Status = news.StatusScheduled
		// Publication times run against ids, so that a walk in list
		// order would come out reversed.
		old, gone, recent := published("old", 2*time.Hour), published("gone", time.Hour), published("recent", -time.Hour)
		create(t, s, &full, &draft, &scheduled, &old, &gone, &recent)
		must(t, s.DeleteArticle(ctx, gone.ID))

		var walked []news.Article
		var pages []int
		for after := int64(0); ; {
			page, err := s.ArticlesAfter(ctx, after, 2)
			must(t, err)
			if len(page) == 0 {
				break
			}
			pages = append(pages, len(page))
			walked = append(walked, page...)
			after = page[len(page)-1].ID
		}
		assertSlugs(t, "walk", walked, "caspian-output-falls", "draft", "scheduled", "old", "recent")
		assertEqual(t, "page sizes", pages, []int{2, 2, 1})
		assertEqual(t, "first article, with its relations", walked[0], stored(full))
		for i := 1; i < len(walked); i++ {
			if walked[i].ID <= walked[i-1].ID {
				t.Errorf("ids %d then %d: want ascending", walked[i-1].ID, walked[i].ID)
			}
		}
		rest, err := s.ArticlesAfter(ctx, draft.ID, 100)
		must(t, err)
		assertSlugs(t, "after the draft", rest, "scheduled", "old", "recent")
	})

	t.Run("ArticlesAfter wants a positive limit", func(t *testing.T) {
		s := open(t)
		for _, limit := range []int{0, -1} {
			_, err := s.ArticlesAfter(t.Context(), 0, limit)
			assertKind(t, err, news.ErrInvalid, "ArticlesAfter with a limit below 1")
		}
	})

	t.Run("ImagesAfter walks the library by id, CountImages counts it", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		n, err := s.CountImages(ctx)
		must(t, err)
		if n != 0 {
			t.Errorf("CountImages of an empty store = %d", n)
		}
		first, second, third := photo(), portrait(), news.Image{Path: "bare.png", CreatedAt: now}
		for _, img := range []*news.Image{&first, &second, &third} {
			must(t, s.CreateImage(ctx, img))
		}
		n, err = s.CountImages(ctx)
		must(t, err)
		if n != 3 {
			t.Errorf("CountImages = %d, want 3", n)
		}
		page, err := s.ImagesAfter(ctx, 0, 2)
		must(t, err)
		assertEqual(t, "first page", page, []news.Image{first, second})
		page, err = s.ImagesAfter(ctx, second.ID, 2)
		must(t, err)
		assertEqual(t, "second page", page, []news.Image{third})
		page, err = s.ImagesAfter(ctx, third.ID, 2)
		must(t, err)
		if len(page) != 0 {
			t.Errorf("past the last image: %d images", len(page))
		}
		_, err = s.ImagesAfter(ctx, 0, 0)
		assertKind(t, err, news.ErrInvalid, "ImagesAfter with limit 0")
	})

	t.Run("MenuNames names the menus that have items, in byte order", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		names, err := s.MenuNames(ctx)
		must(t, err)
		if len(names) != 0 {
			t.Errorf("MenuNames of an empty store = %q", names)
		}
		for _, name := range []string{news.MenuHeader, "social", news.MenuFooter, "Sidebar"} {
			must(t, s.SetMenu(ctx, name, []news.MenuItem{{Label: "Home", URL: "/"}, {Label: "About", URL: "/about/", ParentID: 1}}))
		}
		must(t, s.SetMenu(ctx, news.MenuFooter, nil)) // emptied: no longer a menu
		names, err = s.MenuNames(ctx)
		must(t, err)
		assertEqual(t, "MenuNames", names, []string{"Sidebar", news.MenuHeader, "social"})
	})

	t.Run("the walks see the writes of their transaction", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		err := s.Atomic(ctx, func(tx store.Store) error {
			img := photo()
			must(t, tx.CreateImage(ctx, &img))
			a := published("inside", -time.Hour)
			must(t, tx.CreateArticle(ctx, &a))
			must(t, tx.SetMenu(ctx, "inside", []news.MenuItem{{Label: "Home"}}))
			arts, err := tx.ArticlesAfter(ctx, 0, 10)
			must(t, err)
			assertSlugs(t, "ArticlesAfter inside", arts, "inside")
			images, err := tx.ImagesAfter(ctx, 0, 10)
			must(t, err)
			n, err := tx.CountImages(ctx)
			must(t, err)
			names, err := tx.MenuNames(ctx)
			must(t, err)
			if len(images) != 1 || n != 1 || len(names) != 1 {
				t.Errorf("inside the transaction: %d images, count %d, menus %q; want 1, 1, [inside]", len(images), n, names)
			}
			return errStop
		})
		if err == nil {
			t.Fatal("Atomic returned nil, want fn's error")
		}
		assertNothingStored(t, s)
	})
}
