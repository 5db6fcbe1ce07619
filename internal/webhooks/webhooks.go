// Package webhooks delivers queued events to the addresses administrators
// registered: JSON bodies signed with HMAC-SHA256, sent from the queue in
// the store by a dispatcher that runs beside the server, retried with
// exponential backoff for a day. Publishing only queues a row; a slow or
// dead receiver never holds it up.
package webhooks

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Headers of a delivery.
const (
	// SignatureHeader carries "t=UNIX,v1=HEX": HEX is the HMAC-SHA256,
	// keyed with the webhook's secret, of the decimal timestamp, a full
	// stop and the body, so a receiver can check both who sent the body
	// and that it is fresh.
	SignatureHeader = "Masthead-Signature"
	EventHeader     = "Masthead-Event"
	DeliveryHeader  = "Masthead-Delivery"
)

// Sign returns the signature header's value for body sent at t.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + mac(secret, ts, body)
}

func mac(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Verify checks a signature header against body, refusing one older than
// tolerance at now: what a receiver does, and what the tests do.
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return errors.New("malformed signature header")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return errors.New("signature too old")
	}
	if !hmac.Equal([]byte(sig), []byte(mac(secret, ts, body))) {
		return errors.New("signature does not match")
	}
	return nil
}

// NewSecret makes a webhook's signing secret.
func NewSecret() string {
	b := make([]byte, 24)
	rand.Read(b) //nolint:errcheck // never fails
	return "whsec_" + hex.EncodeToString(b)
}

// Backoff is how long to wait after the given number of failed attempts:
// 30 s, doubling, at most 6 h, so that a day holds about a dozen tries.
func Backoff(attempts int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempts && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

// ErrPrivateAddress refuses an address inside this network: a webhook
// must not be a way to make the server call its own neighbours (SSRF).
var ErrPrivateAddress = errors.New("the address is private, loopback or otherwise not on the public internet")

// CheckURL refuses webhook addresses that are not absolute http(s) URLs,
// or, unless allowPrivate, whose host is or resolves to a private
// address. The dispatcher checks the address it connects to again, so a
// name that resolves differently later gains nothing.
func CheckURL(raw string, allowPrivate bool, lookup func(host string) ([]netip.Addr, error)) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return errors.New("give a full http:// or https:// address, without a user name")
	}
	if allowPrivate {
		return nil
	}
	host := u.Hostname()
	if ip, err := netip.ParseAddr(host); err == nil {
		if !Public(ip) {
			return ErrPrivateAddress
		}
		return nil
	}
	addrs, err := lookup(host)
	if err != nil {
		return fmt.Errorf("the host %s cannot be found", host)
	}
	for _, ip := range addrs {
		if !Public(ip) {
			return ErrPrivateAddress
		}
	}
	return nil
}

// Public reports whether ip is an address on the public internet.
func Public(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsValid() && !ip.IsLoopback() && !ip.IsPrivate() && !ip.IsLinkLocalUnicast() &&
		!ip.IsLinkLocalMulticast() && !ip.IsInterfaceLocalMulticast() && !ip.IsMulticast() && !ip.IsUnspecified() &&
		!sharedSpace.Contains(ip)
}

// sharedSpace is carrier-grade NAT space (RFC 6598), private in practice.
var sharedSpace = netip.MustParsePrefix("100.64.0.0/10")

// LookupIP resolves a host name with the system resolver.
func LookupIP(host string) ([]netip.Addr, error) {
	ips, err := net.LookupIP(host)
	if err != nil {
		return nil, err
	}
	out := make([]netip.Addr, 0, len(ips))
	for _, ip := range ips {
		if a, ok := netip.AddrFromSlice(ip); ok {
			out = append(out, a)
		}
	}
	return out, nil
}
