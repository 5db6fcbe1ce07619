package storejson

import (
	"encoding/json"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// Snapshot is the stored form of an article inside a revision or a draft:
// every field an editor can change, with relations by id.
type Snapshot struct {
	Title          string    `json:"title"`
	Slug           string    `json:"slug"`
	Standfirst     string    `json:"standfirst"`
	Body           string    `json:"body"`
	WordCount      int       `json:"word_count"`
	Status         string    `json:"status"`
	PublishedAt    time.Time `json:"published_at,omitzero"`
	UpdatedAt      time.Time `json:"updated_at,omitzero"`
	Categories     []int64   `json:"categories"`
	Tags           []int64   `json:"tags"`
	Authors        []int64   `json:"authors"`
	Image          int64     `json:"image,omitempty"`
	Source         Source    `json:"source"`
	SEOTitle       string    `json:"seo_title,omitempty"`
	SEODescription string    `json:"seo_description,omitempty"`
}

// Source is the stored form of a news.Attribution.
type Source struct {
	Kind           string `json:"kind,omitempty"`
	Publication    string `json:"publication,omitempty"`
	URL            string `json:"url,omitempty"`
	Language       string `json:"language,omitempty"`
	Translator     string `json:"translator,omitempty"`
	OriginalAuthor string `json:"original_author,omitempty"`
	Note           string `json:"note,omitempty"`
	Canonical      bool   `json:"canonical,omitempty"`
}

// EncodeArticle returns the stored snapshot of a.
func EncodeArticle(a news.Article) (string, error) {
	s := Snapshot{
		Title: a.Title, Slug: a.Slug, Standfirst: a.Standfirst, Body: a.Body,
		WordCount: a.WordCount, Status: string(a.Status),
		PublishedAt: a.PublishedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(),
		Categories: []int64{}, Tags: []int64{}, Authors: []int64{},
		Source: Source{
			Kind: string(a.Source.Kind), Publication: a.Source.Publication, URL: a.Source.URL,
			Language: a.Source.Language, Translator: a.Source.Translator,
			OriginalAuthor: a.Source.OriginalAuthor, Note: a.Source.Note, Canonical: a.Source.Canonical,
		},
		SEOTitle: a.SEOTitle, SEODescription: a.SEODescription,
	}
	if a.PublishedAt.IsZero() {
		s.PublishedAt = time.Time{}
	}
	if a.UpdatedAt.IsZero() {
		s.UpdatedAt = time.Time{}
	}
	for _, c := range a.Categories {
		s.Categories = append(s.Categories, c.ID)
	}
	for _, t := range a.Tags {
		s.Tags = append(s.Tags, t.ID)
	}
	for _, au := range a.Authors {
		s.Authors = append(s.Authors, au.ID)
	}
	if a.Image != nil {
		s.Image = a.Image.ID
	}
	b, err := json.Marshal(s)
	return string(b), err
}

// DecodeArticle reads a stored snapshot back into an article of the given
// id whose relations hold only ids.
func DecodeArticle(id int64, text string) (news.Article, error) {
	var s Snapshot
	if err := json.Unmarshal([]byte(text), &s); err != nil {
		return news.Article{}, err
	}
	a := news.Article{
		ID: id, Title: s.Title, Slug: s.Slug, Standfirst: s.Standfirst, Body: s.Body,
		WordCount: s.WordCount, Status: news.Status(s.Status),
		PublishedAt: s.PublishedAt, UpdatedAt: s.UpdatedAt,
		Source: news.Attribution{
			Kind: news.AttributionKind(s.Source.Kind), Publication: s.Source.Publication,
			URL: s.Source.URL, Language: s.Source.Language, Translator: s.Source.Translator,
			OriginalAuthor: s.Source.OriginalAuthor, Note: s.Source.Note, Canonical: s.Source.Canonical,
		},
		SEOTitle: s.SEOTitle, SEODescription: s.SEODescription,
	}
	for _, c := range s.Categories {
		a.Categories = append(a.Categories, news.Category{ID: c})
	}
	for _, t := range s.Tags {
		a.Tags = append(a.Tags, news.Tag{ID: t})
	}
	for _, au := range s.Authors {
		a.Authors = append(a.Authors, news.Author{ID: au})
	}
	if s.Image != 0 {
		a.Image = &news.Image{ID: s.Image}
	}
	return a, nil
}
