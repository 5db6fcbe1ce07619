package store

import (
	"context"

	"github.com/mastheadhq/masthead/internal/news"
)

// Imports remembers what importers brought in from other systems, so that
// an import can be run again (after a newer export, or after it was
// stopped) without doubling anything.
type Imports interface {
	// ImportMapping returns the mapping of one source item, or
	// news.ErrNotFound when it was never imported.
	ImportMapping(ctx context.Context, source, kind, sourceID string) (news.ImportMapping, error)
	// SetImportMapping stores or replaces the mapping of m's source item.
	// Empty Source, Kind or SourceID is news.ErrInvalid.
	SetImportMapping(ctx context.Context, m news.ImportMapping) error
	// ImportMappings returns every mapping of a source's kind, by source
	// id in byte order.
	ImportMappings(ctx context.Context, source, kind string) ([]news.ImportMapping, error)
	// AllImportMappings returns every mapping, by source, kind and source
	// id in byte order, so that moving a publication (internal/dbcopy)
	// keeps what was imported.
	AllImportMappings(ctx context.Context) ([]news.ImportMapping, error)
	// CountImportMappings counts the mappings of every source and kind.
	CountImportMappings(ctx context.Context) (int, error)
}
