// Command scale measures whether Masthead's reader pages stay fast as the
// archive grows. For each archive size it creates a PostgreSQL database,
// fills it with a generated publication of that many articles (bulk SQL
// straight into the backend's schema, search entries included), serves
// the whole site as masthead serve does, and times the front page,
// article pages from across the archive, a section and its second page,
// a tag page and searches. It prints a table of p50/p95/p99 per page and
// size, with the ratio of the largest size to the smallest: only search
// may grow with the archive.
//
//	go run ./bench/scale -articles 10000,1000000 -pg postgres://postgres@127.0.0.1:5432/test?sslmode=disable
//
// See bench/README.md for what it found.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// defaultServer is the project's local test server (trust
// authentication), as internal/store/postgres/pgtest names it.
const defaultServer = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// options are the command's flags.
type options struct {
	server   string
	sizes    []int
	requests int
	warmup   int
	seed     uint64
	keep     bool
	reuse    bool
	// only, when set, keeps the page types whose row name it matches.
	only *regexp.Regexp
}

func main() {
	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, opts, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	fs := flag.NewFlagSet("scale", flag.ContinueOnError)
	var o options
	sizes := fs.String("articles", "10000,1000000", "comma-separated archive sizes to measure, smallest first")
	fs.StringVar(&o.server, "pg", defaultServer, "PostgreSQL server DSN; a database masthead_bench_<size> is created on it for each size")
	fs.IntVar(&o.requests, "requests", 200, "timed requests per page type and size")
	fs.IntVar(&o.warmup, "warmup", 20, "untimed requests per page type before timing")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the generated publication")
	fs.BoolVar(&o.keep, "keep", false, "keep the databases afterwards (for EXPLAIN ANALYZE, or -reuse)")
	fs.BoolVar(&o.reuse, "reuse", false, "measure a database an earlier -keep run filled with the same size and seed instead of generating it again")
	only := fs.String("only", "", "measure only the page types whose row name matches this regular expression, e.g. 'article|tag'")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if *only != "" {
		re, err := regexp.Compile(*only)
		if err != nil {
			return o, fmt.Errorf("-only: %w", err)
		}
		o.only = re
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(s), "_", ""))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-articles: %q is not a positive number", s)
		}
		o.sizes = append(o.sizes, n)
	}
	if o.requests < 1 || o.warmup < 0 {
		return o, fmt.Errorf("-requests must be positive and -warmup not negative")
	}
	return o, nil
}

// run measures every size, then writes the table to out; progress goes
// to log.
func run(ctx context.Context, opts options, out, log io.Writer) error {
	var runs []sizeRun
	for _, size := range opts.sizes {
		r, err := runSize(ctx, opts, size, log)
		if err != nil {
			return fmt.Errorf("%d articles: %w", size, err)
		}
		runs = append(runs, r)
	}
	fmt.Fprintln(out)
	writeTable(out, runs)
	return nil
}

func runSize(ctx context.Context, opts options, size int, log io.Writer) (sizeRun, error) {
	r := sizeRun{size: size}
	name := databaseName(size)
	dsn, err := withDatabase(opts.server, name)
	if err != nil {
		return r, err
	}
	reuse := false
	if opts.reuse {
		if reuse, err = isComplete(ctx, opts.server, name, size, opts.seed); err != nil {
			return r, err
		}
	}
	if !opts.keep {
		defer func() {
			if err := dropDatabase(context.WithoutCancel(ctx), opts.server, name); err != nil {
				fmt.Fprintf(log, "drop %s: %v\n", name, err)
			}
		}()
	}
	if reuse {
		fmt.Fprintf(log, "%s: reusing the %d articles of an earlier run\n", name, size)
	} else {
		fmt.Fprintf(log, "%s: generating %d articles\n", name, size)
		if err := createDatabase(ctx, opts.server, name); err != nil {
			return r, err
		}
		start := time.Now()
		if err := generate(ctx, dsn, size, opts.seed, log); err != nil {
			return r, err
		}
		r.load = time.Since(start)
	}
	if r.dbBytes, err = databaseSize(ctx, dsn); err != nil {
		return r, err
	}
	targets, err := pageTargets(ctx, dsn, opts.requests, opts.warmup, opts.seed)
	if err != nil {
		return r, err
	}
	if opts.only != nil {
		targets = slices.DeleteFunc(targets, func(t target) bool { return !opts.only.MatchString(t.name) })
		if len(targets) == 0 {
			return r, fmt.Errorf("-only %q matches no page type", opts.only)
		}
	}
	fmt.Fprintf(log, "%s: measuring %d page types, %d requests each after %d to warm up\n",
		name, len(targets), opts.requests, opts.warmup)
	start := time.Now()
	if r.timings, err = measure(ctx, dsn, targets, opts.warmup, opts.requests, log); err != nil {
		return r, err
	}
	fmt.Fprintf(log, "%s: measured in %s\n", name, since(start))
	fmt.Fprintln(log)
	writeTable(log, []sizeRun{r})
	fmt.Fprintln(log)
	return r, nil
}

func databaseSize(ctx context.Context, dsn string) (int64, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return 0, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var n int64
	err = conn.QueryRow(ctx, `SELECT pg_database_size(current_database())`).Scan(&n)
	return n, err
}
