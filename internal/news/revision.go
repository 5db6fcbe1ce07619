package news

import (
	"net/url"
	"time"
)

// Revision is an article as one save left it. Its relations (categories,
// tags, authors, image) carry only their ids: names are looked up when a
// revision is shown, so a renamed tag reads as it is called now.
type Revision struct {
	ArticleID int64
	Version   int
	CreatedAt time.Time
	UserID    int64  // zero when the account is gone or a job saved it
	UserName  string // kept, so history still names a deleted account
	Note      string // e.g. "Autosave", "Published", "Restored version 3"
	Article   Article
}

// Draft is work a writer has not saved into the article: written by
// autosave while an article is live, or kept when a stale save was
// refused, so that no text is ever lost.
type Draft struct {
	ArticleID   int64
	UserID      int64
	BaseVersion int // the version the writer started from
	SavedAt     time.Time
	Article     Article
}

// Redirect sends an old reader address to where its content lives now.
// ArticleID, when set, follows the article through later moves; otherwise
// Target is a fixed local path or absolute URL.
type Redirect struct {
	Path      string
	ArticleID int64
	Target    string
	CreatedAt time.Time
}

// redirectQueryParams are the query parameters by which WordPress answered
// for content at any address (/?p=12, /?page_id=3, /?cat=5), in the order
// QueryRedirectPath looks for them.
var redirectQueryParams = []string{"p", "page_id", "attachment_id", "cat", "tag", "author", "feed"}

// QueryRedirectPath returns the key under which a redirect from an address
// with such a query is kept: its path, "?", and the first of those
// parameters with its value, so that "/?p=12&utm_source=x" finds the
// redirect stored for "/?p=12". It reports false when the query has none
// of them.
func QueryRedirectPath(path string, query url.Values) (string, bool) {
	for _, name := range redirectQueryParams {
		if v := query.Get(name); v != "" {
			return path + "?" + url.Values{name: {v}}.Encode(), true
		}
	}
	return "", false
}
