package media_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/media"
)

// BenchmarkStoreFiles makes the variants of a 3,000 × 2,000 photograph
// (a gradient with noise, which compresses like one), a different one
// each iteration. cpu-ms/op is the process's CPU time per picture, all
// goroutines and garbage collection included, which a busy machine
// moves less than the wall clock.
func BenchmarkStoreFiles(b *testing.B) {
	pictures := make([][]byte, 4)
	for i := range pictures {
		pictures[i] = noisyJPEG(b, 3000, 2000, uint64(i))
	}
	folder, _ := newFolder(b)
	lib := &media.Library{Storage: folder}
	// The WebP encoder compiles its WebAssembly on first use: once per
	// process, not per picture.
	if _, err := lib.StoreFiles(context.Background(), "warm.jpg", jpegBytes(b, 200, 100)); err != nil {
		b.Fatal(err)
	}
	cpu := processCPU(b)
	b.ResetTimer()
	for i := range b.N {
		if _, err := lib.StoreFiles(context.Background(), fmt.Sprintf("p%d.jpg", i), pictures[i%len(pictures)]); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(processCPU(b)-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

func noisyJPEG(tb testing.TB, w, h int, seed uint64) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(seed, 1))
	for y := range h {
		for x := range w {
			n := uint8(rng.IntN(32))
			img.SetRGBA(x, y, color.RGBA{uint8(x*255/w) ^ n, uint8(y*255/h) + n, uint8(seed*40) + n, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 88}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func processCPU(tb testing.TB) time.Duration {
	tb.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
