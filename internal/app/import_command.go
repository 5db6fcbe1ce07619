package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/jobs"
	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
	"github.com/mastheadhq/masthead/internal/wpimport"
)

const importUsage = `usage: masthead import wordpress FILE.xml [--uploads DIR | --media-base URL] [--permalinks STRUCTURE] [--dry-run] [--data DIR] [--db DSN]

Imports a WordPress export (Tools → Export → All content) into the
publication: posts, pages, authors (with staff accounts that must set a
password), categories, tags and pictures, with a 301 redirect from every
old address. Run it again, or with a newer export of the same site, and
it updates what changed and adds what is new; an import that was stopped
finishes where it left off.

  --uploads DIR        a copy of the site's wp-content/uploads: pictures are imported into the media library
  --media-base URL     where wp-content/uploads stays reachable: pictures are linked there, not copied
  --permalinks STRUCT  the site's permalink structure, e.g. '/%year%/%monthnum%/%postname%/', for redirects
  --dry-run            do everything, print the report, keep nothing
  --nice N             scheduling niceness, 0-19 (default 10): a server on this machine keeps serving quickly`

// importCommand runs "masthead import SOURCE".
func importCommand(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 || args[0] != "wordpress" {
		return errors.New(importUsage)
	}
	return importWordPress(ctx, args[1:], env)
}

func importWordPress(ctx context.Context, args []string, env Env) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("masthead import wordpress", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	cfg.BindStorage(fs)
	cfg.BindBatch(fs)
	var opt wpimport.Options
	fs.StringVar(&opt.UploadsDir, "uploads", "", "copy of wp-content/uploads to import pictures from (env MASTHEAD_UPLOADS)")
	fs.StringVar(&opt.MediaBase, "media-base", "", "address of wp-content/uploads to link pictures at, e.g. https://cdn.example/wp-content/uploads (env MASTHEAD_MEDIA_BASE)")
	fs.StringVar(&opt.Permalinks, "permalinks", "", "the site's permalink structure, e.g. /%year%/%monthnum%/%postname%/ (env MASTHEAD_PERMALINKS)")
	fs.BoolVar(&opt.DryRun, "dry-run", false, "import, report and roll everything back (env MASTHEAD_DRY_RUN)")
	flags, files := splitArgs(fs, args)
	if err := cfg.Parse(fs, flags, env.Getenv); err != nil {
		return err
	}
	yieldToServers(cfg, env)
	if err := poolPageCaches(cfg, sqlite.BulkPagePool()); err != nil {
		fmt.Fprintf(env.Stderr, "masthead: %v; %s\n", err, unpooled)
	}
	files = append(files, fs.Args()...)
	if len(files) != 1 {
		return fmt.Errorf("import wordpress needs one export file\n\n%s", importUsage)
	}
	file := files[0]
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("export file: %w", err)
	}
	if opt.UploadsDir != "" {
		if info, err := os.Stat(opt.UploadsDir); err != nil || !info.IsDir() {
			return fmt.Errorf("--uploads %q: not a folder", opt.UploadsDir)
		}
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil && cfg.DB == "" {
		return fmt.Errorf("data folder: %w", err)
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	imp := &wpimport.Importer{Store: st, Options: opt}
	if opt.UploadsDir != "" {
		storage, err := openMedia(ctx, cfg)
		if err != nil {
			return err
		}
		if opt.DryRun {
			storage = discardStorage{}
		}
		imp.Library = &media.Library{Storage: storage}
	}
	imp.Options.Log = newLogger(cfg, env.Stderr)
	imp.Options.Progress = newImportProgress(env.Stderr, imp.Options.Log)
	report, err := imp.Run(ctx, func() (io.ReadCloser, error) { return os.Open(file) })
	if err != nil {
		var fe *wpimport.FormatError
		if errors.As(err, &fe) {
			return fmt.Errorf("%s: %w; nothing was imported", file, err)
		}
		if report != nil {
			report.WriteTo(env.Stdout) //nolint:errcheck // the error below says more
			return fmt.Errorf("import stopped: %w; what was imported so far is kept, and running the same command again finishes the import", err)
		}
		return err
	}
	if !opt.DryRun {
		// A re-import renames the tags and authors changed in WordPress,
		// which queues their articles' search entries: refresh them now
		// rather than leave them to a server that may not be running.
		if _, err := jobs.DrainSearchQueue(ctx, st, time.Time{}); err != nil {
			return fmt.Errorf("refresh the search entries of renamed tags and authors: %w", err)
		}
		if w, ok := st.(store.SearchIndexWaiter); ok {
			if err := w.WaitSearchIndexed(ctx, nil); err != nil {
				return fmt.Errorf("refresh the search entries of renamed tags and authors: %w", err)
			}
		}
	}
	if o := crossOriginMedia(opt.MediaBase, report.Source); o != "" {
		report.Advice = append(report.Advice, fmt.Sprintf("Pictures are linked at %s: start the site with --image-origins %s "+
			"(MASTHEAD_IMAGE_ORIGINS) so that readers' browsers may load them.", o, o))
	}
	_, err = report.WriteTo(env.Stdout)
	return err
}

// splitArgs separates the file names from the flags, so that the file
// may come before them ("import wordpress site.xml --dry-run"), which the
// flag package alone does not allow.
func splitArgs(fs *flag.FlagSet, args []string) (flags, files []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return flags, append(files, args[i+1:]...)
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			files = append(files, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fs.Lookup(name); f != nil && !isBoolFlag(f) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, files
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// crossOriginMedia returns the origin of a media base on another host
// than the site's, whose pictures the site's Content-Security-Policy must
// allow, or "".
func crossOriginMedia(mediaBase, source string) string {
	if mediaBase == "" {
		return ""
	}
	u, err := url.Parse(mediaBase)
	if err != nil || strings.EqualFold(u.Host, strings.SplitN(source, "/", 2)[0]) {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// newImportProgress shows the second pass's progress: a bar with counts
// and the time left on a terminal, a log line every few seconds
// otherwise (under cron or a deployment tool's log).
func newImportProgress(w io.Writer, log *slog.Logger) func(done, total int) {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		var bar *progressbar.ProgressBar
		return func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("Importing"),
					progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true), progressbar.OptionSetItsString("items"),
					progressbar.OptionShowIts(), progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish(),
					progressbar.OptionFullWidth())
			}
			bar.Set(done) //nolint:errcheck // a progress bar that cannot draw is no reason to stop
			if done == total {
				bar.Finish() //nolint:errcheck
			}
		}
	}
	start, last := time.Now(), time.Now()
	return func(done, total int) {
		if done != total && time.Since(last) < 5*time.Second {
			return
		}
		last = time.Now()
		elapsed := time.Since(start)
		left := time.Duration(0)
		if done > 0 {
			left = time.Duration(float64(elapsed) / float64(done) * float64(total-done))
		}
		log.Info("importing", "done", done, "total", total, "percent", 100*done/max(total, 1), "left", left.Round(time.Second))
	}
}

// discardStorage is media storage for a dry run: pictures are checked and
// their variants made, and nothing is kept.
type discardStorage struct{}

func (discardStorage) Put(_ context.Context, _ string, r io.Reader, _ string) error {
	_, err := io.Copy(io.Discard, r)
	return err
}

func (discardStorage) Open(context.Context, string) (media.File, error) {
	return nil, news.ErrNotFound
}

func (discardStorage) Delete(context.Context, string) error { return nil }
