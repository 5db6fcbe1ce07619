package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/dbcopy"
	"github.com/mastheadhq/masthead/internal/store"
)

const dbUsage = `usage: masthead db copy --from DSN --to DSN [--nice N]

Copies the whole publication in the database --from into the empty
database --to, keeping every id, and checks the copy before committing
it. DSNs are those --db takes: sqlite:PATH or postgres://…
Stop the site first; media files are not copied`

// dbCommand runs "masthead db SUBCOMMAND".
func dbCommand(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 || args[0] != "copy" {
		return errors.New(dbUsage)
	}
	return dbCopyCommand(ctx, args[1:], env)
}

// mediaNotice is printed after every copy, since forgetting the files is
// the one way a copy that succeeded can still leave a broken site.
const mediaNotice = `Media files were not copied: the database refers to them by their storage
keys, and they stay where they are. Before starting the site on the new
database, copy the media folder (media/ inside --data) to the media storage
it will use: the new --data folder, or the S3 bucket given with --s3-bucket.`

// dbCopyCommand copies a publication from one database to another with
// dbcopy.Copy, printing progress and the counts of what the target holds.
func dbCopyCommand(ctx context.Context, args []string, env Env) error {
	cfg := config.Default()
	flags := flag.NewFlagSet("masthead db copy", flag.ContinueOnError)
	flags.SetOutput(env.Stderr)
	cfg.BindCopy(flags)
	cfg.BindBatch(flags)
	if err := cfg.Parse(flags, args, env.Getenv); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("db copy: unexpected argument %q\n\n%s", flags.Arg(0), dbUsage)
	}
	if cfg.CopyFrom == "" || cfg.CopyTo == "" {
		return fmt.Errorf("db copy needs both --from and --to\n\n%s", dbUsage)
	}
	same, err := sameDatabase(cfg.CopyFrom, cfg.CopyTo)
	if err != nil {
		return err
	}
	if same {
		return errors.New("--from and --to name the same database")
	}
	if err := checkSourceExists(cfg.CopyFrom); err != nil {
		return err
	}
	yieldToServers(cfg, env)
	// An interrupted copy rolls back: the target is left empty, and the
	// command can simply be run again.
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	from, err := openDatabase(ctx, cfg.CopyFrom)
	if err != nil {
		return fmt.Errorf("--from: %w", err)
	}
	defer from.Close()
	to, err := openDatabase(ctx, cfg.CopyTo)
	if err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	defer to.Close()

	out := env.Stdout
	fmt.Fprintf(out, "Copying %s\n     to %s\n", config.Redact(cfg.CopyFrom), config.Redact(cfg.CopyTo))
	report, err := dbcopy.Copy(ctx, from, to, func(step string, n int) {
		fmt.Fprintf(out, "  %s: %d\n", progressVerb(step), n)
	})
	if err != nil {
		return fmt.Errorf("db copy: %w (nothing was written to the target)", err)
	}
	if w, ok := to.(store.SearchIndexWaiter); ok {
		fmt.Fprintln(out, "  indexing for search…")
		if err := w.WaitSearchIndexed(ctx, nil); err != nil {
			return fmt.Errorf("db copy: the copy is complete, its search index is not (it is finished when the site starts): %w", err)
		}
	}
	if report.AlreadyCopied {
		fmt.Fprintln(out, "The target already holds this publication, record for record; nothing was changed.")
	} else {
		fmt.Fprintln(out, "Copied and verified; the target now holds:")
	}
	printCounts(out, report.Counts)
	fmt.Fprintln(out, mediaNotice)
	return nil
}

// printCounts writes the report as a table: names on the left, numbers
// aligned on the right.
func printCounts(w io.Writer, counts []dbcopy.Count) {
	nameWidth, numberWidth := 0, 0
	for _, c := range counts {
		nameWidth = max(nameWidth, len(c.Aggregate))
		numberWidth = max(numberWidth, len(strconv.Itoa(c.N)))
	}
	for _, c := range counts {
		fmt.Fprintf(w, "  %-*s  %*d\n", nameWidth, c.Aggregate, numberWidth, c.N)
	}
}

// progressVerb turns a dbcopy progress step into words for the terminal.
func progressVerb(step string) string {
	if aggregate, ok := strings.CutPrefix(step, "verify "); ok {
		return "verified " + aggregate
	}
	if aggregate, ok := strings.CutPrefix(step, "compare "); ok {
		return "compared " + aggregate
	}
	return "copied " + step
}

// checkSourceExists refuses a SQLite source file that is not there:
// opening it would create an empty database, and a mistyped path would
// read as "nothing to copy" at best.
func checkSourceExists(dsn string) error {
	kind, path, err := config.ParseDSN(dsn)
	if err != nil || kind != "sqlite" {
		return err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("--from %s: no such file; name the publication's database, e.g. sqlite:./data/masthead.db", path)
	}
	return nil
}

// sameDatabase reports whether two DSNs name one database, as far as can
// be told without connecting: the same SQLite file, or the same
// PostgreSQL DSN.
func sameDatabase(a, b string) (bool, error) {
	kindA, targetA, err := config.ParseDSN(a)
	if err != nil {
		return false, err
	}
	kindB, targetB, err := config.ParseDSN(b)
	if err != nil || kindA != kindB {
		return false, err
	}
	if kindA != "sqlite" {
		return targetA == targetB, nil
	}
	absA, errA := filepath.Abs(targetA)
	absB, errB := filepath.Abs(targetB)
	if err := errors.Join(errA, errB); err != nil {
		return false, err
	}
	if absA == absB {
		return true, nil
	}
	infoA, errA := os.Stat(absA)
	infoB, errB := os.Stat(absB)
	return errA == nil && errB == nil && os.SameFile(infoA, infoB), nil
}
