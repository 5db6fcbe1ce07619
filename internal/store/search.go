package store

import (
	"context"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/search"
)

// Searcher finds articles by their words, inside the database. Backends
// index every article, whatever its status (PostgreSQL in the same
// transaction as the article's write; SQLite from a queue written in
// that transaction, in a file of its own beside the database, which a
// search made after the write waits for: see SearchIndexWaiter), and
// decide visibility when a query runs: so an article is findable the
// moment it is published or its scheduled time comes, and gone the
// moment it is unpublished, without any job.
//
// What is indexed is search.DocumentOf: title, standfirst, body and the
// names of its authors and tags, folded with news.Fold. Ranking weighs a
// match in the title above one in the standfirst, above the names and the
// lede (the body's opening), above one further down the body.
type Searcher interface {
	// SearchArticles returns one page of the articles matching q within
	// f, most relevant first and, between equally relevant ones, newest
	// first by publication time, then by id. A zero q matches nothing.
	// Any q that search.Parse returns is valid: malformed input never
	// reaches a backend as anything but words.
	SearchArticles(ctx context.Context, q search.Query, f SearchFilter) (SearchResult, error)

	// Renaming a tag or an author leaves the search entries of its
	// articles for later: the rename only queues the articles, since a
	// big tag has thousands and re-indexing them in the rename's
	// transaction held the writer for minutes. A background job drains
	// the queue (jobs.SearchReindex); until then a search may find the
	// old name. The queue is a table, so it survives restarts.

	// QueuedForReindex lists the ids of the queued articles, in id order.
	QueuedForReindex(ctx context.Context) ([]int64, error)
	// ReindexQueued refreshes the entries of at most limit queued
	// articles, in one transaction, and takes them off the queue; an
	// article deleted meanwhile is just taken off. It returns how many it
	// took off: zero when the queue is empty or every queued article is
	// being written by another transaction at that moment. Calls may run
	// at once, on any number of nodes.
	ReindexQueued(ctx context.Context, limit int) (int, error)
}

// SearchIndexWaiter is a backend whose search index takes in writes
// after they commit (SQLite's, beside the writer). Its SearchArticles
// waits a little for writes made just before, so that an editor finds
// what they saved; a bulk import, whose writes the index may trail by
// thousands of articles, waits for all of them before it reports.
type SearchIndexWaiter interface {
	// WaitSearchIndexed returns once the index has taken in every write
	// committed before the call. progress, when not nil, is told about
	// once a second how many articles are left.
	WaitSearchIndexed(ctx context.Context, progress func(left int64)) error
}

// SearchRankWindow is how many of the newest matching articles a search
// ranks. Relevance over every match costs time in proportion to the
// matches (a common word is in a third of an archive), while news readers
// want recent stories anyway; a reader after older ones narrows the dates.
const SearchRankWindow = 1000

// SearchFilter narrows a search. Zero fields do not filter.
type SearchFilter struct {
	// VisibleAt, when set, keeps only articles readers may see at that
	// moment: published, with a publication time not after it. The reader
	// site always sets it.
	VisibleAt time.Time
	// CategoryIDs keeps articles in any of these categories, primary or
	// extra. Callers expand a category to its descendants.
	CategoryIDs []int64
	TagID       int64
	AuthorID    int64
	// Langs keeps articles of these editions; "" is the default
	// language's.
	Langs []string
	// From and To keep articles published at or after From and before To.
	From, To time.Time
	Limit    int // zero means a default page of ten
	Offset   int
	// NoSnippets leaves SearchHit.Snippet empty, for callers that show
	// titles only, such as the search box's dropdown: cutting a snippet
	// means reading the whole body.
	NoSnippets bool
}

// SearchResult is one page of a search.
type SearchResult struct {
	Hits []SearchHit
	// Total counts the matching articles, up to SearchRankWindow; pages
	// reach no further than that.
	Total int
	// Truncated reports that more, older articles match than were ranked.
	Truncated bool
}

// SearchHit is one found article, with its relations loaded as ListArticles
// loads them.
type SearchHit struct {
	Article news.Article
	// Snippet is the text to show under the title, with the matched words
	// marked: search.ArticleSnippet, so that every backend shows the same.
	Snippet search.Snippet
}
