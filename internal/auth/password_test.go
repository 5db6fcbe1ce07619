package auth

import (
	"errors"
	"strings"
	"testing"
)

// fast keeps the tests quick; the format and checks are the same.
var fast = PasswordParams{Memory: 1024, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

func TestHashAndVerify(t *testing.T) {
	hash, err := HashPassword("correct horse battery staple", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Errorf("hash %q is not in argon2id PHC form", hash)
	}
	again, _ := HashPassword("correct horse battery staple", fast)
	if again == hash {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for pw, want := range map[string]bool{"correct horse battery staple": true, "Correct horse battery staple": false, "": false} {
		ok, err := VerifyPassword(pw, hash)
		if err != nil || ok != want {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
}

func TestMalformedHashesNeverMatch(t *testing.T) {
	good, _ := HashPassword("a long enough password", fast)
	parts := strings.Split(good, "$")
	for _, h := range []string{
		"", "plaintext", "$argon2i$v=19$m=1024,t=1,p=1$" + parts[4] + "$" + parts[5],
		"$argon2id$v=18$m=1024,t=1,p=1$" + parts[4] + "$" + parts[5],
		"$argon2id$v=19$m=4294967295,t=1,p=1$" + parts[4] + "$" + parts[5], // would allocate 4 TiB
		"$argon2id$v=19$m=1024,t=1,p=1$!!$" + parts[5],
		"$argon2id$v=19$m=1024,t=1,p=1$" + parts[4] + "$",
	} {
		ok, err := VerifyPassword("a long enough password", h)
		if ok || !errors.Is(err, ErrMalformedHash) {
			t.Errorf("VerifyPassword with hash %q = %v, %v; want ErrMalformedHash", h, ok, err)
		}
	}
}

func TestNeedsRehashWhenParametersRise(t *testing.T) {
	old, _ := HashPassword("a long enough password", fast)
	if !NeedsRehash(old, DefaultPasswordParams) {
		t.Error("a weak hash does not ask to be rehashed")
	}
	if NeedsRehash(old, fast) {
		t.Error("a hash with current parameters asks to be rehashed")
	}
}

func TestPasswordRules(t *testing.T) {
	if CheckPasswordRules("short") != ErrPasswordTooShort || CheckPasswordRules(strings.Repeat("x", 300)) != ErrPasswordTooLong {
		t.Error("rules not enforced")
	}
	if err := CheckPasswordRules("Şəhər küçəsi 2026"); err != nil {
		t.Errorf("a good non-ASCII password refused: %v", err)
	}
}

func BenchmarkHashPasswordDefault(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("correct horse battery staple", DefaultPasswordParams); err != nil {
			b.Fatal(err)
		}
	}
}
