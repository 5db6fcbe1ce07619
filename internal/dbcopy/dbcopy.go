// Package dbcopy moves a whole publication from one store to another,
// typically from the SQLite file of a single machine to the PostgreSQL
// database that several app nodes share, or back. Records keep their ids,
// since feeds, API clients and redirects refer to them; the target is
// written in one transaction, so a copy that fails or is interrupted
// leaves it as it was; and before that transaction commits, the copy is
// read back and checked against what was read from the source.
//
// Only the database is copied. Image records keep the storage keys of
// their files, and the files themselves are moved with the media storage
// (a folder, or an S3 bucket), separately.
package dbcopy

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mastheadhq/masthead/internal/store"
)

// Errors Copy returns when it will not copy, or when the copy does not
// match; they are wrapped with the details.
var (
	// ErrTargetNotEmpty is a target that holds records, other than
	// exactly the source's publication copied before.
	ErrTargetNotEmpty = errors.New("target database has content; copy into an empty database")
	// ErrSourceEmpty is a source with nothing in it, most often a wrong
	// DSN: copying it would only create an empty publication.
	ErrSourceEmpty = errors.New("source database holds nothing to copy")
	// ErrMismatch is a copy that, read back, differs from what was read
	// from the source. It is never committed.
	ErrMismatch = errors.New("copy does not match the source")
)

// Report says what a copy holds.
type Report struct {
	// Counts has one entry per aggregate, in the order they are copied.
	Counts []Count
	// AlreadyCopied reports that the target held exactly the source's
	// records already, as after an earlier copy, and was left untouched.
	AlreadyCopied bool
}

// Count is how many records of one aggregate the copy holds.
type Count struct {
	Aggregate string // as named in the progress calls, e.g. "articles"
	N         int
}

// Copy copies every record of from into to, which must be empty, and
// verifies the copy. Running it again once it has succeeded changes
// nothing and reports AlreadyCopied; a target holding anything else is
// refused with ErrTargetNotEmpty.
//
// Everything is written inside one to.Atomic: an error, a cancelled ctx
// or a mismatch found by the verification rolls it all back. The source
// is read a batch at a time, so memory does not grow with the archive;
// nothing should write to it meanwhile (stop the site first), and the
// verification fails the copy when its counts have changed.
//
// progress, when not nil, is called as the work goes on with a step name
// and how many records that step has handled so far: the aggregate's name
// (as in Count) while copying, "verify <aggregate>" while reading the
// copy back, and "compare <aggregate>" while comparing a target that
// already has content with the source.
func Copy(ctx context.Context, from, to store.Store, progress func(step string, n int)) (Report, error) {
	if progress == nil {
		progress = func(string, int) {}
	}
	steps := aggregates()
	source, err := countAll(ctx, from, steps)
	if err != nil {
		return Report{}, fmt.Errorf("count the source: %w", err)
	}
	if total(source) == 0 {
		return Report{}, ErrSourceEmpty
	}
	hasContent, target, err := content(ctx, to, steps)
	if err != nil {
		return Report{}, fmt.Errorf("count the target: %w", err)
	}
	if hasContent {
		return compareExisting(ctx, from, to, steps, source, target, progress)
	}

	err = to.Atomic(ctx, func(tx store.Store) error {
		// Checked again inside the transaction, which another process
		// may have been writing to since.
		hasContent, _, err := content(ctx, tx, steps)
		if err != nil {
			return fmt.Errorf("count the target: %w", err)
		}
		if hasContent {
			return fmt.Errorf("%w: something wrote to it as the copy began", ErrTargetNotEmpty)
		}
		copied := make([]tally, len(steps))
		for i, s := range steps {
			copied[i], err = s.copy(ctx, from, tx, func(n int) { progress(s.name(), n) })
			if err != nil {
				return fmt.Errorf("copy %s: %w", s.name(), err)
			}
		}
		return verify(ctx, from, tx, steps, copied, progress)
	})
	if err != nil {
		return Report{}, err
	}
	return Report{Counts: source}, nil
}

// content reports whether st holds anything, and how many records of
// each aggregate. Empty is asked too, so that a target holding only a
// kind of record this package does not copy yet is not taken for empty.
func content(ctx context.Context, st store.Store, steps []step) (bool, []Count, error) {
	empty, err := st.Empty(ctx)
	if err != nil {
		return false, nil, err
	}
	counts, err := countAll(ctx, st, steps)
	if err != nil {
		return false, nil, err
	}
	return !empty || total(counts) > 0, counts, nil
}

// compareExisting decides about a target that has content: the same
// records as the source, as when a finished copy is run again, is
// reported as AlreadyCopied; anything else is refused. Counts decide
// cheaply when they differ; when they agree, every record is compared
// through its checksum, so that a target with as many records but other
// ones is never taken for the copy.
func compareExisting(ctx context.Context, from, to store.Store, steps []step, source, target []Count, progress func(string, int)) (Report, error) {
	var differ []string
	for i := range steps {
		if source[i].N != target[i].N {
			differ = append(differ, fmt.Sprintf("%d %s (source %d)", target[i].N, source[i].Aggregate, source[i].N))
		}
	}
	if len(differ) > 0 {
		return Report{}, fmt.Errorf("%w: it holds %s", ErrTargetNotEmpty, strings.Join(differ, ", "))
	}
	if total(target) == 0 {
		// Empty says there is content, but none of it is what this
		// package copies.
		return Report{}, fmt.Errorf("%w: it holds records of a kind the copy does not know", ErrTargetNotEmpty)
	}
	for _, s := range steps {
		label := "compare " + s.name()
		want, err := s.tally(ctx, from, func(n int) { progress(label, n) })
		if err != nil {
			return Report{}, fmt.Errorf("read the source's %s: %w", s.name(), err)
		}
		got, err := s.tally(ctx, to, func(n int) { progress(label, n) })
		if err != nil {
			return Report{}, fmt.Errorf("read the target's %s: %w", s.name(), err)
		}
		if got != want {
			differ = append(differ, s.name())
		}
	}
	if len(differ) > 0 {
		return Report{}, fmt.Errorf("%w: it holds as many records as the source, but its %s differ",
			ErrTargetNotEmpty, strings.Join(differ, ", "))
	}
	return Report{Counts: source, AlreadyCopied: true}, nil
}

// verify reads the copy back inside its transaction and checks it against
// what was copied: the same number of records of every aggregate, counted
// and walked, with the same checksum; and a source that still holds as
// many as were read from it. Every difference is reported, not only the
// first.
func verify(ctx context.Context, from, tx store.Store, steps []step, copied []tally, progress func(string, int)) error {
	var problems []string
	for i, s := range steps {
		label := "verify " + s.name()
		got, err := s.tally(ctx, tx, func(n int) { progress(label, n) })
		if err != nil {
			return fmt.Errorf("verify %s: %w", s.name(), err)
		}
		counted, err := s.count(ctx, tx)
		if err != nil {
			return fmt.Errorf("verify %s: %w", s.name(), err)
		}
		inSource, err := s.count(ctx, from)
		if err != nil {
			return fmt.Errorf("verify %s: count the source: %w", s.name(), err)
		}
		want := copied[i]
		switch {
		case got.n != want.n || counted != want.n:
			problems = append(problems, fmt.Sprintf("%s: %d copied, but the target holds %d (counted: %d)",
				s.name(), want.n, got.n, counted))
		case got.sum != want.sum:
			problems = append(problems, fmt.Sprintf("%s: the target's records read back differently from the source's", s.name()))
		}
		if inSource != want.n {
			problems = append(problems, fmt.Sprintf("%s: the source holds %d now but %d were read from it; was it written to during the copy?",
				s.name(), inSource, want.n))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrMismatch, strings.Join(problems, "; "))
	}
	return nil
}

// countAll counts every aggregate of st, in the order of steps.
func countAll(ctx context.Context, st store.Store, steps []step) ([]Count, error) {
	counts := make([]Count, len(steps))
	for i, s := range steps {
		n, err := s.count(ctx, st)
		if err != nil {
			return nil, fmt.Errorf("count %s: %w", s.name(), err)
		}
		counts[i] = Count{Aggregate: s.name(), N: n}
	}
	return counts, nil
}

func total(counts []Count) int {
	n := 0
	for _, c := range counts {
		n += c.N
	}
	return n
}
