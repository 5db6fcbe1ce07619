package store

import "github.com/mastheadhq/masthead/internal/news"

// AsTeaser is what KeptRelatedArticles (and so ArticleWithRelated) returns
// of a related story: what a teaser shows, nothing more. It keeps the
// words, status and times, language, picture, sections and byline (without
// the authors' avatars, which teasers do not show), and drops the body, the
// topics, the attribution, the search-engine words, the translation links
// and the version. Reading fewer columns and pictures for the eight teasers
// of every article page is most of what a kept list saves (issue #9).
func AsTeaser(a news.Article) news.Article {
	t := news.Article{
		ID: a.ID, Title: a.Title, Slug: a.Slug, Standfirst: a.Standfirst, WordCount: a.WordCount,
		Status: a.Status, PublishedAt: a.PublishedAt, UpdatedAt: a.UpdatedAt, CreatedAt: a.CreatedAt,
		Categories: a.Categories, Image: a.Image, Lang: a.Lang,
	}
	if len(a.Authors) > 0 {
		t.Authors = make([]news.Author, len(a.Authors))
		for i, au := range a.Authors {
			au.Avatar = nil
			t.Authors[i] = au
		}
	}
	return t
}
