package store

import (
	"slices"
	"strconv"
)

// Change keys name what a write touched, in the words a page cache uses
// for what a page shows. The change triggers of both backends write them
// (see the migration that creates change_keys); pages list the keys they
// depend on, and a change drops exactly the pages that list one of its
// keys. There are three sorts:
//
//   - a row: ArticleKey, TagKey, AuthorKey, PageKey, ImageKey change when
//     that row (or an article's links) is written, whatever its status;
//   - a list: KeyLatest and the ListKeys change when the set or the order
//     of the visible articles in that list may have moved: a visible
//     article was added, removed, re-dated or re-filed;
//   - a kind: KeyArticles (any write to an article that is or was
//     published), KeyTags, KeyAuthors, KeyPages, KeyChrome (settings,
//     sections, menus, banners) and KeyRedirects, for pages that show all
//     of a kind at once, such as sitemaps.
const (
	KeyLatest    = "list:latest"
	KeyArticles  = "articles"
	KeyTags      = "tags"
	KeyAuthors   = "authors"
	KeyPages     = "pages"
	KeyChrome    = "chrome"
	KeyRedirects = "redirects"
	// KeyEverything says that anything may have changed. SQLite's bulk
	// writes logged it until they logged their rows' keys (migration
	// 0019); a log kept from before may still hold it.
	KeyEverything = "*"
)

// ArticleKey names one article's row and links.
func ArticleKey(id int64) string { return "article:" + strconv.FormatInt(id, 10) }

// TagKey names one topic's row: its name, slug and description.
func TagKey(id int64) string { return "tag:" + strconv.FormatInt(id, 10) }

// AuthorKey names one author's row: name, slug, bio, avatar and links.
func AuthorKey(id int64) string { return "author:" + strconv.FormatInt(id, 10) }

// PageKey names one static page.
func PageKey(id int64) string { return "page:" + strconv.FormatInt(id, 10) }

// ImageKey names one image's record: its words and variants.
func ImageKey(id int64) string { return "image:" + strconv.FormatInt(id, 10) }

// CategoryListKey names the visible articles filed in one section (not
// its sub-sections: a page listing a section and its sub-sections
// depends on the list of each).
func CategoryListKey(id int64) string { return "list:category:" + strconv.FormatInt(id, 10) }

// TagListKey names the visible articles carrying one topic.
func TagListKey(id int64) string { return "list:tag:" + strconv.FormatInt(id, 10) }

// AuthorListKey names the visible articles of one author.
func AuthorListKey(id int64) string { return "list:author:" + strconv.FormatInt(id, 10) }

// DistinctKeys sorts the log rows a backend read for ChangeKeys and drops
// repeats, reporting incomplete when the rows hit their bound
// (limit × ChangeKeyRowsPerKey + 1 were asked for) or more than limit keys
// remain, or when complete is already false, or when a bulk write logged
// KeyEverything.
func DistinctKeys(rows []string, limit int, complete bool) ([]string, bool, error) {
	if !complete || len(rows) > limit*ChangeKeyRowsPerKey || slices.Contains(rows, KeyEverything) {
		return nil, false, nil
	}
	slices.Sort(rows)
	rows = slices.Compact(rows)
	if len(rows) > limit {
		return nil, false, nil
	}
	return rows, true, nil
}

// TranslationsKey names the articles of one translation group: a page
// that links an article's translations depends on it.
func TranslationsKey(group int64) string { return "translations:" + strconv.FormatInt(group, 10) }
