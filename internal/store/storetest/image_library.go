package storetest

import (
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// testImageLibrary covers what the newsroom's media library needs: who
// uploaded a picture, and browsing and searching the library.
func testImageLibrary(t *testing.T, open Opener) {
	t.Run("uploader reads back, and zero stays unknown", func(t *testing.T) {
		s := open(t)
		mine := photo()
		mine.UploadedBy = 42
		must(t, s.CreateImage(t.Context(), &mine))
		nobody := portrait()
		must(t, s.CreateImage(t.Context(), &nobody))
		got, err := s.Image(t.Context(), mine.ID)
		must(t, err)
		assertEqual(t, "image with uploader", got, mine)
		got, err = s.Image(t.Context(), nobody.ID)
		must(t, err)
		if got.UploadedBy != 0 {
			t.Errorf("image without uploader reads back UploadedBy %d", got.UploadedBy)
		}
		edit := mine
		edit.UploadedBy, edit.Alt = 7, "New alt"
		must(t, s.UpdateImage(t.Context(), &edit))
		got, err = s.Image(t.Context(), mine.ID)
		must(t, err)
		if got.UploadedBy != 42 || got.Alt != "New alt" {
			t.Errorf("after update: uploader %d, alt %q; the uploader must not change", got.UploadedBy, got.Alt)
		}
	})

	t.Run("lists newest first in pages with the total", func(t *testing.T) {
		s := open(t)
		ids := libraryOf(t, s)
		page, total, err := s.ListImages(t.Context(), store.ImageFilter{Limit: 2})
		must(t, err)
		assertEqual(t, "total", total, len(ids))
		assertEqual(t, "first page", imageIDs(page), []int64{ids[4], ids[3]})
		page, total, err = s.ListImages(t.Context(), store.ImageFilter{Limit: 2, Offset: 4})
		must(t, err)
		assertEqual(t, "total", total, len(ids))
		assertEqual(t, "last page", imageIDs(page), []int64{ids[0]})
		page, total, err = s.ListImages(t.Context(), store.ImageFilter{Limit: 2, Offset: 10})
		must(t, err)
		if len(page) != 0 || total != len(ids) {
			t.Errorf("past the end: %d images, total %d", len(page), total)
		}
	})

	t.Run("query matches words, caption, credit and file name", func(t *testing.T) {
		s := open(t)
		ids := libraryOf(t, s)
		tests := []struct {
			query string
			want  []int64
		}{
			{"", []int64{ids[4], ids[3], ids[2], ids[1], ids[0]}},
			{"flood", []int64{ids[1], ids[0]}},    // alt of one, caption of another
			{"FLOOD lankaran", []int64{ids[0]}},   // every word, any case
			{"reuters", []int64{ids[2]}},          // credit
			{"harbour-at-dawn", []int64{ids[3]}},  // file name in the key
			{"Bakı", []int64{ids[4]}},             // letters beyond ASCII
			{"100%", []int64{ids[4]}},             // % is a character, not a wildcard
			{"a_b", nil},                          // so is _
			{"flood nowhere-to-be-found", nil},    // a missing word excludes
			{"  lankaran   \t ", []int64{ids[0]}}, // spacing does not matter
		}
		for _, tt := range tests {
			page, total, err := s.ListImages(t.Context(), store.ImageFilter{Query: tt.query, Limit: 10})
			must(t, err)
			assertEqual(t, "ListImages("+tt.query+")", imageIDs(page), tt.want)
			assertEqual(t, "total for "+tt.query, total, len(tt.want))
		}
	})

	t.Run("bad pages are invalid", func(t *testing.T) {
		s := open(t)
		_, _, err := s.ListImages(t.Context(), store.ImageFilter{Limit: 0})
		assertKind(t, err, news.ErrInvalid, "ListImages limit 0")
		_, _, err = s.ListImages(t.Context(), store.ImageFilter{Limit: 5, Offset: -1})
		assertKind(t, err, news.ErrInvalid, "ListImages offset -1")
	})
}

// libraryOf stores five images an hour apart, oldest first, and returns
// their ids in that order.
func libraryOf(t *testing.T, s store.Store) []int64 {
	t.Helper()
	images := []news.Image{
		{Path: "2025/03/street-0000000001.jpg", Alt: "A flooded street in Lankaran", Credit: "Photo: Aysel Hasanova"},
		{Path: "2025/03/river-0000000002.jpg", Alt: "The Kura at its height", Caption: "Flood defences held."},
		{Path: "2025/03/minister-0000000003.jpg", Alt: "The minister", Credit: "Photo: Reuters"},
		{Path: "2025/03/harbour-at-dawn-0000000004.jpg", Alt: "Fishing boats"},
		{Path: "2025/03/boulevard-0000000005.png", Alt: "Bakı boulevard", Caption: "100% of the lights were on."},
	}
	var ids []int64
	for i := range images {
		images[i].MIME = "image/jpeg"
		images[i].CreatedAt = now.Add(time.Duration(i) * time.Hour)
		must(t, s.CreateImage(t.Context(), &images[i]))
		ids = append(ids, images[i].ID)
	}
	return ids
}

func imageIDs(images []news.Image) []int64 {
	var ids []int64
	for _, img := range images {
		ids = append(ids, img.ID)
	}
	return ids
}
