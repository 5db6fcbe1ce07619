package storetest

import (
	"testing"

	"github.com/mastheadhq/masthead/internal/news"
)

func testSettings(t *testing.T, open Opener) {
	t.Run("not found before the first save", func(t *testing.T) {
		s := open(t)
		_, err := s.Settings(t.Context())
		assertKind(t, err, news.ErrNotFound, "Settings")
	})

	t.Run("every field reads back, logo included", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		logo := photo()
		must(t, s.CreateImage(ctx, &logo))
		want := news.Settings{
			Name:         "Aze Media",
			Tagline:      "News from the Caucasus",
			About:        "An independent newsroom.",
			ContactEmail: "desk@aze.media",
			Copyright:    "© 2025 Aze Media",
			BaseURL:      "https://aze.media",
			Language:     "az",
			TimeZone:     "Asia/Baku",
			Social: []news.SocialLink{
				{Network: "telegram", URL: "https://t.me/azemedia"},
				{Network: "x", URL: "https://x.com/azemedia"},
			},
			Logo:         &logo,
			ConsentText:  "We use one cookie to remember this choice.",
			FeedFullText: true,
		}
		must(t, s.SaveSettings(ctx, want))
		got, err := s.Settings(ctx)
		must(t, err)
		assertEqual(t, "Settings", got, want)

		second := news.Settings{Name: "Aze Media", Language: "en"}
		must(t, s.SaveSettings(ctx, second))
		got, err = s.Settings(ctx)
		must(t, err)
		assertEqual(t, "Settings after second save", got, second)
	})

	t.Run("unknown logo is invalid", func(t *testing.T) {
		s := open(t)
		err := s.SaveSettings(t.Context(), news.Settings{Name: "X", Logo: &news.Image{ID: 9999}})
		assertKind(t, err, news.ErrInvalid, "SaveSettings")
		_, err = s.Settings(t.Context())
		assertKind(t, err, news.ErrNotFound, "Settings after refused save")
	})
}
