package sqlite_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/search"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

// The search benchmark runs on a generated archive the size of a busy
// outlet's decade: corpusArticles articles of about 1,300 words, with
// words drawn from a Zipf-like distribution over a vocabulary of real
// English, Azerbaijani and Russian words and invented ones. Building it
// takes minutes, so the database is kept in os.TempDir() under a name
// that changes with corpusVersion and with the migrations, and later runs
// reuse it.
const (
	corpusVersion  = "search-corpus-1" // change when the generator changes
	corpusArticles = 100_000
	corpusVocab    = 60_000
)

// BenchmarkSearch runs a mix of reader queries (common, rare and folded
// words, prefixes as typed into the search box, phrases, exclusions,
// filters, later pages) against the generated archive and reports the
// median and 95th percentile latency of one SearchArticles call,
// snippets and relations included. Run it on one core:
//
//	go test ./internal/store/sqlite -run '^$' -bench BenchmarkSearch -cpu 1 -benchtime 2100x
func BenchmarkSearch(b *testing.B) {
	if testing.Short() {
		b.Skip("the search benchmark needs a 100,000-article archive; not in -short mode")
	}
	ctx := context.Background()
	db, c := searchCorpus(b)
	queries := corpusQueries(c)
	// One pass first, so that every query runs on a warm page cache, as
	// it would on a site that has been up for more than a minute.
	for _, q := range queries {
		res, err := db.SearchArticles(ctx, q.query, q.filter)
		if err != nil {
			b.Fatalf("%s: %v", q.name, err)
		}
		b.Logf("%-32s %-22q total %4d truncated %-5v first %q", q.name, q.raw, res.Total, res.Truncated, firstTitle(res))
	}
	durations := make([]time.Duration, 0, b.N)
	byQuery := make([][]time.Duration, len(queries))
	i := 0
	b.ResetTimer()
	for b.Loop() {
		q := queries[i%len(queries)]
		start := time.Now()
		if _, err := db.SearchArticles(ctx, q.query, q.filter); err != nil {
			b.Fatal(err)
		}
		d := time.Since(start)
		durations = append(durations, d)
		byQuery[i%len(queries)] = append(byQuery[i%len(queries)], d)
		i++
	}
	b.StopTimer()
	b.ReportMetric(ms(percentile(durations, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(durations, 95)), "p95-ms")
	b.ReportMetric(ms(percentile(durations, 100)), "max-ms")
	for i, q := range queries {
		if len(byQuery[i]) > 0 {
			b.Logf("%-32s p50 %6.2f ms  p95 %6.2f ms", q.name, ms(percentile(byQuery[i], 50)), ms(percentile(byQuery[i], 95)))
		}
	}
}

func firstTitle(res store.SearchResult) string {
	if len(res.Hits) == 0 {
		return ""
	}
	return res.Hits[0].Article.Title
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// percentile returns the p-th percentile of ds by the nearest-rank method.
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	rank := (p*len(sorted) + 99) / 100
	return sorted[max(rank, 1)-1]
}

type benchQuery struct {
	name, raw string
	query     search.Query
	filter    store.SearchFilter
}

// corpusQueries is the mix the benchmark runs, in equal measure: what the
// search box's dropdown asks for while a reader types (eight titles, no
// snippets), then the results pages readers submit: common, rare, folded
// and foreign words, several words, a phrase, an exclusion, a later page
// and each kind of filter.
func corpusQueries(c corpus) []benchQuery {
	dropdown := store.SearchFilter{Limit: 8, NoSnippets: true}
	qs := []benchQuery{
		{name: "dropdown, 3 letters", raw: "pip", filter: dropdown},
		{name: "dropdown, 4 letters", raw: "ener", filter: dropdown},
		{name: "dropdown, Azerbaijani", raw: "azerb", filter: dropdown},
		{name: "dropdown, a name", raw: "hesen", filter: dropdown},
		{name: "dropdown, second word", raw: "central ba", filter: dropdown},
		{name: "dropdown, Cyrillic", raw: "моск", filter: dropdown},
		{name: "very common word", raw: "government "},
		{name: "very common word, page 3", raw: "government ", filter: store.SearchFilter{Offset: 20}},
		{name: "common word", raw: "pipeline "},
		{name: "name, as written", raw: "Həsənova "},
		{name: "place, folded", raw: "azerbaycan "},
		{name: "Cyrillic", raw: "москва "},
		{name: "rare word", raw: c.rare + " "},
		{name: "nothing found", raw: "zzyzx "},
		{name: "two common words", raw: "government energy "},
		{name: "three common words", raw: "minister energy talks "},
		{name: "phrase", raw: `"prime minister"`},
		{name: "exclusion", raw: "gas -oil"},
		{name: "section", raw: "government ", filter: store.SearchFilter{CategoryIDs: c.section}},
		{name: "tag", raw: "pipeline ", filter: store.SearchFilter{TagID: c.tag}},
		{name: "date range", raw: "energy ", filter: store.SearchFilter{
			From: benchCorpusNow.AddDate(-1, 0, 0), To: benchCorpusNow.AddDate(0, -6, 0)}},
	}
	for i := range qs {
		qs[i].query = search.Parse(qs[i].raw)
		qs[i].filter.VisibleAt = benchCorpusNow
	}
	return qs
}

// benchCorpusNow is the moment the archive ends, fixed so that the
// corpus does not depend on when it was built.
var benchCorpusNow = time.Date(2026, time.June, 1, 12, 0, 0, 0, time.UTC)

// corpus is what the queries need to know about the generated archive.
type corpus struct {
	rare    string
	section []int64 // a top-level section and its sub-sections
	tag     int64
}

// searchCorpus opens the cached archive, building it first if needed.
func searchCorpus(b *testing.B) (*sqlite.DB, corpus) {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(os.TempDir(), "masthead-search-bench-"+corpusKey(b)+".db")
	if _, err := os.Stat(path); err != nil {
		b.Logf("building the %d-article corpus in %s; later runs reuse it", corpusArticles, path)
		if err := buildCorpus(ctx, path); err != nil {
			b.Fatal(err)
		}
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	cats, err := db.AllCategories(ctx)
	if err != nil {
		b.Fatal(err)
	}
	tree := news.NewCategoryTree(cats)
	tag, err := db.TagBySlug(ctx, "topic-7")
	if err != nil {
		b.Fatal(err)
	}
	return db, corpus{
		rare:    newVocabulary().words[corpusVocab-200],
		section: tree.Descendants(tree.Roots()[2].ID),
		tag:     tag.ID,
	}
}

// corpusKey names the cached database after the generator and the
// schema, so that a change to either builds a fresh one.
func corpusKey(b *testing.B) string {
	h := sha256.New()
	h.Write([]byte(corpusVersion))
	names, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(names) == 0 {
		b.Fatalf("read migrations: %v", err)
	}
	for _, name := range names {
		body, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		h.Write(body)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// buildCorpus writes the archive to a temporary file beside path and
// renames it into place only when complete, so that an interrupted build
// is never mistaken for a finished one.
func buildCorpus(ctx context.Context, path string) error {
	tmp := fmt.Sprintf("%s.%d.partial", path, os.Getpid())
	defer os.Remove(tmp)
	db, err := sqlite.Open(ctx, tmp)
	if err != nil {
		return err
	}
	g := newGenerator()
	started := time.Now()
	var meta corpusMeta
	err = db.Atomic(ctx, func(s store.Store) error {
		var err error
		meta, err = g.createTerms(ctx, s)
		return err
	})
	const batch = 1000
	for done := 0; err == nil && done < corpusArticles; done += batch {
		err = db.Atomic(ctx, func(s store.Store) error {
			for i := done; i < min(done+batch, corpusArticles); i++ {
				a := g.article(i, meta)
				if err := s.CreateArticle(ctx, &a); err != nil {
					return err
				}
			}
			return nil
		})
		if (done+batch)%10_000 == 0 {
			fmt.Fprintf(os.Stderr, "search corpus: %d articles in %s\n", done+batch, time.Since(started).Round(time.Second))
		}
	}
	if err == nil {
		err = db.WaitSearchIndexed(ctx, nil)
	}
	if err != nil {
		db.Close()
		return fmt.Errorf("build search corpus: %w", err)
	}
	if err := db.Close(); err != nil {
		return err
	}
	// The database and its search file, each without its log (Close
	// checkpointed them).
	for _, f := range sqlite.Files(tmp) {
		if f != tmp && f != tmp+"-search" {
			os.Remove(f)
		}
	}
	if err := os.Rename(tmp+"-search", path+"-search"); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// vocabulary lists words by frequency rank, most frequent first.
type vocabulary struct{ words []string }

// functionWords are the commonest English words, in roughly their real
// order, so that the head of the distribution looks like English.
var functionWords = strings.Fields(`the of and to a in that is for it on was with he as
	at by this had not are but from or have an they which one you were her all she there
	would their we him been has when who will more no if out so said what up its about
	into than them can only other new some could time these two may then do first any my
	now such like our over man me even most made after also did many before must through
	back years where much your way well down should because each just those people how too
	little state good very make world still own see men work long get here between both
	life being under never day same another know while last might us great old year off
	come since against go came right used take three`)

// topicalWords are news vocabulary. Their place in the ranking decides
// how many articles hold them; "government" and "energy" land in about
// a third of the archive, "pipeline" in a few per cent.
var topicalWords = strings.Fields(`government energy minister president said country
	region economy talks security foreign officials agreement meeting policy week market
	prices trade oil gas report percent water international development national local
	public support plan project cooperation european union border visit sector growth
	investment bank central programme according statement military forces capital city
	election parliament law court rights media press freedom climate environment summit
	transport rail road port shipping freight corridor route export import production
	budget tax inflation currency exchange rate reform education health hospital school
	university students culture music festival history museum archive war peace treaty
	negotiations delegation ambassador embassy relations partnership strategy defence
	infrastructure construction investment company companies business industry workers
	jobs unemployment pension social women children families village farmers harvest
	agriculture drought river lake sea coast mountain valley weather power electricity
	renewable solar wind hydrogen grid nuclear coal refinery pipeline terminal tanker
	reserves field offshore drilling exploration contract consortium shareholders revenue
	profit losses debt loans sanctions tariffs customs crossing lorries drivers passengers
	airport flights airline tourism hotels visitors online digital technology internet
	startups innovation research scientists study data survey population census migration
	diaspora community language literature poetry film cinema theatre opera football
	championship olympic athletes team coach match stadium victory defeat record`)

// foreignWords give the archive the Azerbaijani and Russian names and
// words the folding exists for, at ranks that make some of them common
// and some rare.
var foreignWords = map[int]string{
	600: "Azərbaycan", 900: "Bakı", 1500: "Türkiye", 2000: "Qarabağ", 2500: "şəhər",
	3000: "Xəzər", 3500: "İlham", 3600: "Əliyev", 4000: "Москва", 5000: "Həsənova",
	6000: "Каспий", 7000: "нефть", 7500: "газ", 8000: "iqtisadiyyat", 9000: "Şuşa",
	10000: "Gəncə", 12000: "правительство", 14000: "Məmmədova", 16000: "Sumqayıt",
}

// phraseUnits are vocabulary entries of two words, so that phrase
// queries have adjacent pairs to find.
var phraseUnits = map[int]string{
	400: "prime minister", 700: "central bank", 1200: "gas corridor", 2200: "foreign ministry",
}

// newVocabulary builds corpusVocab entries in rank order: function words,
// then news words spread over the next few thousand ranks, then invented
// words made of syllables, with the foreign words and phrase units at
// fixed ranks.
func newVocabulary() vocabulary {
	r := rand.New(rand.NewPCG(7, 11))
	words := make([]string, corpusVocab)
	copy(words, functionWords)
	for rank, w := range foreignWords {
		words[rank] = w
	}
	for rank, w := range phraseUnits {
		words[rank] = w
	}
	// "government" at rank 340 and "pipeline" at about 2,300: the others
	// spread between.
	place := func(w string, rank int) {
		for words[rank] != "" {
			rank++
		}
		words[rank] = w
	}
	place("government", 340)
	place("energy", 360)
	place("pipeline", 2300)
	seen := map[string]bool{}
	for _, w := range words {
		seen[strings.ToLower(w)] = true
	}
	i := 0
	for _, w := range topicalWords {
		if !seen[w] {
			seen[w] = true
			place(w, len(functionWords)+30+i*22)
			i++
		}
	}
	syllables := strings.Fields("ka ri to mu sel an dor vi le pra nu ost ef gal im ber zo tan qu ish rel mon")
	for i := range words {
		for words[i] == "" {
			var b strings.Builder
			for range 2 + r.IntN(3) {
				b.WriteString(syllables[r.IntN(len(syllables))])
			}
			if w := b.String(); !seen[w] {
				seen[w] = true
				words[i] = w
			}
		}
	}
	return vocabulary{words: words}
}

// generator makes the archive's content deterministically.
type generator struct {
	r           *rand.Rand
	vocab       vocabulary
	zipf        *rand.Zipf // over the whole vocabulary, for running text
	contentZipf *rand.Zipf // over all but the function words, for titles
}

func newGenerator() *generator {
	r := rand.New(rand.NewPCG(1, 2))
	v := newVocabulary()
	return &generator{
		r: r, vocab: v,
		zipf:        rand.NewZipf(r, 1.07, 2.7, uint64(len(v.words)-1)),
		contentZipf: rand.NewZipf(r, 1.07, 2.7, uint64(len(v.words)-len(functionWords)-1)),
	}
}

// corpusMeta holds the terms articles are filed under.
type corpusMeta struct {
	image   news.Image
	cats    []news.Category
	tags    []news.Tag
	authors []news.Author
}

func (g *generator) createTerms(ctx context.Context, s store.Store) (corpusMeta, error) {
	m := corpusMeta{image: news.Image{Path: "bench.jpg", MIME: "image/jpeg", Width: 1600, Height: 900,
		Variants: []news.Variant{{Path: "bench-480.webp", MIME: "image/webp", Width: 480, Height: 270}}}}
	if err := s.CreateImage(ctx, &m.image); err != nil {
		return m, err
	}
	for i := range 12 {
		top := news.Category{Name: fmt.Sprintf("Section %d", i), Slug: fmt.Sprintf("section-%d", i), Position: i}
		if err := s.CreateCategory(ctx, &top); err != nil {
			return m, err
		}
		m.cats = append(m.cats, top)
		for j := range 3 {
			sub := news.Category{ParentID: top.ID, Name: fmt.Sprintf("Desk %d.%d", i, j), Slug: fmt.Sprintf("desk-%d", j), Position: j}
			if err := s.CreateCategory(ctx, &sub); err != nil {
				return m, err
			}
			m.cats = append(m.cats, sub)
		}
	}
	for i := range 400 {
		t := news.Tag{Name: g.title(2), Slug: fmt.Sprintf("topic-%d", i)}
		if err := s.CreateTag(ctx, &t); err != nil {
			return m, err
		}
		m.tags = append(m.tags, t)
	}
	first := strings.Fields("Leyla Tural Aysel Rəşad Günay Nigar Ilkin Zəhra Orxan Sabina Anna Dmitri Elena Rauf Kamran Aynur")
	last := strings.Fields("Həsənova Məmmədov Əliyeva Quliyev Rzayeva Bağırov Qasımova Smirnova Orlov Marchetti Hüseynov Abbasova")
	for i := range 150 {
		a := news.Author{Name: first[i%len(first)] + " " + last[(i/len(first)+i)%len(last)], Slug: fmt.Sprintf("writer-%d", i)}
		if err := s.CreateAuthor(ctx, &a); err != nil {
			return m, err
		}
		m.authors = append(m.authors, a)
	}
	return m, nil
}

// article returns article number i, oldest first: ids rise with
// publication time, as in a newsroom. One in fifty is a draft and one in
// two hundred is scheduled for after benchCorpusNow.
func (g *generator) article(i int, m corpusMeta) news.Article {
	a := news.Article{
		Title:       g.title(6 + g.r.IntN(6)),
		Standfirst:  g.sentence(18 + g.r.IntN(14)),
		Status:      news.StatusPublished,
		PublishedAt: benchCorpusNow.Add(-time.Duration(corpusArticles-i) * 55 * time.Minute),
		Image:       &m.image,
	}
	a.Slug = fmt.Sprintf("story-%d", i)
	a.Body, a.WordCount = g.body(950 + g.r.IntN(700))
	switch {
	case g.r.IntN(50) == 0:
		a.Status = news.StatusDraft
	case g.r.IntN(200) == 0:
		a.Status, a.PublishedAt = news.StatusScheduled, benchCorpusNow.Add(time.Duration(1+g.r.IntN(72))*time.Hour)
	}
	if len(m.cats) == 0 {
		return a
	}
	a.Categories = []news.Category{m.cats[g.r.IntN(len(m.cats))]}
	if g.r.IntN(3) == 0 {
		if extra := m.cats[g.r.IntN(len(m.cats))]; extra.ID != a.Categories[0].ID {
			a.Categories = append(a.Categories, extra)
		}
	}
	for _, k := range g.r.Perm(len(m.tags))[:2+g.r.IntN(3)] {
		a.Tags = append(a.Tags, m.tags[k])
	}
	a.Authors = []news.Author{m.authors[g.r.IntN(len(m.authors))]}
	if g.r.IntN(6) == 0 {
		if co := m.authors[g.r.IntN(len(m.authors))]; co.ID != a.Authors[0].ID {
			a.Authors = append(a.Authors, co)
		}
	}
	return a
}

// title returns n content words in title case.
func (g *generator) title(n int) string {
	words := make([]string, n)
	for i := range words {
		words[i] = capitalise(g.vocab.words[len(functionWords)+int(g.contentZipf.Uint64())])
	}
	return strings.Join(words, " ")
}

// sentence returns about n words of running text, capitalised and ending
// with a full stop, with the odd comma.
func (g *generator) sentence(n int) string {
	var b strings.Builder
	for i := range n {
		w := g.vocab.words[g.zipf.Uint64()]
		if i == 0 {
			w = capitalise(w)
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		if i > 2 && i < n-2 && g.r.IntN(12) == 0 {
			b.WriteByte(',')
		}
	}
	b.WriteByte('.')
	return b.String()
}

// body returns paragraphs of about words words, and the count.
func (g *generator) body(words int) (string, int) {
	var b strings.Builder
	count := 0
	for count < words {
		b.WriteString("<p>")
		for s := range 2 + g.r.IntN(4) {
			n := 8 + g.r.IntN(18)
			if s > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(g.sentence(n))
			count += n
		}
		b.WriteString("</p>\n")
	}
	return b.String(), count
}

func capitalise(w string) string {
	r, size := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[size:]
}
