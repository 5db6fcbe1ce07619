// Package benchdata generates a publication for the benchmarks: a section
// tree, tags, authors, images, menus and settings made through the store,
// and an archive of any number of articles with realistic lengths and
// relations, the same for the same seed. bench/scale loads the archive
// into PostgreSQL in bulk; bench/pages writes it into SQLite through the
// store (FillStore). bench/README.md describes what it generates.
package benchdata

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// archiveYears is how far back the archive reaches: a million articles
// over ten years is the output of a large national newsroom.
const archiveYears = 10

// Article is one generated story as its rows need it: the related rows
// are indexes into the publication's slices, in the order the store
// keeps (primary category first, byline order).
type Article struct {
	ID                            int64
	Status                        news.Status
	Published, Updated, Created   time.Time // zero is NULL
	Image                         int64     // 0 for none
	Words                         int
	Title, Slug, Standfirst, Body string
	Categories, Tags, Authors     []int
}

// Archive generates the articles of one benchmark database. Article i is
// the same for the same seed, size and moment, whichever worker makes it
// and in whatever order, because each chunk of ids has a random source of
// its own.
type Archive struct {
	pub   *Publication
	vocab *Vocabulary
	seed  uint64
	size  int
	now   time.Time
	start time.Time
}

// NewArchive returns the archive of size articles of pub, the newest an
// hour before now.
func NewArchive(pub *Publication, vocab *Vocabulary, seed uint64, size int, now time.Time) *Archive {
	now = now.UTC().Truncate(time.Second)
	return &Archive{pub: pub, vocab: vocab, seed: seed, size: size, now: now, start: now.AddDate(-archiveYears, 0, 0)}
}

// ChunkSize is how many articles share a random source, and how many
// travel together through the loading pipeline.
const ChunkSize = 1000

// Size is the number of articles in the archive.
func (ar *Archive) Size() int { return ar.size }

// Publication is what the articles refer to.
func (ar *Archive) Publication() *Publication { return ar.pub }

// Chunks is the number of chunks of the archive.
func (ar *Archive) Chunks() int { return (ar.size + ChunkSize - 1) / ChunkSize }

// Chunk generates the articles of chunk c, ids c*ChunkSize+1 onwards.
func (ar *Archive) Chunk(c int) []Article {
	rng := rand.New(rand.NewPCG(ar.seed, uint64(c)))
	w := newWriter(ar.vocab, rng)
	tagZipf := rand.NewZipf(rng, 1.05, 10, uint64(len(ar.pub.Tags)-1))
	authorZipf := rand.NewZipf(rng, 1.1, 5, uint64(len(ar.pub.Authors)-1))
	first := c*ChunkSize + 1
	last := min(first+ChunkSize-1, ar.size)
	arts := make([]Article, 0, last-first+1)
	for id := first; id <= last; id++ {
		arts = append(arts, ar.article(w, tagZipf, authorZipf, id))
	}
	return arts
}

// Shares of the archive that readers do not see.
const (
	draftShare = 0.02
	// scheduledShare of the newest scheduledAmong of the archive are
	// scheduled: embargoed stories are recent ones.
	scheduledShare = 0.25
	scheduledAmong = 0.02
)

// updatedShare of the published articles were corrected after they came
// out; imageShare of all articles have a featured image.
const (
	updatedShare = 0.15
	imageShare   = 0.85
)

// article makes article id from w's random source, drawing tags and
// bylines from the publication's by popularity.
func (ar *Archive) article(w *writer, tagZipf, authorZipf *rand.Zipf, id int) Article {
	a := Article{ID: int64(id), Status: news.StatusPublished}
	span := ar.now.Sub(ar.start)
	// Ids follow publication order, as in an archive written over the
	// years, with a few hours' jitter; the last one is an hour old.
	at := ar.start.Add(time.Duration(float64(span-time.Hour) * float64(id) / float64(ar.size)))
	at = at.Add(time.Duration(w.rng.Int64N(int64(6 * time.Hour)))).Add(-6 * time.Hour)
	at = earliest(at, ar.now.Add(-time.Hour)).Truncate(time.Second)
	switch {
	case w.chance(draftShare):
		a.Status = news.StatusDraft
		a.Created = at
	case float64(id) > float64(ar.size)*(1-scheduledAmong) && w.chance(scheduledShare):
		a.Status = news.StatusScheduled
		a.Created = at
		a.Published = ar.now.Add(time.Duration(w.rng.Int64N(int64(30*24*time.Hour))) + time.Hour).Truncate(time.Second)
	default:
		a.Published = at
		a.Created = at.Add(-time.Duration(w.rng.Int64N(int64(48*time.Hour))) - 10*time.Minute)
		if w.chance(updatedShare) {
			a.Updated = earliest(at.Add(2*time.Hour+time.Duration(w.rng.Int64N(int64(10*24*time.Hour)))), ar.now).Truncate(time.Second)
		}
	}
	if w.chance(imageShare) {
		a.Image = ar.pub.Featured[w.rng.IntN(len(ar.pub.Featured))]
	}

	a.Title = w.title()
	a.Slug = slugFor(a.Title, id)
	a.Standfirst = w.standfirst()
	a.Body, a.Words = w.body(bodyWords(w), ar.planted(w))

	a.Categories = append(a.Categories, ar.pub.primaryPick[w.rng.IntN(len(ar.pub.primaryPick))])
	if w.chance(0.3) {
		if extra := ar.pub.primaryPick[w.rng.IntN(len(ar.pub.primaryPick))]; extra != a.Categories[0] {
			a.Categories = append(a.Categories, extra)
		}
	}
	a.Tags = distinct(tagZipf, []int{1, 2, 2, 2, 3, 3, 4}[w.rng.IntN(7)])
	a.Authors = distinct(authorZipf, 1+boolInt(w.chance(0.15)))
	return a
}

// bodyWords draws a body length from 300 to 2,000 words: most news
// stories are short, and features and analysis make a long tail.
func bodyWords(w *writer) int {
	switch r := w.rng.Float64(); {
	case r < 0.55:
		return w.between(300, 700)
	case r < 0.90:
		return w.between(700, 1300)
	default:
		return w.between(1300, 2000)
	}
}

// planted returns the planted sentences this article carries.
func (ar *Archive) planted(w *writer) []string {
	var s []string
	for _, p := range []struct {
		share    float64
		sentence string
	}{
		{commonShare, commonSentence}, {rareShare, rareSentence}, {phraseShare, phraseSentence},
		{corridorShare, corridorSentence}, {middleShare, middleSentence},
	} {
		if w.chance(p.share) {
			s = append(s, p.sentence)
		}
	}
	return s
}

// distinct draws n different indexes from z.
func distinct(z *rand.Zipf, n int) []int {
	out := make([]int, 0, n)
	for len(out) < n {
		i := int(z.Uint64())
		dup := false
		for _, o := range out {
			dup = dup || o == i
		}
		if !dup {
			out = append(out, i)
		}
	}
	return out
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// slugFor makes the article's slug from its title, with its id at the
// end: slugs must be unique, and the generator cannot look up whether
// another worker already took one.
func slugFor(title string, id int) string {
	suffix := "-" + strconv.Itoa(id)
	slug := news.Slugify(title)
	if len(slug)+len(suffix) > news.MaxSlugLength {
		slug = strings.TrimRight(slug[:news.MaxSlugLength-len(suffix)], "-")
	}
	return slug + suffix
}
