package news

import (
	"net/mail"
	"strings"
	"time"
)

// User is a staff account: someone who signs in to the newsroom.
type User struct {
	ID           int64
	Email        string // stored lower-cased; unique
	Name         string
	Role         Role
	PasswordHash string // argon2id in PHC form; empty until a password is set
	// AuthorID links the account to its byline profile, if it has one.
	AuthorID int64
	// MustResetPassword is set for accounts created without a password
	// (by an import, say): they sign in only after a reset.
	MustResetPassword bool
	Disabled          bool
	// TwoFactor reports whether a TOTP second factor is switched on. The
	// store derives it; CreateUser and UpdateUser ignore it (TOTP set-up
	// has store methods of its own).
	TwoFactor    bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
	LastSignInAt time.Time
}

// NormalizeEmail lower-cases and trims an address and checks its form,
// so that one person cannot hold two accounts by capitalisation.
func NormalizeEmail(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || len(s) > 254 {
		return "", false
	}
	return s, true
}

// Session is a signed-in browser. The store keeps only a hash of the
// token the browser holds, so a leaked database signs nobody in.
type Session struct {
	ID         string // hex SHA-256 of the cookie's token
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	UserAgent  string
	IP         string
}
