package storetest

import (
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

func testPages(t *testing.T, open Opener) {
	t.Run("create, read by slug and list by title", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		privacy := news.Page{
			Title: "Privacy policy", Slug: "privacy", Body: "<p>We keep little.</p>",
			Status: news.StatusPublished, PublishedAt: time.Date(2024, 5, 1, 14, 0, 0, 0, baku),
			UpdatedAt: now,
		}
		about := news.Page{Title: "About us", Slug: "about", Status: news.StatusDraft}
		must(t, s.CreatePage(ctx, &privacy))
		must(t, s.CreatePage(ctx, &about))
		if privacy.ID == 0 || about.ID == 0 {
			t.Fatal("CreatePage left an ID zero")
		}
		got, err := s.PageBySlug(ctx, "privacy")
		must(t, err)
		want := privacy
		want.PublishedAt = privacy.PublishedAt.UTC()
		assertEqual(t, "PageBySlug", got, want)
		all, err := s.AllPages(ctx)
		must(t, err)
		assertEqual(t, "AllPages", all, []news.Page{about, want})
	})

	t.Run("update, delete, conflict and not found", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		about := news.Page{Title: "About", Slug: "about", Status: news.StatusDraft}
		contact := news.Page{Title: "Contact", Slug: "contact", Status: news.StatusPublished, PublishedAt: now}
		must(t, s.CreatePage(ctx, &about))
		must(t, s.CreatePage(ctx, &contact))

		about.Title, about.Slug, about.Body = "Who we are", "who-we-are", "<p>A newsroom.</p>"
		about.Status, about.PublishedAt, about.UpdatedAt = news.StatusPublished, now, now.Add(time.Hour)
		must(t, s.UpdatePage(ctx, &about))
		got, err := s.PageBySlug(ctx, "who-we-are")
		must(t, err)
		assertEqual(t, "updated page", got, about)

		dup := news.Page{Title: "Contact 2", Slug: "contact", Status: news.StatusDraft}
		assertKind(t, s.CreatePage(ctx, &dup), news.ErrConflict, "create with taken slug")
		about.Slug = "contact"
		assertKind(t, s.UpdatePage(ctx, &about), news.ErrConflict, "update to taken slug")

		must(t, s.DeletePage(ctx, contact.ID))
		_, err = s.PageBySlug(ctx, "contact")
		assertKind(t, err, news.ErrNotFound, "deleted page")
		assertKind(t, s.DeletePage(ctx, contact.ID), news.ErrNotFound, "second delete")
		missing := news.Page{ID: 9999, Title: "X", Slug: "x", Status: news.StatusDraft}
		assertKind(t, s.UpdatePage(ctx, &missing), news.ErrNotFound, "update missing")
	})

	t.Run("incomplete pages are invalid", func(t *testing.T) {
		tests := []struct {
			name string
			p    news.Page
		}{
			{"empty title", news.Page{Slug: "s", Status: news.StatusDraft}},
			{"empty slug", news.Page{Title: "T", Status: news.StatusDraft}},
			{"unknown status", news.Page{Title: "T", Slug: "s", Status: "hidden"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s := open(t)
				assertKind(t, s.CreatePage(t.Context(), &tt.p), news.ErrInvalid, "CreatePage")
				all, err := s.AllPages(t.Context())
				must(t, err)
				if len(all) != 0 {
					t.Errorf("refused page was stored: %+v", all)
				}
			})
		}
	})
}
