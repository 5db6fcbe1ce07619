package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mastheadhq/masthead/internal/store"
)

// The related index ranks an article's related stories in memory, as
// relatedQuery does in SQL: ranking there looks up each of several hundred
// candidates (about 720 at 100,000 articles) in three indexes, which made
// the first render of a page after its topics moved cost about 5 ms where
// the goal for a cold render is 2 (issue #9).
//
// It holds what the ranking reads of every article: its date, whether it
// is published, its language, its sections (primary first) and its topics,
// with each topic's articles by id and each section's by date, about 60
// bytes an article. It stands for one change version: a page uses it only
// when its read transaction sees that same version, and falls back to SQL
// otherwise. One goroutine keeps it current, loading it whole at first and
// then reloading the articles whose keys the change log names since
// (article:ID is logged for every write to an article or its links,
// whichever node or process made it), or everything again when the log
// cannot say (pruned, or more changes than are worth reading one by one).

// LoadRelatedIndex loads the related index now, rather than at the first
// page that ranks, and waits until it stands for the version of the
// database at the call. A server calls it as it starts; an error (an
// archive whose ids do not fit it, say) leaves pages ranking in SQL.
func (db *DB) LoadRelatedIndex(ctx context.Context) error {
	if err := db.related.wait(ctx, db); err != nil {
		return fmt.Errorf("load the related index: %w", err)
	}
	return nil
}

// relatedIndex is the index and the goroutine that keeps it.
type relatedIndex struct {
	mu    sync.RWMutex
	state *rankState // nil until loaded

	// mode is how pages use the index: for tests, which must know.
	mode indexMode
	// off is set when the archive cannot be held (errTooSparse): pages
	// then rank in SQL without asking for the index again.
	off atomic.Bool
	// updating makes updates take turns: the goroutine's, and in tests
	// the callers' (inline).
	updating sync.Mutex

	start    sync.Once
	stopOnce sync.Once
	wake     chan struct{}
	done     chan struct{}
	finished chan struct{}
	// caughtUp is closed and replaced each time the goroutine has
	// brought the index to the version it read.
	caughtUp chan struct{}
	failed   error
}

// indexMode says when pages rank in memory.
type indexMode int

const (
	// whenCurrent ranks in memory when the index has caught up, in the
	// background, with the version a page reads.
	whenCurrent indexMode = iota
	// inline brings the index up to date in the caller first, so that
	// a test's every ranking uses it.
	inline
	// never ranks in SQL, for tests of the lists kept there.
	never
)

func newRelatedIndex() *relatedIndex {
	return &relatedIndex{mode: whenCurrent, wake: make(chan struct{}, 1), done: make(chan struct{}),
		finished: make(chan struct{}), caughtUp: make(chan struct{})}
}

// maxCatchUp is the most change-log rows one catch-up reads; more, and
// reading everything again is cheaper than article by article.
const maxCatchUp = 20_000

// errTooSparse stops a load whose ids would not fit the index's compact
// form (ids too large or too sparse, an article with more than 65,535
// links); pages then rank in SQL.
var errTooSparse = errors.New("related index: the archive does not fit the index's compact form")

// rankedInMemory returns t's related story ids, ranked, when the index
// stands for version, the version the caller's read transaction sees;
// with stored, t's terms are those the index holds for article t.id.
// Otherwise it asks the goroutine to catch up and returns not ok.
func (x *relatedIndex) rankedInMemory(ctx context.Context, db *DB, version int64, t rankTerms, stored bool, now time.Time, limit int) ([]int64, bool) {
	if x.off.Load() {
		return nil, false
	}
	switch x.mode {
	case never:
		return nil, false
	case inline:
		if err := x.update(ctx, db); err != nil {
			return nil, false
		}
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	s := x.state
	if s == nil || s.version != version {
		if s == nil || s.version < version {
			x.kick(db)
		}
		return nil, false
	}
	if stored {
		var ok bool
		if t, ok = s.termsOf(t.id); !ok {
			return nil, false
		}
	}
	return s.rank(t, now.Unix(), limit), true
}

// termsOf returns what the index holds of article id as ranking terms.
func (s *rankState) termsOf(id int64) (rankTerms, bool) {
	if id <= 0 || id >= int64(len(s.arts)) || !s.arts[id].is(stored) {
		return rankTerms{}, false
	}
	a := s.arts[id]
	if a.nCats > 0 && !a.is(hasPrimary) {
		// The index keeps no order of such an article's sections, so
		// it cannot tell which comes first, as its primary.
		return rankTerms{}, false
	}
	t := rankTerms{id: id, lang: s.langs[a.lang]}
	for _, c := range s.catsOf(a) {
		t.cats = append(t.cats, int64(c))
	}
	for _, g := range s.tagsOf(a) {
		t.tags = append(t.tags, int64(g))
	}
	return t, true
}

// kick wakes the goroutine, starting it the first time.
func (x *relatedIndex) kick(db *DB) {
	x.start.Do(func() { go x.run(db) })
	select {
	case x.wake <- struct{}{}:
	default: // already woken
	}
}

func (x *relatedIndex) run(db *DB) {
	defer close(x.finished)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-x.done
		cancel()
	}()
	for {
		select {
		case <-x.done:
			return
		case <-x.wake:
		}
		err := x.update(ctx, db)
		x.mu.Lock()
		x.failed = err
		close(x.caughtUp)
		x.caughtUp = make(chan struct{})
		x.mu.Unlock()
		if errors.Is(err, errTooSparse) {
			x.off.Store(true)
		}
		if err != nil { // pages rank in SQL meanwhile
			select {
			case <-x.done:
				return
			case <-time.After(retryWait):
			}
		}
	}
}

// retryWait is how long the goroutine rests after a failed update before
// it tries again, so that a database that keeps failing is not asked
// again by every page.
const retryWait = 5 * time.Second

// stop ends the goroutine, if it started, and waits for it.
func (x *relatedIndex) stop() {
	x.stopOnce.Do(func() {
		close(x.done)
		// Once start has run, no kick starts the goroutine any more.
		x.start.Do(func() { close(x.finished) })
	})
	<-x.finished
}

// wait kicks the goroutine and waits until the index stands for the
// version a read sees as wait starts, or a newer one.
func (x *relatedIndex) wait(ctx context.Context, db *DB) error {
	var want int64
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		want, err = changeVersion(ctx, tx)
		return err
	})
	if err != nil {
		return err
	}
	for {
		x.mu.RLock()
		next, s := x.caughtUp, x.state
		x.mu.RUnlock()
		if s != nil && s.version >= want {
			return nil
		}
		x.kick(db)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-next:
		}
		x.mu.RLock()
		err := x.failed // the update that closed next
		x.mu.RUnlock()
		if err != nil {
			return err
		}
	}
}

// update brings the index to the version a read sees now: the changed
// articles only when the log names them, everything otherwise.
func (x *relatedIndex) update(ctx context.Context, db *DB) error {
	x.updating.Lock()
	defer x.updating.Unlock()
	x.mu.RLock()
	s := x.state
	x.mu.RUnlock()
	if s == nil {
		return x.reload(ctx, db)
	}
	var version int64
	var rows map[int64]*rankRow
	var ids []int64
	complete := true
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		if version, err = changeVersion(ctx, tx); err != nil || version <= s.version {
			return err
		}
		if ids, complete, err = changedArticles(ctx, tx, s.version, version); err != nil || !complete {
			return err
		}
		rows, err = readRankRows(ctx, tx, ids)
		return err
	})
	if err != nil {
		return err
	}
	if !complete {
		return x.reload(ctx, db)
	}
	if version <= s.version {
		return nil
	}
	// A hundred articles at a time, so that no page waits long for the
	// lock (an import's batch is a thousand); in between, the index
	// stands for no version and pages rank in SQL.
	for start := 0; start < len(ids); start += applyChunk {
		if err := x.apply(s, ids[start:min(start+applyChunk, len(ids))], rows); err != nil {
			return err
		}
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	s.version = version
	s.compact()
	return nil
}

// applyChunk is how many articles update changes in one hold of the lock.
const applyChunk = 100

// midUpdate is the version of an index an update is part way through.
const midUpdate = -1

func (x *relatedIndex) apply(s *rankState, ids []int64, rows map[int64]*rankRow) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	s.version = midUpdate
	for _, id := range ids {
		if err := s.set(id, rows[id]); err != nil {
			x.state = nil // half applied: load it whole next time
			return err
		}
	}
	return nil
}

// reload reads the index whole, in one read transaction.
func (x *relatedIndex) reload(ctx context.Context, db *DB) error {
	var s *rankState
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		s, err = loadRankState(ctx, tx)
		return err
	})
	if err != nil {
		return err
	}
	x.mu.Lock()
	x.state = s
	x.mu.Unlock()
	return nil
}

func changeVersion(ctx context.Context, tx *sql.Tx) (int64, error) {
	var v int64
	err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM change_kinds`).Scan(&v)
	return v, err
}

// changedArticles returns the articles whose keys the log holds after
// since up to upto, or not complete when it cannot say: pruned past
// since, a change of everything, or too many rows.
func changedArticles(ctx context.Context, tx *sql.Tx, since, upto int64) ([]int64, bool, error) {
	var horizon int64
	if err := tx.QueryRowContext(ctx, `SELECT horizon FROM change_log`).Scan(&horizon); err != nil {
		return nil, false, err
	}
	if since < horizon {
		return nil, false, nil
	}
	var ids []int64
	complete := true
	n := 0
	err := queryEach(ctx, tx, `SELECT key FROM change_keys WHERE version > ? AND version <= ? LIMIT ?`,
		[]any{since, upto, maxCatchUp + 1}, func(rows *sql.Rows) error {
			var key string
			if err := rows.Scan(&key); err != nil {
				return err
			}
			n++
			if key == store.KeyEverything || n > maxCatchUp {
				complete = false
			}
			if rest, ok := strings.CutPrefix(key, "article:"); ok {
				if id, err := strconv.ParseInt(rest, 10, 64); err == nil {
					ids = append(ids, id)
				}
			}
			return nil
		})
	if err != nil || !complete {
		return nil, false, err
	}
	slices.Sort(ids)
	return slices.Compact(ids), true, nil
}

// rankRow is what the index holds of one article, as read.
type rankRow struct {
	published  sql.NullInt64
	status     string
	lang       string
	cats, tags []int64 // cats in order
	hasPrimary bool    // cats[0] is at position 0
}

// readRankRows reads the rows of the given articles; those deleted are
// absent.
func readRankRows(ctx context.Context, tx *sql.Tx, ids []int64) (map[int64]*rankRow, error) {
	rows := make(map[int64]*rankRow, len(ids))
	err := inChunks(ids, func(in string, args []any) error {
		err := queryEach(ctx, tx, `SELECT id, status, published_at, lang FROM articles WHERE id IN (`+in+`)`, args,
			func(r *sql.Rows) error {
				var id int64
				var row rankRow
				err := r.Scan(&id, &row.status, &row.published, &row.lang)
				rows[id] = &row
				return err
			})
		if err != nil {
			return err
		}
		err = queryEach(ctx, tx, `SELECT article_id, category_id, position FROM article_categories
			WHERE article_id IN (`+in+`) ORDER BY article_id, position`, args, func(r *sql.Rows) error {
			var id, cat, pos int64
			if err := r.Scan(&id, &cat, &pos); err != nil {
				return err
			}
			if row := rows[id]; row != nil {
				row.hasPrimary = row.hasPrimary || pos == 0
				row.cats = append(row.cats, cat)
			}
			return nil
		})
		if err != nil {
			return err
		}
		return queryEach(ctx, tx, `SELECT article_id, tag_id FROM article_tags WHERE article_id IN (`+in+`)`, args,
			func(r *sql.Rows) error {
				var id, tag int64
				if err := r.Scan(&id, &tag); err != nil {
					return err
				}
				if row := rows[id]; row != nil {
					row.tags = append(row.tags, tag)
				}
				return nil
			})
	})
	return rows, err
}

// rankState is the index at one version.
type rankState struct {
	version int64
	// arts is indexed by article id.
	arts []rankArticle
	// catLinks and tagLinks hold each article's sections (primary first)
	// and topics, at the offsets its rankArticle gives; a changed
	// article's new links go at the end, and compact drops the old.
	catLinks, tagLinks []int32
	garbage            int
	langs              []string
	langIDs            map[string]uint16
	// byTag lists each topic's articles by id, ascending: its window is
	// the tail. byCat lists each section's by date then id, ascending,
	// once sorted is set (a load sorts them once, at its end).
	byTag, byCat map[int32][]int32
	sorted       bool
}

// rankArticle is one article, 24 bytes.
type rankArticle struct {
	published      int64 // unix seconds; noDate when none
	catOff, tagOff uint32
	nCats, nTags   uint16
	lang           uint16
	flags          uint8
}

const (
	stored     = 1 << iota // the article exists
	live                   // its status is published
	hasPrimary             // its first section is at position 0, as a primary is
)

func (a rankArticle) is(flag uint8) bool { return a.flags&flag != 0 }

// noDate sorts an article without a publication date before all others.
const noDate = math.MinInt64

// rankTerms is what related stories are ranked against: relatedTerms'
// parts and the article itself, which is never among them.
type rankTerms struct {
	id         int64
	lang       string
	cats, tags []int64 // cats primary first
}

func loadRankState(ctx context.Context, tx *sql.Tx) (*rankState, error) {
	s := &rankState{langIDs: map[string]uint16{}, byTag: map[int32][]int32{}, byCat: map[int32][]int32{}}
	var err error
	if s.version, err = changeVersion(ctx, tx); err != nil {
		return nil, err
	}
	var count, maxID int64
	if err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce(max(id), 0) FROM articles`).Scan(&count, &maxID); err != nil {
		return nil, err
	}
	if maxID > 4*count+1<<16 || maxID > math.MaxInt32 {
		return nil, errTooSparse
	}
	s.arts = make([]rankArticle, maxID+1)
	err = queryEach(ctx, tx, `SELECT id, status, published_at, lang FROM articles`, nil, func(r *sql.Rows) error {
		var id int64
		var row rankRow
		if err := r.Scan(&id, &row.status, &row.published, &row.lang); err != nil {
			return err
		}
		if id <= 0 || id > maxID { // the same snapshot as max(id): never, but s.arts must not overflow
			return errTooSparse
		}
		return s.setFields(id, &row)
	})
	if err != nil {
		return nil, err
	}
	if err := s.loadLinks(ctx, tx, `SELECT article_id, category_id, position FROM article_categories ORDER BY article_id`, true); err != nil {
		return nil, err
	}
	if err := s.loadLinks(ctx, tx, `SELECT article_id, tag_id, position FROM article_tags ORDER BY article_id`, false); err != nil {
		return nil, err
	}
	for id := range s.arts {
		s.list(int64(id), true)
	}
	for _, l := range s.byCat {
		slices.SortFunc(l, s.byDate)
	}
	s.sorted = true
	return s, nil
}

// loadLinks reads one kind of link for every article, in article order, so
// that each article's land together at the end of its links.
func (s *rankState) loadLinks(ctx context.Context, tx *sql.Tx, query string, cats bool) error {
	return queryEach(ctx, tx, query, nil, func(r *sql.Rows) error {
		var id, to, pos int64
		if err := r.Scan(&id, &to, &pos); err != nil {
			return err
		}
		if id <= 0 || id >= int64(len(s.arts)) || to <= 0 || to > math.MaxInt32 {
			return errTooSparse
		}
		a := &s.arts[id]
		links, off, n := &s.tagLinks, &a.tagOff, &a.nTags
		if cats {
			links, off, n = &s.catLinks, &a.catOff, &a.nCats
		}
		if *n == 0 {
			*off = uint32(len(*links))
		}
		if *n == math.MaxUint16 {
			return errTooSparse
		}
		*links = append(*links, int32(to))
		*n++
		if cats && pos == 0 { // the primary goes first
			seg := (*links)[*off:]
			seg[0], seg[len(seg)-1] = seg[len(seg)-1], seg[0]
			a.flags |= hasPrimary
		}
		return nil
	})
}

// setFields sets an article's own fields, not its links.
func (s *rankState) setFields(id int64, row *rankRow) error {
	lang, ok := s.langIDs[row.lang]
	if !ok {
		if len(s.langs) > math.MaxUint16 {
			return errTooSparse
		}
		lang = uint16(len(s.langs))
		s.langs = append(s.langs, row.lang)
		s.langIDs[row.lang] = lang
	}
	published := int64(noDate)
	if row.published.Valid {
		published = row.published.Int64
	}
	a := rankArticle{published: published, lang: lang, flags: stored}
	if row.status == "published" {
		a.flags |= live
	}
	if row.hasPrimary {
		a.flags |= hasPrimary
	}
	s.arts[id] = a
	return nil
}

// set replaces article id with row, or removes it when row is nil.
func (s *rankState) set(id int64, row *rankRow) error {
	if id <= 0 || id > math.MaxInt32 {
		return errTooSparse
	}
	if id < int64(len(s.arts)) && s.arts[id].is(stored) {
		s.list(id, false)
		s.garbage += int(s.arts[id].nCats) + int(s.arts[id].nTags)
		s.arts[id] = rankArticle{}
	}
	if row == nil {
		return nil
	}
	if len(row.cats) > math.MaxUint16 || len(row.tags) > math.MaxUint16 {
		return errTooSparse
	}
	for id >= int64(len(s.arts)) {
		s.arts = append(s.arts, rankArticle{})
	}
	if err := s.setFields(id, row); err != nil {
		return err
	}
	a := &s.arts[id]
	a.catOff, a.nCats = uint32(len(s.catLinks)), uint16(len(row.cats))
	a.tagOff, a.nTags = uint32(len(s.tagLinks)), uint16(len(row.tags))
	for _, c := range row.cats {
		if c <= 0 || c > math.MaxInt32 {
			return errTooSparse
		}
		s.catLinks = append(s.catLinks, int32(c))
	}
	for _, t := range row.tags {
		if t <= 0 || t > math.MaxInt32 {
			return errTooSparse
		}
		s.tagLinks = append(s.tagLinks, int32(t))
	}
	s.list(id, true)
	return nil
}

func (s *rankState) catsOf(a rankArticle) []int32 {
	return s.catLinks[a.catOff : a.catOff+uint32(a.nCats)]
}

func (s *rankState) tagsOf(a rankArticle) []int32 {
	return s.tagLinks[a.tagOff : a.tagOff+uint32(a.nTags)]
}

// list adds article id to the lists of its topics and sections, or
// removes it. A load adds to the section lists unsorted and sorts them
// once at the end; a change keeps them sorted.
func (s *rankState) list(id int64, add bool) {
	a := s.arts[id]
	if !a.is(stored) {
		return
	}
	for _, t := range s.tagsOf(a) {
		s.byTag[t] = place(s.byTag[t], int32(id), add, func(x, y int32) int { return cmp.Compare(x, y) })
	}
	for _, c := range s.catsOf(a) {
		if !s.sorted {
			s.byCat[c] = append(s.byCat[c], int32(id))
			continue
		}
		s.byCat[c] = place(s.byCat[c], int32(id), add, s.byDate)
	}
}

// place inserts or removes id in a list sorted by order.
func place(l []int32, id int32, add bool, order func(x, y int32) int) []int32 {
	i, found := slices.BinarySearchFunc(l, id, order)
	switch {
	case add && !found:
		return slices.Insert(l, i, id)
	case !add && found:
		return slices.Delete(l, i, i+1)
	}
	return l
}

// byDate orders articles by publication date, then id.
func (s *rankState) byDate(x, y int32) int {
	if c := cmp.Compare(s.arts[x].published, s.arts[y].published); c != 0 {
		return c
	}
	return cmp.Compare(x, y)
}

// compact rewrites the links without those of replaced articles once
// they are half of them.
func (s *rankState) compact() {
	if s.garbage < 1<<16 || s.garbage < (len(s.catLinks)+len(s.tagLinks))/2 {
		return
	}
	cats, tags := make([]int32, 0, len(s.catLinks)), make([]int32, 0, len(s.tagLinks))
	for i := range s.arts {
		a := &s.arts[i]
		if !a.is(stored) {
			continue
		}
		c, t := s.catsOf(*a), s.tagsOf(*a)
		a.catOff, a.tagOff = uint32(len(cats)), uint32(len(tags))
		cats, tags = append(cats, c...), append(tags, t...)
	}
	s.catLinks, s.tagLinks, s.garbage = cats, tags, 0
}

// visible reports whether readers see article id at now in language lang.
func (s *rankState) visible(id int32, lang uint16, now int64) bool {
	a := s.arts[id]
	return a.is(live) && a.published != noDate && a.published <= now && a.lang == lang
}

// rank is relatedQuery in memory: the same candidates, filtered and
// ordered the same way.
func (s *rankState) rank(t rankTerms, now int64, limit int) []int64 {
	lang, ok := s.langIDs[t.lang]
	if !ok {
		return nil
	}
	cands := make([]int32, 0, len(t.tags)*store.RelatedTagWindow+2*(limit+1))
	for _, tag := range t.tags {
		l := s.byTag[int32(tag)]
		cands = append(cands, l[max(0, len(l)-store.RelatedTagWindow):]...)
	}
	if len(t.cats) > 0 {
		cands = append(cands, s.sectionCandidates(t.cats, lang, now, limit)...)
	}
	slices.Sort(cands)
	cands = slices.Compact(cands)
	var best []scored // the best limit so far, best first
	for _, id := range cands {
		if int64(id) == t.id || !s.visible(id, lang, now) {
			continue
		}
		r := s.score(id, t)
		if limit > 0 && len(best) == limit && !r.before(best[limit-1]) {
			continue
		}
		i, _ := slices.BinarySearchFunc(best, r, func(x, y scored) int {
			if x.before(y) {
				return -1
			}
			return 1 // never equal: ids differ
		})
		best = slices.Insert(best, i, r)
		if limit > 0 && len(best) > limit {
			best = best[:limit]
		}
	}
	ids := make([]int64, len(best))
	for i, r := range best {
		ids[i] = int64(r.id)
	}
	return ids
}

// scored is a candidate with what it is ranked by.
type scored struct {
	id          int32
	shared      int32
	samePrimary bool
	published   int64
}

func (s *rankState) score(id int32, t rankTerms) scored {
	a := s.arts[id]
	r := scored{id: id, published: a.published}
	for _, g := range s.tagsOf(a) {
		if slices.Contains(t.tags, int64(g)) {
			r.shared++
		}
	}
	r.samePrimary = len(t.cats) > 0 && a.is(hasPrimary) && int64(s.catsOf(a)[0]) == t.cats[0]
	return r
}

// before orders candidates as relatedQuery does: shared topics, then the
// same primary section, then newest, then the highest id.
func (x scored) before(y scored) bool {
	if x.shared != y.shared {
		return x.shared > y.shared
	}
	if x.samePrimary != y.samePrimary {
		return x.samePrimary
	}
	if x.published != y.published {
		return x.published > y.published
	}
	return x.id > y.id
}

// sectionCandidates is sectionCandidates in memory: the newest limit+1
// visible stories in any of cats and in the primary, cats[0].
func (s *rankState) sectionCandidates(cats []int64, lang uint16, now int64, limit int) []int32 {
	n := limit + 1 // the article itself may be among them
	if limit <= 0 {
		n = math.MaxInt
	}
	visible := func(id int32) bool { return s.visible(id, lang, now) }
	lists := make([][]int32, len(cats))
	for i, c := range cats {
		lists[i] = s.byCat[int32(c)]
	}
	primary := int32(cats[0])
	inPrimary := s.newest([][]int32{s.byCat[primary]}, n, func(id int32) bool {
		a := s.arts[id]
		return visible(id) && a.is(hasPrimary) && s.catsOf(a)[0] == primary
	})
	return append(s.newest(lists, n, visible), inPrimary...)
}

// newest returns the newest n articles that ok accepts across lists (each
// sorted by byDate), once each, newest first: a merge from their ends.
func (s *rankState) newest(lists [][]int32, n int, ok func(int32) bool) []int32 {
	pos := make([]int, len(lists))
	for i, l := range lists {
		pos[i] = len(l) - 1
	}
	var out []int32
	for len(out) < n {
		best := -1
		for i, l := range lists {
			for pos[i] >= 0 && !ok(l[pos[i]]) {
				pos[i]--
			}
			if pos[i] >= 0 && (best < 0 || s.byDate(l[pos[i]], lists[best][pos[best]]) > 0) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		id := lists[best][pos[best]]
		pos[best]--
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
