package store

import (
	"context"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// Staff holds what managing accounts needs beyond Users and Sessions.
type Staff interface {
	// CountActiveAdministrators returns the number of enabled
	// administrators. Inside Atomic it locks those accounts until the
	// transaction ends (on backends that lock rows), so that two
	// administrators demoting each other at once cannot leave none.
	CountActiveAdministrators(ctx context.Context) (int, error)
	// UserSessions returns the unexpired sessions of a user, most
	// recently seen first.
	UserSessions(ctx context.Context, userID int64, now time.Time) ([]news.Session, error)
}

// TwoFactor keeps TOTP set-ups, recovery codes, and sign-ins waiting for
// their second factor.
type TwoFactor interface {
	// StartTOTP stores a new, not yet enabled secret for a user, replacing
	// a pending one. A user whose TOTP is enabled is news.ErrConflict; an
	// unknown user is news.ErrInvalid.
	StartTOTP(ctx context.Context, userID int64, secret string, now time.Time) error
	// TOTP returns a user's set-up, pending or enabled; none is
	// news.ErrNotFound.
	TOTP(ctx context.Context, userID int64) (news.TOTP, error)
	// EnableTOTP switches a pending set-up on, records step as used, and
	// replaces the user's recovery codes with codeHashes. No pending
	// set-up is news.ErrNotFound.
	EnableTOTP(ctx context.Context, userID int64, step int64, codeHashes []string, now time.Time) error
	// UseTOTPStep records a code's step as used. A step not after the
	// last one used is news.ErrConflict (a replay); a user without
	// enabled TOTP is news.ErrNotFound. Nodes sharing the database agree:
	// the check and the write are one statement.
	UseTOTPStep(ctx context.Context, userID int64, step int64) error
	// UseRecoveryCode spends one recovery code, given by its hash. An
	// unknown or spent one is news.ErrNotFound.
	UseRecoveryCode(ctx context.Context, userID int64, codeHash string, now time.Time) error
	// DeleteTOTP switches TOTP off and forgets the secret and the
	// recovery codes. None to delete is no error.
	DeleteTOTP(ctx context.Context, userID int64) error

	// CreateSignInChallenge stores a sign-in waiting for its second
	// factor. A taken id is news.ErrConflict.
	CreateSignInChallenge(ctx context.Context, c news.SignInChallenge) error
	// SignInChallenge returns an unexpired challenge; an expired or
	// unknown one is news.ErrNotFound.
	SignInChallenge(ctx context.Context, id string, now time.Time) (news.SignInChallenge, error)
	// DeleteSignInChallenge removes a challenge; an unknown one is no
	// error. Expired ones are removed by the same call, as they are
	// never needed again.
	DeleteSignInChallenge(ctx context.Context, id string, now time.Time) error
}
