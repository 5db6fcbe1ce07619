package news

import "time"

// TOTP is a staff member's time-based one-time password (RFC 6238)
// set-up. It is pending from the moment a secret is made until a first
// valid code switches it on.
type TOTP struct {
	UserID  int64
	Secret  string // base32, as authenticator apps take it
	Enabled bool
	// LastStep is the 30-second step of the last code accepted: a code of
	// that step or an earlier one is refused, so a code cannot be replayed.
	LastStep  int64
	CreatedAt time.Time
	EnabledAt time.Time
	// RecoveryCodesLeft counts the single-use recovery codes not yet used.
	RecoveryCodesLeft int
}

// SignInChallenge is a sign-in half done: the password was right and the
// second factor is still to come. It is not a session and grants nothing;
// the browser holds a token whose hash is the ID.
type SignInChallenge struct {
	ID        string // hex SHA-256 of the browser's token
	UserID    int64
	Next      string // where to go once signed in
	CreatedAt time.Time
	ExpiresAt time.Time
}
