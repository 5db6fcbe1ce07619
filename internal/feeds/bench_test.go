package feeds_test

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/feeds"
)

// benchBody is an article of about 1,300 words, the length the design's
// measurements use, with links and a picture as real bodies have.
var benchBody = strings.Repeat(`<p>The consortium said on Tuesday that the <a href="/tag/gas/">gas</a> pipeline would carry
its first cargo in the spring, after three years of talks between the two governments and the lenders
that stand behind them. Officials declined to say how much the final agreement would cost.</p>
<figure><img src="/media/2025/03/pipe-1200w.jpg" srcset="/media/2025/03/pipe-480w.jpg 480w, /media/2025/03/pipe-1200w.jpg 1200w" alt="The pipeline"><figcaption>Photo: Aysel Hasanova</figcaption></figure>
`, 28)

func benchFeed(full bool) *feeds.Feed {
	f := sampleFeed()
	f.Items = make([]feeds.Item, 20)
	for i := range f.Items {
		it := feeds.Item{
			ID:         feeds.TagURI("aze.media", published, fmt.Sprintf("article/%d", i)),
			URL:        fmt.Sprintf("https://aze.media/2025/03/14/story-number-%d/", i),
			Title:      fmt.Sprintf("Story number %d about the pipeline & the grid", i),
			Summary:    "A standfirst of ordinary length for a news story, telling readers what happened.",
			Published:  published.Add(-time.Duration(i) * time.Hour),
			Authors:    []feeds.Person{{Name: "Leyla Aliyeva", URL: "https://aze.media/author/leyla-aliyeva/"}},
			Categories: []string{"Energy", "Gas", "COP29"},
			Image:      &feeds.Enclosure{URL: "https://aze.media/media/2025/03/pipe-1200w.jpg", Type: "image/jpeg", Length: 183_211},
		}
		if full {
			it.ContentHTML = benchBody
		}
		f.Items[i] = it
	}
	return f
}

func BenchmarkRSS20Items(b *testing.B) {
	for _, full := range []bool{false, true} {
		f := benchFeed(full)
		b.Run(fmt.Sprintf("fulltext=%v", full), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := f.WriteRSS(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAtom20Items(b *testing.B) {
	f := benchFeed(true)
	b.ReportAllocs()
	for b.Loop() {
		if err := f.WriteAtom(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJSONFeed20Items(b *testing.B) {
	f := benchFeed(true)
	b.ReportAllocs()
	for b.Loop() {
		if err := f.WriteJSON(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAbsoluteURLs measures the rewriting every full-text item goes
// through.
func BenchmarkAbsoluteURLs(b *testing.B) {
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	for b.Loop() {
		feeds.AbsoluteURLs(benchBody, "https://aze.media")
	}
}

// BenchmarkSitemapStream writes one full sitemap file of 50,000 article
// addresses; memory per operation shows that nothing grows with them.
func BenchmarkSitemapStream(b *testing.B) {
	locs := make([]string, 1000)
	for i := range locs {
		locs[i] = fmt.Sprintf("https://aze.media/2025/03/14/story-number-%d-about-the-pipeline/", i)
	}
	b.ReportAllocs()
	for b.Loop() {
		s := feeds.NewURLSet(io.Discard)
		for i := range feeds.MaxSitemapURLs {
			if err := s.Add(feeds.URL{Loc: locs[i%len(locs)], LastMod: published}); err != nil {
				b.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewsSitemap1000(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s := feeds.NewNewsURLSet(io.Discard)
		for i := range feeds.MaxNewsURLs {
			err := s.Add(feeds.URL{
				Loc: fmt.Sprintf("https://aze.media/2025/03/14/story-%d/", i), LastMod: published,
				News: &feeds.NewsArticle{Publication: "Caspian Digest", Language: "en", Published: published, Title: "Story about the pipeline"},
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
