package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/postgres"
	"github.com/mastheadhq/masthead/internal/store/postgres/pgtest"
)

// BenchmarkRenameTag times UpdateTag renaming a tag on 5,000 articles of
// news length (about 1,300 words), in wall time and in this process's
// CPU time (each entry is built in Go), and, where renames queue their
// articles, one drain transaction of 50; queues are drained between
// renames outside the timer.
func BenchmarkRenameTag(b *testing.B) {
	ctx := context.Background()
	db, tag := renameStore(b)
	drainer, queued := any(db).(interface {
		ReindexQueued(ctx context.Context, limit int) (int, error)
	})
	renames := 0
	rename := func(b *testing.B) {
		renames++
		tag.Name = fmt.Sprintf("Summit %d", renames)
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
	b.Run("drain-batch=50", func(b *testing.B) {
		rename(b)
		var cpu time.Duration
		for b.Loop() {
			before := cpuTime()
			n, err := drainer.ReindexQueued(ctx, 50)
			cpu += cpuTime() - before
			if err != nil {
				b.Fatal(err)
			}
			if n < 50 {
				b.StopTimer()
				drain(b)
				rename(b)
				b.StartTimer()
			}
		}
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	})
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func renameStore(b *testing.B) (*postgres.DB, news.Tag) {
	b.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, pgtest.NewSchema(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	tag := news.Tag{Name: "Summit", Slug: "summit"}
	if err := db.CreateTag(ctx, &tag); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	words := make([]string, 20_000)
	for i := range words {
		words[i] = fmt.Sprintf("w%x", i*7919)
	}
	for done := 0; done < 5000; done += 500 {
		err := db.Atomic(ctx, func(s store.Store) error {
			for i := done; i < done+500; i++ {
				var body strings.Builder
				for range 1300 {
					body.WriteString(words[int(r.ExpFloat64()*2000)%len(words)])
					body.WriteByte(' ')
				}
				a := news.Article{Title: fmt.Sprintf("Story %d", i), Slug: fmt.Sprintf("story-%d", i),
					Body: "<p>" + body.String() + "</p>", Status: news.StatusPublished,
					PublishedAt: benchNow.Add(-time.Duration(i) * time.Hour), Tags: []news.Tag{tag}}
				if err := s.CreateArticle(ctx, &a); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return db, tag
}
