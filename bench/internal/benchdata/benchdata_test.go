package benchdata

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/render"
)

// TestWordCountsAreRenderWordCount holds the generator's word counts to
// the newsroom's, which the pages show as reading times.
func TestWordCountsAreRenderWordCount(t *testing.T) {
	vocab := NewVocabulary(1)
	w := newWriter(vocab, rand.New(rand.NewPCG(1, 2)))
	for i := range 50 {
		body, words := w.body(bodyWords(w), []string{commonSentence, phraseSentence})
		if got := render.WordCount(body); got != words {
			t.Fatalf("body %d: generator counted %d words, render.WordCount %d", i, words, got)
		}
		if words < 300 || words > 2100 {
			t.Errorf("body %d: %d words, want 300 to 2,000 and a sentence", i, words)
		}
	}
}

// TestArchiveIsTheSameWhicheverWorkerMakesIt makes sure a chunk depends
// only on the seed and its number, which the parallel loaders rely on
// for a reproducible archive.
func TestArchiveIsTheSameWhicheverWorkerMakesIt(t *testing.T) {
	pub := &Publication{
		Categories:  make([]news.Category, 2),
		primaryPick: []int{0, 1, 1},
		Tags:        make([]news.Tag, tagCount),
		Authors:     make([]news.Author, authorCount),
		Featured:    []int64{7, 8},
	}
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	a := NewArchive(pub, NewVocabulary(3), 3, 2500, now)
	b := NewArchive(pub, NewVocabulary(3), 3, 2500, now)
	_ = b.Chunk(0) // b makes the chunks in another order
	x, y := a.Chunk(2), b.Chunk(2)
	if len(x) != 500 || x[0].ID != 2001 {
		t.Fatalf("chunk 2 has %d articles from id %d, want 500 from 2001", len(x), x[0].ID)
	}
	for i := range x {
		if x[i].Title != y[i].Title || x[i].Body != y[i].Body || !x[i].Published.Equal(y[i].Published) {
			t.Fatalf("article %d differs between two makings", x[i].ID)
		}
	}
}
