package dbcopy

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// checksum is the SHA-256 of an aggregate's records, in the order its
// walk gives them.
type checksum [sha256.Size]byte

// digest builds a checksum from records written field by field in a
// fixed encoding: integers as eight bytes, strings and lists preceded by
// their length, so that no two different records encode alike. It sees
// only what a store keeps: times as whole seconds in UTC (both backends
// keep no more), and a nil list the same as an empty one.
type digest struct {
	h   hash.Hash
	buf [8]byte
}

func newDigest() *digest { return &digest{h: sha256.New()} }

func (d *digest) int(n int64) *digest {
	binary.BigEndian.PutUint64(d.buf[:], uint64(n))
	d.h.Write(d.buf[:])
	return d
}

func (d *digest) str(s string) *digest {
	d.int(int64(len(s)))
	d.h.Write([]byte(s))
	return d
}

func (d *digest) bool(b bool) *digest {
	if b {
		return d.int(1)
	}
	return d.int(0)
}

// time writes whether t is set, then its second: the zero time means
// "not set" to the stores, which keep it as NULL.
func (d *digest) time(t time.Time) *digest {
	if t.IsZero() {
		return d.bool(false)
	}
	return d.bool(true).int(t.Unix())
}

func (d *digest) links(links []news.SocialLink) *digest {
	d.int(int64(len(links)))
	for _, l := range links {
		d.str(l.Network).str(l.URL)
	}
	return d
}

func (d *digest) sum() checksum {
	var c checksum
	d.h.Sum(c[:0])
	return c
}
