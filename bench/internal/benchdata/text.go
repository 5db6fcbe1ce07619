package benchdata

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// functionWords open the frequency list, as they do in any English prose:
// an index of real articles holds them in nearly every entry, and the
// generated one must too, or the tsvector entries and their positions
// would be smaller than a real archive's.
var functionWords = strings.Fields(`the of and to a in that is was for on with as by at
	from it his her their has have had be been were are not but which this who will
	would said after an they or its one new more also than when over two into about
	year government people there other first last could some all up out we he she
	what so no if can most these may under since between while during before against
	three only where many because such week state minister city country talks`)

// Syllables of the invented words.
var (
	onsets = strings.Fields(`b br c ch d dr f g gr h j k kh l m n p pr r s sh st t tr v y z zh`)
	vowels = strings.Fields(`a e i o u a e i o u ai ei ou ia`)
	codas  = []string{"", "", "", "", "n", "r", "s", "l", "m", "k", "t", "v", "z"}
)

// accentedShare of the invented words are names spelt with Azerbaijani
// letters, as a Caspian publication prints them, so that folding (ə to e,
// ı to i) runs over the bodies as it does over real ones.
const accentedShare = 0.05

// accents are the letters an accented word takes in place of one of its own.
var accents = strings.NewReplacer("a", "ə", "i", "ı", "u", "ü", "o", "ö", "s", "ş", "c", "ç")

// Planted words and phrases: the search queries of the benchmark look for
// them, and each is put in a fixed share of the articles, whatever the
// archive's size, so that a query matches the same fraction of a small and
// a large archive. The invented vocabulary is kept from producing the
// query words themselves.
const (
	CommonWord = "pipeline" // in commonShare of the articles
	RareWord   = "zeppelin" // in rareShare of them
	Phrase     = "middle corridor"
)

// Shares of the articles that carry each planted sentence.
const (
	commonShare   = 0.25
	rareShare     = 1.0 / 5000
	phraseShare   = 0.03
	corridorShare = 0.05 // "corridor" without "middle" before it, for the phrase query to reject
	middleShare   = 0.10 // "middle" without "corridor" after it
)

var (
	commonSentence   = "The pipeline carries gas west towards the coast."
	rareSentence     = "An old zeppelin hangar was found near the port."
	phraseSentence   = "Traders along the Middle Corridor reported longer waits at the border."
	corridorSentence = "A new transport corridor was proposed by the ministry."
	middleSentence   = "In the middle of the week the negotiations resumed."
)

// Vocabulary is the generated language the articles are written in.
type Vocabulary struct {
	words []string
	// titleFrom skips the function words in headlines, which are made of
	// the words that say what a story is about.
	titleFrom int
}

// Invented returns the vocabulary's invented words, most frequent first:
// the words of headlines, and what readers would search for.
func (v *Vocabulary) Invented() []string { return v.words[v.titleFrom:] }

// vocabularySize is about the number of distinct words a news archive
// uses often enough to matter for its index.
const vocabularySize = 30_000

// NewVocabulary makes the function words and vocabularySize invented
// ones, the same for the same seed.
func NewVocabulary(seed uint64) *Vocabulary {
	rng := rand.New(rand.NewPCG(seed, 0x766f6361)) // "voca"
	v := &Vocabulary{titleFrom: len(functionWords)}
	seen := map[string]bool{"pipeline": true, "zeppelin": true, "middle": true, "corridor": true}
	for _, w := range functionWords {
		seen[w] = true
		v.words = append(v.words, w)
	}
	for len(v.words) < len(functionWords)+vocabularySize {
		var b strings.Builder
		// Two and three syllables are the common lengths; one-syllable
		// invented words would soon run out and collide.
		n := []int{1, 2, 2, 2, 3, 3, 3, 4}[rng.IntN(8)]
		for range n {
			b.WriteString(onsets[rng.IntN(len(onsets))])
			b.WriteString(vowels[rng.IntN(len(vowels))])
			b.WriteString(codas[rng.IntN(len(codas))])
		}
		w := b.String()
		if rng.Float64() < accentedShare {
			// One letter of the word, from a random place on.
			at := rng.IntN(len(w))
			for i := at; i < len(w); i++ {
				if r := accents.Replace(w[i : i+1]); r != w[i:i+1] {
					w = w[:i] + r + w[i+1:]
					break
				}
			}
		}
		if !seen[w] {
			seen[w] = true
			v.words = append(v.words, w)
		}
	}
	return v
}

// writer produces the text of articles from one random source. Words are
// drawn by a Zipf law, as words of real prose are: a few in every
// article, most in a handful.
type writer struct {
	vocab *Vocabulary
	rng   *rand.Rand
	zipf  *rand.Zipf
	// titleZipf draws headline words from beyond the function words.
	titleZipf *rand.Zipf
}

func newWriter(vocab *Vocabulary, rng *rand.Rand) *writer {
	n := uint64(len(vocab.words))
	return &writer{
		vocab:     vocab,
		rng:       rng,
		zipf:      rand.NewZipf(rng, 1.07, 2.7, n-1),
		titleZipf: rand.NewZipf(rng, 1.1, 50, n-1-uint64(vocab.titleFrom)),
	}
}

func (w *writer) word() string { return w.vocab.words[w.zipf.Uint64()] }

func (w *writer) titleWord() string {
	return w.vocab.words[w.vocab.titleFrom+int(w.titleZipf.Uint64())]
}

// between returns a number from lo to hi inclusive.
func (w *writer) between(lo, hi int) int { return lo + w.rng.IntN(hi-lo+1) }

// chance reports true with probability p.
func (w *writer) chance(p float64) bool { return w.rng.Float64() < p }

// sentence appends a sentence of n words to b.
func (w *writer) sentence(b *strings.Builder, n int) {
	for i := range n {
		word := w.word()
		if i == 0 {
			word = capitalize(word)
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(word)
		if i < n-1 && i > 2 && w.rng.IntN(12) == 0 {
			b.WriteByte(',')
		}
	}
	b.WriteByte('.')
}

// title returns a headline of 5 to 11 words in sentence case.
func (w *writer) title() string {
	var b strings.Builder
	n := w.between(5, 11)
	for i := range n {
		word := w.titleWord()
		if i == 0 {
			word = capitalize(word)
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(word)
	}
	return b.String()
}

// heading returns a sub-heading of 2 to 5 words.
func (w *writer) heading() string {
	var b strings.Builder
	for i := range w.between(2, 5) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(capitalize(w.titleWord()))
	}
	return b.String()
}

// standfirst returns one sentence of 18 to 35 words.
func (w *writer) standfirst() string {
	var b strings.Builder
	w.sentence(&b, w.between(18, 35))
	return b.String()
}

// body returns sanitised HTML of about words words: paragraphs of three
// to six sentences, a sub-heading every few paragraphs in longer pieces
// (so that some get a table of contents), now and then a quotation, a
// link or a bold phrase, and the planted sentences this article carries.
// It returns the number of words a reader reads, as render.WordCount
// counts them.
func (w *writer) body(words int, planted []string) (string, int) {
	var b strings.Builder
	b.Grow(words * 8)
	count := 0
	paragraphs := 0
	untilHeading := w.between(3, 5)
	for count < words {
		if words >= 600 && untilHeading == 0 {
			h := w.heading()
			b.WriteString("<h2>")
			b.WriteString(h)
			b.WriteString("</h2>")
			count += strings.Count(h, " ") + 1
			untilHeading = w.between(3, 5)
		}
		quote := paragraphs > 1 && w.rng.IntN(25) == 0
		if quote {
			b.WriteString("<blockquote>")
		}
		b.WriteString("<p>")
		if quote {
			b.WriteString("“")
		}
		for s := range w.between(3, 6) {
			if s > 0 {
				b.WriteByte(' ')
			}
			if len(planted) > 0 && w.rng.IntN(3) == 0 {
				b.WriteString(planted[0])
				count += strings.Count(planted[0], " ") + 1
				planted = planted[1:]
				continue
			}
			n := w.between(8, 24)
			switch w.rng.IntN(40) {
			case 0:
				b.WriteString(`<a href="https://example.org/`)
				b.WriteString(w.word())
				b.WriteString(`">`)
				w.sentence(&b, n)
				b.WriteString("</a>")
			case 1:
				b.WriteString("<strong>")
				w.sentence(&b, n)
				b.WriteString("</strong>")
			default:
				w.sentence(&b, n)
			}
			count += n
		}
		if quote {
			b.WriteString("”")
		}
		b.WriteString("</p>")
		if quote {
			b.WriteString("</blockquote>")
		}
		paragraphs++
		untilHeading--
	}
	// Sentences not placed yet close the article.
	for _, s := range planted {
		b.WriteString("<p>")
		b.WriteString(s)
		b.WriteString("</p>")
		count += strings.Count(s, " ") + 1
	}
	return b.String(), count
}

// capitalize upper-cases the first letter of word.
func capitalize(word string) string {
	r, size := utf8.DecodeRuneInString(word)
	return string(unicode.ToUpper(r)) + word[size:]
}
