package config

import (
	"fmt"
	"net/netip"
	"strings"
)

// prefixList is a flag holding address ranges, comma-separated, each in
// CIDR form ("10.0.0.0/8", "2001:db8::/32") or a single address
// ("192.0.2.7"), which stands for itself alone.
type prefixList []netip.Prefix

func (l *prefixList) String() string {
	if l == nil {
		return ""
	}
	s := make([]string, len(*l))
	for i, p := range *l {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

// Set replaces the list (a flag given twice keeps the last), so that the
// command line overrides the environment rather than adding to it.
func (l *prefixList) Set(s string) error {
	var list prefixList
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := parsePrefix(part)
		if err != nil {
			return err
		}
		list = append(list, p)
	}
	*l = list
	return nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("%q is not an address range like 10.0.0.0/8", s)
		}
		if p.Addr().Is4In6() {
			// Peers are compared in IPv4 form, so a mapped range would
			// never match.
			return netip.Prefix{}, fmt.Errorf("%q: write an IPv4 range as IPv4, e.g. 10.0.0.0/8", s)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, fmt.Errorf("%q is not an address or an address range like 10.0.0.0/8", s)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}
