package api

import (
	"fmt"
	"strconv"
)

// Ghost's ids are 24 hexadecimal characters (MongoDB-style object ids),
// and its clients key caches and React lists by them, unique across every
// kind of object. Masthead's ids are numbers per table, so each is shown
// as an 8-character kind followed by the number in 16 hex digits: post 42
// is 00000001000000000000002a. The mapping is fixed and reversible, so an
// id a client stored keeps naming the same thing.
type ghostKind uint32

const (
	kindPost     ghostKind = 1
	kindPage     ghostKind = 2
	kindTag      ghostKind = 3 // a topic
	kindCategory ghostKind = 4 // a section, shown as a tag
	kindAuthor   ghostKind = 5
	kindTier     ghostKind = 6
)

func ghostID(kind ghostKind, id int64) string {
	return fmt.Sprintf("%08x%016x", uint32(kind), uint64(id))
}

// parseGhostID reads an id back; anything else is not found.
func parseGhostID(s string) (ghostKind, int64, bool) {
	if len(s) != 24 {
		return 0, 0, false
	}
	kind, err1 := strconv.ParseUint(s[:8], 16, 32)
	id, err2 := strconv.ParseUint(s[8:], 16, 63)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return ghostKind(kind), int64(id), true
}

// ghostUUID is the post's uuid field: Ghost gives every post one for
// links that survive slug changes. It is derived like the id, in the
// 8-4-4-4-12 form.
func ghostUUID(kind ghostKind, id int64) string {
	h := fmt.Sprintf("%08x%024x", uint32(kind), uint64(id))
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
