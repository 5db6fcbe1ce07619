package storetest

import (
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// now is the suite's fixed "current moment": fixed so that failures
// reproduce, in whole seconds so that every backend can keep it exactly.
var now = time.Date(2025, time.March, 14, 9, 30, 0, 0, time.UTC)

// baku is a zone away from UTC, to check that times come back in UTC.
var baku = time.FixedZone("AZT", 4*60*60)

func photo() news.Image {
	return news.Image{
		Path:    "2025/03/flood.jpg",
		MIME:    "image/jpeg",
		Width:   4000,
		Height:  3000,
		Alt:     "A flooded street in Lankaran",
		Caption: "Water rose overnight after three days of rain.",
		Credit:  "Photo: Aysel Hasanova",
		Variants: []news.Variant{
			{Path: "2025/03/flood-480.webp", MIME: "image/webp", Width: 480, Height: 360},
			{Path: "2025/03/flood-1200.webp", MIME: "image/webp", Width: 1200, Height: 900},
			{Path: "2025/03/flood-card.jpg", MIME: "image/jpeg", Width: 1200, Height: 630, Crop: true},
		},
		CreatedAt: now.Add(-48 * time.Hour),
	}
}

func portrait() news.Image {
	return news.Image{
		Path:      "authors/leyla.jpg",
		MIME:      "image/jpeg",
		Width:     800,
		Height:    800,
		Alt:       "Leyla Aliyeva",
		Variants:  []news.Variant{{Path: "authors/leyla-160.webp", MIME: "image/webp", Width: 160, Height: 160, Crop: true}},
		CreatedAt: now.Add(-720 * time.Hour),
	}
}

// world is a small publication most article tests build on.
type world struct {
	photo, portrait              news.Image
	news, economy, sport, region news.Category // economy sits under news
	oil, gas, cop29, football    news.Tag
	leyla, tural, guest          news.Author
}

func newWorld(t testing.TB, s store.Store) *world {
	t.Helper()
	ctx := t.Context()
	w := &world{photo: photo(), portrait: portrait()}
	must(t, s.CreateImage(ctx, &w.photo))
	must(t, s.CreateImage(ctx, &w.portrait))

	w.news = news.Category{Name: "News", Slug: "news", Description: "What happened", Position: 1}
	must(t, s.CreateCategory(ctx, &w.news))
	w.economy = news.Category{ParentID: w.news.ID, Name: "Economy", Slug: "economy", Position: 1}
	w.sport = news.Category{Name: "Sport", Slug: "sport", Position: 2}
	w.region = news.Category{Name: "Region", Slug: "region", Position: 3}
	for _, c := range []*news.Category{&w.economy, &w.sport, &w.region} {
		must(t, s.CreateCategory(ctx, c))
	}

	w.oil = news.Tag{Name: "Oil", Slug: "oil", Description: "Crude and products"}
	w.gas = news.Tag{Name: "Gas", Slug: "gas"}
	w.cop29 = news.Tag{Name: "COP29", Slug: "cop29"}
	w.football = news.Tag{Name: "Football", Slug: "football"}
	for _, tag := range []*news.Tag{&w.oil, &w.gas, &w.cop29, &w.football} {
		must(t, s.CreateTag(ctx, tag))
	}

	w.leyla = news.Author{
		Name: "Leyla Aliyeva", Slug: "leyla-aliyeva", Bio: "Energy correspondent.",
		Email: "leyla@example.org", Avatar: &w.portrait,
		Links: []news.SocialLink{
			{Network: "x", URL: "https://x.com/leyla"},
			{Network: "telegram", URL: "https://t.me/leyla"},
		},
	}
	w.tural = news.Author{Name: "Tural Mammadov", Slug: "tural-mammadov"}
	w.guest = news.Author{Name: "Guest Writer", Slug: "guest-writer", Bio: "Writes now and then."}
	for _, a := range []*news.Author{&w.leyla, &w.tural, &w.guest} {
		must(t, s.CreateAuthor(ctx, a))
	}
	return w
}

// published returns a minimal visible article, published at the given
// offset from now.
func published(slug string, offset time.Duration) news.Article {
	return news.Article{
		Title:       "Story " + slug,
		Slug:        slug,
		Body:        "<p>Text.</p>",
		WordCount:   1,
		Status:      news.StatusPublished,
		PublishedAt: now.Add(offset),
	}
}

// create stores each article in turn and fails the test on error.
func create(t testing.TB, s store.Store, arts ...*news.Article) {
	t.Helper()
	for _, a := range arts {
		must(t, s.CreateArticle(t.Context(), a))
	}
}

// withTerms returns a with the given categories (primary first) and tags.
func withTerms(a news.Article, cats []news.Category, tags ...news.Tag) news.Article {
	a.Categories, a.Tags = cats, tags
	return a
}

func cats(cs ...news.Category) []news.Category { return cs }
