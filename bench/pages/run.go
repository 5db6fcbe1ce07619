package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// rowKind says what a row of the table measured.
type rowKind int

const (
	reference rowKind = iota // the article's bytes from a static server
	warm                     // one address, over and over, after a warm-up
	cold                     // distinct addresses, each once, after a restart
)

// row is one line of the table.
type row struct {
	name   string
	kind   rowKind
	path   string // the address; for cold rows, the first of them
	paths  int    // cold rows: how many distinct addresses there were
	result loadResult
	// cpu is the CPU time the server used during the measured run; zero
	// for the references.
	cpu time.Duration
}

// cpuPerAnswer is the server's CPU time per answer: unlike throughput, it
// hardly moves when other work shares the cores.
func (rw row) cpuPerAnswer() time.Duration {
	if rw.result.requests == 0 {
		return 0
	}
	return rw.cpu / time.Duration(rw.result.requests)
}

// sizeRun is everything measured at one archive size.
type sizeRun struct {
	data    dataset
	started time.Time
	loadAvg string
	// startups are the server's start-up times to its first page: for
	// the warm rows, then again after the restart for the cold ones.
	startups []time.Duration
	rest     int64 // resident memory after the first start-up
	memory   memoryPeak
	rows     []row
	// heavy is the heavy-work scenario's outcome, when it ran.
	heavy *heavyRun
}

// ceiling is nginx's row.
func (r sizeRun) ceiling() row { return r.rows[0] }

// runSize measures one archive size: the warm rows on a server just
// started, the two references on the article's bytes, then the cold rows
// on a server started again, so that no cache holds anything the warm
// rows asked for.
func runSize(ctx context.Context, opts options, binary string, size int, log io.Writer) (sizeRun, error) {
	r := sizeRun{started: time.Now(), loadAvg: loadAverage()}
	var err error
	if r.data, err = prepareData(ctx, opts.work, size, opts.seed, opts.reuse, log); err != nil {
		return r, err
	}
	pg, err := pickPages(ctx, r.data.dbPath(), opts.seed)
	if err != nil {
		return r, err
	}
	work := filepath.Join(opts.work, fmt.Sprintf("run-%d", size))
	if err := os.MkdirAll(work, 0o755); err != nil {
		return r, err
	}

	var article page
	var warmRows []row
	err = r.withServer(ctx, binary, filepath.Join(work, "serve-warm.log"), log, func(srv *server) error {
		var err error
		if article, err = checkPages(ctx, srv.url, pg); err != nil {
			return err
		}
		warmRows, err = measureTargets(ctx, opts, srv, only(opts, pg.warm), work, log)
		return err
	})
	if err != nil {
		return r, err
	}

	ceiling, err := measureReference(ctx, opts, "nginx: the article's bytes as a static file (ceiling)", pg.article, work, log,
		func() (*staticServer, error) { return startNginx(ctx, filepath.Join(work, "nginx"), article) })
	if err != nil {
		return r, err
	}
	goHandler, err := measureReference(ctx, opts, "Go handler: the same bytes from memory", pg.article, work, log,
		func() (*staticServer, error) { return startGoHandler(ctx, article) })
	if err != nil {
		return r, err
	}
	r.rows = append(r.rows, ceiling, goHandler)
	r.rows = append(r.rows, warmRows...)

	var coldRows []row
	if targets := only(opts, pg.cold); len(targets) > 0 {
		err = r.withServer(ctx, binary, filepath.Join(work, "serve-cold.log"), log, func(srv *server) error {
			var err error
			coldRows, err = measureTargets(ctx, opts, srv, targets, work, log)
			return err
		})
		if err != nil {
			return r, err
		}
	}
	r.rows = append(r.rows, coldRows...)

	if opts.heavy != nil && (opts.only == nil || opts.only.MatchString("heavy")) {
		if r.heavy, err = runHeavy(ctx, *opts.heavy, binary, r.data, pg, work, log); err != nil {
			return r, err
		}
	}
	return r, nil
}

// withServer starts masthead serve on the run's data, calls fn with it,
// stops it, and records its start-up time and memory.
func (r *sizeRun) withServer(ctx context.Context, binary, logPath string, log io.Writer, fn func(*server) error) error {
	srv, err := startServer(ctx, binary, r.data.dir, logPath)
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "%d articles: masthead serve served its first page %s after exec\n",
		r.data.size, srv.startup.Round(time.Millisecond))
	r.startups = append(r.startups, srv.startup)
	if r.rest == 0 {
		r.rest = srv.rest
	}
	err = fn(srv)
	r.memory = r.memory.max(srv.stop())
	if err != nil {
		return fmt.Errorf("%w (server log: %s)", err, logPath)
	}
	return nil
}

// only keeps the targets whose row name -only matches.
func only(opts options, targets []target) []target {
	if opts.only == nil {
		return targets
	}
	var kept []target
	for _, t := range targets {
		if opts.only.MatchString(rowName(t)) {
			kept = append(kept, t)
		}
	}
	return kept
}

func rowName(t target) string {
	if t.cold {
		return t.name + ", cold"
	}
	return t.name + ", warm"
}

// checkPages requests each warm page, and the first and last of each
// cold list, once, requiring a 200 with the expected content; it returns
// the warm article's page.
func checkPages(ctx context.Context, url string, pg pages) (page, error) {
	var article page
	for _, t := range pg.warm {
		p, err := fetchPage(ctx, url+t.paths[0], t.expect)
		if err != nil {
			return page{}, err
		}
		if t.paths[0] == pg.article {
			article = p
		}
	}
	for _, t := range pg.cold {
		for _, path := range []string{t.paths[0], t.paths[len(t.paths)-1]} {
			if _, err := fetchPage(ctx, url+path, t.expect); err != nil {
				return page{}, err
			}
		}
	}
	return article, nil
}

// measureTargets runs wrk on each target: a warm one after a warm-up
// run at its address, a cold one through the rotating script. The
// server's CPU time is read around each measured run.
func measureTargets(ctx context.Context, opts options, srv *server, targets []target, work string, log io.Writer) ([]row, error) {
	url := srv.url
	var rows []row
	for _, t := range targets {
		rw := row{name: rowName(t), kind: warm, path: t.paths[0]}
		var paths []string
		if t.cold {
			rw.kind, rw.paths, paths = cold, len(t.paths), t.paths
		} else if opts.warmup > 0 {
			if _, err := runWrk(ctx, opts.load, opts.warmup, url+t.paths[0], nil, work); err != nil {
				return nil, err
			}
		}
		cpuBefore, err := srv.cpuTime()
		if err != nil {
			return nil, err
		}
		if rw.result, err = runWrk(ctx, opts.load, opts.load.duration, url+t.paths[0], paths, work); err != nil {
			return nil, err
		}
		cpuAfter, err := srv.cpuTime()
		if err != nil {
			return nil, err
		}
		rw.cpu = cpuAfter - cpuBefore
		logRow(log, rw)
		rows = append(rows, rw)
	}
	return rows, nil
}

// measureReference starts a reference server, measures it as a warm row
// at the article's address, and stops it.
func measureReference(ctx context.Context, opts options, name, path, work string, log io.Writer,
	start func() (*staticServer, error)) (row, error) {
	srv, err := start()
	if err != nil {
		return row{}, err
	}
	defer srv.stop()
	rw := row{name: name, kind: reference, path: path}
	if opts.warmup > 0 {
		if _, err := runWrk(ctx, opts.load, opts.warmup, srv.url+path, nil, work); err != nil {
			return row{}, err
		}
	}
	if rw.result, err = runWrk(ctx, opts.load, opts.load.duration, srv.url+path, nil, work); err != nil {
		return row{}, err
	}
	logRow(log, rw)
	return rw, nil
}

func logRow(log io.Writer, rw row) {
	res := rw.result
	fmt.Fprintf(log, "  %-60s %9.0f requests/s  p50 %-9s p99 %-9s errors %-4d server CPU %s per answer\n",
		rw.name, res.perSec, res.p50, res.p99, res.errors(), rw.cpuPerAnswer().Round(time.Microsecond))
}

// loadAverage is the first three fields of /proc/loadavg: how busy the
// machine was as the run began.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
