package news

import "time"

// AuditEntry is one line of the audit log: who did what, to what, when
// and from where. Entries are written once and never changed, and they
// keep the names and titles as they were, so that the log still reads
// after an account or article is renamed or removed.
type AuditEntry struct {
	ID       int64
	At       time.Time
	UserID   int64  // zero when nobody was signed in (a failed sign-in)
	UserName string // the actor's name at the time, or the address typed
	// Action is a dotted name, noun first, e.g. "article.publish" or
	// "signin.failure", so that a prefix ("signin.") selects a family.
	Action       string
	SubjectKind  string // "user", "article", … ; empty when there is none
	SubjectID    int64
	SubjectTitle string
	IP           string
	Detail       string // a short free-text note, e.g. "editor → author"
}
