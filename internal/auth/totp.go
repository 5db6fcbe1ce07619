package auth

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"image/png"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP parameters: the ones every authenticator app assumes (RFC 6238's
// defaults), so that scanning the code is all a person has to do.
const (
	TOTPPeriod = 30 * time.Second
	// TOTPSkew is how many steps either side of now a code may be from,
	// for phones whose clocks drift a little.
	TOTPSkew = 1
)

var totpOpts = totp.ValidateOpts{Period: uint(TOTPPeriod / time.Second), Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// NewTOTPSecret returns a random 160-bit secret in base32, as
// authenticator apps take it.
func NewTOTPSecret(issuer, account string) (string, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account})
	if err != nil {
		return "", fmt.Errorf("make TOTP secret: %w", err)
	}
	return key.Secret(), nil
}

// TOTPURL returns the otpauth:// address that a QR code carries, in the
// form authenticator apps read (Google's "Key Uri Format").
func TOTPURL(issuer, account, secret string) string {
	q := url.Values{}
	q.Set("secret", secret)
	q.Set("issuer", issuer)
	q.Set("algorithm", "SHA1")
	q.Set("digits", "6")
	q.Set("period", "30")
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + issuer + ":" + account, RawQuery: q.Encode()}
	return u.String()
}

// TOTPQRCode returns a PNG of the QR code for the otpauth address.
func TOTPQRCode(issuer, account, secret string, size int) ([]byte, error) {
	key, err := otp.NewKeyFromURL(TOTPURL(issuer, account, secret))
	if err != nil {
		return nil, fmt.Errorf("TOTP QR code: %w", err)
	}
	img, err := key.Image(size, size)
	if err != nil {
		return nil, fmt.Errorf("TOTP QR code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("TOTP QR code: %w", err)
	}
	return buf.Bytes(), nil
}

// CheckTOTP reports whether code is valid for secret at t, within
// TOTPSkew steps, and which step it belongs to. The caller records the
// step as used, so that the same code is never accepted twice.
func CheckTOTP(secret, code string, t time.Time) (step int64, ok bool) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != totpOpts.Digits.Length() {
		return 0, false
	}
	now := t.Unix() / int64(totpOpts.Period)
	for s := now - TOTPSkew; s <= now+TOTPSkew; s++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*int64(totpOpts.Period), 0), totpOpts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// RecoveryCodeCount is how many single-use recovery codes a person gets.
const RecoveryCodeCount = 10

// NewRecoveryCodes returns n codes to show once, and the hashes to keep.
// Each code carries 50 random bits, written as two groups of five
// characters from an alphabet without look-alikes.
func NewRecoveryCodes(n int) (codes, hashes []string, err error) {
	for range n {
		b := make([]byte, 10)
		if _, err := rand.Read(b); err != nil {
			return nil, nil, err
		}
		for i := range b {
			b[i] = recoveryAlphabet[int(b[i])%len(recoveryAlphabet)]
		}
		code := string(b[:5]) + "-" + string(b[5:])
		codes = append(codes, code)
		hashes = append(hashes, RecoveryCodeHash(code))
	}
	return codes, hashes, nil
}

// recoveryAlphabet has 32 characters, so that a random byte maps onto it
// without bias; 0/o and 1/l are left out.
const recoveryAlphabet = "abcdefghijkmnpqrstuvwxyz23456789"

// RecoveryCodeHash returns what the store keeps for a recovery code,
// ignoring case, spaces and dashes as people type them. A fast hash is
// enough: the codes are random, not chosen by people.
func RecoveryCodeHash(code string) string {
	code = strings.ToLower(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(code)))
	sum := sha256.Sum256([]byte("masthead recovery code:" + code))
	return hex.EncodeToString(sum[:])
}
