package store

import (
	"context"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// Users keeps staff accounts.
type Users interface {
	// CreateUser stores a new account and sets its ID. An email already
	// in use, in any capitalisation, is news.ErrConflict.
	CreateUser(ctx context.Context, u *news.User) error
	UpdateUser(ctx context.Context, u *news.User) error
	User(ctx context.Context, id int64) (news.User, error)
	// UserByEmail finds an account by its address, in any capitalisation.
	UserByEmail(ctx context.Context, email string) (news.User, error)
	// AllUsers returns every account ordered by name.
	AllUsers(ctx context.Context) ([]news.User, error)
	CountUsers(ctx context.Context) (int, error)
}

// Sessions keeps signed-in browsers, in the database so that every app
// node knows them.
type Sessions interface {
	CreateSession(ctx context.Context, s news.Session) error
	// Session returns an unexpired session by id; an expired or unknown
	// one is news.ErrNotFound.
	Session(ctx context.Context, id string, now time.Time) (news.Session, error)
	// TouchSession records activity and moves the expiry.
	TouchSession(ctx context.Context, id string, lastSeen, expires time.Time) error
	DeleteSession(ctx context.Context, id string) error
	// DeleteUserSessions signs a user out everywhere and reports how many
	// sessions ended.
	DeleteUserSessions(ctx context.Context, userID int64) (int, error)
	// DeleteExpiredSessions removes sessions that expired before now.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)
}
