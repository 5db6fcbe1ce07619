// Command pages measures how fast masthead serve answers readers, against
// a static file server as the ceiling. For each archive size it generates
// a publication into a SQLite database (or reuses one from an earlier
// run), starts the real binary on it, times its start-up to the first
// page, and drives load with wrk on loopback at the home page, an
// article, a section, a tag, a search and the feed, warm (one address
// over and over) and cold (many distinct articles and searches, each
// asked for once, after a restart). In the same run nginx serves the
// article page's exact bytes as a static file, and a bare Go handler
// serves them from memory; every page's throughput is printed as a ratio
// of nginx's. The server's resident memory is sampled throughout.
//
//	go run ./bench/pages -articles 10000,100000
//
// One Markdown table per size goes to stdout, progress to stderr. See
// bench/README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// options are the command's flags.
type options struct {
	sizes []int
	work  string
	reuse bool
	seed  uint64
	// generateOnly stops after the data folders are ready, for a long
	// generation on a busy machine and the measuring later on a quiet one.
	generateOnly bool
	// masthead is a binary to measure; empty builds one from this module.
	masthead string
	load     loadSettings
	warmup   time.Duration
	// only, when set, keeps the rows whose name it matches (the two
	// references are always measured).
	only *regexp.Regexp
	// heavy, when set, runs the heavy-work scenario after the table's
	// rows (when only, if set, matches "heavy").
	heavy *heavySettings
}

func main() {
	opts, err := parseFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pages:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, opts, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "pages:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	fs := flag.NewFlagSet("pages", flag.ContinueOnError)
	o := options{}
	sizes := fs.String("articles", "10000,100000", "comma-separated archive sizes to measure")
	fs.StringVar(&o.work, "work", filepath.Join(os.TempDir(), "masthead-bench-pages"),
		"work folder: generated databases, the masthead binary, nginx's files, logs")
	fs.BoolVar(&o.reuse, "reuse", false, "reuse a database an earlier run generated completely with the same size and seed")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the generated publication")
	fs.BoolVar(&o.generateOnly, "generate-only", false, "generate (or with -reuse, check) each size's data folder, then stop without measuring")
	fs.StringVar(&o.masthead, "masthead", "", "masthead binary to measure (default: build ./cmd/masthead of this module into the work folder)")
	fs.IntVar(&o.load.threads, "threads", 2, "wrk threads (-t)")
	fs.IntVar(&o.load.connections, "connections", 16, "wrk connections (-c)")
	fs.DurationVar(&o.load.duration, "duration", 10*time.Second, "wrk duration of each measured run (-d), whole seconds")
	fs.DurationVar(&o.load.timeout, "timeout", 0, "wrk --timeout, whole seconds: an answer slower than this is an error (default: wrk's own, 2s)")
	fs.DurationVar(&o.warmup, "warmup", 3*time.Second, "untimed wrk run before each warm row, whole seconds; 0 for none")
	heavy := fs.Bool("heavy", true, "run the heavy-work scenario: a steady load while an import, image uploads, the digest and a search re-index run in turn")
	heavyRate := fs.Int("heavy-rate", defaultHeavy.rate, "requests per second of the heavy-work scenario's steady load")
	heavyTrace := fs.String("heavy-trace", "", "write every answer of the heavy-work scenario to this file: ms since the load began when due, ms it took, kind (0 warm, 1 cold), address, failed")
	only := fs.String("only", "", "measure only the rows whose name matches this regular expression, e.g. 'article'")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(s), "_", ""))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-articles: %q is not a positive number", s)
		}
		o.sizes = append(o.sizes, n)
	}
	if *only != "" {
		re, err := regexp.Compile(*only)
		if err != nil {
			return o, fmt.Errorf("-only: %w", err)
		}
		o.only = re
	}
	if *heavy {
		hs := defaultHeavy
		hs.rate = *heavyRate
		hs.trace = *heavyTrace
		o.heavy = &hs
	}
	return o, o.check()
}

// check refuses settings wrk cannot take: it counts time in whole
// seconds and needs a connection per thread.
func (o options) check() error {
	l := o.load
	switch {
	case l.threads < 1 || l.connections < l.threads:
		return errors.New("-threads must be positive and -connections at least -threads")
	case l.duration < time.Second || l.duration%time.Second != 0:
		return errors.New("-duration must be whole seconds, at least 1s")
	case o.warmup < 0 || o.warmup%time.Second != 0:
		return errors.New("-warmup must be whole seconds, or 0")
	case l.timeout < 0 || l.timeout%time.Second != 0:
		return errors.New("-timeout must be whole seconds")
	case o.heavy != nil && o.heavy.rate < 1:
		return errors.New("-heavy-rate must be positive")
	}
	return nil
}

// run measures every size and writes a table for each to out; progress
// goes to log.
func run(ctx context.Context, opts options, out, log io.Writer) error {
	if opts.generateOnly {
		return generateOnly(ctx, opts, log)
	}
	if err := checkTools(); err != nil {
		return err
	}
	if err := os.MkdirAll(opts.work, 0o755); err != nil {
		return err
	}
	binary, err := mastheadBinary(ctx, opts, log)
	if err != nil {
		return err
	}
	for _, size := range opts.sizes {
		r, err := runSize(ctx, opts, binary, size, log)
		if err != nil {
			return fmt.Errorf("%d articles: %w", size, err)
		}
		writeReport(out, opts, r)
	}
	return nil
}

// generateOnly prepares every size's data folder, as a measuring run
// would, and measures nothing.
func generateOnly(ctx context.Context, opts options, log io.Writer) error {
	if err := os.MkdirAll(opts.work, 0o755); err != nil {
		return err
	}
	for _, size := range opts.sizes {
		d, err := prepareData(ctx, opts.work, size, opts.seed, opts.reuse, log)
		if err != nil {
			return fmt.Errorf("%d articles: %w", size, err)
		}
		fmt.Fprintf(log, "%d articles: %s ready, %s of SQLite\n", size, d.dir, formatBytes(d.dbBytes))
	}
	return nil
}

// checkTools makes sure the load generator and the reference server are
// installed, and says how to install them if not.
func checkTools() error {
	var missing []string
	for _, tool := range []string{"wrk", "nginx"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s not installed (PATH=%s); on Debian: apt-get install -y wrk nginx",
			strings.Join(missing, " and "), os.Getenv("PATH"))
	}
	return nil
}

// mastheadBinary returns the binary to measure: the one named by
// -masthead, or a fresh build of this module's command.
func mastheadBinary(ctx context.Context, opts options, log io.Writer) (string, error) {
	if opts.masthead != "" {
		return filepath.Abs(opts.masthead)
	}
	binary := filepath.Join(opts.work, "masthead")
	start := time.Now()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", binary, "github.com/mastheadhq/masthead/cmd/masthead")
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build masthead (run this from inside the module, or pass -masthead): %w", err)
	}
	fmt.Fprintf(log, "built %s in %s\n", binary, since(start))
	return binary, nil
}

func since(t time.Time) time.Duration { return time.Since(t).Round(100 * time.Millisecond) }
