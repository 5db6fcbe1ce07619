package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/bench/internal/benchdata"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

// dataset is a generated publication on disk, in the layout masthead
// serve --data expects: masthead.db and a media folder.
type dataset struct {
	size int
	dir  string
	// generated is how long generating took; zero when an earlier run's
	// database was reused.
	generated time.Duration
	dbBytes   int64
}

func (d dataset) dbPath() string { return filepath.Join(d.dir, "masthead.db") }

// completeFile marks a data folder that a run filled to the end, with
// the size and seed it was filled with, so that -reuse never measures a
// half-written database or one of another size.
const completeFile = "complete"

func completeMark(size int, seed uint64) string {
	return fmt.Sprintf("masthead bench pages: %d articles, seed %d, complete\n", size, seed)
}

// prepareData returns the data folder for size articles under work:
// reused when asked to and complete, otherwise made afresh. Either way
// the database is opened once before it is returned, so that a migration
// the binary brings runs here and not inside the measured start-up.
func prepareData(ctx context.Context, work string, size int, seed uint64, reuse bool, log io.Writer) (dataset, error) {
	d := dataset{size: size, dir: filepath.Join(work, fmt.Sprintf("data-%d", size))}
	mark, err := os.ReadFile(filepath.Join(d.dir, completeFile))
	switch {
	case reuse && err == nil && string(mark) == completeMark(size, seed):
		fmt.Fprintf(log, "%d articles: reusing %s\n", size, d.dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return d, err
	default:
		fmt.Fprintf(log, "%d articles: generating into %s\n", size, d.dir)
		start := time.Now()
		if err := generate(ctx, d, seed, log); err != nil {
			return d, err
		}
		d.generated = time.Since(start)
		fmt.Fprintf(log, "%d articles: generated in %s\n", size, d.generated.Round(time.Second))
	}
	st, err := sqlite.Open(ctx, d.dbPath())
	if err != nil {
		return d, err
	}
	if err := st.Close(); err != nil {
		return d, err
	}
	d.dbBytes, err = fileSizes(sqlite.Files(d.dbPath())...)
	return d, err
}

// generate writes a publication of d.size articles into an empty data
// folder through the SQLite store, as the newsroom would have written it.
func generate(ctx context.Context, d dataset, seed uint64, log io.Writer) error {
	if err := os.RemoveAll(d.dir); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(d.dir, "media"), 0o755); err != nil {
		return err
	}
	st, err := sqlite.Open(ctx, d.dbPath())
	if err != nil {
		return err
	}
	err = writePublication(ctx, st, d.size, seed, log)
	if err == nil {
		// The search file is made beside the writes; a data folder is
		// complete once it has all of them, or the first server would
		// index them while it is measured.
		err = st.WaitSearchIndexed(ctx, nil)
	}
	if closeErr := st.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(d.dir, completeFile), []byte(completeMark(d.size, seed)), 0o644)
}

func writePublication(ctx context.Context, st store.Store, size int, seed uint64, log io.Writer) error {
	vocab := benchdata.NewVocabulary(seed)
	pub, err := benchdata.CreatePublication(ctx, st, vocab, seed)
	if err != nil {
		return fmt.Errorf("create the publication: %w", err)
	}
	return benchdata.FillStore(ctx, st, benchdata.NewArchive(pub, vocab, seed, size, time.Now()), log)
}

// fileSizes adds up the sizes of the files that exist among names.
func fileSizes(names ...string) (int64, error) {
	var n int64
	for _, name := range names {
		info, err := os.Stat(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return 0, err
		}
		n += info.Size()
	}
	return n, nil
}

// formatBytes writes n in binary units, as free and ls -h do.
func formatBytes(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	v := float64(n)
	i := 0
	for v >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%d B", n)
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", v), ".0") + " " + units[i]
}
