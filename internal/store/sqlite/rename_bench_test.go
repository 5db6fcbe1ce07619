package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

// renameArticles is the archive BenchmarkRenameTag builds: articles of
// the search corpus's length, every second one carrying the renamed tag.
const renameArticles = 10_000

// reindexer is the queue's drain, on stores that have one.
type reindexer interface {
	ReindexQueued(ctx context.Context, limit int) (int, error)
}

// BenchmarkRenameTag times UpdateTag renaming a tag on 5,000 articles,
// in wall time and in this process's CPU time, and, where renames queue
// their articles, one transaction of the queue's drain at a few batch
// sizes: the longest the writer is held. Renames' queues are drained
// between them outside the timer.
func BenchmarkRenameTag(b *testing.B) {
	ctx := context.Background()
	db, tag := renameStore(b)
	drainer, queued := any(db).(reindexer)
	renames := 0
	rename := func(b *testing.B) {
		renames++
		tag.Name = fmt.Sprintf("Summit %s", spell(renames))
		if err := db.UpdateTag(ctx, &tag); err != nil {
			b.Fatal(err)
		}
	}
	drain := func(b *testing.B) {
		for queued {
			n, err := drainer.ReindexQueued(ctx, 1000)
			if err != nil {
				b.Fatal(err)
			}
			if n == 0 {
				return
			}
		}
	}
	b.Run("rename", func(b *testing.B) {
		var cpu time.Duration
		for b.Loop() {
			before := cpuTime()
			rename(b)
			cpu += cpuTime() - before
			b.StopTimer()
			drain(b)
			b.StartTimer()
		}
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	})
	if !queued {
		return
	}
	for _, size := range []int{25, 50, 100, 200} {
		b.Run(fmt.Sprintf("drain-batch=%d", size), func(b *testing.B) {
			rename(b)
			var cpu time.Duration
			for b.Loop() {
				before := cpuTime()
				n, err := drainer.ReindexQueued(ctx, size)
				cpu += cpuTime() - before
				if err != nil {
					b.Fatal(err)
				}
				if n < size {
					b.StopTimer()
					drain(b)
					rename(b)
					b.StartTimer()
				}
			}
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}

// spell writes i in letters, so that every rename's name folds to other
// words than the last one's, and so is one the index must follow.
func spell(i int) string {
	s := ""
	for ; i > 0; i /= 26 {
		s += string(rune('a' + i%26))
	}
	return s
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func renameStore(b *testing.B) (*sqlite.DB, news.Tag) {
	b.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "rename.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	g := newGenerator()
	var meta corpusMeta
	tag := news.Tag{Name: "Summit", Slug: "summit"}
	err = db.Atomic(ctx, func(s store.Store) error {
		var err error
		if meta, err = g.createTerms(ctx, s); err != nil {
			return err
		}
		return s.CreateTag(ctx, &tag)
	})
	for done := 0; err == nil && done < renameArticles; done += 1000 {
		err = db.Atomic(ctx, func(s store.Store) error {
			for i := done; i < done+1000; i++ {
				a := g.article(corpusArticles-renameArticles+i, meta)
				if i%2 == 0 {
					a.Tags = append(a.Tags, tag)
				}
				if err := s.CreateArticle(ctx, &a); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err != nil {
		b.Fatal(err)
	}
	return db, tag
}
