package auth

import "crypto/rand"

// GeneratePassword returns a random password of 26 base32 characters
// (128 bits), for accounts created by someone else and shown once.
func GeneratePassword() string {
	return rand.Text()
}
