package store

import (
	"context"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// Revisions keeps every saved version of an article.
type Revisions interface {
	// AddRevision stores r. A second revision with the same article and
	// version is news.ErrConflict.
	AddRevision(ctx context.Context, r news.Revision) error
	// ReplaceRevision overwrites the revision with r's article and
	// version: consecutive autosaves by one writer make one entry.
	ReplaceRevision(ctx context.Context, r news.Revision) error
	// Revisions returns the article's revisions, newest first.
	Revisions(ctx context.Context, articleID int64) ([]news.Revision, error)
	Revision(ctx context.Context, articleID int64, version int) (news.Revision, error)
}

// Drafts keeps unsaved work, one per article and writer.
type Drafts interface {
	// SaveDraft stores or replaces the writer's draft of the article.
	SaveDraft(ctx context.Context, d news.Draft) error
	Draft(ctx context.Context, articleID, userID int64) (news.Draft, error)
	DeleteDraft(ctx context.Context, articleID, userID int64) error
}

// Presence records who has an article open in the editor.
type Presence interface {
	// TouchPresence notes that the user has the article open at now.
	TouchPresence(ctx context.Context, articleID, userID int64, now time.Time) error
	// LeavePresence notes that the user closed the article.
	LeavePresence(ctx context.Context, articleID, userID int64) error
	// PresentUsers returns the users seen on the article since the time
	// given, by name.
	PresentUsers(ctx context.Context, articleID int64, since time.Time) ([]news.User, error)
}

// Redirects keeps old reader addresses.
type Redirects interface {
	// SetRedirect stores or replaces the redirect from r.Path.
	SetRedirect(ctx context.Context, r news.Redirect) error
	// AddRedirect stores r unless the redirect from r.Path already goes
	// where r does, and reports whether it wrote. An import calls it for
	// every old address on every run, so that a re-run writes nothing,
	// with one statement instead of a read and a write.
	AddRedirect(ctx context.Context, r news.Redirect) (bool, error)
	// Redirect returns the redirect from path, or news.ErrNotFound.
	Redirect(ctx context.Context, path string) (news.Redirect, error)
	DeleteRedirect(ctx context.Context, path string) error
	// CountRedirects counts every stored redirect.
	CountRedirects(ctx context.Context) (int, error)
}

// Secrets keeps the keys the site signs with, shared by every app node.
type Secrets interface {
	// Secret returns the named secret, storing fresh() under the name
	// first if there is none. Concurrent first calls agree on one value.
	Secret(ctx context.Context, name string, fresh func() []byte) ([]byte, error)
}
