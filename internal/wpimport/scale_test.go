package wpimport

import (
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/store/sqlite"
	"github.com/mastheadhq/masthead/internal/wpimport/wxrgen"
)

var importPosts = flag.Int("import-posts", 2000, "posts in the export BenchmarkImport imports")

// peakHeap samples the heap in use while fn runs and returns the largest
// figure seen, in bytes. With live, each sample follows a collection and
// counts only what is still reachable: how far the collector lags behind
// depends on the machine's load, not on fn.
func peakHeap(fn func(), live bool) uint64 {
	runtime.GC()
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var m runtime.MemStats
		for {
			if live {
				runtime.GC()
			}
			runtime.ReadMemStats(&m)
			mu.Lock()
			if live {
				peak = max(peak, m.HeapAlloc)
			} else {
				peak = max(peak, m.HeapInuse)
			}
			mu.Unlock()
			select {
			case <-done:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	fn()
	close(done)
	wg.Wait()
	return peak
}

// TestReadMemoryStaysBounded streams exports of 2,000 and 40,000 posts
// (about 6 and 120 MB of XML) through the reader: the heap it needs must
// not grow with the file.
func TestReadMemoryStaysBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 120 MB of generated XML")
	}
	peaks := map[int]uint64{}
	for _, posts := range []int{2000, 40000} {
		r, w := io.Pipe()
		go func() { w.CloseWithError(wxrgen.Write(w, wxrgen.Options{Posts: posts, Seed: 1})) }()
		items := 0
		var err error
		peaks[posts] = peakHeap(func() {
			err = Read(r, Visitor{Item: func(Item) error { items++; return nil }})
		}, true)
		if err != nil {
			t.Fatal(err)
		}
		if want := posts + posts/4 + 10; items != want {
			t.Errorf("%d items read, want %d", items, want)
		}
		t.Logf("%d posts: peak heap %.1f MB", posts, float64(peaks[posts])/(1<<20))
	}
	if peaks[40000] > 64<<20 || peaks[40000] > 2*peaks[2000]+16<<20 {
		t.Errorf("peak heap %d MB for 40,000 posts against %d MB for 2,000: reading is not streaming",
			peaks[40000]>>20, peaks[2000]>>20)
	}
}

// BenchmarkImport imports a generated export of -import-posts posts (a
// quarter with a linked featured picture) into a new SQLite publication,
// and reports the time per post and the peak heap.
//
//	go test ./internal/wpimport -run '^$' -bench BenchmarkImport -benchtime 1x -import-posts 100000
func BenchmarkImport(b *testing.B) {
	file := filepath.Join(b.TempDir(), "export.xml")
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	if err := wxrgen.Write(f, wxrgen.Options{Posts: *importPosts, Seed: 7}); err != nil {
		b.Fatal(err)
	}
	f.Close()
	info, _ := os.Stat(file)
	// As the import command does; not when an earlier benchmark of this
	// process has opened a database.
	if err := sqlite.PoolPageCaches(sqlite.BulkPagePool()); err != nil {
		b.Logf("%v: the import's page caches are not pooled", err)
	}
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "import"+string(rune('a'+i))+".db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		var report *Report
		peak := peakHeap(func() {
			imp := &Importer{Store: db}
			report, err = imp.Run(context.Background(), func() (io.ReadCloser, error) { return os.Open(file) })
		}, false)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if k := report.Kinds["article"]; k == nil || k.Created != *importPosts {
			b.Fatalf("articles %+v, want %d created", k, *importPosts)
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		b.ReportMetric(report.SearchWait.Seconds(), "search-wait-s")
		b.ReportMetric(float64(info.Size())/(1<<20), "file-MB")
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(*importPosts), "µs/post")
}
