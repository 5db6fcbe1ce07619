package store

import (
	"context"
	"time"
)

// Sitemaps reads what the sitemaps list, with only the columns they need.
// A sitemap covers the whole archive, so articles are streamed to a
// callback rather than returned as a slice: a publication of a million
// articles never holds a million rows in memory.
//
// Every method takes the moment of visibility and lists only what readers
// may see then (published, with a publication time not after it): a
// sitemap must never reveal a draft or an embargoed story.
type Sitemaps interface {
	// ArticleMonths counts the visible articles of each calendar month of
	// publication within r, newest month first, leaving out empty months.
	// Months are UTC months, so that every backend cuts them the same way.
	ArticleMonths(ctx context.Context, r ArticleRange) ([]MonthCount, error)
	// EachArticleEntry calls fn with each visible article within f, newest
	// first by publication time, then by id. Rows are handed over as they
	// are read; an error from fn stops the walk and is returned as it is.
	EachArticleEntry(ctx context.Context, f EntryFilter, fn func(ArticleEntry) error) error
	// TermsLastModified returns, for every category, tag or author (as
	// kind says) that has visible articles, the latest LastModified of
	// those articles, keyed by the term's id. A category's own articles
	// count, not those of its sub-categories: callers that show a section
	// with its sub-sections combine the dates over the tree.
	TermsLastModified(ctx context.Context, kind TermKind, visibleAt time.Time) (map[int64]time.Time, error)
}

// ArticleRange picks visible articles by publication time.
type ArticleRange struct {
	// VisibleAt is required: only articles readers may see at that moment
	// are listed. A zero VisibleAt is news.ErrInvalid.
	VisibleAt time.Time
	// From and Until, when set, keep articles published at or after From
	// and before Until.
	From, Until time.Time
}

// EntryFilter narrows EachArticleEntry.
type EntryFilter struct {
	ArticleRange
	Offset int
	Limit  int // zero means no limit
}

// ArticleEntry is an article as a sitemap lists it.
type ArticleEntry struct {
	ID          int64
	Slug        string
	Title       string
	PublishedAt time.Time // UTC
	UpdatedAt   time.Time // UTC; zero when never set
	// Lang and TranslationGroup are the article's (news.Article).
	Lang             string
	TranslationGroup int64
}

// LastModified is when the article last changed for readers: its update
// time, or its publication time when it was never updated after it.
func (e ArticleEntry) LastModified() time.Time {
	if e.UpdatedAt.After(e.PublishedAt) {
		return e.UpdatedAt
	}
	return e.PublishedAt
}

// MonthCount is how many visible articles a month holds.
type MonthCount struct {
	Year  int
	Month time.Month
	// Articles is the number of visible articles published that month.
	Articles int
	// LastModified is the latest ArticleEntry.LastModified among them.
	LastModified time.Time // UTC
}

// Start returns the first instant of the month, in UTC.
func (m MonthCount) Start() time.Time {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC)
}

// TermKind names a way of grouping articles that has pages of its own.
type TermKind string

// The kinds of term TermsLastModified knows.
const (
	TermCategory TermKind = "category"
	TermTag      TermKind = "tag"
	TermAuthor   TermKind = "author"
)
