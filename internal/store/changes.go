package store

import (
	"context"
	"time"
)

// ChangeKind names a part of the publication that readers see, so that a
// cache can drop only what a write touched.
type ChangeKind string

// The kinds of change. An article's categories, tags and authors links
// count as the article.
const (
	ChangeArticles   ChangeKind = "articles"
	ChangeCategories ChangeKind = "categories"
	ChangeTags       ChangeKind = "tags"
	ChangeAuthors    ChangeKind = "authors"
	ChangePages      ChangeKind = "pages"
	ChangeImages     ChangeKind = "images"
	ChangeMenus      ChangeKind = "menus"
	ChangeBanners    ChangeKind = "banners"
	ChangeSettings   ChangeKind = "settings"
)

// Changes versions what readers see. Every committed write to articles,
// pages, categories, tags, authors, images, menus, banners, settings or
// redirects
// raises the publication's change version, in the same transaction as the
// write (the backends do it with triggers, so no write path can forget
// it), and records the new version against the kind it touched. Versions
// become visible in the order their transactions commit, so a reader who
// has seen version v and later reads v' > v knows that exactly the kinds
// ChangesSince(v) names were written in between.
type Changes interface {
	// ChangesSince returns the current change version and the kinds
	// written after version since, in no particular order. Since 0 names
	// every kind written at least once.
	ChangesSince(ctx context.Context, since int64) (version int64, kinds []ChangeKind, err error)
	ChangeLog
}

// ChangeRedirects is the kind of a change to redirects, which readers
// meet only on addresses that would otherwise be a 404.
const ChangeRedirects ChangeKind = "redirects"

// ChangeKeyRowsPerKey bounds the log rows ChangeKeys reads per key it may
// return: a key is logged again for each row that touches it.
const ChangeKeyRowsPerKey = 8

// ChangeLog records, beside each version, which parts of the publication
// a write touched, as keys a page cache names its pages' dependencies by
// (keys.go). The same triggers that raise the version write the keys, in
// the same transaction, so no write path can forget them.
type ChangeLog interface {
	// ChangeKeys returns the keys written after version since and up to
	// version upto, sorted and without repeats. complete is false when the
	// log no longer reaches back to since (old keys are pruned) or when
	// more than limit keys were written (or logged, counting repeats, more
	// than ChangeKeyRowsPerKey times as many: the read stays bounded after
	// a bulk import): the caller must then assume that anything changed.
	ChangeKeys(ctx context.Context, since, upto int64, limit int) (keys []string, complete bool, err error)
	// PruneChangeKeys forgets the keys of changes made before the given
	// time; ChangeKeys for a version before them reports incomplete.
	PruneChangeKeys(ctx context.Context, before time.Time) error
}

// BulkWriter is a backend that can make one large transaction (a batch
// of a bulk import) cheaper by writing it in bulk: the keys of the rows
// it makes are logged as one change, computed from those rows as the
// transaction commits, instead of by each row's trigger (which cost an
// import a tenth of its time), and the backend may do other bulk work
// differently (SQLite checkpoints its log beside the writer). The keys
// are the ones the triggers would have logged, so caches drop the same
// pages either way.
type BulkWriter interface {
	// WriteInBulk, called on the Store of an Atomic function, makes its
	// transaction a bulk write: as it commits, it logs the keys of the
	// rows it made as one change; rows that were there before log their
	// keys as in any write.
	WriteInBulk(ctx context.Context) error
}
