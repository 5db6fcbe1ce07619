package benchdata

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// NewsArticle is a as the store takes it: relations by id, in the
// generated order, and the id kept, so that ids follow publication
// order whichever backend holds them.
func (p *Publication) NewsArticle(a Article) news.Article {
	n := news.Article{
		ID: a.ID, Title: a.Title, Slug: a.Slug, Standfirst: a.Standfirst, Body: a.Body,
		WordCount: a.Words, Status: a.Status,
		PublishedAt: a.Published, UpdatedAt: a.Updated, CreatedAt: a.Created,
	}
	if a.Image != 0 {
		n.Image = &news.Image{ID: a.Image}
	}
	for _, i := range a.Categories {
		n.Categories = append(n.Categories, news.Category{ID: p.Categories[i].ID})
	}
	for _, i := range a.Tags {
		n.Tags = append(n.Tags, news.Tag{ID: p.Tags[i].ID})
	}
	for _, i := range a.Authors {
		n.Authors = append(n.Authors, news.Author{ID: p.Authors[i].ID})
	}
	return n
}

// FillStore writes the archive's articles through st.CreateArticle, so
// that the backend builds every row and search entry by its own rules,
// one transaction per chunk, in id order. Chunks are generated ahead on
// one worker per core while the store writes, which has one writer.
// Progress goes to log every ten seconds.
func FillStore(ctx context.Context, st store.Store, ar *Archive, log io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	n := ar.Chunks()
	// Each chunk has a channel of its own, so the writer takes them in
	// order whichever worker finishes first; the token bound keeps at most
	// a few chunks in memory.
	results := make([]chan []Article, n)
	for i := range results {
		results[i] = make(chan []Article, 1)
	}
	tokens := make(chan struct{}, runtime.GOMAXPROCS(0)+2)
	var next atomic.Int64
	var workers sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		workers.Go(func() {
			for {
				select {
				case tokens <- struct{}{}:
				case <-ctx.Done():
					return
				}
				c := int(next.Add(1) - 1)
				if c >= n {
					return
				}
				results[c] <- ar.Chunk(c)
			}
		})
	}
	// cancel runs before Wait: it releases the workers waiting for a token.
	defer workers.Wait()
	defer cancel()

	started, reported := time.Now(), time.Now()
	for c := range n {
		var arts []Article
		select {
		case arts = <-results[c]:
		case <-ctx.Done():
			return ctx.Err()
		}
		err := st.Atomic(ctx, func(s store.Store) error {
			for _, a := range arts {
				na := ar.pub.NewsArticle(a)
				if err := s.CreateArticle(ctx, &na); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("write articles %d to %d: %w", arts[0].ID, arts[len(arts)-1].ID, err)
		}
		<-tokens
		if time.Since(reported) >= 10*time.Second {
			done := min((c+1)*ChunkSize, ar.size)
			rate := float64(done) / time.Since(started).Seconds()
			fmt.Fprintf(log, "  articles: %d of %d (%.0f%%), %.0f a second, about %s to go\n",
				done, ar.size, 100*float64(done)/float64(ar.size), rate,
				time.Duration(float64(ar.size-done)/rate*float64(time.Second)).Round(time.Second))
			reported = time.Now()
		}
	}
	return nil
}
