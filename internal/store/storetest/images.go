package storetest

import (
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

func testImages(t *testing.T, open Opener) {
	t.Run("variants and every field read back", func(t *testing.T) {
		s := open(t)
		img := photo()
		must(t, s.CreateImage(t.Context(), &img))
		if img.ID == 0 {
			t.Fatal("CreateImage left ID zero")
		}
		got, err := s.Image(t.Context(), img.ID)
		must(t, err)
		assertEqual(t, "Image", got, img)
	})

	t.Run("create sets CreatedAt when it is zero", func(t *testing.T) {
		s := open(t)
		img := news.Image{Path: "x.png", MIME: "image/png"}
		must(t, s.CreateImage(t.Context(), &img))
		if time.Since(img.CreatedAt) > time.Minute || img.CreatedAt.After(time.Now().Add(time.Second)) {
			t.Errorf("CreatedAt = %v, want about now", img.CreatedAt)
		}
		got, err := s.Image(t.Context(), img.ID)
		must(t, err)
		assertEqual(t, "Image", got, img)
	})

	t.Run("update changes only the words", func(t *testing.T) {
		s := open(t)
		img := photo()
		must(t, s.CreateImage(t.Context(), &img))
		edit := img
		edit.Alt, edit.Caption, edit.Credit = "Cars in flood water", "", "Photo: Reuters"
		edit.Path, edit.Width, edit.Variants = "elsewhere.jpg", 1, nil
		must(t, s.UpdateImage(t.Context(), &edit))
		got, err := s.Image(t.Context(), img.ID)
		must(t, err)
		want := img
		want.Alt, want.Caption, want.Credit = edit.Alt, edit.Caption, edit.Credit
		assertEqual(t, "updated image", got, want)
	})

	t.Run("missing and incomplete images", func(t *testing.T) {
		s := open(t)
		_, err := s.Image(t.Context(), 9999)
		assertKind(t, err, news.ErrNotFound, "Image")
		missing := news.Image{ID: 9999, Alt: "x"}
		assertKind(t, s.UpdateImage(t.Context(), &missing), news.ErrNotFound, "UpdateImage")
		noPath := news.Image{MIME: "image/png"}
		assertKind(t, s.CreateImage(t.Context(), &noPath), news.ErrInvalid, "CreateImage without path")
	})
}
