package news

import "time"

// ImportMapping records that an item of another system (a WordPress
// post, say) was imported as a Masthead record, so that importing again
// updates that record instead of making a second one.
type ImportMapping struct {
	Source   string // the site it came from, e.g. "news.example" or "example.org/blog"
	Kind     string // the source's kind of item, e.g. "post", "category"
	SourceID string // the source's id for it, e.g. "1234"
	TargetID int64  // the Masthead record's id
	// Hash fingerprints the item as last imported: an unchanged hash
	// means there is nothing to update.
	Hash       string
	ImportedAt time.Time
}
