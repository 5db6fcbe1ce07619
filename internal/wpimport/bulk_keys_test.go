package wpimport

import (
	"bytes"
	"context"
	"io"
	"math"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
	"github.com/mastheadhq/masthead/internal/wpimport/wxrgen"
)

// noBulk is a store that cannot write in bulk, so that every row an
// import writes goes through the change triggers.
type noBulk struct{ store.Store }

func (n noBulk) Atomic(ctx context.Context, fn func(store.Store) error) error {
	return n.Store.Atomic(ctx, func(s store.Store) error { return fn(noBulk{s}) })
}

// TestABulkImportLogsTheKeysTheTriggersWould imports the same exports
// into two SQLite databases, one in bulk (its batches log their rows'
// keys at the end) and one through the change triggers row by row, and
// checks that each import logged the same keys and kinds in both: the
// page cache then drops the same pages either way.
func TestABulkImportLogsTheKeysTheTriggersWould(t *testing.T) {
	ctx := t.Context()
	open := func(name string) *sqlite.DB {
		db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	bulkDB, rowDB := open("bulk.db"), open("rows.db")
	var big bytes.Buffer
	if err := wxrgen.Write(&big, wxrgen.Options{Posts: 300, Authors: 5, Categories: 8, Tags: 40, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	// steps bounds the versions an import moves in bulk: one a batch,
	// and the writes outside batches (the site's redirects, its settings)
	// and to rows made before.
	exports := []struct {
		name  string
		open  func() (io.ReadCloser, error)
		steps int64
	}{
		{"site.xml", fixture("site.xml"), 8},
		// A re-import that updates a post, its picture and its tags, and
		// adds a post and a tag.
		{"site-newer.xml", fixture("site-newer.xml"), 4},
		// Hundreds of posts in batches of a hundred, most of them in
		// sections, topics and bylines the first batch made.
		{"generated", func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(big.Bytes())), nil }, 5},
	}
	for _, e := range exports {
		bulkKeys, bulkKinds, bulkSteps := importKeys(t, bulkDB, bulkDB, e.open)
		rowKeys, rowKinds, rowSteps := importKeys(t, rowDB, noBulk{rowDB}, e.open)
		if bulkSteps > e.steps {
			t.Errorf("%s: the version moved %d steps in bulk (%d row by row), want at most %d: some trigger ran for the batches' own rows",
				e.name, bulkSteps, rowSteps, e.steps)
		}
		if !slices.Equal(bulkKeys, rowKeys) {
			t.Errorf("%s: in bulk the import logged %d keys, row by row %d\nonly in bulk: %v\nonly row by row: %v",
				e.name, len(bulkKeys), len(rowKeys), missing(rowKeys, bulkKeys), missing(bulkKeys, rowKeys))
		}
		if !slices.Equal(bulkKinds, rowKinds) {
			t.Errorf("%s: in bulk the import changed kinds %v, row by row %v", e.name, bulkKinds, rowKinds)
		}
		if len(bulkKeys) == 0 {
			t.Errorf("%s logged no keys", e.name)
		}
	}
}

// importKeys imports an export into s, which writes to db, and returns
// the keys and kinds it logged, sorted, and how many versions it moved.
func importKeys(t *testing.T, db *sqlite.DB, s store.Store, open func() (io.ReadCloser, error)) ([]string, []string, int64) {
	t.Helper()
	ctx := t.Context()
	before, _, err := db.ChangesSince(ctx, math.MaxInt64)
	if err != nil {
		t.Fatal(err)
	}
	imp := &Importer{Store: s, batchItems: 100, Options: Options{Now: func() time.Time { return importTime }}}
	if _, err := imp.Run(ctx, open); err != nil {
		t.Fatal(err)
	}
	after, kinds, err := db.ChangesSince(ctx, before)
	if err != nil {
		t.Fatal(err)
	}
	keys, complete, err := db.ChangeKeys(ctx, before, after, store.MaxChangeKeys)
	if err != nil || !complete {
		t.Fatalf("keys of the import: complete %v, %v", complete, err)
	}
	var names []string
	for _, k := range kinds {
		names = append(names, string(k))
	}
	slices.Sort(names)
	return keys, names, after - before
}

// missing returns the keys of want that got lacks.
func missing(got, want []string) []string {
	var out []string
	for _, k := range want {
		if !slices.Contains(got, k) {
			out = append(out, k)
		}
	}
	return out
}
