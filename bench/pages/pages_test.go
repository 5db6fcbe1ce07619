package main

import (
	"context"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSuiteRunsAtATinySize runs the whole suite at 300 articles with
// one-second loads, so that it cannot rot between the occasions it is
// run for real: a page that stops answering 200 with its content, a
// reference that serves other bytes, or a change in wrk's report fails
// here. It needs wrk and nginx; .ci/run installs them, so in CI
// (CI=true) their absence fails the test instead of skipping it.
func TestSuiteRunsAtATinySize(t *testing.T) {
	if testing.Short() {
		t.Skip("the benchmark suite starts servers and drives load for about half a minute; not in -short mode")
	}
	for _, tool := range []string{"wrk", "nginx"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed, and CI requires this test (.ci/run installs it): %v", tool, err)
			}
			t.Skipf("%s is not installed (apt-get install -y wrk nginx); the benchmark suite needs it", tool)
		}
	}
	heavySettings := tinyHeavy
	heavySettings.trace = filepath.Join(t.TempDir(), "heavy-trace.tsv")
	opts := options{
		sizes: []int{300},
		work:  t.TempDir(),
		seed:  1,
		load:  loadSettings{threads: 2, connections: 4, duration: time.Second},
		heavy: &heavySettings,
	}
	var out strings.Builder
	if err := run(context.Background(), opts, &out, testLog{t}); err != nil {
		t.Fatal(err)
	}
	report := out.String()
	t.Log("\n" + report)

	main, heavy, _ := strings.Cut(report, "##### Heavy work")
	rows := tableRows(t, main, 9)
	for _, name := range []string{
		"nginx: the article's bytes as a static file (ceiling)", "Go handler: the same bytes from memory",
		"home, warm", "article, warm", "category, warm", "tag, warm", "search, warm", "feed, warm",
		"article, cold", "search, cold",
	} {
		cells, ok := rows[name]
		if !ok {
			t.Errorf("no row %q in the table", name)
			continue
		}
		// Page | Address | KiB | Requests/s | p50 | p99 | Errors | × nginx | CPU
		if perSec := number(t, cells[3]); perSec <= 0 {
			t.Errorf("%s: %s requests/s", name, cells[3])
		}
		if p50, p99 := number(t, cells[4]), number(t, cells[5]); p50 <= 0 || p99 < p50 {
			t.Errorf("%s: p50 %s ms, p99 %s ms", name, cells[4], cells[5])
		}
		if cells[6] != "0" {
			t.Errorf("%s: errors %s", name, cells[6])
		}
		if kib := number(t, cells[2]); kib < 1 {
			t.Errorf("%s: %s KiB per answer; a page is larger", name, cells[2])
		}
		if isReference := strings.Contains(name, "nginx") || strings.Contains(name, "Go handler"); isReference != (cells[8] == "–") {
			t.Errorf("%s: server CPU %s per answer", name, cells[8])
		}
	}
	if got := rows["nginx: the article's bytes as a static file (ceiling)"][7]; got != "1.00" {
		t.Errorf("nginx's ratio to itself is %s", got)
	}
	for _, want := range []string{"#### 300 articles", "Start-up to the first page:", "peak ", "Issue #9's goals"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	checkHeavyTable(t, heavy)
	checkHeavyTrace(t, heavySettings.trace)
}

// checkHeavyTrace checks that -heavy-trace wrote a line for every answer
// of the heavy-work scenario's phases: when it was due, how long it
// took, its kind and address.
func checkHeavyTrace(t *testing.T, path string) {
	t.Helper()
	trace, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	runs, answers := 0, 0
	for line := range strings.Lines(string(trace)) {
		if strings.HasPrefix(line, "# a run of the load began at ") {
			runs++
			continue
		}
		f := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
		if len(f) != 5 || number(t, f[0]) < 0 || number(t, f[1]) <= 0 || (f[2] != "0" && f[2] != "1") ||
			!strings.HasPrefix(f[3], "/") || f[4] != "false" {
			t.Fatalf("trace line %q: want due ms, took ms, kind, address, false", line)
		}
		answers++
	}
	// A run per phase: two without a job, four jobs.
	if runs != 6 || answers < 6*tinyHeavy.rate/5 {
		t.Errorf("the trace holds %d runs and %d answers, want 6 runs and an answer per request", runs, answers)
	}
}

// tinyHeavy is the heavy-work scenario at the test's size: each job
// does a little of its work, enough to check that it ran to the end.
var tinyHeavy = heavySettings{
	rate: 100, baseline: time.Second, tail: 200 * time.Millisecond,
	posts: 40, images: 2, uploaders: 2, imageSize: image.Pt(1700, 1100), subscribers: 30,
}

// checkHeavyTable checks that every phase of the heavy-work scenario ran
// its job to the end (the job's own check is in the table) and that the
// pages answered throughout, each a 200 with its content.
func checkHeavyTable(t *testing.T, heavy string) {
	t.Helper()
	if heavy == "" {
		t.Fatal("the report has no heavy-work section")
	}
	rows := tableRows(t, heavy, 14)
	for _, want := range []struct{ phase, checked string }{
		{"no job", "–"},
		{"import: 40 WordPress posts (`masthead import wordpress`)", "40 articles created"},
		{"image variants: 2 pictures of 1700×1100 uploaded through the Admin API, 2 at a time", "2 pictures stored with 20 files"},
		{"digest: 30 subscribers, to an SMTP server on loopback (`masthead digest send`)", "30 messages received"},
		{"no job, again", "–"},
	} {
		cells, ok := rows[want.phase]
		if !ok {
			t.Errorf("no phase %q in the heavy-work table", want.phase)
			continue
		}
		// Phase | Took | Checked | Requests | p50 | p99 | warm p99 | cold | Errors | ...
		if cells[2] != want.checked {
			t.Errorf("%s: checked %q, want %q", want.phase, cells[2], want.checked)
		}
		if n := number(t, cells[3]); n < 1 {
			t.Errorf("%s: %s requests", want.phase, cells[3])
		}
		if p50, p99 := number(t, cells[4]), number(t, cells[5]); p50 <= 0 || p99 < p50 {
			t.Errorf("%s: p50 %s ms, p99 %s ms", want.phase, cells[4], cells[5])
		}
		if cells[8] != "0" {
			t.Errorf("%s: errors %s", want.phase, cells[8])
		}
	}
	var reindexed bool
	for name, cells := range rows {
		if strings.HasPrefix(name, "search re-index: the largest tag renamed") {
			reindexed = strings.HasSuffix(cells[2], "articles queued; a search finds the new name once the job has drained some") && cells[8] == "0"
		}
	}
	if !reindexed {
		t.Error("no search re-index phase that found the new name without errors")
	}
}

// tableRows returns the cells of each row of the report's table, of
// columns cells, by the row's first cell.
func tableRows(t *testing.T, report string, columns int) map[string][]string {
	t.Helper()
	rows := map[string][]string{}
	for _, line := range strings.Split(report, "\n") {
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| Page ") || strings.HasPrefix(line, "| Phase ") || strings.HasPrefix(line, "| ---") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), " | ")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if len(cells) != columns {
			t.Fatalf("row of %d cells: %q", len(cells), line)
		}
		rows[cells[0]] = cells
	}
	return rows
}

func number(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return f
}

// wrk 4.1's report of a run with --latency, with and without errors.
const (
	wrkClean = `Running 10s test @ http://127.0.0.1:8080/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   635.91us    0.89ms  12.62ms   92.17%
    Req/Sec    14.50k     1.06k   16.12k    76.00%
  Latency Distribution
     50%  315.00us
     75%  573.00us
     90%    1.25ms
     99%    4.79ms
  288426 requests in 10.00s, 2.11GB read
Requests/sec:  28841.85
Transfer/sec:    210.84MB
`
	wrkErrors = `Running 1s test @ http://127.0.0.1:8080/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.21s   300.00ms   1.99s    70.00%
    Req/Sec     5.00      2.00     9.00     60.00%
  Latency Distribution
     50%    1.20s
     75%    1.40s
     90%    1.80s
     99%    1.99s
  12 requests in 1.00s, 512.50KB read
  Socket errors: connect 0, read 1, write 0, timeout 3
  Non-2xx or 3xx responses: 2
Requests/sec:     11.98
Transfer/sec:    511.20KB
`
	wrkTimedOut = `Running 3s test @ http://127.0.0.1:38197/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.00us    0.00us   0.00us    -nan%
    Req/Sec     1.75      2.06     4.00     75.00%
  Latency Distribution
     50%    0.00us
     75%    0.00us
     90%    0.00us
     99%    0.00us
  4 requests in 3.08s, 171.35KB read
  Socket errors: connect 0, read 0, write 0, timeout 4
Requests/sec:      1.30
Transfer/sec:     55.72KB
`
)

func TestParseWrk(t *testing.T) {
	tests := []struct {
		name string
		out  string
		want loadResult
	}{
		{"clean", wrkClean, loadResult{requests: 288426, perSec: 28841.85, p50: 315 * time.Microsecond,
			p99: 4790 * time.Microsecond, bytesRead: 2.11 * (1 << 30)}},
		{"errors", wrkErrors, loadResult{requests: 12, perSec: 11.98, p50: 1200 * time.Millisecond,
			p99: 1990 * time.Millisecond, bytesRead: 512.5 * 1024, non2xx3xx: 2, socketErrors: 1, timeouts: 3}},
		{"all timed out", wrkTimedOut, loadResult{requests: 4, perSec: 1.30, bytesRead: 171.35 * 1024, timeouts: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseWrk(tt.out)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
	if _, err := parseWrk("unable to connect to 127.0.0.1:1 Connection refused\n"); err == nil {
		t.Error("a report without totals parsed")
	}
}

func TestParseStat(t *testing.T) {
	// utime 250 and stime 50 ticks; the command name holds ") (".
	stat := "4242 (mast) (head) S 1 4242 4242 0 -1 4194560 1234 0 0 0 250 50 0 0 20 0 8 0 100 1300000000 20000 18446744073709551615"
	got, err := parseStat(stat)
	if err != nil {
		t.Fatal(err)
	}
	if got != 3*time.Second {
		t.Errorf("CPU time %s, want 3s", got)
	}
	if _, err := parseStat("4242 (masthead S 1"); err == nil {
		t.Error("a truncated stat parsed")
	}
}

func TestParseStatus(t *testing.T) {
	status := "Name:\tmasthead\nVmPeak:\t 1300000 kB\nVmHWM:\t   91234 kB\nVmRSS:\t   81234 kB\nThreads:\t8\n"
	rss, hwm, err := parseStatus(strings.NewReader(status))
	if err != nil {
		t.Fatal(err)
	}
	if rss != 81234*1024 || hwm != 91234*1024 {
		t.Errorf("VmRSS %d, VmHWM %d", rss, hwm)
	}
	if _, _, err := parseStatus(strings.NewReader("Name:\tkthreadd\n")); err == nil {
		t.Error("a status without memory lines parsed")
	}
}

func TestNumbersInTheReport(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{ratioText(1), "1.00"}, {ratioText(0.934), "0.93"}, {ratioText(0.0026), "0.0026"}, {ratioText(0.05), "0.050"},
		{thousands(999), "999"}, {thousands(1000), "1,000"}, {thousands(1234567), "1,234,567"},
		{millis(315 * time.Microsecond), "0.32"}, {millis(45 * time.Microsecond), "0.045"}, {millis(0), "–"}, {millis(1240 * time.Millisecond), "1,240"},
		{errorsText(loadResult{non2xx3xx: 1, timeouts: 1200}, 2*time.Second), "1,201 (1 non-2xx/3xx, 1,200 over the 2s timeout)"},
		{formatBytes(512), "512 B"}, {formatBytes(91234 * 1024), "89.1 MiB"}, {formatBytes(3 << 30), "3 GiB"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestFlags(t *testing.T) {
	o, err := parseFlags([]string{"-articles", "10_000,100000", "-connections", "32", "-duration", "5s"})
	if err != nil {
		t.Fatal(err)
	}
	if len(o.sizes) != 2 || o.sizes[0] != 10000 || o.sizes[1] != 100000 || o.load.connections != 32 || o.load.duration != 5*time.Second {
		t.Errorf("parsed %+v", o)
	}
	for _, bad := range [][]string{
		{"-articles", "ten"}, {"-duration", "1500ms"}, {"-timeout", "500ms"}, {"-threads", "4", "-connections", "2"}, {"-warmup", "-1s"}, {"extra"},
	} {
		if _, err := parseFlags(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// testLog writes progress to the test log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Helper()
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func TestPercentile(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	var hundred []time.Duration
	for i := 1; i <= 100; i++ {
		hundred = append(hundred, ms(i))
	}
	for _, tt := range []struct {
		sorted []time.Duration
		q      float64
		want   time.Duration
	}{
		{nil, 0.99, 0}, {[]time.Duration{ms(7)}, 0.5, ms(7)}, {[]time.Duration{ms(7)}, 0.99, ms(7)},
		{hundred, 0.5, ms(50)}, {hundred, 0.99, ms(99)}, {hundred, 1, ms(100)}, {hundred[:10], 0.99, ms(10)},
	} {
		if got := percentile(tt.sorted, tt.q); got != tt.want {
			t.Errorf("percentile(%d values, %v) = %s, want %s", len(tt.sorted), tt.q, got, tt.want)
		}
	}
	if got := heavyErrorsText(phaseResult{failed: 2, skipped: 1000}); got != "1,002 (2 no answer in 2s, 1,000 not sent: too many waiting)" {
		t.Errorf("errors text %q", got)
	}
}

func TestHeavyFlags(t *testing.T) {
	o, err := parseFlags(nil)
	if err != nil || o.heavy == nil || o.heavy.rate != defaultHeavy.rate || o.generateOnly {
		t.Fatalf("defaults: %+v, %v", o, err)
	}
	o, err = parseFlags([]string{"-heavy=false", "-generate-only"})
	if err != nil || o.heavy != nil || !o.generateOnly {
		t.Fatalf("-heavy=false -generate-only: %+v, %v", o, err)
	}
	if o, err = parseFlags([]string{"-heavy-rate", "500", "-heavy-trace", "t.tsv"}); err != nil || o.heavy.rate != 500 || o.heavy.trace != "t.tsv" {
		t.Fatalf("-heavy-rate 500 -heavy-trace t.tsv: %+v, %v", o.heavy, err)
	}
	if _, err := parseFlags([]string{"-heavy-rate", "0"}); err == nil {
		t.Error("-heavy-rate 0 accepted")
	}
}
