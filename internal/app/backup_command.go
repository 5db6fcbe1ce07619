package app

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/dbcopy"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/postgres"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

const backupUsage = `usage: masthead backup --to FILE [--data DIR | --db DSN] [--nice N]

Writes a consistent copy of the publication's database into the SQLite
file FILE while the site keeps serving. A SQLite publication is copied
with VACUUM INTO, a PostgreSQL one with "db copy" reading one snapshot.
FILE is written under a temporary name and renamed when complete, so it
is never half-written; an existing FILE is replaced. Media files are not
in the backup: back up the media folder or bucket separately`

const restoreUsage = `usage: masthead restore --from FILE [--data DIR | --db DSN] [--force]

Copies the publication in the backup FILE into the database --data or
--db names, which must be empty. With --force a SQLite database that has
content is moved aside (renamed *.before-restore-TIME) and replaced; a
PostgreSQL database is never overwritten: name an empty one. Stop the
site first`

// backupCommand runs "masthead backup".
func backupCommand(ctx context.Context, args []string, env Env) error {
	cfg := config.Default()
	flags := flag.NewFlagSet("masthead backup", flag.ContinueOnError)
	flags.SetOutput(env.Stderr)
	cfg.BindStorage(flags)
	cfg.BindBatch(flags)
	var to string
	flags.StringVar(&to, "to", "", "file to write the backup to, e.g. ./masthead-2026-01-31.db (env MASTHEAD_TO)")
	if err := cfg.Parse(flags, args, env.Getenv); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("backup: unexpected argument %q\n\n%s", flags.Arg(0), backupUsage)
	}
	if to == "" {
		return fmt.Errorf("backup needs --to FILE\n\n%s", backupUsage)
	}
	yieldToServers(cfg, env)
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	if err := Backup(ctx, cfg.DSN(), to); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Backed up %s to %s in %s.\n", config.Redact(cfg.DSN()), to, time.Since(start).Round(time.Millisecond))
	fmt.Fprintln(env.Stdout, "Media files are not in the backup; back up the media folder (media/ in --data) or the S3 bucket separately.")
	return nil
}

// Backup writes a consistent copy of the database dsn names into the
// SQLite file path, replacing it only once the copy is complete and
// synced, so that an interrupted backup never leaves a broken file where
// a good one was.
func Backup(ctx context.Context, dsn, path string) error {
	kind, target, err := config.ParseDSN(dsn)
	if err != nil {
		return fmt.Errorf("database %q: %w", config.Redact(dsn), err)
	}
	same, err := sameDatabase(dsn, "sqlite:"+path)
	if err != nil {
		return err
	}
	if same {
		return errors.New("backup: --to names the publication's own database")
	}
	tmp, err := tempPath(path, ".partial")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer removeDatabaseFiles(tmp)
	switch kind {
	case "sqlite":
		err = vacuumInto(ctx, target, tmp)
	case "postgres":
		err = snapshotCopy(ctx, dsn, tmp)
	default:
		err = fmt.Errorf("unsupported database %q", kind)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := checkIntegrity(ctx, tmp); err != nil {
		return fmt.Errorf("backup: the copy fails its check, not kept: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return syncFile(filepath.Dir(path))
}

// vacuumInto copies a live SQLite database with VACUUM INTO, which reads
// one snapshot in a read transaction: under WAL the site's writer goes on
// meanwhile, and the copy is compact and needs no WAL of its own.
func vacuumInto(ctx context.Context, source, target string) error {
	if _, err := os.Stat(source); err != nil {
		return fmt.Errorf("database file: %w", err)
	}
	abs, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: "_pragma=busy_timeout(10000)"}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", target); err != nil {
		return fmt.Errorf("VACUUM INTO: %w", err)
	}
	return nil
}

// snapshotter is a store that can read one consistent snapshot across
// many calls; PostgreSQL's does.
type snapshotter interface {
	ReadSnapshot(ctx context.Context, fn func(store.Store) error) error
}

var _ snapshotter = (*postgres.DB)(nil)

// snapshotCopy copies the publication at dsn into a new SQLite file with
// dbcopy, reading the source through one snapshot: dbcopy itself reads a
// batch per transaction, which a site that keeps writing would make
// inconsistent.
func snapshotCopy(ctx context.Context, dsn, target string) error {
	from, err := openDatabase(ctx, dsn)
	if err != nil {
		return err
	}
	defer from.Close()
	snap, ok := from.(snapshotter)
	if !ok {
		return errors.New("this database cannot be read in one snapshot")
	}
	to, err := sqlite.Open(ctx, target)
	if err != nil {
		return err
	}
	err = snap.ReadSnapshot(ctx, func(source store.Store) error {
		_, err := dbcopy.Copy(ctx, source, to, nil)
		return err
	})
	return errors.Join(err, to.Close())
}

// restoreCommand runs "masthead restore".
func restoreCommand(ctx context.Context, args []string, env Env) error {
	cfg := config.Default()
	flags := flag.NewFlagSet("masthead restore", flag.ContinueOnError)
	flags.SetOutput(env.Stderr)
	cfg.BindStorage(flags)
	var from string
	var force bool
	flags.StringVar(&from, "from", "", "backup file written by masthead backup (env MASTHEAD_FROM)")
	flags.BoolVar(&force, "force", false, "move a SQLite database that has content aside and replace it (env MASTHEAD_FORCE)")
	if err := cfg.Parse(flags, args, env.Getenv); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("restore: unexpected argument %q\n\n%s", flags.Arg(0), restoreUsage)
	}
	if from == "" {
		return fmt.Errorf("restore needs --from FILE\n\n%s", restoreUsage)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil && cfg.DB == "" {
		return fmt.Errorf("data folder: %w", err)
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	report, err := Restore(ctx, from, cfg.DSN(), force)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Restored %s into %s; it now holds:\n", from, config.Redact(cfg.DSN()))
	printCounts(env.Stdout, report.Counts)
	if report.MovedAside != "" {
		fmt.Fprintf(env.Stdout, "The database it replaced was moved to %s.\n", report.MovedAside)
	}
	fmt.Fprintln(env.Stdout, "Media files are not restored; put the media folder or bucket back separately.")
	return nil
}

// RestoreReport says what a restore did.
type RestoreReport struct {
	Counts []dbcopy.Count
	// MovedAside is where --force moved the database it replaced.
	MovedAside string
}

// Restore copies the publication in the backup file into the database dsn
// names, with dbcopy, which checks the copy before committing it. The
// backup file is read from a scratch copy, so that opening it (which may
// migrate an older schema) never changes the backup itself.
func Restore(ctx context.Context, backup, dsn string, force bool) (RestoreReport, error) {
	kind, target, err := config.ParseDSN(dsn)
	if err != nil {
		return RestoreReport{}, fmt.Errorf("database %q: %w", config.Redact(dsn), err)
	}
	if force && kind != "sqlite" {
		return RestoreReport{}, errors.New("restore: --force replaces only a SQLite database; to restore into PostgreSQL, name an empty database (or drop and recreate this one) and run restore without --force")
	}
	if _, err := os.Stat(backup); err != nil {
		return RestoreReport{}, fmt.Errorf("restore: backup file: %w", err)
	}
	scratch, err := os.MkdirTemp("", "masthead-restore-")
	if err != nil {
		return RestoreReport{}, err
	}
	defer os.RemoveAll(scratch)
	working := filepath.Join(scratch, "backup.db")
	if err := copyFile(backup, working); err != nil {
		return RestoreReport{}, fmt.Errorf("restore: %w", err)
	}
	from, err := sqlite.Open(ctx, working)
	if err != nil {
		return RestoreReport{}, fmt.Errorf("restore: backup file %s: %w", backup, err)
	}
	defer from.Close()
	if kind == "postgres" {
		return restoreInto(ctx, from, dsn)
	}
	return restoreSQLite(ctx, from, target, force)
}

// restoreSQLite restores into a new file next to target and renames it
// into place, so that an interrupted restore leaves no half-filled
// database where the site will look for one.
func restoreSQLite(ctx context.Context, from store.Store, target string, force bool) (RestoreReport, error) {
	_, err := os.Stat(target)
	exists := err == nil
	if exists && !force {
		// An existing file that is empty (a site started once) is filled
		// in place; dbcopy refuses one that has content.
		report, err := restoreInto(ctx, from, "sqlite:"+target)
		if errors.Is(err, dbcopy.ErrTargetNotEmpty) {
			err = fmt.Errorf("%w; to replace it, stop the site and run restore with --force", err)
		}
		return report, err
	}
	tmp, err := tempPath(target, ".restoring")
	if err != nil {
		return RestoreReport{}, err
	}
	defer removeDatabaseFiles(tmp)
	report, err := restoreInto(ctx, from, "sqlite:"+tmp)
	if err != nil {
		return report, err
	}
	if err := syncFile(tmp); err != nil {
		return report, err
	}
	if exists {
		report.MovedAside = target + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
		if err := moveDatabaseFiles(target, report.MovedAside); err != nil {
			return report, fmt.Errorf("restore: move the old database aside: %w", err)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return report, fmt.Errorf("restore: %w", err)
	}
	return report, syncFile(filepath.Dir(target))
}

// restoreInto copies from into the database dsn names, which must be
// empty (or hold exactly this publication already).
func restoreInto(ctx context.Context, from store.Store, dsn string) (RestoreReport, error) {
	to, err := openDatabase(ctx, dsn)
	if err != nil {
		return RestoreReport{}, fmt.Errorf("restore: %w", err)
	}
	report, err := dbcopy.Copy(ctx, from, to, nil)
	if err := errors.Join(err, to.Close()); err != nil {
		return RestoreReport{}, fmt.Errorf("restore: %w", err)
	}
	return RestoreReport{Counts: report.Counts}, nil
}

// checkIntegrity runs SQLite's own check over a whole file.
func checkIntegrity(ctx context.Context, path string) error {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: "mode=ro"}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return err
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil {
		return err
	}
	if result != "ok" {
		return fmt.Errorf("integrity check: %s", result)
	}
	return nil
}

// tempPath is a name next to path, in the same folder so that renaming it
// to path is atomic, that nothing holds yet.
func tempPath(path, suffix string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+suffix+"-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	// SQLite wants to create the file itself for VACUUM INTO; an empty
	// file is taken as an empty database elsewhere, so remove it.
	return name, errors.Join(f.Close(), os.Remove(name))
}

// databaseFiles are the files kept for the database at path: SQLite's
// and its search file's.
func databaseFiles(path string) []string { return sqlite.Files(path) }

func removeDatabaseFiles(path string) {
	for _, f := range databaseFiles(path) {
		os.Remove(f)
	}
}

// moveDatabaseFiles renames a database with its WAL and shared-memory
// files, which must never be left beside another database of that name.
func moveDatabaseFiles(from, to string) error {
	for i, f := range databaseFiles(from) {
		err := os.Rename(f, databaseFiles(to)[i])
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	header := make([]byte, 16)
	if _, err := io.ReadFull(in, header); err != nil || !strings.HasPrefix(string(header), "SQLite format 3") {
		return fmt.Errorf("%s is not a backup: not a SQLite file", from)
	}
	if _, err := in.Seek(0, io.SeekStart); err != nil {
		return err
	}
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	return errors.Join(err, out.Close())
}
