package media_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
)

// workerEnv makes this test binary act as the media worker, so that the
// worker tests run a real child process as masthead media-worker would.
const workerEnv = "MASTHEAD_MEDIA_TEST_WORKER"

func TestMain(m *testing.M) {
	if os.Getenv(workerEnv) == "1" {
		fs := flag.NewFlagSet("worker", flag.ExitOnError)
		maxBytes := fs.Int64("max-bytes", 0, "")
		maxPixels := fs.Int64("max-pixels", 0, "")
		fs.Parse(os.Args[1:]) //nolint:errcheck // ExitOnError
		if err := media.ServeWorker(os.Stdin, os.Stdout, *maxBytes, *maxPixels); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// workerFixture is a fixture whose library makes variants in a child
// process.
func workerFixture(t *testing.T) fixture {
	t.Setenv(workerEnv, "1")
	f := newFixture(t)
	f.lib.Worker = []string{os.Args[0]}
	return f
}

func TestWorkerMakesTheSameVariantsAsTheProcess(t *testing.T) {
	data := jpegBytes(t, 1700, 900)
	inProcess, err := newFixture(t).add(t, "harbour.jpg", data)
	if err != nil {
		t.Fatal(err)
	}
	f := workerFixture(t)
	img, err := f.add(t, "harbour.jpg", data)
	if err != nil {
		t.Fatal(err)
	}
	if img.Path != inProcess.Path || img.Width != 1700 || img.Height != 900 || len(img.Variants) != len(inProcess.Variants) {
		t.Fatalf("worker: %s %d×%d with %d variants; in process: %s with %d", img.Path, img.Width, img.Height,
			len(img.Variants), inProcess.Path, len(inProcess.Variants))
	}
	for i, v := range img.Variants {
		if v != inProcess.Variants[i] {
			t.Errorf("variant %d: worker %+v, in process %+v", i, v, inProcess.Variants[i])
		}
		cfg, format := f.storedFormat(t, v.Path)
		if cfg.Width != v.Width || cfg.Height != v.Height || "image/"+format != v.MIME {
			t.Errorf("%s stored as %s %d×%d, recorded as %s %d×%d", v.Path, format, cfg.Width, cfg.Height, v.MIME, v.Width, v.Height)
		}
	}
	if !f.recorded(t) {
		t.Error("the image was not recorded")
	}
}

func TestWorkerRefusesADamagedPicture(t *testing.T) {
	f := workerFixture(t)
	data := jpegBytes(t, 800, 600)
	damaged := data[:len(data)/2]
	_, err := f.add(t, "torn.jpg", damaged)
	var refusal *media.Refusal
	if !errors.As(err, &refusal) || !errors.Is(err, news.ErrInvalid) || !strings.Contains(refusal.Reason, "damaged") {
		t.Fatalf("got %v, want a refusal saying the picture is damaged", err)
	}
	if n := f.fileCount(t); n != 0 {
		t.Errorf("%d files left behind", n)
	}
}

func TestWorkerThatCannotStartFailsTheUpload(t *testing.T) {
	f := newFixture(t)
	f.lib.Worker = []string{"/nonexistent/masthead", "media-worker"}
	if _, err := f.add(t, "harbour.jpg", jpegBytes(t, 400, 300)); err == nil || errors.Is(err, news.ErrInvalid) {
		t.Fatalf("got %v, want a failure that is not the picture's fault", err)
	}
	if n := f.fileCount(t); n != 0 {
		t.Errorf("%d files left behind", n)
	}
}

func TestUploadsWaitForTheirTurnAndStopWithTheirContext(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.lib.StoreFiles(ctx, "late.jpg", jpegBytes(t, 400, 300)); !errors.Is(err, context.Canceled) {
		t.Fatalf("an upload whose request was gone: %v", err)
	}
}
