package news

import "time"

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
