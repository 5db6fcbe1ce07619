package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

func TestCheckTOTPAcceptsCodesOneStepAwayAndSaysWhichStep(t *testing.T) {
	secret, err := NewTOTPSecret("Caspian Digest", "leyla@example.org")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 6, 12, 0, 10, 0, time.UTC)
	step := at.Unix() / 30
	for offset, want := range map[time.Duration]bool{0: true, -30 * time.Second: true, 30 * time.Second: true, -60 * time.Second: false, 90 * time.Second: false} {
		code, err := totp.GenerateCode(secret, at.Add(offset))
		if err != nil {
			t.Fatal(err)
		}
		got, ok := CheckTOTP(secret, code[:3]+" "+code[3:], at)
		if ok != want {
			t.Errorf("code from %v away: ok = %v, want %v", offset, ok, want)
		}
		if ok && got != step+int64(offset/(30*time.Second)) {
			t.Errorf("code from %v away: step %d, want %d", offset, got, step+int64(offset/(30*time.Second)))
		}
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if _, ok := CheckTOTP(secret, bad, at); ok {
			t.Errorf("CheckTOTP accepted %q", bad)
		}
	}
}

func TestTOTPQRCodeIsAPNGOfTheOtpauthAddress(t *testing.T) {
	url := TOTPURL("Caspian Digest", "leyla@example.org", "JBSWY3DPEHPK3PXP")
	if !strings.HasPrefix(url, "otpauth://totp/Caspian%20Digest:leyla@example.org?") || !strings.Contains(url, "secret=JBSWY3DPEHPK3PXP") {
		t.Errorf("TOTPURL = %q", url)
	}
	png, err := TOTPQRCode("Caspian Digest", "leyla@example.org", "JBSWY3DPEHPK3PXP", 200)
	if err != nil || !strings.HasPrefix(string(png), "\x89PNG") {
		t.Fatalf("TOTPQRCode: %v, %q…", err, png[:min(8, len(png))])
	}
}

func TestRecoveryCodesAreDistinctAndHashedAsTyped(t *testing.T) {
	codes, hashes, err := NewRecoveryCodes(RecoveryCodeCount)
	if err != nil || len(codes) != 10 || len(hashes) != 10 {
		t.Fatalf("NewRecoveryCodes: %d codes, %d hashes, %v", len(codes), len(hashes), err)
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if len(c) != 11 || c[5] != '-' || seen[c] {
			t.Errorf("code %q is malformed or repeated", c)
		}
		seen[c] = true
		typed := " " + strings.ToUpper(strings.ReplaceAll(c, "-", "")) + " "
		if RecoveryCodeHash(typed) != hashes[i] {
			t.Errorf("code %q typed as %q does not match its hash", c, typed)
		}
	}
	if first, second := GeneratePassword(), GeneratePassword(); first == second || CheckPasswordRules(first) != nil {
		t.Error("generated passwords repeat or break the rules")
	}
}
