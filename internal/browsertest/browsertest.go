// Package browsertest starts the headless Chromium that the browser tests
// drive: found the same way, started with the same flags, skipped with a
// message on a laptop without it and required in CI.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// Path returns the Chromium binary on this machine, or "" without one.
func Path() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Require returns Chromium's path. Without Chromium it skips the test,
// saying what needs it, or fails it when CI=true, where it must run.
func Require(tb testing.TB, what string) string {
	tb.Helper()
	p := Path()
	if p == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("Chromium not found; CI must run %s (apt-get install chromium)", what)
		}
		tb.Skipf("Chromium not found: install it (apt-get install chromium) to run %s", what)
	}
	return p
}

// Options are the allocator options every test starts Chromium with:
// headless in a fresh profile, with nothing reaching for the network
// (this machine's closed network refuses those connections by the dozen).
func Options(path string, extra ...chromedp.ExecAllocatorOption) []chromedp.ExecAllocatorOption {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	return append(opts, extra...)
}

// Start launches Chromium for the test (or skips, see Require) and
// returns the browser's context, which ends with the test.
func Start(tb testing.TB, what string, extra ...chromedp.ExecAllocatorOption) context.Context {
	tb.Helper()
	path := Require(tb, what)
	extra = append([]chromedp.ExecAllocatorOption{chromedp.UserDataDir(tb.TempDir())}, extra...)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), Options(path, extra...)...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	tb.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	// Start the browser now, on a context without a deadline.
	if err := chromedp.Do(ctx); err != nil {
		tb.Fatalf("start Chromium: %v", err)
	}
	return ctx
}
