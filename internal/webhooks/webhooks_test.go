package webhooks

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestSignaturesVerifyAndRefuseTampering(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	body := []byte(`{"event":"article.published"}`)
	h := Sign("whsec_x", at, body)
	if !strings.HasPrefix(h, "t=1796115600,v1=") || len(h) != len("t=1796115600,v1=")+64 {
		t.Fatalf("header %q", h)
	}
	if err := Verify("whsec_x", h, body, at.Add(time.Minute), 5*time.Minute); err != nil {
		t.Errorf("a good signature: %v", err)
	}
	for name, try := range map[string]func() error{
		"other body":   func() error { return Verify("whsec_x", h, []byte(`{}`), at, time.Minute) },
		"other secret": func() error { return Verify("whsec_y", h, body, at, time.Minute) },
		"too old":      func() error { return Verify("whsec_x", h, body, at.Add(10*time.Minute), 5*time.Minute) },
		"malformed":    func() error { return Verify("whsec_x", "v1=abc", body, at, time.Minute) },
		"moved time": func() error {
			return Verify("whsec_x", strings.Replace(h, "t=1796115600", "t=1796115601", 1), body, at, time.Minute)
		},
	} {
		if try() == nil {
			t.Errorf("%s was accepted", name)
		}
	}
}

func TestBackoffDoublesToSixHoursAndADayHoldsAboutADozenTries(t *testing.T) {
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute}
	for i, w := range want {
		if got := Backoff(i + 1); got != w {
			t.Errorf("after %d failures: %v, want %v", i+1, got, w)
		}
	}
	if Backoff(20) != 6*time.Hour || Backoff(100) != 6*time.Hour {
		t.Errorf("backoff is not capped at 6h: %v", Backoff(20))
	}
	var total time.Duration
	tries := 0
	for total < 24*time.Hour {
		tries++
		total += Backoff(tries)
	}
	if tries < 8 || tries > 16 {
		t.Errorf("%d tries in a day", tries)
	}
}

func TestWebhookAddressesMustBePublic(t *testing.T) {
	lookup := func(host string) ([]netip.Addr, error) {
		switch host {
		case "hooks.example":
			return []netip.Addr{netip.MustParseAddr("203.0.113.7")}, nil
		case "inside.example":
			return []netip.Addr{netip.MustParseAddr("203.0.113.8"), netip.MustParseAddr("10.1.2.3")}, nil
		}
		return nil, errors.New("no such host")
	}
	for raw, ok := range map[string]bool{
		"https://hooks.example/masthead": true,
		"http://203.0.113.9:8080/x":      true,
		"https://inside.example/":        false,
		"http://127.0.0.1:9000/":         false,
		"http://localhost.invalid/":      false,
		"http://[::1]/":                  false,
		"http://169.254.169.254/latest":  false,
		"http://192.168.1.1/":            false,
		"http://100.64.0.1/":             false,
		"http://[::ffff:10.0.0.1]/":      false,
		"http://0.0.0.0/":                false,
		"ftp://hooks.example/":           false,
		"/relative":                      false,
		"https://user:pw@hooks.example/": false,
	} {
		if err := CheckURL(raw, false, lookup); (err == nil) != ok {
			t.Errorf("%s: %v, want allowed %v", raw, err, ok)
		}
	}
	if err := CheckURL("http://127.0.0.1:9000/", true, lookup); err != nil {
		t.Errorf("with private addresses allowed: %v", err)
	}
}
