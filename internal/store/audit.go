package store

import (
	"context"

	"github.com/mastheadhq/masthead/internal/news"
)

// Audit keeps the audit log: who did what and when.
type Audit interface {
	// RecordAudit appends an entry and sets its ID, and its At to now when
	// zero. A non-zero ID is kept and a taken one is news.ErrConflict, as
	// with the Create methods. An entry without an action is news.ErrInvalid. Inside Atomic
	// the entry commits or rolls back with the change it describes.
	RecordAudit(ctx context.Context, e *news.AuditEntry) error
	// AuditLog returns entries newest first (by id, which follows the
	// order of recording), at most f.Limit of them, with keyset
	// pagination: pass the last id seen as f.BeforeID for the next page.
	AuditLog(ctx context.Context, f AuditFilter) ([]news.AuditEntry, error)
}

// AuditFilter narrows AuditLog. Zero fields do not filter, except Limit,
// which must be positive.
type AuditFilter struct {
	UserID int64
	// ActionPrefix keeps actions equal to it or starting with it, e.g.
	// "signin." or "user.role".
	ActionPrefix string
	BeforeID     int64
	Limit        int
}
