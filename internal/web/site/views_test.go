package site

import (
	"testing"

	"github.com/mastheadhq/masthead/internal/news"
)

func TestImageForOffersWebPOnlyWhenThereIsSome(t *testing.T) {
	jpegOnly := &news.Image{Path: "a.jpg", Width: 2000, Height: 1000, Variants: []news.Variant{
		{Path: "a-320w.jpg", MIME: "image/jpeg", Width: 320, Height: 160},
		{Path: "a-640w.jpg", MIME: "image/jpeg", Width: 640, Height: 320},
		{Path: "a-1200x630.jpg", MIME: "image/jpeg", Width: 1200, Height: 630, Crop: true},
	}}
	both := &news.Image{Path: "b.jpg", Width: 2000, Height: 1000, Variants: []news.Variant{
		{Path: "b-320w.jpg", MIME: "image/jpeg", Width: 320, Height: 160},
		{Path: "b-320w.webp", MIME: "image/webp", Width: 320, Height: 160},
		{Path: "b-640w.jpg", MIME: "image/jpeg", Width: 640, Height: 320},
		{Path: "b-640w.webp", MIME: "image/webp", Width: 640, Height: 320},
		{Path: "b-1200x630.jpg", MIME: "image/jpeg", Width: 1200, Height: 630, Crop: true},
	}}
	small := &news.Image{Path: "c.png", Width: 200, Height: 100, Variants: []news.Variant{
		{Path: "c-200w.jpg", MIME: "image/jpeg", Width: 200, Height: 100},
		{Path: "c-200w.webp", MIME: "image/webp", Width: 200, Height: 100},
	}}
	tests := []struct {
		name              string
		img               *news.Image
		src, srcset, webp string
		sizes             string
	}{
		{"stored before WebP", jpegOnly, "/media/a-640w.jpg", "/media/a-320w.jpg 320w, /media/a-640w.jpg 640w", "", "50vw"},
		{"JPEG and WebP", both, "/media/b-640w.jpg", "/media/b-320w.jpg 320w, /media/b-640w.jpg 640w",
			"/media/b-320w.webp 320w, /media/b-640w.webp 640w", "50vw"},
		{"one size", small, "/media/c-200w.jpg", "", "/media/c-200w.webp", ""},
	}
	for _, tt := range tests {
		v := imageFor(tt.img, 1024, "50vw", false)
		if v.Src != tt.src || v.Srcset != tt.srcset || v.WebPSrcset != tt.webp || v.Sizes != tt.sizes {
			t.Errorf("%s: src %q srcset %q webp %q sizes %q", tt.name, v.Src, v.Srcset, v.WebPSrcset, v.Sizes)
		}
	}
}
