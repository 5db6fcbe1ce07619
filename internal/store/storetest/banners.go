package storetest

import (
	"testing"

	"github.com/mastheadhq/masthead/internal/news"
)

func testBanners(t *testing.T, open Opener) {
	t.Run("kept in the given order with their images", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		img := photo()
		must(t, s.CreateImage(ctx, &img))
		given := []news.Banner{
			{Title: "Elections 2025", URL: "https://example.org/elections", Image: &img, Position: 9},
			{Title: "Weather", URL: "https://example.org/weather"},
			{Title: "Podcast", URL: "https://example.org/podcast", Image: &img, Position: 1},
		}
		must(t, s.SetBanners(ctx, given))
		got, err := s.AllBanners(ctx)
		must(t, err)
		if len(got) != len(given) {
			t.Fatalf("got %d banners, want %d", len(got), len(given))
		}
		for i, b := range got {
			want := given[i]
			want.ID, want.Position = b.ID, i
			if b.ID == 0 {
				t.Errorf("banner %d has no id", i)
			}
			assertEqual(t, "banner "+want.Title, b, want)
		}

		must(t, s.SetBanners(ctx, given[1:2]))
		got, err = s.AllBanners(ctx)
		must(t, err)
		if len(got) != 1 || got[0].Title != "Weather" {
			t.Errorf("after replace got %+v, want only Weather", got)
		}
	})

	t.Run("unknown image is invalid and keeps the old banners", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		must(t, s.SetBanners(ctx, []news.Banner{{Title: "Old", URL: "/old"}}))
		err := s.SetBanners(ctx, []news.Banner{{Title: "New", URL: "/new", Image: &news.Image{ID: 9999}}})
		assertKind(t, err, news.ErrInvalid, "SetBanners")
		got, err := s.AllBanners(ctx)
		must(t, err)
		if len(got) != 1 || got[0].Title != "Old" {
			t.Errorf("after refused set got %+v, want only Old", got)
		}
	})
}
