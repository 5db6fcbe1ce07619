package storetest

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/search"
	"github.com/mastheadhq/masthead/internal/store"
)

// story returns a visible article with the given words, published at the
// given offset from now.
func story(slug, title, standfirst, body string, offset time.Duration) news.Article {
	a := published(slug, offset)
	a.Title, a.Standfirst, a.Body = title, standfirst, "<p>"+body+"</p>"
	return a
}

// filler is body text that matches none of the words the tests search for.
const filler = "The committee met on Tuesday and will meet again next month to review the figures."

// searchSlugs runs a search visible at now and returns the slugs found.
func searchSlugs(t testing.TB, s store.Store, raw string, f store.SearchFilter) ([]string, store.SearchResult) {
	t.Helper()
	if f.VisibleAt.IsZero() {
		f.VisibleAt = now
	}
	res, err := s.SearchArticles(t.Context(), search.Parse(raw), f)
	if err != nil {
		t.Fatalf("SearchArticles(%q): %v", raw, err)
	}
	slugs := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		slugs[i] = h.Article.Slug
	}
	return slugs, res
}

// assertSearch checks the slugs found, in order, and that Total counts
// them when the search is not paged.
func assertSearch(t testing.TB, s store.Store, raw string, f store.SearchFilter, want ...string) {
	t.Helper()
	got, res := searchSlugs(t, s, raw, f)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("search %q: got %q, want %q", raw, got, want)
	}
	if f.Limit == 0 && f.Offset == 0 && res.Total != len(want) {
		t.Errorf("search %q: Total = %d, want %d", raw, res.Total, len(want))
	}
}

func testSearch(t *testing.T, open Opener) {
	t.Run("title outranks standfirst outranks body, whatever the dates", func(t *testing.T) {
		s := open(t)
		inBody := story("in-body", "Talks resume", "Delegations met again.", "The pipeline was discussed. "+filler, -1*time.Hour)
		inStandfirst := story("in-standfirst", "Talks resume", "The pipeline was discussed.", filler, -2*time.Hour)
		inTitle := story("in-title", "Pipeline talks resume", "Delegations met again.", filler, -3*time.Hour)
		create(t, s, &inBody, &inStandfirst, &inTitle)
		assertSearch(t, s, "pipeline", store.SearchFilter{}, "in-title", "in-standfirst", "in-body")
	})

	t.Run("equally relevant articles come newest first by publication time", func(t *testing.T) {
		s := open(t)
		older := story("older", "Harvest report", "", "Grain harvest figures. "+filler, -5*time.Hour)
		newer := story("newer", "Harvest report", "", "Grain harvest figures. "+filler, -1*time.Hour)
		oldest := story("oldest", "Harvest report", "", "Grain harvest figures. "+filler, -9*time.Hour)
		// Created out of date order, so that ids do not give the answer.
		create(t, s, &newer, &oldest, &older)
		assertSearch(t, s, "harvest", store.SearchFilter{}, "newer", "older", "oldest")
	})

	t.Run("query language", func(t *testing.T) {
		s := open(t)
		corridor := story("corridor", "Southern Gas Corridor volumes rise", "", "Energy exports grew. "+filler, -1*time.Hour)
		apart := story("apart", "A corridor for rail, gas for export", "", "Oil and rail. "+filler, -2*time.Hour)
		oil := story("oil", "Oil output steady", "", "Gas flaring fell. "+filler, -3*time.Hour)
		energetic := story("energetic", "An energetic debate", "", filler, -4*time.Hour)
		create(t, s, &corridor, &apart, &oil, &energetic)
		tests := []struct {
			name, raw string
			want      []string
		}{
			{"words anywhere", "gas corridor ", []string{"corridor", "apart"}},
			{"phrase in quotes", `"gas corridor"`, []string{"corridor"}},
			{"prefix while typing", "ener", []string{"energetic", "corridor"}},
			{"no prefix after a space", "ener ", nil},
			{"explicit prefix", "expo* ", []string{"apart", "corridor"}},
			{"exclusion", "gas -oil", []string{"corridor"}},
			{"excluded phrase", `gas -"gas flaring"`, []string{"corridor", "apart"}},
			{"case does not matter", "SOUTHERN ", []string{"corridor"}},
			{"nothing to find", "zeppelin ", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { assertSearch(t, s, tt.raw, store.SearchFilter{}, tt.want...) })
		}
	})

	t.Run("accents, Azerbaijani letters and Cyrillic are folded", func(t *testing.T) {
		s := open(t)
		az := story("az", "Aysel Həsənova wins the İlham Əliyev prize", "", "Xəzər Səhəri reports. "+filler, -1*time.Hour)
		ru := story("ru", "Press review", "Что пишет «Каспийский обозреватель»", "Москва и Баку. "+filler, -2*time.Hour)
		tr := story("tr", "Exports to Türkiye", "", filler, -3*time.Hour)
		create(t, s, &az, &ru, &tr)
		tests := []struct{ raw, want string }{
			{"Həsənova ", "az"},
			{"həsənova ", "az"},
			{"HƏSƏNOVA ", "az"},
			{"hesenova ", "az"},
			{"ilham eliyev ", "az"},
			{"İlham ", "az"},
			{"xezer ", "az"},
			{"Москва ", "ru"},
			{"москва ", "ru"},
			{"moskva ", "ru"},
			{`"kaspiiskii obozrevatel"`, "ru"},
			{"Каспийск", "ru"},
			{"turkiye ", "tr"},
			{"TÜRKİYE ", "tr"},
		}
		for _, tt := range tests {
			assertSearch(t, s, tt.raw, store.SearchFilter{}, tt.want)
		}
	})

	t.Run("bylines and tags are searchable and follow renames", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		a := withTerms(story("bylined", "Market notes", "", filler, -time.Hour), nil, w.cop29)
		a.Authors = []news.Author{w.leyla}
		b := story("unrelated", "Other notes", "", filler, -2*time.Hour)
		create(t, s, &a, &b)
		assertSearch(t, s, "aliyeva ", store.SearchFilter{}, "bylined")
		assertSearch(t, s, "cop29 ", store.SearchFilter{}, "bylined")

		w.leyla.Name = "Leyla Həsənli"
		must(t, s.UpdateAuthor(ctx, &w.leyla))
		drainReindex(t, s)
		assertSearch(t, s, "aliyeva ", store.SearchFilter{})
		assertSearch(t, s, "hesenli ", store.SearchFilter{}, "bylined")

		w.cop29.Name = "Climate summit"
		must(t, s.UpdateTag(ctx, &w.cop29))
		drainReindex(t, s)
		assertSearch(t, s, "cop29 ", store.SearchFilter{})
		assertSearch(t, s, "summit ", store.SearchFilter{}, "bylined")

		// A delete queues the articles, as a rename does: their entries
		// lose the name when the queue is drained, not in its transaction.
		must(t, s.DeleteTag(ctx, w.cop29.ID))
		assertQueued(t, s, a.ID)
		drainReindex(t, s)
		assertSearch(t, s, "summit ", store.SearchFilter{})
		must(t, s.DeleteAuthor(ctx, w.leyla.ID))
		assertQueued(t, s, a.ID)
		drainReindex(t, s)
		assertSearch(t, s, "hesenli ", store.SearchFilter{})
		assertSearch(t, s, "market ", store.SearchFilter{}, "bylined")
	})

	t.Run("a rename queues its articles, and the drain re-indexes them in bounded batches", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		var tagged []news.Article
		for i, slug := range []string{"summit-a", "summit-b", "summit-c"} {
			a := withTerms(story(slug, "Delegates gather", "", filler, -time.Duration(i+1)*time.Hour), nil, w.cop29)
			a.Authors = []news.Author{w.tural}
			tagged = append(tagged, a)
		}
		untagged := story("untagged", "Delegates gather", "", filler, -10*time.Hour)
		create(t, s, &tagged[0], &tagged[1], &tagged[2], &untagged)
		assertQueued(t, s)
		// Found under the old name first: a backend that indexes after
		// the commit (SQLite's search file) has then taken them in, and
		// what follows is the rename's doing alone.
		assertSearch(t, s, "cop29 ", store.SearchFilter{}, "summit-a", "summit-b", "summit-c")

		w.cop29.Name = "Climate summit"
		must(t, s.UpdateTag(ctx, &w.cop29))
		assertQueued(t, s, tagged[0].ID, tagged[1].ID, tagged[2].ID)
		// The rename's transaction left the entries alone.
		assertSearch(t, s, "cop29 ", store.SearchFilter{}, "summit-a", "summit-b", "summit-c")
		assertSearch(t, s, "summit ", store.SearchFilter{})

		// A batch takes no more than its limit, in id order.
		n, err := s.ReindexQueued(ctx, 2)
		must(t, err)
		if n != 2 {
			t.Fatalf("ReindexQueued(2) took %d, want 2", n)
		}
		assertQueued(t, s, tagged[2].ID)
		assertSearch(t, s, "summit ", store.SearchFilter{}, "summit-a", "summit-b")

		// An article deleted while queued is only taken off.
		must(t, s.DeleteArticle(ctx, tagged[2].ID))
		n, err = s.ReindexQueued(ctx, 2)
		must(t, err)
		if n != 1 {
			t.Errorf("ReindexQueued took %d with one deleted article queued, want 1", n)
		}
		assertQueued(t, s)
		if n, err := s.ReindexQueued(ctx, 2); err != nil || n != 0 {
			t.Errorf("ReindexQueued on an empty queue = %d, %v; want 0, nil", n, err)
		}
		assertSearch(t, s, "summit ", store.SearchFilter{}, "summit-a", "summit-b")
		assertSearch(t, s, "cop29 ", store.SearchFilter{})
		assertSearch(t, s, "delegates ", store.SearchFilter{TagID: w.cop29.ID}, "summit-a", "summit-b")

		// An author's rename queues the byline's articles; a new spelling
		// of the same folded words queues nothing.
		w.tural.Name = "TURAL MAMMADOV"
		must(t, s.UpdateAuthor(ctx, &w.tural))
		assertQueued(t, s)
		w.tural.Name = "Tural Məmmədli"
		must(t, s.UpdateAuthor(ctx, &w.tural))
		assertQueued(t, s, tagged[0].ID, tagged[1].ID)
		drainReindex(t, s)
		assertSearch(t, s, "mammadov ", store.SearchFilter{})
		assertSearch(t, s, "memmedli ", store.SearchFilter{}, "summit-a", "summit-b")

		// The queue is part of the rename's transaction.
		rollback := errors.New("roll back")
		err = s.Atomic(ctx, func(tx store.Store) error {
			w.cop29.Name = "Conference of the parties"
			must(t, tx.UpdateTag(ctx, &w.cop29))
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatalf("Atomic = %v, want the rollback", err)
		}
		assertQueued(t, s)
	})

	t.Run("filters combine with the query and with each other", func(t *testing.T) {
		s := open(t)
		w := newWorld(t, s)
		econ := withTerms(story("econ", "Budget and oil", "", filler, -1*time.Hour), cats(w.economy), w.oil)
		econ.Authors = []news.Author{w.leyla}
		newsOnly := withTerms(story("news-only", "Oil prices", "", filler, -30*time.Hour), cats(w.news), w.gas)
		newsOnly.Authors = []news.Author{w.tural}
		sportExtraEcon := withTerms(story("sport-extra-econ", "Oil money in football", "", filler, -50*time.Hour), cats(w.sport, w.economy), w.oil, w.football)
		sportExtraEcon.Authors = []news.Author{w.tural, w.leyla}
		region := withTerms(story("region", "Oil spill", "", filler, -80*time.Hour), cats(w.region), w.oil)
		noMatch := withTerms(story("no-match", "Budget", "", filler, -2*time.Hour), cats(w.economy), w.gas)
		create(t, s, &econ, &newsOnly, &sportExtraEcon, &region, &noMatch)

		tests := []struct {
			name string
			f    store.SearchFilter
			want []string
		}{
			{"no filter", store.SearchFilter{}, []string{"econ", "news-only", "sport-extra-econ", "region"}},
			{"category with its sub-categories", store.SearchFilter{CategoryIDs: []int64{w.news.ID, w.economy.ID}},
				[]string{"econ", "news-only", "sport-extra-econ"}},
			{"extra category counts", store.SearchFilter{CategoryIDs: []int64{w.economy.ID}}, []string{"econ", "sport-extra-econ"}},
			{"tag", store.SearchFilter{TagID: w.oil.ID}, []string{"econ", "sport-extra-econ", "region"}},
			{"author", store.SearchFilter{AuthorID: w.tural.ID}, []string{"news-only", "sport-extra-econ"}},
			{"category and tag and author", store.SearchFilter{CategoryIDs: []int64{w.economy.ID}, TagID: w.oil.ID, AuthorID: w.tural.ID},
				[]string{"sport-extra-econ"}},
			{"from", store.SearchFilter{From: now.Add(-30 * time.Hour)}, []string{"econ", "news-only"}},
			{"to is exclusive", store.SearchFilter{To: now.Add(-30 * time.Hour)}, []string{"sport-extra-econ", "region"}},
			{"date range", store.SearchFilter{From: now.Add(-60 * time.Hour), To: now.Add(-10 * time.Hour)},
				[]string{"news-only", "sport-extra-econ"}},
			{"dates and tag", store.SearchFilter{From: now.Add(-100 * time.Hour), To: now.Add(-10 * time.Hour), TagID: w.oil.ID},
				[]string{"sport-extra-econ", "region"}},
			{"nothing left", store.SearchFilter{TagID: w.football.ID, AuthorID: w.tural.ID, CategoryIDs: []int64{w.region.ID}}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, res := searchSlugs(t, s, "oil ", tt.f)
				// All the titles are equally short, so compare as sets;
				// ranking has tests of its own.
				if !sameSet(got, tt.want) || res.Total != len(tt.want) {
					t.Errorf("got %q (Total %d), want %q", got, res.Total, tt.want)
				}
			})
		}
	})

	t.Run("only what readers may see is found", func(t *testing.T) {
		s := open(t)
		visible := story("visible", "Lighthouse restored", "", filler, -time.Hour)
		draft := story("draft", "Lighthouse draft", "", filler, -time.Hour)
		draft.Status = news.StatusDraft
		scheduled := story("scheduled", "Lighthouse scheduled", "", filler, time.Hour)
		scheduled.Status = news.StatusScheduled
		future := story("future", "Lighthouse embargoed", "", filler, time.Hour)
		create(t, s, &visible, &draft, &scheduled, &future)
		assertSearch(t, s, "lighthouse ", store.SearchFilter{}, "visible")
		assertSearch(t, s, "lighthouse ", store.SearchFilter{VisibleAt: now.Add(2 * time.Hour)}, "future", "visible")
		assertSearch(t, s, "embargoed ", store.SearchFilter{})
	})

	t.Run("the index follows every write at once", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		a := story("changing", "Bridge opens", "", "Traffic flows. "+filler, -time.Hour)
		create(t, s, &a)
		assertSearch(t, s, "bridge ", store.SearchFilter{}, "changing")

		a.Status = news.StatusDraft
		must(t, s.UpdateArticle(ctx, &a))
		assertSearch(t, s, "bridge ", store.SearchFilter{})

		a.Status, a.Title = news.StatusPublished, "Tunnel opens"
		must(t, s.UpdateArticle(ctx, &a))
		assertSearch(t, s, "bridge ", store.SearchFilter{})
		assertSearch(t, s, "tunnel ", store.SearchFilter{}, "changing")
		assertSearch(t, s, "traffic ", store.SearchFilter{}, "changing")

		a.PublishedAt = now.Add(3 * time.Hour) // embargoed again
		must(t, s.UpdateArticle(ctx, &a))
		assertSearch(t, s, "tunnel ", store.SearchFilter{})
		assertSearch(t, s, "tunnel ", store.SearchFilter{VisibleAt: now.Add(4 * time.Hour)}, "changing")

		must(t, s.DeleteArticle(ctx, a.ID))
		assertSearch(t, s, "tunnel ", store.SearchFilter{VisibleAt: now.Add(4 * time.Hour)})
	})

	t.Run("filters follow changes to an article's terms", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		w := newWorld(t, s)
		a := withTerms(story("moving", "Stadium plans", "", filler, -time.Hour), cats(w.sport), w.football)
		a.Authors = []news.Author{w.tural}
		create(t, s, &a)
		assertSearch(t, s, "stadium ", store.SearchFilter{CategoryIDs: []int64{w.sport.ID}, TagID: w.football.ID, AuthorID: w.tural.ID}, "moving")

		a = withTerms(a, cats(w.region), w.gas)
		a.Authors = []news.Author{w.leyla}
		must(t, s.UpdateArticle(ctx, &a))
		assertSearch(t, s, "stadium ", store.SearchFilter{CategoryIDs: []int64{w.sport.ID}})
		assertSearch(t, s, "stadium ", store.SearchFilter{TagID: w.football.ID})
		assertSearch(t, s, "stadium ", store.SearchFilter{AuthorID: w.tural.ID})
		assertSearch(t, s, "stadium ", store.SearchFilter{CategoryIDs: []int64{w.region.ID}, TagID: w.gas.ID, AuthorID: w.leyla.ID}, "moving")

		must(t, s.DeleteCategory(ctx, w.region.ID))
		again := news.Category{Name: "Regions", Slug: "regions"}
		must(t, s.CreateCategory(ctx, &again))
		assertSearch(t, s, "stadium ", store.SearchFilter{CategoryIDs: []int64{again.ID}})
	})

	t.Run("a scheduled article is found once the scheduler publishes it", func(t *testing.T) {
		s := open(t)
		a := story("due", "Ferry launch", "", filler, -time.Minute)
		a.Status = news.StatusScheduled
		create(t, s, &a)
		assertSearch(t, s, "ferry ", store.SearchFilter{})
		_, err := s.PublishDue(t.Context(), now)
		must(t, err)
		assertSearch(t, s, "ferry ", store.SearchFilter{}, "due")
	})

	t.Run("a rolled-back write leaves the index as it was", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		kept := story("kept", "Harbour expansion", "", filler, -time.Hour)
		create(t, s, &kept)
		errStop := errors.New("stop")
		err := s.Atomic(ctx, func(tx store.Store) error {
			lost := story("lost", "Harbour closure", "", filler, -time.Hour)
			must(t, tx.CreateArticle(ctx, &lost))
			kept.Title = "Airport expansion"
			must(t, tx.UpdateArticle(ctx, &kept))
			return errStop
		})
		if !errors.Is(err, errStop) {
			t.Fatalf("Atomic = %v", err)
		}
		assertSearch(t, s, "harbour ", store.SearchFilter{}, "kept")
		assertSearch(t, s, "airport ", store.SearchFilter{})
	})

	t.Run("articles written in one transaction are found as they stand at its end", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		tag := news.Tag{Name: "Shipping", Slug: "shipping"}
		must(t, s.CreateTag(ctx, &tag))
		var changed, moved, kept news.Article
		err := s.Atomic(ctx, func(tx store.Store) error {
			changed = story("changed", "Harbour ferry", "", filler, -time.Hour)
			must(t, tx.CreateArticle(ctx, &changed))
			changed.Title = "Airport ferry"
			must(t, tx.UpdateArticle(ctx, &changed))
			// A savepoint rolled back takes its article with it; the next
			// article may be given the same id.
			errStop := errors.New("stop")
			if err := tx.Atomic(ctx, func(inner store.Store) error {
				lost := story("lost", "Harbour closure", "", filler, -time.Hour)
				must(t, inner.CreateArticle(ctx, &lost))
				return errStop
			}); !errors.Is(err, errStop) {
				t.Fatalf("inner Atomic = %v", err)
			}
			kept = story("kept", "Harbour cranes", "", filler, -2*time.Hour)
			kept.Tags = []news.Tag{{ID: tag.ID}}
			must(t, tx.CreateArticle(ctx, &kept))
			moved = story("moved", "Ferry timetable", "", filler, -3*time.Hour)
			must(t, tx.CreateArticle(ctx, &moved))
			moved.PublishedAt = now.Add(-30 * time.Minute).Truncate(time.Second)
			must(t, tx.UpdateArticle(ctx, &moved))
			tag.Name = "Container shipping"
			return tx.UpdateTag(ctx, &tag)
		})
		must(t, err)
		assertSearch(t, s, "airport ", store.SearchFilter{}, "changed")
		assertSearch(t, s, "harbour ", store.SearchFilter{}, "kept")
		assertSearch(t, s, "ferry ", store.SearchFilter{}, "moved", "changed")
		// The rename's articles are refreshed by the queue's drain.
		drainReindex(t, s)
		assertSearch(t, s, "container ", store.SearchFilter{}, "kept")
		assertSearch(t, s, "timetable ", store.SearchFilter{From: now.Add(-time.Hour)}, "moved")
	})

	t.Run("pages and Total", func(t *testing.T) {
		s := open(t)
		var all []string
		for i := range 7 {
			a := story(string(rune('a'+i)), "Ferry timetable", "", filler, -time.Duration(i+1)*time.Hour)
			create(t, s, &a)
			all = append(all, a.Slug)
		}
		tests := []struct {
			name          string
			limit, offset int
			want          []string
		}{
			{"first page", 3, 0, all[0:3]},
			{"middle page", 3, 3, all[3:6]},
			{"short last page", 3, 6, all[6:]},
			{"past the end", 3, 9, nil},
			{"default page size", 0, 0, all},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, res := searchSlugs(t, s, "ferry ", store.SearchFilter{Limit: tt.limit, Offset: tt.offset})
				if strings.Join(got, " ") != strings.Join(tt.want, " ") || res.Total != 7 || res.Truncated {
					t.Errorf("got %q, Total %d, Truncated %v; want %q, 7, false", got, res.Total, res.Truncated, tt.want)
				}
			})
		}
		_, err := s.SearchArticles(t.Context(), search.Parse("ferry"), store.SearchFilter{Limit: -1})
		assertKind(t, err, news.ErrInvalid, "negative limit")
	})

	t.Run("hits carry relations and a marked snippet", func(t *testing.T) {
		s := open(t)
		w := newWorld(t, s)
		a := withTerms(story("full", "Reservoir levels", "Water managers worry.",
			"Engineers at the Mingəçevir dam measured the reservoir every week. "+filler, -time.Hour), cats(w.economy), w.gas)
		a.Authors, a.Image = []news.Author{w.leyla}, &w.photo
		create(t, s, &a)
		_, res := searchSlugs(t, s, "mingecevir ", store.SearchFilter{})
		if len(res.Hits) != 1 {
			t.Fatalf("got %d hits", len(res.Hits))
		}
		hit := res.Hits[0]
		want, err := s.Article(t.Context(), a.ID)
		must(t, err)
		assertEqual(t, "hit article", hit.Article, want)
		var marked []string
		for _, sp := range hit.Snippet {
			if sp.Match {
				marked = append(marked, sp.Text)
			}
		}
		if strings.Join(marked, " ") != "Mingəçevir" || !strings.Contains(hit.Snippet.String(), "measured the reservoir") {
			t.Errorf("snippet %+v, want the body with Mingəçevir marked", hit.Snippet)
		}
		_, res = searchSlugs(t, s, "mingecevir ", store.SearchFilter{NoSnippets: true})
		if len(res.Hits) != 1 || res.Hits[0].Snippet != nil {
			t.Errorf("NoSnippets: got %+v", res.Hits)
		}
	})

	t.Run("no input is an error", func(t *testing.T) {
		s := open(t)
		a := story("any", "Anything at all", "", filler, -time.Hour)
		create(t, s, &a)
		for _, raw := range []string{
			"", " ", `"`, `"unbalanced`, `a"b"c"`, "-", "--", "-any", "*", "any*", "**any", "a -",
			"AND", "OR", "NOT", "any AND", "NOT any", "NEAR(any)", "any NEAR/2 all", "title:any", "^any",
			"{title body}: any", "any + all", "(any", "any)", `'`, `\`, "%", "_", "?", "\x00", "\xff\xfe",
			`'; DROP TABLE articles; --`, "<script>alert(1)</script>", "ə", "ı", "İ", "ﬁ", "日本語",
			strings.Repeat("(", 5000), strings.Repeat(`"-*:^`, 2000), strings.Repeat("any ", 500),
		} {
			if _, err := s.SearchArticles(t.Context(), search.Parse(raw), store.SearchFilter{VisibleAt: now}); err != nil {
				t.Errorf("search %q: %v", raw, err)
			}
		}
		res, err := s.SearchArticles(t.Context(), search.Query{}, store.SearchFilter{VisibleAt: now})
		if err != nil || len(res.Hits) != 0 || res.Total != 0 {
			t.Errorf("zero query: %+v, %v; want nothing", res, err)
		}
	})
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		seen[s]--
		if seen[s] < 0 {
			return false
		}
	}
	return true
}

// assertQueued checks the articles waiting for ReindexQueued.
func assertQueued(t testing.TB, s store.Store, want ...int64) {
	t.Helper()
	got, err := s.QueuedForReindex(t.Context())
	must(t, err)
	if !slices.Equal(got, want) {
		t.Errorf("queued for reindex: got %v, want %v", got, want)
	}
}

// drainReindex re-indexes what renames queued, as the background job
// does, in small batches so that several of them run.
func drainReindex(t testing.TB, s store.Store) {
	t.Helper()
	for {
		n, err := s.ReindexQueued(t.Context(), 2)
		must(t, err)
		if n == 0 {
			break
		}
	}
	assertQueued(t, s)
}
