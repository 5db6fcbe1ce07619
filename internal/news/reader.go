package news

import "time"

// Reader is a reader's account on the publication's site: separate from
// staff accounts (User), with nothing to do with the newsroom.
type Reader struct {
	ID    int64
	Email string // stored lower-cased; unique among readers
	Name  string // display name, chosen by the reader; may be empty
	// PasswordHash is argon2id in PHC form, or empty for an account that
	// signs in only by emailed links.
	PasswordHash string
	// VerifiedAt is when the reader proved the address is theirs (by a
	// link sent to it); zero until then.
	VerifiedAt time.Time
	// HistoryOff stops reading history from being recorded.
	HistoryOff bool
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Verified reports whether the reader has confirmed their address.
func (r Reader) Verified() bool { return !r.VerifiedAt.IsZero() }

// ReaderSession is a signed-in reader's browser. As with staff sessions,
// the store keeps only a hash of the cookie's token.
type ReaderSession struct {
	ID         string // hex SHA-256 of the cookie's token
	ReaderID   int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// TokenPurpose says what an emailed link does.
type TokenPurpose string

// The links mailed to readers and subscribers.
const (
	TokenVerify      TokenPurpose = "verify"    // confirms a new account's address
	TokenSignIn      TokenPurpose = "signin"    // passwordless sign-in
	TokenReset       TokenPurpose = "reset"     // sets a new password
	TokenEmailChange TokenPurpose = "email"     // moves the account to Email, once it is proved
	TokenSubscribe   TokenPurpose = "subscribe" // confirms a newsletter subscription (double opt-in)
)

// ReaderToken is one single-use link. The store keeps the hash of the
// token in the link as its ID, never the token.
type ReaderToken struct {
	ID       string // hex SHA-256 of the token mailed
	Purpose  TokenPurpose
	ReaderID int64  // the account it acts on; zero for a subscription
	Email    string // the address it was sent to (the new one, for an email change)
	// SubscriberID is the subscription a TokenSubscribe link confirms.
	SubscriberID int64
	CreatedAt    time.Time
	ExpiresAt    time.Time
}

// FollowKind names what a reader can follow.
type FollowKind string

// The things a reader can follow.
const (
	FollowCategory FollowKind = "category"
	FollowTag      FollowKind = "tag"
	FollowAuthor   FollowKind = "author"
)

// Valid reports whether k is a known kind.
func (k FollowKind) Valid() bool {
	return k == FollowCategory || k == FollowTag || k == FollowAuthor
}

// Follow is one thing a reader follows: a section, a topic or an author.
type Follow struct {
	Kind     FollowKind
	TargetID int64
}

// SavedArticle is an article a reader kept for later.
type SavedArticle struct {
	ArticleID int64
	SavedAt   time.Time
}

// HistoryEntry is an article a reader opened, at the last time they did.
type HistoryEntry struct {
	ArticleID int64
	ReadAt    time.Time
}

// Subscriber is an address that receives the newsletter: the daily digest,
// alerts for chosen sections, or both. Readers without an account may
// subscribe; a reader's own subscription carries their id.
type Subscriber struct {
	ID       int64
	Email    string // stored lower-cased; one subscription per address
	ReaderID int64  // the account of the same address, if any
	Digest   bool   // the daily digest
	// AlertCategoryIDs are the sections whose every new article is mailed.
	AlertCategoryIDs []int64
	// ConfirmedAt is when the address confirmed the subscription (double
	// opt-in); nothing is mailed but the confirmation until then.
	ConfirmedAt time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Confirmed reports whether the subscription was confirmed.
func (s Subscriber) Confirmed() bool { return !s.ConfirmedAt.IsZero() }

// Mailing is one newsletter sent to many subscribers: a day's digest or a
// new article's alert. Its name identifies it ("digest:2026-12-06",
// "alert:42") and each recipient is recorded against it, so that a run
// that stopped half way resumes with the rest.
type Mailing struct {
	Name string
	// Cutoff is the end of what a digest covers: it lists the articles
	// published after the previous digest's cutoff and up to this one.
	Cutoff     time.Time
	CreatedAt  time.Time
	FinishedAt time.Time // zero while recipients remain
}

// MailingSend is the record that a mailing went, or is going, to one
// subscriber: claimed before the message is handed to the mail server,
// marked sent once it was.
type MailingSend struct {
	Mailing      string
	SubscriberID int64
	ClaimedAt    time.Time
	SentAt       time.Time // zero while claimed and not yet sent
}
