package config

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// byteSize is a flag holding a number of bytes, written plainly
// ("20971520") or with a binary unit ("20MiB", "512KiB", "1GiB"; "MB" and
// "M" are read the same way, since people type them meaning the same).
type byteSize int64

func (b *byteSize) String() string { return strconv.FormatInt(int64(*b), 10) }

func (b *byteSize) Set(s string) error {
	n, err := withUnit(s, map[string]int64{
		"": 1, "b": 1,
		"k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10,
		"m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20,
		"g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30,
	})
	if err != nil {
		return err
	}
	*b = byteSize(n)
	return nil
}

// urlList is a repeatable flag of addresses; one value may hold several
// separated by spaces, as an environment variable must.
type urlList []string

func (l *urlList) String() string { return strings.Join(*l, " ") }

func (l *urlList) Set(s string) error {
	*l = append(*l, strings.Fields(s)...)
	return nil
}

// count is a flag holding a count, written plainly or with a decimal
// unit: "40M" or "40MP" is forty million.
type count int64

func (c *count) String() string { return strconv.FormatInt(int64(*c), 10) }

func (c *count) Set(s string) error {
	n, err := withUnit(s, map[string]int64{"": 1, "k": 1e3, "m": 1e6, "mp": 1e6})
	if err != nil {
		return err
	}
	*c = count(n)
	return nil
}

// withUnit reads a whole number followed by one of units (matched without
// regard to case or spaces).
func withUnit(s string, units map[string]int64) (int64, error) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if i < 0 {
		i = len(s)
	}
	if i == 0 {
		return 0, fmt.Errorf("%q: want a whole number, optionally with a unit", s)
	}
	n, err := strconv.ParseInt(s[:i], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q: %w", s, err)
	}
	unit, ok := units[strings.ToLower(strings.TrimSpace(s[i:]))]
	if !ok {
		return 0, fmt.Errorf("%q: unknown unit %q", s, strings.TrimSpace(s[i:]))
	}
	if n > math.MaxInt64/unit {
		return 0, errors.New(s + ": too large")
	}
	return n * unit, nil
}
