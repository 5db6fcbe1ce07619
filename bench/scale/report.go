package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// sizeRun is what was measured at one archive size.
type sizeRun struct {
	size    int
	load    time.Duration // zero when an earlier run's database was reused
	dbBytes int64
	timings []pageTiming
}

// maxRatio is how much slower than at the smallest size a page may be at
// the largest: the Scale-out issue's bar.
const maxRatio = 2.0

// writeTable writes the runs as a Markdown table: per page, the p50, p95
// and p99 at each size in milliseconds, and the ratio of the largest
// size's to the smallest's, flagged where it passes maxRatio for a page
// whose cost should not follow the archive.
func writeTable(w io.Writer, runs []sizeRun) {
	if len(runs) == 0 {
		return
	}
	first, last := runs[0], runs[len(runs)-1]
	head := []string{"Page"}
	for _, r := range runs {
		l := sizeLabel(r.size)
		head = append(head, l+" p50", l+" p95", l+" p99")
	}
	ratio := sizeLabel(last.size) + "/" + sizeLabel(first.size)
	if len(runs) > 1 {
		head = append(head, ratio+" p50", ratio+" p95", "")
	}
	fmt.Fprintln(w, "| "+strings.Join(head, " | ")+" |")
	fmt.Fprintln(w, "|"+strings.Repeat(" --- |", len(head)))
	for i, t := range first.timings {
		row := []string{t.name}
		for _, r := range runs {
			rt := r.timings[i]
			row = append(row, ms(rt.percentile(50)), ms(rt.percentile(95)), ms(rt.percentile(99)))
		}
		if len(runs) > 1 {
			lt := last.timings[i]
			p50 := float64(lt.percentile(50)) / float64(t.percentile(50))
			p95 := float64(lt.percentile(95)) / float64(t.percentile(95))
			row = append(row, fmt.Sprintf("%.2f", p50), fmt.Sprintf("%.2f", p95), verdict(t.grows, p50, p95))
		}
		fmt.Fprintln(w, "| "+strings.Join(row, " | ")+" |")
	}
	fmt.Fprintln(w)
	for _, r := range runs {
		load := "reused from an earlier run"
		if r.load > 0 {
			load = "generated in " + r.load.Round(time.Second).String()
		}
		fmt.Fprintf(w, "- %s articles: database %.1f GiB, %s; %d requests per page\n",
			sizeLabel(r.size), float64(r.dbBytes)/(1<<30), load, len(r.timings[0].samples))
	}
}

func verdict(grows bool, p50, p95 float64) string {
	switch {
	case grows:
		return "search: may grow"
	case p50 > maxRatio && p95 > maxRatio:
		return "**over 2×**"
	case p50 > maxRatio:
		return "**p50 over 2×**"
	case p95 > maxRatio:
		return "**p95 over 2×**"
	}
	return "ok"
}

// ms writes a duration in milliseconds.
func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 2, 64)
}

// sizeLabel writes 10000 as 10k and 1000000 as 1M.
func sizeLabel(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return strconv.Itoa(n/1_000_000) + "M"
	case n >= 1000 && n%1000 == 0:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}
