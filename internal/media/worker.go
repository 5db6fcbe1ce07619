package media

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"syscall"
)

// Making variants is the heaviest work a server does, and it must not
// slow the pages it serves (issue #9: page p99 within 20 ms while heavy
// work runs). Two things make that impossible inside the server's own
// process. The WebP encoder runs as WebAssembly compiled by wazero, and
// Go cannot preempt a goroutine inside such code: a 1,600-pixel WebP
// holds its thread for a hundred milliseconds or more, and every garbage
// collection that starts meanwhile waits for it with all the other
// goroutines stopped. And the resizer spreads each step over every core.
// Measured with bench/pages' heavy-work scenario, sixteen uploads of a
// 3,000 × 2,000 photograph pushed page p99 from tens of milliseconds to
// over a second and made readers' requests time out.
//
// So a server makes variants in a child process (Library.Worker), one
// picture at a time, at a lower scheduling priority and on one core: the
// kernel runs the server's threads first, and the child's collector and
// WebAssembly stop nothing of the server's. The child gets the picture on
// its standard input and writes the encoded files to its standard output;
// the server stores them, so the child needs no storage configuration.

// workerNice is the child's scheduling priority, as nice(1) sets it.
const workerNice = 10

// slot waits for the library's one making of variants at a time: each
// takes a core, and a server on two has readers to answer with the other.
func (l *Library) slot(ctx context.Context) (release func(), err error) {
	l.slotsOnce.Do(func() { l.slots = make(chan struct{}, 1) })
	if err := ctx.Err(); err != nil {
		return nil, err // the uploader went away while waiting, or before
	}
	select {
	case l.slots <- struct{}{}:
		return func() { <-l.slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// make makes the variants of checked data, in the worker when there is
// one.
func (l *Library) make(ctx context.Context, data []byte) (made, error) {
	release, err := l.slot(ctx)
	if err != nil {
		return made{}, err
	}
	defer release()
	if len(l.Worker) == 0 {
		return makeVariants(data)
	}
	return l.runWorker(ctx, data)
}

// workerAnswer is what the worker writes: the variants, or why there are
// none.
type workerAnswer struct {
	Made    made
	Refusal string // the picture cannot be read; words for the uploader
	Err     string // anything else
}

func (l *Library) runWorker(ctx context.Context, data []byte) (made, error) {
	args := append(l.Worker[1:len(l.Worker):len(l.Worker)],
		"--max-bytes", strconv.FormatInt(l.maxBytes(), 10), "--max-pixels", strconv.FormatInt(l.maxPixels(), 10))
	cmd := exec.CommandContext(ctx, l.Worker[0], args...)
	cmd.Stdin = bytes.NewReader(data)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	// One core: the resizer would otherwise start a goroutine for each.
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	if err := cmd.Start(); err != nil {
		return made{}, fmt.Errorf("start the media worker: %w", err)
	}
	// The child may run a few instructions at the server's priority
	// before this; it has not read the picture by then.
	syscall.Setpriority(syscall.PRIO_PROCESS, cmd.Process.Pid, workerNice) //nolint:errcheck // a worker at normal priority is slower pages, not a failure
	if err := cmd.Wait(); err != nil {
		return made{}, fmt.Errorf("media worker: %w: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	var a workerAnswer
	if err := gob.NewDecoder(&out).Decode(&a); err != nil {
		return made{}, fmt.Errorf("media worker's answer: %w", err)
	}
	switch {
	case a.Refusal != "":
		return made{}, &Refusal{Reason: a.Refusal}
	case a.Err != "":
		return made{}, errors.New("media worker: " + a.Err)
	}
	return a.Made, nil
}

// ServeWorker is the worker's side: it reads one picture from r, checks
// it against the limits as the library does, makes its variants and
// writes them, or why it could not, to w.
func ServeWorker(r io.Reader, w io.Writer, maxBytes, maxPixels int64) error {
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return err
	}
	var a workerAnswer
	lib := Library{MaxBytes: maxBytes, MaxPixels: maxPixels}
	if _, err = lib.check(data); err == nil {
		a.Made, err = makeVariants(data)
	}
	if refusal := (*Refusal)(nil); errors.As(err, &refusal) {
		a.Refusal = refusal.Reason
	} else if err != nil {
		a.Err = err.Error()
	}
	return gob.NewEncoder(w).Encode(a)
}
