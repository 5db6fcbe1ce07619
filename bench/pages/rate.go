package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// A steady load at a fixed rate, for the heavy-work scenario. wrk keeps
// a fixed number of connections as busy as it can, so a slower server
// gets fewer requests and the latencies hide the queue; readers do not
// wait for each other. rateLoad starts requests on a fixed schedule
// whatever happens to the ones before (an open model), and times each
// from the moment it was due, not from when it could be sent, so a
// stalled server shows in the latencies instead of slowing the load.

// pageKind says which kind of page a request of the mix asked for.
type pageKind int

const (
	warmPage pageKind = iota // cached after its first request
	coldPage                 // an address asked for once
	pageKinds
)

// mixEntry is one request of the repeating mix.
type mixEntry struct {
	kind pageKind
	// path is the address of a warm request; cold requests take the next
	// address of the cold list.
	path   string
	expect string
}

// rateLoad sends requests at a fixed rate through a repeating mix of
// warm addresses and, in their slots, the next of a list of cold ones,
// which the phases of a run share so that no cold address is asked for
// twice.
type rateLoad struct {
	base   string // http://127.0.0.1:PORT
	rate   int    // requests per second
	mix    []mixEntry
	cold   []string // addresses, each to be asked for once
	expect string   // text every cold page holds
	client *http.Client
	// maxInFlight bounds the requests waiting for an answer; a request
	// due while that many wait is not sent and counts as an error, so
	// that a server that stops answering cannot make the generator pile
	// up goroutines without end.
	maxInFlight int
	// trace, when set, gets a line for every answer: when it was due,
	// since the load began, how long it took, its kind and address.
	trace io.Writer
	began time.Time

	mu       sync.Mutex
	nextCold int
}

// loadTimeout is how long a request may take before it counts as an
// error, as wrk's default.
const loadTimeout = 2 * time.Second

func newRateLoad(base string, rate int, mix []mixEntry, cold []string, coldExpect string) *rateLoad {
	return &rateLoad{
		base: base, rate: rate, mix: mix, cold: cold, expect: coldExpect, maxInFlight: 256, began: time.Now(),
		client: &http.Client{
			Timeout: loadTimeout,
			// No Accept-Encoding, as wrk: identity bytes, as every other
			// row of the suite.
			Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 256},
			// A redirect is a wrong address, not the page.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
}

// phaseResult is what the load measured during one phase.
type phaseResult struct {
	elapsed time.Duration
	sent    int64
	// latencies of the answers that came, by kind, sorted.
	latencies [pageKinds][]time.Duration
	// errors: transport errors and timeouts, answers other than 200 or
	// without their page's text, and requests not sent because too many
	// were waiting.
	failed, wrong, skipped int64
	// firstError describes one error, for the log.
	firstError string
}

func (p phaseResult) errors() int64 { return p.failed + p.wrong + p.skipped }

// all returns every latency, sorted.
func (p phaseResult) all() []time.Duration {
	var all []time.Duration
	for _, l := range p.latencies {
		all = append(all, l...)
	}
	slices.Sort(all)
	return all
}

// percentile returns the q-th quantile (0 < q ≤ 1) of sorted latencies by
// the nearest-rank method; zero for none.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// run sends the load until stop is closed (or ctx ends), at least for
// minimum, and returns what it measured once every request sent has been
// answered or has timed out.
func (l *rateLoad) run(ctx context.Context, minimum time.Duration, stop <-chan struct{}) phaseResult {
	var (
		res      phaseResult
		mu       sync.Mutex
		wg       sync.WaitGroup
		inFlight atomic.Int64
	)
	record := func(kind pageKind, path string, due time.Time, d time.Duration, failed, wrong bool, why string) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case failed:
			res.failed++
		case wrong:
			res.wrong++
		default:
			res.latencies[kind] = append(res.latencies[kind], d)
		}
		if l.trace != nil {
			fmt.Fprintf(l.trace, "%.1f\t%.2f\t%d\t%s\t%v\n", float64(due.Sub(l.began))/1e6, float64(d)/1e6, kind, path, failed || wrong)
		}
		if (failed || wrong) && res.firstError == "" {
			res.firstError = why
		}
	}
	period := time.Second / time.Duration(l.rate)
	start := time.Now()
	if l.trace != nil {
		// Runs follow one another: the warm-up, then one per phase.
		fmt.Fprintf(l.trace, "# a run of the load began at %.1f\n", float64(start.Sub(l.began))/1e6)
	}
	minimumOver := time.After(minimum)
	stopped := false
	for i := 0; ; i++ {
		due := start.Add(time.Duration(i) * period)
		if wait := time.Until(due); wait > 0 {
			select {
			case <-time.After(wait):
			case <-ctx.Done():
			}
		}
		if ctx.Err() != nil {
			break
		}
		if !stopped {
			select {
			case <-stop:
				stopped = true
			default:
			}
		}
		if stopped {
			select {
			case <-minimumOver:
				minimumOver = nil
			default:
			}
			if minimumOver == nil {
				break
			}
		}
		e := l.mix[i%len(l.mix)]
		path, expect := e.path, e.expect
		if e.kind == coldPage {
			path, expect = l.takeCold(), l.expect
		}
		res.sent++
		if inFlight.Load() >= int64(l.maxInFlight) {
			mu.Lock()
			res.skipped++
			mu.Unlock()
			continue
		}
		inFlight.Add(1)
		wg.Go(func() {
			defer inFlight.Add(-1)
			failed, wrong, why := l.fetch(ctx, path, expect)
			record(e.kind, path, due, time.Since(due), failed, wrong, why)
		})
	}
	res.elapsed = time.Since(start)
	wg.Wait()
	for k := range res.latencies {
		slices.Sort(res.latencies[k])
	}
	return res
}

// takeCold returns the next cold address, going round again at the end
// of the list (a page asked for again is then likely cached: the report
// says how many cold addresses a run used).
func (l *rateLoad) takeCold() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.cold[l.nextCold%len(l.cold)]
	l.nextCold++
	return p
}

// coldUsed is how many cold addresses the load has asked for so far.
func (l *rateLoad) coldUsed() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.nextCold
}

// fetch asks for one page and says whether it failed (no answer in
// time) or was wrong (not a 200 with the page's text).
func (l *rateLoad) fetch(ctx context.Context, path, expect string) (failed, wrong bool, why string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.base+path, nil)
	if err != nil {
		return true, false, err.Error()
	}
	resp, err := l.client.Do(req)
	if err != nil {
		return true, false, err.Error()
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return true, false, path + ": " + err.Error()
	}
	if resp.StatusCode != http.StatusOK {
		return false, true, path + ": " + resp.Status
	}
	if !bytes.Contains(body, []byte(expect)) {
		return false, true, path + ": the page lacks " + expect
	}
	return false, false, ""
}
