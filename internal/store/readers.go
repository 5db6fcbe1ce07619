package store

import (
	"context"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// Readers keeps readers' accounts, apart from staff accounts: their
// signed-in browsers, the single-use links mailed to them, and what they
// keep on the site (saved articles, follows, reading history).
type Readers interface {
	// CreateReader stores a new account and sets its ID, its email in
	// lower case, and its CreatedAt and UpdatedAt when zero. A taken
	// email, in any capitalisation, is news.ErrConflict; an empty one is
	// news.ErrInvalid.
	CreateReader(ctx context.Context, r *news.Reader) error
	// UpdateReader replaces the email, name, password hash, verification
	// time and history setting of r.ID. A taken email is news.ErrConflict.
	UpdateReader(ctx context.Context, r *news.Reader) error
	Reader(ctx context.Context, id int64) (news.Reader, error)
	// ReaderByEmail finds an account by its address, in any capitalisation.
	ReaderByEmail(ctx context.Context, email string) (news.Reader, error)
	// DeleteReader removes the account and everything kept for it:
	// sessions, links, saved articles, follows, reading history and the
	// subscription that carries its id. An unknown id is news.ErrNotFound.
	DeleteReader(ctx context.Context, id int64) error
	CountReaders(ctx context.Context) (int, error)
	// ReadersAfter returns up to limit accounts whose id is above afterID,
	// by id: a copy to another database walks them.
	ReadersAfter(ctx context.Context, afterID int64, limit int) ([]news.Reader, error)

	// CreateReaderSession stores a signed-in browser. A taken id is
	// news.ErrConflict; an unknown reader is news.ErrInvalid.
	CreateReaderSession(ctx context.Context, s news.ReaderSession) error
	// ReaderSession returns an unexpired session; an expired or unknown
	// one is news.ErrNotFound.
	ReaderSession(ctx context.Context, id string, now time.Time) (news.ReaderSession, error)
	// TouchReaderSession records activity and moves the expiry.
	TouchReaderSession(ctx context.Context, id string, lastSeen, expires time.Time) error
	// DeleteReaderSession ends one session; an unknown one is no error.
	DeleteReaderSession(ctx context.Context, id string) error
	// DeleteReaderSessions ends every session of a reader and reports how
	// many there were.
	DeleteReaderSessions(ctx context.Context, readerID int64) (int, error)

	// CreateReaderToken stores a mailed link by the hash of its token. A
	// taken id is news.ErrConflict.
	CreateReaderToken(ctx context.Context, t news.ReaderToken) error
	// UseReaderToken spends a link: it is returned and removed in one
	// statement, so that of two concurrent uses at most one succeeds. An
	// unknown, spent or expired link, or one made for another purpose,
	// is news.ErrNotFound (and a link of another purpose is left alone).
	UseReaderToken(ctx context.Context, id string, purpose news.TokenPurpose, now time.Time) (news.ReaderToken, error)
	// DeleteReaderTokens removes a reader's unspent links of one purpose:
	// a new password voids the reset links mailed before it.
	DeleteReaderTokens(ctx context.Context, readerID int64, purpose news.TokenPurpose) error
	// DeleteExpiredReaderState removes expired reader sessions and links,
	// and reports how many rows went.
	DeleteExpiredReaderState(ctx context.Context, now time.Time) (int, error)

	// SaveArticle keeps an article on the reader's list; saving it again
	// changes nothing. An unknown reader or article is news.ErrInvalid.
	SaveArticle(ctx context.Context, readerID, articleID int64, at time.Time) error
	// UnsaveArticle takes an article off the list; one not on it is no
	// error.
	UnsaveArticle(ctx context.Context, readerID, articleID int64) error
	// SavedAmong reports which of articleIDs the reader has saved.
	SavedAmong(ctx context.Context, readerID int64, articleIDs []int64) (map[int64]bool, error)
	// SavedArticles returns the saved articles readers may see at
	// visibleAt, most recently saved first, with their relations.
	SavedArticles(ctx context.Context, readerID int64, visibleAt time.Time, limit, offset int) ([]news.Article, error)
	// SavedList returns every saved article of the reader, whatever its
	// status, most recently saved first.
	SavedList(ctx context.Context, readerID int64) ([]news.SavedArticle, error)

	// Follow adds a section, topic or author to what the reader follows;
	// following it again changes nothing. An unknown kind or target is
	// news.ErrInvalid.
	Follow(ctx context.Context, readerID int64, f news.Follow) error
	// Unfollow removes it; one not followed is no error.
	Unfollow(ctx context.Context, readerID int64, f news.Follow) error
	// Follows returns what the reader follows, by kind and then id.
	Follows(ctx context.Context, readerID int64) ([]news.Follow, error)
	// FollowedArticles returns the newest articles visible at f.VisibleAt
	// that are in any of f's categories, carry any of its tags or are by
	// any of its authors, newest first, with their relations.
	FollowedArticles(ctx context.Context, f FollowedFilter) ([]news.Article, error)

	// RecordReading notes that the reader opened the article at at; a
	// second visit moves the time. An unknown article is news.ErrInvalid.
	RecordReading(ctx context.Context, readerID, articleID int64, at time.Time) error
	// ReadArticles returns the articles of the reader's history visible
	// at visibleAt, last read first, with their relations.
	ReadArticles(ctx context.Context, readerID int64, visibleAt time.Time, limit, offset int) ([]news.Article, error)
	// History returns the whole reading history, last read first.
	History(ctx context.Context, readerID int64) ([]news.HistoryEntry, error)
	// ClearHistory forgets the reader's reading history.
	ClearHistory(ctx context.Context, readerID int64) error
}

// FollowedFilter selects the articles of a "For you" page. Callers expand
// a followed section to its sub-sections.
type FollowedFilter struct {
	CategoryIDs []int64
	TagIDs      []int64
	AuthorIDs   []int64
	VisibleAt   time.Time
	Limit       int // 1 or more
	Offset      int
}

// Subscribers keeps the newsletter's subscriptions and the record of what
// each mailing was sent to.
type Subscribers interface {
	// CreateSubscriber stores a subscription and sets its ID, its email
	// in lower case and its CreatedAt and UpdatedAt when zero. A taken
	// email is news.ErrConflict; unknown alert sections or reader are
	// news.ErrInvalid.
	CreateSubscriber(ctx context.Context, s *news.Subscriber) error
	// UpdateSubscriber replaces every field of s.ID but CreatedAt.
	UpdateSubscriber(ctx context.Context, s *news.Subscriber) error
	Subscriber(ctx context.Context, id int64) (news.Subscriber, error)
	// SubscriberByEmail finds a subscription by its address, in any
	// capitalisation.
	SubscriberByEmail(ctx context.Context, email string) (news.Subscriber, error)
	// DeleteSubscriber removes a subscription and its record of sends. An
	// unknown id is news.ErrNotFound.
	DeleteSubscriber(ctx context.Context, id int64) error
	// SubscribersAfter returns up to limit subscriptions whose id is above
	// afterID, by id, confirmed or not: the newsroom's export walks them.
	SubscribersAfter(ctx context.Context, afterID int64, limit int) ([]news.Subscriber, error)
	// CountSubscribers counts subscriptions for the newsroom.
	CountSubscribers(ctx context.Context) (SubscriberCounts, error)

	// StartMailing stores m unless a mailing of that name exists, and
	// returns the stored one: a resumed run keeps the first run's cutoff.
	StartMailing(ctx context.Context, m news.Mailing) (news.Mailing, error)
	// PreviousMailing returns the mailing with the greatest name that
	// starts with prefix and sorts before name, or news.ErrNotFound.
	PreviousMailing(ctx context.Context, prefix, name string) (news.Mailing, error)
	// FinishMailing marks a mailing as sent to everyone.
	FinishMailing(ctx context.Context, name string, at time.Time) error
	// MailingRecipients returns up to limit confirmed subscriptions with
	// an id above afterID, by id, that want f's mailing and have no send
	// of it recorded.
	MailingRecipients(ctx context.Context, name string, f RecipientFilter, afterID int64, limit int) ([]news.Subscriber, error)
	// ClaimSends records that the mailing is being sent to subscriberIDs
	// and returns those it recorded now: an id already recorded (by this
	// run before it stopped, or by another) is left out, so that nobody
	// is mailed the same mailing twice.
	ClaimSends(ctx context.Context, name string, subscriberIDs []int64, at time.Time) ([]int64, error)
	// MarkSent records that the mailing reached the SMTP server for these
	// subscribers.
	MarkSent(ctx context.Context, name string, subscriberIDs []int64, at time.Time) error
	// ReleaseSends forgets claims that were not sent, so that a later run
	// sends them.
	ReleaseSends(ctx context.Context, name string, subscriberIDs []int64) error
	// MailingSends counts a mailing's recorded sends: claimed in all, and
	// of those marked sent.
	MailingSends(ctx context.Context, name string) (claimed, sent int, err error)
	// MailingsAfter returns up to limit mailings whose name sorts after
	// afterName byte by byte, in that order, finished or not.
	MailingsAfter(ctx context.Context, afterName string, limit int) ([]news.Mailing, error)
	// MailingSendsAfter returns up to limit of a mailing's recorded sends
	// whose subscriber id is above afterID, by subscriber id, sent or
	// only claimed. With MailingsAfter, a copy walks every send.
	MailingSendsAfter(ctx context.Context, mailing string, afterID int64, limit int) ([]news.MailingSend, error)
}

// RecipientFilter says who a mailing goes to: subscribers of the digest,
// or those with an alert for any of the categories.
type RecipientFilter struct {
	Digest      bool
	CategoryIDs []int64
}

// SubscriberCounts are the newsroom's figures.
type SubscriberCounts struct {
	Total     int // every subscription, confirmed or not
	Confirmed int
	Digest    int // confirmed, receiving the daily digest
	Alerts    int // confirmed, with at least one section alert
}
