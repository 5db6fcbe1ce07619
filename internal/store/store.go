// Package store defines how Masthead keeps its data: narrow interfaces per
// aggregate, composed into Store, with the filter types they take. It
// imports no database driver; the backends live in sub-packages and must
// all pass the conformance suite in storetest.
package store

import (
	"context"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// Store is everything a publication keeps. Each method is one transaction
// unless it runs inside Atomic.
//
// Ids belong to the publication, not to the database that holds it: feeds
// publish them as item ids, and API clients and redirects keep them. So
// every Create method takes an ID from its caller as well as handing one
// out: a zero ID gets the next free id, a non-zero one is kept, and a
// taken id is news.ErrConflict (a negative one is news.ErrInvalid). Ids
// handed out afterwards never collide with those given. Moving a
// publication between backends (internal/dbcopy) relies on it.
type Store interface {
	Articles
	Categories
	Tags
	Authors
	Pages
	Images
	Menus
	Banners
	SettingsStore
	Schedule
	Sitemaps
	Searcher
	Users
	Sessions
	Revisions
	Drafts
	Presence
	Redirects
	Secrets
	Changes
	Throttles
	Jobs
	Audit
	Staff
	TwoFactor
	Listings
	Readers
	Subscribers
	APIKeys
	Webhooks
	Imports
	Wire
	Editions

	// Atomic runs fn with a Store whose every call joins one transaction,
	// committed when fn returns nil and rolled back otherwise.
	Atomic(ctx context.Context, fn func(Store) error) error
	// Empty reports whether the publication has no content at all (no
	// articles, pages, categories or settings), as on first start.
	Empty(ctx context.Context) (bool, error)
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	Close() error
}

// Articles keeps stories with their categories, tags, authors and image.
// Articles read back always carry those relations, loaded in batches.
type Articles interface {
	// CreateArticle stores a new article and sets its ID and, when zero,
	// its CreatedAt. A non-zero Version is kept (a moved article's
	// revisions follow on from it), zero makes it 1. A non-zero ID is kept; a taken id or slug is
	// news.ErrConflict; unknown related ids are news.ErrInvalid.
	CreateArticle(ctx context.Context, a *news.Article) error
	// UpdateArticle replaces every stored field and relation of a.ID and
	// sets a.Version to the new version. A non-zero a.Version must be the
	// stored one, or the save is news.ErrConflict and changes nothing; zero
	// (jobs, imports) skips the check.
	UpdateArticle(ctx context.Context, a *news.Article) error
	DeleteArticle(ctx context.Context, id int64) error
	Article(ctx context.Context, id int64) (news.Article, error)
	ArticleBySlug(ctx context.Context, slug string) (news.Article, error)
	// ListArticles returns the matching articles, newest first by
	// publication time, then by id.
	ListArticles(ctx context.Context, f ArticleFilter) ([]news.Article, error)
	// ArticlesAfter returns up to limit articles whose id is above
	// afterID, by id ascending, whatever their status, with their
	// relations. Starting from 0 and passing the last id returned walks
	// every article once, holding one page in memory: an order by id,
	// unlike ListArticles' by publication time, does not shift while the
	// walk goes on, and seeks rather than skips. A limit below 1 is
	// news.ErrInvalid.
	ArticlesAfter(ctx context.Context, afterID int64, limit int) ([]news.Article, error)
	// CountArticles counts the articles ListArticles would return without
	// Limit and Offset, but no more than f.CountLimit when that is set.
	CountArticles(ctx context.Context, f ArticleFilter) (int, error)
	// RelatedArticles returns visible articles in a's language (a.Lang,
	// "" the default) ranked by the number of
	// tags shared with a, then by sharing a's primary category, then by
	// recency; a itself is never included. The candidates are, for each
	// of a's tags, the RelatedTagWindow newest articles carrying it
	// (newest by id, that is most recently created), and the newest
	// articles of a's categories: an older article sharing only a tag
	// that many newer ones carry is not considered, so that the cost
	// follows the window rather than the size of the archive.
	RelatedArticles(ctx context.Context, a news.Article, now time.Time, limit int) ([]news.Article, error)
	// KeptRelatedArticles is RelatedArticles for a stored article a, as
	// read from the store, for the page readers see: the ranking is kept
	// from one call to the next (limit > 0) and done again only when it
	// may have moved, so that the answer is the one RelatedArticles would
	// give as far as the change keys can tell: when a's language,
	// categories or tags differ from those it was ranked against; when the
	// list of visible articles of one of a's sections or topics has moved
	// since (a story published, unpublished, deleted, re-dated, re-filed
	// or re-tagged: the ListKeys); when a story scheduled at the time has
	// come due; or when a kept story is no longer visible or in a's
	// language. The stories are read fresh each time, with their
	// sections, authors and pictures, but without their Body and Tags,
	// which teasers do not show.
	KeptRelatedArticles(ctx context.Context, a news.Article, now time.Time, limit int) ([]news.Article, error)
	// ArticleWithRelated is what an article page reads: ArticleBySlug and,
	// when the article is visible at now, KeptRelatedArticles for it, in
	// one read of the store. related is nil when readers cannot see the
	// article (the page shows none).
	ArticleWithRelated(ctx context.Context, slug string, now time.Time, limit int) (a news.Article, related []news.Article, err error)
}

// ArticleFilter narrows ListArticles and CountArticles. Zero fields do not
// filter.
type ArticleFilter struct {
	// VisibleAt, when set, keeps only articles readers may see at that
	// moment: published, with a publication time not after it.
	VisibleAt time.Time
	Status    news.Status
	// CategoryIDs keeps articles in any of these categories, primary or
	// extra. Callers expand a category to its descendants.
	CategoryIDs []int64
	// PrimaryCategoryIDs keeps articles whose primary category is one of these.
	PrimaryCategoryIDs []int64
	TagID              int64
	AuthorID           int64
	// TitleContains keeps articles whose title holds this text, for the
	// newsroom's list.
	TitleContains string
	ExcludeIDs    []int64
	// Langs keeps articles of these editions; "" is the default
	// language's (articles stored without a language).
	Langs []string
	// TranslationGroups keeps the articles of these translation groups.
	TranslationGroups []int64
	Limit             int // zero means no limit
	Offset            int
	// CountLimit, when positive, makes CountArticles stop counting there
	// and return at most CountLimit: an exact count reads an index entry
	// per matching article, which grows with the archive. Ask for one
	// more than needed to tell "exactly so many" from "more". ListArticles
	// ignores it.
	CountLimit int
}

// Editions keeps the publication's languages and the sections' names in
// each of them.
type Editions interface {
	// Editions returns every edition by position, then code.
	Editions(ctx context.Context) ([]news.Edition, error)
	// SetEditions replaces every edition. An invalid or repeated code is
	// news.ErrInvalid and changes nothing.
	SetEditions(ctx context.Context, editions []news.Edition) error
	// CategoryNames returns every section's names in other editions, by
	// category id, then language.
	CategoryNames(ctx context.Context) ([]news.CategoryName, error)
	// SetCategoryNames replaces the names of category id in other
	// editions; names with an empty Name are left out. An unknown
	// category is news.ErrNotFound.
	SetCategoryNames(ctx context.Context, id int64, names []news.CategoryName) error
}

// RelatedTagWindow is how many of each tag's newest articles
// RelatedArticles considers. bench/README.md measured 200 to 1,000 at
// 1,000,000 articles: the cost follows this number, 300 keeping the
// article page within twice its 10,000-article latency.
const RelatedTagWindow = 300

// Categories keeps the section tree.
type Categories interface {
	// CreateCategory stores a new category and sets its ID. A non-zero ID
	// is kept; a taken id, or a slug taken by a sibling, is
	// news.ErrConflict; an unknown parent is news.ErrInvalid.
	CreateCategory(ctx context.Context, c *news.Category) error
	UpdateCategory(ctx context.Context, c *news.Category) error
	// DeleteCategory removes a category; its children move up to its
	// parent and its articles lose it.
	DeleteCategory(ctx context.Context, id int64) error
	// AllCategories returns every category, ordered by parent, position and name.
	AllCategories(ctx context.Context) ([]news.Category, error)
}

// Tags keeps topics.
type Tags interface {
	// CreateTag stores a new tag and sets its ID. A non-zero ID is kept;
	// a taken id or slug is news.ErrConflict.
	CreateTag(ctx context.Context, t *news.Tag) error
	UpdateTag(ctx context.Context, t *news.Tag) error
	DeleteTag(ctx context.Context, id int64) error
	TagBySlug(ctx context.Context, slug string) (news.Tag, error)
	// AllTags returns every tag ordered by name.
	AllTags(ctx context.Context) ([]news.Tag, error)
	// MergeTags folds tag from into tag into, in one transaction: every
	// article tagged from gains into (keeping from's place in its list
	// when it lacked into) and from is deleted. Merging a tag into itself
	// is news.ErrInvalid; an unknown tag is news.ErrNotFound.
	MergeTags(ctx context.Context, from, into int64) error
	// TagArticleCounts returns how many articles, whatever their status,
	// carry each tag; tags on no article are absent.
	TagArticleCounts(ctx context.Context) (map[int64]int, error)
}

// Authors keeps bylines.
type Authors interface {
	// CreateAuthor stores a new author and sets its ID. A non-zero ID is
	// kept; a taken id or slug is news.ErrConflict; an unknown avatar is
	// news.ErrInvalid.
	CreateAuthor(ctx context.Context, a *news.Author) error
	UpdateAuthor(ctx context.Context, a *news.Author) error
	DeleteAuthor(ctx context.Context, id int64) error
	Author(ctx context.Context, id int64) (news.Author, error)
	AuthorBySlug(ctx context.Context, slug string) (news.Author, error)
	// AllAuthors returns every author ordered by name.
	AllAuthors(ctx context.Context) ([]news.Author, error)
}

// Pages keeps static pages.
type Pages interface {
	// CreatePage stores a new page and sets its ID. A non-zero ID is kept;
	// a taken id or slug is news.ErrConflict.
	CreatePage(ctx context.Context, p *news.Page) error
	UpdatePage(ctx context.Context, p *news.Page) error
	DeletePage(ctx context.Context, id int64) error
	PageBySlug(ctx context.Context, slug string) (news.Page, error)
	// AllPages returns every page ordered by title.
	AllPages(ctx context.Context) ([]news.Page, error)
}

// Images keeps the media library's records; the files themselves live in
// media storage.
type Images interface {
	// CreateImage stores an image record with its variants and sets its
	// ID and, when zero, its CreatedAt. A non-zero ID is kept; a taken id
	// is news.ErrConflict.
	CreateImage(ctx context.Context, img *news.Image) error
	// UpdateImage changes the alt text, caption and credit.
	UpdateImage(ctx context.Context, img *news.Image) error
	Image(ctx context.Context, id int64) (news.Image, error)
	// ImagesAfter returns up to limit images whose id is above afterID,
	// by id ascending, to walk the whole library a page at a time as
	// ArticlesAfter walks articles. A limit below 1 is news.ErrInvalid.
	ImagesAfter(ctx context.Context, afterID int64, limit int) ([]news.Image, error)
	// CountImages counts the image records.
	CountImages(ctx context.Context) (int, error)
	// ListImages returns the page of images f asks for, newest first,
	// with the number of images matching f on all pages.
	ListImages(ctx context.Context, f ImageFilter) ([]news.Image, int, error)
}

// ImageFilter selects a page of the media library.
type ImageFilter struct {
	// Query keeps images whose alt text, caption, credit or storage key
	// (which holds the uploaded file's name) contains every word of it,
	// ignoring case. Empty keeps all.
	Query string
	// Limit is the page size, 1 or more; Offset skips that many images.
	Limit, Offset int
}

// Menus keeps navigation menus by name.
type Menus interface {
	// SetMenu replaces the whole menu. Items refer to their parents by
	// their position in items: ParentID is the 1-based index of the parent
	// within items, or zero for top level. Stored ids are assigned anew.
	SetMenu(ctx context.Context, name string, items []news.MenuItem) error
	// Menu returns the menu's items flat, with stored ids and parent ids;
	// news.BuildMenu nests them. An unknown menu is empty, not an error.
	Menu(ctx context.Context, name string) ([]news.MenuItem, error)
	// MenuNames returns the name of every menu that has items, in byte
	// order: a publication may keep menus beyond the news.Menu* ones its
	// theme knows.
	MenuNames(ctx context.Context) ([]string, error)
}

// Banners keeps the "Useful links" image links.
type Banners interface {
	// SetBanners replaces all banners, keeping the given order.
	SetBanners(ctx context.Context, banners []news.Banner) error
	// AllBanners returns the banners in order.
	AllBanners(ctx context.Context) ([]news.Banner, error)
}

// SettingsStore keeps the publication's settings.
type SettingsStore interface {
	// Settings returns the saved settings, or news.ErrNotFound before the
	// first save.
	Settings(ctx context.Context) (news.Settings, error)
	SaveSettings(ctx context.Context, s news.Settings) error
}
