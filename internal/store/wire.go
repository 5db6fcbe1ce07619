package store

import (
	"context"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// Wire keeps the outlets' feeds the newsroom follows, the items read from
// them and each source's poll state.
type Wire interface {
	// CreateWireSource stores a source and sets its ID (keeping a given
	// one) and, when zero, its CreatedAt; Poll is stored as given, so a
	// copy keeps its validators and backoff. A source that fails
	// Validate is news.ErrInvalid.
	CreateWireSource(ctx context.Context, s *news.WireSource) error
	// UpdateWireSource changes a source's name, feed address, language
	// and interval. A new feed address forgets the old one's validators
	// and errors and makes the source due at once. Unknown is
	// news.ErrNotFound.
	UpdateWireSource(ctx context.Context, s news.WireSource) error
	// DeleteWireSource removes a source with its items; items of other
	// sources marked as their duplicates are listed again.
	DeleteWireSource(ctx context.Context, id int64) error
	WireSource(ctx context.Context, id int64) (news.WireSource, error)
	// WireSources returns every source, by name then id.
	WireSources(ctx context.Context) ([]news.WireSource, error)
	// RecordWirePoll stores the outcome of a poll of source id.
	RecordWirePoll(ctx context.Context, id int64, p news.WirePoll) error
	// AddWireItems stores the items of a poll of sourceID that it does
	// not hold yet (by GUID), fetched at now, with the source's
	// language, and reports how many were new. An item whose address
	// (news.WireURLKey) or title (news.WireTitleKey) matches an earlier
	// item of any source is stored as a duplicate of the first such item.
	// Items without a GUID are skipped.
	AddWireItems(ctx context.Context, sourceID int64, items []news.WireItem, now time.Time) (int, error)
	// WireItems returns the items f asks for, newest first by
	// publication time then id. Duplicates are never listed.
	WireItems(ctx context.Context, f WireFilter) ([]news.WireItem, error)
	WireItem(ctx context.Context, id int64) (news.WireItem, error)
	// MarkWireSeen marks the items seen, with their duplicates, and
	// reports how many items were new to it. Unknown ids are ignored.
	MarkWireSeen(ctx context.Context, ids []int64) (int, error)
	// CreateWireItem stores an item as it is, every field and its id kept
	// (a zero ID gets the next free one), for a copy to another database.
	// An unknown source or duplicate is news.ErrInvalid.
	CreateWireItem(ctx context.Context, it *news.WireItem) error
	// WireItemsAfter returns up to limit items, duplicates included, whose
	// id is above afterID, by id.
	WireItemsAfter(ctx context.Context, afterID int64, limit int) ([]news.WireItem, error)
}

// WireFilter narrows WireItems. Zero fields do not filter.
type WireFilter struct {
	SourceID int64
	Language string
	// Keyword keeps items whose title or summary contains it, whatever
	// the case.
	Keyword string
	// WithSeen lists items already marked seen too.
	WithSeen bool
	Limit    int // WireInboxLimit when zero
	Offset   int
}

// WireInboxLimit is how many items a WireItems call returns at most.
const WireInboxLimit = 100
