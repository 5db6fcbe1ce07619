package storetest

import (
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

func testAuthors(t *testing.T, open Opener) {
	t.Run("avatar with variants and links read back in order", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		for _, get := range []struct {
			name string
			fn   func() (news.Author, error)
		}{
			{"Author", func() (news.Author, error) { return s.Author(ctx, w.leyla.ID) }},
			{"AuthorBySlug", func() (news.Author, error) { return s.AuthorBySlug(ctx, w.leyla.Slug) }},
		} {
			got, err := get.fn()
			must(t, err)
			assertEqual(t, get.name, got, w.leyla)
		}
		all, err := s.AllAuthors(ctx)
		must(t, err)
		assertEqual(t, "AllAuthors", all, []news.Author{w.guest, w.leyla, w.tural})
	})

	t.Run("update replaces avatar and links", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		w.leyla.Name, w.leyla.Bio, w.leyla.Email = "Leyla Aliyeva-Smith", "Now in London.", ""
		w.leyla.Avatar = nil
		w.leyla.Links = []news.SocialLink{{Network: "website", URL: "https://leyla.example"}}
		must(t, s.UpdateAuthor(ctx, &w.leyla))
		w.tural.Avatar = &w.photo
		must(t, s.UpdateAuthor(ctx, &w.tural))
		for _, want := range []news.Author{w.leyla, w.tural} {
			got, err := s.Author(ctx, want.ID)
			must(t, err)
			assertEqual(t, want.Slug, got, want)
		}
	})

	t.Run("conflicts, unknown avatar and missing authors", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		dup := news.Author{Name: "Another Leyla", Slug: w.leyla.Slug}
		assertKind(t, s.CreateAuthor(ctx, &dup), news.ErrConflict, "create with taken slug")
		w.tural.Slug = w.leyla.Slug
		assertKind(t, s.UpdateAuthor(ctx, &w.tural), news.ErrConflict, "update to taken slug")
		ghost := news.Author{Name: "Ghost", Slug: "ghost", Avatar: &news.Image{ID: 9999}}
		assertKind(t, s.CreateAuthor(ctx, &ghost), news.ErrInvalid, "unknown avatar")
		_, err := s.AuthorBySlug(ctx, "ghost")
		assertKind(t, err, news.ErrNotFound, "author refused for unknown avatar")
		_, err = s.Author(ctx, 9999)
		assertKind(t, err, news.ErrNotFound, "Author")
		missing := news.Author{ID: 9999, Name: "X", Slug: "x"}
		assertKind(t, s.UpdateAuthor(ctx, &missing), news.ErrNotFound, "UpdateAuthor")
		assertKind(t, s.DeleteAuthor(ctx, 9999), news.ErrNotFound, "DeleteAuthor")
		noName := news.Author{Slug: "no-name"}
		assertKind(t, s.CreateAuthor(ctx, &noName), news.ErrInvalid, "empty name")
	})

	t.Run("delete leaves the rest of the byline in order", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		a := published("three-bylines", -time.Hour)
		a.Authors = []news.Author{w.tural, w.leyla, w.guest}
		create(t, s, &a)
		must(t, s.DeleteAuthor(ctx, w.leyla.ID))
		got, err := s.Article(ctx, a.ID)
		must(t, err)
		assertEqual(t, "byline", got.Authors, []news.Author{w.tural, w.guest})
	})
}
