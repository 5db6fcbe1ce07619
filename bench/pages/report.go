package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// writeReport writes one size's run as Markdown: what was run and when,
// the table, and how the run compares with issue #9's goals.
func writeReport(w io.Writer, opts options, r sizeRun) {
	fmt.Fprintf(w, "\n#### %s articles\n\n", thousands(int64(r.data.size)))
	fmt.Fprintf(w, "%s; load average %s at the start; `%s`", r.started.UTC().Format("2006-01-02 15:04 MST"), r.loadAvg, opts.load)
	if opts.warmup > 0 {
		fmt.Fprintf(w, " after a %s warm-up run for warm rows", opts.warmup)
	}
	fmt.Fprintln(w, ".")
	fmt.Fprintf(w, "SQLite database %s, %s. ", formatBytes(r.data.dbBytes), generatedText(r.data))
	fmt.Fprintf(w, "Start-up to the first page: %s. ", startupText(r.startups))
	fmt.Fprintf(w, "Server RSS: %s after start-up, peak %s (VmHWM; largest sample %s).\n\n",
		formatBytes(r.rest), formatBytes(r.memory.hwm), formatBytes(r.memory.sampled))
	writeTable(w, r.rows, opts.load.effectiveTimeout())
	fmt.Fprintln(w)
	fmt.Fprintln(w, goalsText(r))
	if r.heavy != nil {
		writeHeavyReport(w, r.data.size, r.heavy)
	}
}

func generatedText(d dataset) string {
	if d.generated == 0 {
		return "reused from an earlier run"
	}
	return "generated in " + d.generated.Round(time.Second).String()
}

func startupText(ds []time.Duration) string {
	var parts []string
	for i, d := range ds {
		s := seconds(d) + " s"
		if i > 0 {
			s += " after the restart for the cold rows"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// writeTable writes the rows as a Markdown table, each row's throughput
// as a ratio of the first row's (nginx's).
func writeTable(w io.Writer, rows []row, timeout time.Duration) {
	fmt.Fprintln(w, "| Page | Address | KiB per answer | Requests/s | p50 ms | p99 ms | Errors | × nginx | Server CPU ms per answer |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	ceiling := rows[0].result.perSec
	for _, rw := range rows {
		res := rw.result
		ratio := "–"
		if ceiling > 0 {
			ratio = ratioText(res.perSec / ceiling)
		}
		fmt.Fprintf(w, "| %s | %s | %.1f | %s | %s | %s | %s | %s | %s |\n",
			rw.name, addressText(rw), res.bytesPerResponse()/1024, thousands(int64(res.perSec+0.5)),
			millis(res.p50), millis(res.p99), errorsText(res, timeout), ratio, millis(rw.cpuPerAnswer()))
	}
}

// addressText shows the address of a warm row, and for a cold row how
// many distinct addresses there were and whether the run came round to
// the first again (then some answers may have come from a cache).
func addressText(rw row) string {
	if rw.kind == reference {
		return "the warm article's"
	}
	if rw.kind != cold {
		return "`" + rw.path + "`"
	}
	s := thousands(int64(rw.paths)) + " distinct, e.g. `" + rw.path + "`"
	if rw.result.requests > int64(rw.paths) {
		s += fmt.Sprintf(" (came round again: %s requests)", thousands(rw.result.requests))
	}
	return s
}

// ratioText writes a ratio with two decimals, or with two significant
// digits below a tenth, so that a slow page does not read as zero.
func ratioText(r float64) string {
	if r >= 0.1 || r == 0 {
		return strconv.FormatFloat(r, 'f', 2, 64)
	}
	return strconv.FormatFloat(r, 'f', 1-int(math.Floor(math.Log10(r))), 64)
}

// errorsText writes the number of errors and, when there are any, of
// which kinds.
func errorsText(res loadResult, timeout time.Duration) string {
	if res.errors() == 0 {
		return "0"
	}
	var kinds []string
	for _, k := range []struct {
		n    int64
		name string
	}{{res.non2xx3xx, "non-2xx/3xx"}, {res.socketErrors, "socket"}, {res.timeouts, "over the " + timeout.String() + " timeout"}} {
		if k.n > 0 {
			kinds = append(kinds, fmt.Sprintf("%s %s", thousands(k.n), k.name))
		}
	}
	return fmt.Sprintf("%s (%s)", thousands(res.errors()), strings.Join(kinds, ", "))
}

// Issue #9's goals on this machine.
const (
	goalRatio   = 0.85 // warm article throughput as a share of nginx's
	goalP99     = 1.5  // warm article p99 as a multiple of nginx's
	goalStartup = time.Second
	goalRSS     = 200_000_000 // bytes
)

// goalsText compares the warm article and the server with issue #9's
// goals (which are set for 100,000 articles).
func goalsText(r sizeRun) string {
	var article *row
	for i := range r.rows {
		if r.rows[i].kind == warm && strings.HasPrefix(r.rows[i].name, "article") {
			article = &r.rows[i]
		}
	}
	var parts []string
	nginx := r.ceiling().result
	if article != nil && nginx.perSec > 0 && nginx.p99 > 0 {
		a := article.result
		parts = append(parts,
			fmt.Sprintf("warm article at %s× nginx's throughput (goal ≥ %.2f: %s)", ratioText(a.perSec/nginx.perSec), goalRatio, met(a.perSec/nginx.perSec >= goalRatio)),
			fmt.Sprintf("p99 %s ms, %.1f× nginx's (goal ≤ %.1f×: %s)", millis(a.p99), float64(a.p99)/float64(nginx.p99), goalP99, met(float64(a.p99) <= goalP99*float64(nginx.p99))),
			fmt.Sprintf("errors %d (goal 0: %s)", a.errors(), met(a.errors() == 0)))
	}
	if len(r.startups) > 0 {
		parts = append(parts, fmt.Sprintf("start-up %s s (goal < 1 s: %s)", seconds(r.startups[0]), met(r.startups[0] < goalStartup)))
	}
	parts = append(parts, fmt.Sprintf("peak RSS %s (goal < 200 MB: %s)", formatBytes(r.memory.hwm), met(r.memory.hwm < goalRSS)))
	return "Issue #9's goals (set for 100,000 articles): " + strings.Join(parts, "; ") + "."
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "**not met**"
}

// millis writes a latency in milliseconds with two decimals, three below
// a tenth of a millisecond, none from 100; a dash for none (no answer in
// time).
func millis(d time.Duration) string {
	if d == 0 {
		return "–"
	}
	ms := float64(d) / float64(time.Millisecond)
	if ms >= 100 {
		return thousands(int64(ms + 0.5))
	}
	if ms < 0.1 {
		return strconv.FormatFloat(ms, 'f', 3, 64)
	}
	return strconv.FormatFloat(ms, 'f', 2, 64)
}

func seconds(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) }

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
