// Package auth holds what proves who someone is: password hashes,
// sessions, sign-in and reset tokens, API tokens, and the limits on
// guessing. It keeps secrets out of the store in the clear.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// PasswordParams are argon2id's cost settings. The defaults follow OWASP's
// password storage guidance (46 MiB, one pass, one lane), which keeps a
// sign-in near 50 ms on one core of a small server.
type PasswordParams struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	KeyLen  uint32
	SaltLen uint32
}

// DefaultPasswordParams is what new hashes use.
var DefaultPasswordParams = PasswordParams{Memory: 46 * 1024, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

// Password rules: long enough to resist guessing, short enough that
// hashing cannot be used to exhaust the server.
const (
	MinPasswordLength = 10
	MaxPasswordLength = 256
)

// Errors about passwords.
var (
	ErrPasswordTooShort = fmt.Errorf("the password must have at least %d characters", MinPasswordLength)
	ErrPasswordTooLong  = fmt.Errorf("the password must have at most %d characters", MaxPasswordLength)
	ErrMalformedHash    = errors.New("malformed password hash")
)

// CheckPasswordRules reports whether a new password is acceptable.
func CheckPasswordRules(password string) error {
	n := len([]rune(password))
	switch {
	case n < MinPasswordLength:
		return ErrPasswordTooShort
	case len(password) > MaxPasswordLength:
		return ErrPasswordTooLong
	}
	return nil
}

// HashPassword returns an argon2id hash in the PHC string format
// ($argon2id$v=19$m=…,t=…,p=…$salt$key), which records its own parameters
// so that they can be raised later without locking anyone out.
func HashPassword(password string, p PasswordParams) (string, error) {
	if len(password) > MaxPasswordLength {
		return "", ErrPasswordTooLong
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches hash, comparing in
// constant time. A malformed hash is an error, never a match.
func VerifyPassword(password, hash string) (bool, error) {
	p, salt, key, err := decodeHash(hash)
	if err != nil {
		return false, err
	}
	if len(password) > MaxPasswordLength {
		return false, nil
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether hash was made with weaker parameters than
// p, so that a successful sign-in can store a stronger one.
func NeedsRehash(hash string, p PasswordParams) bool {
	old, _, _, err := decodeHash(hash)
	if err != nil {
		return true
	}
	return old.Memory < p.Memory || old.Time < p.Time || old.Threads < p.Threads
}

// maxHashMemory refuses hashes that would make verification allocate
// absurd amounts: a tampered database must not take the server down.
const maxHashMemory = 1 << 20 // KiB, 1 GiB

func decodeHash(hash string) (PasswordParams, []byte, []byte, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return PasswordParams{}, nil, nil, ErrMalformedHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return PasswordParams{}, nil, nil, ErrMalformedHash
	}
	var p PasswordParams
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return PasswordParams{}, nil, nil, ErrMalformedHash
	}
	if p.Memory == 0 || p.Memory > maxHashMemory || p.Time == 0 || p.Time > 16 || p.Threads == 0 {
		return PasswordParams{}, nil, nil, ErrMalformedHash
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 || len(key) > 64 {
		return PasswordParams{}, nil, nil, ErrMalformedHash
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}
